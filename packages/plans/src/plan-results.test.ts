import { Decimal, KehuCurrencyMismatchError, type KehuValidationError, type TransactionKind } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PlanResultsOptions, type PlanResultsTransaction, planResults } from './plan-results.js';

const zone = 'Asia/Shanghai';
const at = (local: string): Date => new Date(`${local}+08:00`);
const tx = (
  customerId: string,
  local: string,
  amount: string,
  kind: TransactionKind = 'purchase',
  currency = 'CNY',
): PlanResultsTransaction => ({ customerId, occurredAt: at(local), kind, amount: new Decimal(amount), currency });

const options: PlanResultsOptions = {
  periods: 'month',
  from: '2026-01-01',
  to: '2026-06-30',
  asOf: at('2026-03-15T12:00:00'),
  timeZone: zone,
  currency: 'CNY',
};

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('planResults', () => {
  it('MP-2: periods up to asOf, the current one partial, later ones left out', () => {
    const r = planResults({ customerIds: ['a'], transactions: [] }, options);
    expect(r.periods.map((p) => [p.key, p.from, p.to, p.partial])).toEqual([
      ['2026-01', '2026-01-01', '2026-01-31', false],
      ['2026-02', '2026-02-01', '2026-02-28', false],
      ['2026-03', '2026-03-01', '2026-03-31', true],
    ]);
    expect(r.rules).toEqual(['MP-2']);
  });

  it('MP-2: new customers, repurchase rate and revenue per month', () => {
    const r = planResults(
      {
        customerIds: ['a', 'b', 'c'],
        transactions: [
          tx('a', '2025-11-03T10:00:00', '100'),
          tx('b', '2025-12-20T10:00:00', '50'),
          tx('a', '2026-01-10T10:00:00', '200'),
          tx('c', '2026-01-12T10:00:00', '80'),
          tx('c', '2026-02-02T10:00:00', '30'),
          tx('b', '2026-02-05T10:00:00', '40'),
          tx('x', '2026-02-05T10:00:00', '999'),
        ],
      },
      options,
    );
    const [jan, feb, mar] = r.periods;
    expect(jan?.newCustomers).toBe(1);
    expect(jan?.repurchase).toMatchObject({ successes: 1, n: 2, rate: 0.5 });
    expect(jan?.revenue.toString()).toBe('280');
    expect(feb?.newCustomers).toBe(0);
    expect(feb?.repurchase).toMatchObject({ successes: 2, n: 3 });
    expect(feb?.revenue.toString()).toBe('70');
    expect(mar?.repurchase).toMatchObject({ successes: 0, n: 3, rate: 0 });
    expect(mar?.revenue.toString()).toBe('0');
    expect(r.total.newCustomers).toBe(1);
    expect(r.total.repurchase).toMatchObject({ successes: 2, n: 2, rate: 1 });
    expect(r.total.revenue.toString()).toBe('350');
  });

  it('MP-2: refunds and returns subtract from revenue, exactly', () => {
    const r = planResults(
      {
        customerIds: ['a'],
        transactions: [
          tx('a', '2026-01-10T10:00:00', '100.10'),
          tx('a', '2026-01-11T10:00:00', '0.20', 'refund'),
          tx('a', '2026-01-12T10:00:00', '30', 'return'),
        ],
      },
      options,
    );
    expect(r.periods[0]?.revenue.toString()).toBe('69.9');
    // A refund is not a purchase: it makes no one a customer.
    const refundOnly = planResults(
      { customerIds: ['b'], transactions: [tx('b', '2026-01-11T10:00:00', '5', 'refund')] },
      options,
    );
    expect(refundOnly.total.newCustomers).toBe(0);
    expect(refundOnly.total.revenue.toString()).toBe('-5');
  });

  it('MP-2: Asia/Shanghai month edges: the last second of January and the first of February', () => {
    const r = planResults(
      {
        customerIds: ['a', 'b'],
        transactions: [tx('a', '2026-01-31T23:59:59', '1'), tx('b', '2026-02-01T00:00:00', '2')],
      },
      options,
    );
    expect(r.periods[0]?.revenue.toString()).toBe('1');
    expect(r.periods[1]?.revenue.toString()).toBe('2');
    // In UTC both fall on 31 January: the zone decides.
    expect(new Date('2026-02-01T00:00:00+08:00').toISOString()).toBe('2026-01-31T16:00:00.000Z');
  });

  it('MP-2: a period starts at the first instant of its local day when a clock change skips midnight', () => {
    // Chile moves from -04:00 to -03:00 at 24:00 on Saturday 5 September 2026: 6 September starts at 01:00.
    const r = planResults(
      {
        customerIds: ['a', 'b'],
        transactions: [
          {
            customerId: 'a',
            occurredAt: new Date('2026-09-06T03:59:59Z'),
            kind: 'purchase',
            amount: new Decimal(1),
            currency: 'CLP',
          },
          {
            customerId: 'b',
            occurredAt: new Date('2026-09-06T04:00:00Z'),
            kind: 'purchase',
            amount: new Decimal(2),
            currency: 'CLP',
          },
        ],
      },
      {
        ...options,
        from: '2026-09-06',
        to: '2026-09-30',
        asOf: new Date('2026-10-15T00:00:00Z'),
        timeZone: 'America/Santiago',
        currency: 'CLP',
      },
    );
    expect(r.periods[0]?.revenue.toString()).toBe('2');
  });

  it('MP-2: quarters are keyed YYYY-Qn and monthly campaigns count in their quarter', () => {
    const r = planResults(
      {
        customerIds: ['a'],
        transactions: [tx('a', '2026-02-10T10:00:00', '10'), tx('a', '2026-05-10T10:00:00', '20')],
        campaigns: [
          { id: 'spring', period: '2026-02', contacted: 100, responded: 12 },
          { id: 'q1-mail', period: '2026-Q1', contacted: 50, responded: 3 },
        ],
      },
      { ...options, periods: 'quarter', asOf: at('2026-12-31T00:00:00') },
    );
    expect(r.periods.map((p) => [p.key, p.partial])).toEqual([
      ['2026-Q1', false],
      ['2026-Q2', false],
    ]);
    const q1 = r.periods[0]?.campaignResponse;
    expect(q1).toMatchObject({ successes: 15, n: 150, rate: 0.1, campaigns: ['spring', 'q1-mail'] });
    expect(q1?.lower).toBeGreaterThan(0);
    expect(q1?.lower).toBeLessThan(0.1);
    expect(q1?.upper).toBeGreaterThan(0.1);
    expect(r.periods[1]?.repurchase).toMatchObject({ successes: 1, n: 1 });
  });

  it('MP-2: no base for repurchase or no campaign gives NaN with a warning, never 0', () => {
    const r = planResults({ customerIds: ['a'], transactions: [tx('a', '2026-01-10T10:00:00', '10')] }, options);
    expect(r.periods[0]?.repurchase.rate).toBeNaN();
    expect(r.periods[0]?.campaignResponse.rate).toBeNaN();
    expect(r.warnings.some((w) => w.startsWith('2026-01: no customer'))).toBe(true);
    expect(r.warnings.some((w) => w.startsWith('2026-01: no campaign'))).toBe(true);
  });

  it('MP-2: an empty group gives NaN rates with warnings', () => {
    const r = planResults({ customerIds: [], transactions: [tx('a', '2026-01-10T10:00:00', '10')] }, options);
    expect(r.customers).toBe(0);
    expect(r.periods.every((p) => Number.isNaN(p.repurchase.rate))).toBe(true);
    expect(r.total.revenue.toString()).toBe('0');
    expect(r.warnings[0]).toContain('no customers');
  });

  it('MP-2: no period begun by asOf gives no periods, NaN totals and a warning', () => {
    const r = planResults(
      { customerIds: ['a'], transactions: [tx('a', '2025-12-10T10:00:00', '10')] },
      { ...options, asOf: at('2025-12-31T12:00:00') },
    );
    expect(r.periods).toEqual([]);
    expect(r.total.repurchase.rate).toBeNaN();
    expect(r.total.campaignResponse.rate).toBeNaN();
    expect(r.warnings.some((w) => w.includes('no period'))).toBe(true);
  });

  it('MP-2: transactions after asOf and first purchases after asOf are not known yet', () => {
    const r = planResults(
      {
        customerIds: ['a', 'b'],
        transactions: [tx('a', '2026-03-15T12:00:00', '5'), tx('a', '2026-03-20T10:00:00', '7')],
        firstPurchaseAt: new Map([['b', at('2026-03-16T00:00:00')]]),
      },
      options,
    );
    expect(r.periods[2]?.revenue.toString()).toBe('5');
    expect(r.periods[2]?.newCustomers).toBe(1);
  });

  it('MP-2: firstPurchaseAt reaches past the transactions loaded', () => {
    const r = planResults(
      {
        customerIds: ['a'],
        transactions: [tx('a', '2026-01-10T10:00:00', '10')],
        firstPurchaseAt: new Map([['a', at('2024-05-01T10:00:00')]]),
      },
      options,
    );
    expect(r.periods[0]?.newCustomers).toBe(0);
    expect(r.periods[0]?.repurchase).toMatchObject({ successes: 1, n: 1, rate: 1 });
  });

  it('MP-2: a transaction of the group in another currency is a currency mismatch', () => {
    const e = thrown(() =>
      planResults(
        { customerIds: ['a'], transactions: [tx('a', '2026-01-10T10:00:00', '10', 'purchase', 'USD')] },
        options,
      ),
    );
    expect(e).toBeInstanceOf(KehuCurrencyMismatchError);
    expect((e as KehuCurrencyMismatchError).currencies).toEqual(['CNY', 'USD']);
  });

  it('MP-2: bad input is a typed error naming the field', () => {
    const bad = (input: Parameters<typeof planResults>[0], o: Partial<PlanResultsOptions> = {}) =>
      (thrown(() => planResults(input, { ...options, ...o })) as KehuValidationError).path;
    expect(
      bad({ customerIds: ['a'], transactions: [{ ...tx('a', '2026-01-10T10:00:00', '1'), amount: 5 as never }] }),
    ).toEqual(['transactions', 0, 'amount']);
    expect(bad({ customerIds: ['a'], transactions: [] }, { timeZone: 'Mars/Olympus' })).toEqual(['timeZone']);
    expect(bad({ customerIds: ['a'], transactions: [] }, { to: '2025-12-31' })).toEqual(['to']);
    expect(bad({ customerIds: ['a'], transactions: [] }, { asOf: undefined as never })).toEqual(['asOf']);
    expect(
      bad({
        customerIds: [],
        transactions: [],
        campaigns: [{ id: 'q', period: '2026-Q1', contacted: 1, responded: 0 }],
      }),
    ).toEqual(['campaigns', 0, 'period']);
    expect(
      bad({
        customerIds: [],
        transactions: [],
        campaigns: [{ id: 'q', period: '2026-01', contacted: 1, responded: 2 }],
      }),
    ).toEqual(['campaigns', 0, 'responded']);
  });

  it('MP-2: a campaign outside the reported periods is named in a warning', () => {
    const r = planResults(
      {
        customerIds: ['a'],
        transactions: [],
        campaigns: [{ id: 'late', period: '2026-05', contacted: 5, responded: 1 }],
      },
      options,
    );
    expect(r.warnings.some((w) => w.includes('late') && w.includes('2026-05'))).toBe(true);
  });

  it('MP-2 (property): revenue and new customers per period sum to those of all periods', () => {
    const day0 = Date.parse('2025-10-01T00:00:00+08:00');
    const txArb = fc.record({
      customerId: fc.constantFrom('a', 'b', 'c', 'd', 'x'),
      offsetMinutes: fc.integer({ min: 0, max: 400 * 24 * 60 }),
      kind: fc.constantFrom<TransactionKind>('purchase', 'purchase', 'refund', 'return'),
      cents: fc.integer({ min: 0, max: 1_000_000 }),
    });
    fc.assert(
      fc.property(
        fc.array(txArb, { maxLength: 40 }),
        fc.constantFrom<'month' | 'quarter'>('month', 'quarter'),
        fc.integer({ min: 0, max: 400 }),
        (rows, periods, asOfDay) => {
          const r = planResults(
            {
              customerIds: ['a', 'b', 'c', 'd'],
              transactions: rows.map((t) => ({
                customerId: t.customerId,
                occurredAt: new Date(day0 + t.offsetMinutes * 60_000),
                kind: t.kind,
                amount: new Decimal(t.cents).div(100),
                currency: 'CNY',
              })),
            },
            {
              ...options,
              periods,
              from: '2026-01-01',
              to: '2026-09-30',
              asOf: new Date(day0 + asOfDay * 86_400_000 + 3_600_000),
            },
          );
          const sum = r.periods.reduce((s, p) => s.plus(p.revenue), new Decimal(0));
          expect(sum.eq(r.total.revenue)).toBe(true);
          expect(r.periods.reduce((s, p) => s + p.newCustomers, 0)).toBe(r.total.newCustomers);
          for (const p of r.periods)
            if (!Number.isNaN(p.repurchase.rate)) expect(p.repurchase.successes).toBeLessThanOrEqual(p.repurchase.n);
        },
      ),
    );
  });
});
