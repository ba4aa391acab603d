import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal, KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { periodDays, type RfmTransaction, rfmSummary, rfmSummaryColumns } from './rfm-summary.js';

const fixtures = join(import.meta.dirname, '..', 'test-fixtures', 'cdnow');

/** CDNOW_sample.txt: `master_id sample_id yyyymmdd number_of_cds dollars`, the customer is the sample id. */
function cdnowTransactions(): RfmTransaction[] {
  const text = readFileSync(join(fixtures, 'CDNOW_sample.txt'), 'utf8');
  const out: RfmTransaction[] = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    const d = f[2] as string;
    out.push({
      customerId: String(Number(f[1])),
      occurredAt: new Date(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T10:00:00+08:00`),
      amount: f[4] as string,
    });
  }
  return out;
}

function csv(name: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(join(fixtures, name), 'utf8').trim().split(/\r?\n/);
  const keys = (head as string).split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, k) => [keys[k], v])));
}

/** True when `value` rounds to the printed decimal `printed` (half a unit of its last printed digit). */
function matchesPrinted(value: number, printed: string): boolean {
  const decimals = printed.split('.')[1]?.length ?? 0;
  return Math.abs(value - Number(printed)) <= 0.5 * 10 ** -decimals + 1e-9;
}

describe('rfmSummary on CDNOW (lifetimes calibration_and_holdout_data conventions)', () => {
  const summary = rfmSummary(cdnowTransactions(), {
    period: 'week',
    calibrationEnd: '1997-09-30',
    observationEnd: '1998-06-30',
    zone: 'Asia/Shanghai',
  });
  const byId = new Map(summary.rows.map((r) => [r.customerId, r]));

  it('reproduces every row of cdnow_sample_cal39_holdout39_weeks.csv to its printed decimals', () => {
    const expected = csv('cdnow_sample_cal39_holdout39_weeks.csv');
    expect(summary.rows).toHaveLength(expected.length);
    const bad: string[] = [];
    for (const e of expected) {
      const r = byId.get(e.customer_id as string);
      if (r === undefined) {
        bad.push(`${e.customer_id}: missing`);
        continue;
      }
      const monetary = r.monetaryValue === null ? 0 : r.monetaryValue.toNumber();
      const ok =
        r.frequency === Number(e.frequency_cal) &&
        matchesPrinted(r.recency, e.recency_cal as string) &&
        matchesPrinted(r.T, e.T_cal as string) &&
        matchesPrinted(monetary, e.monetary_value_cal_repeat_mean as string) &&
        r.frequencyHoldout === Number(e.frequency_holdout) &&
        r.durationHoldout === 39;
      if (!ok) bad.push(`${e.customer_id}: ${JSON.stringify(r)} vs ${JSON.stringify(e)}`);
    }
    expect(bad).toEqual([]);
  });

  it('reproduces cdnow_customers_summary.csv (FHL 2005 CDNOW summary, 39 weeks)', () => {
    const expected = csv('cdnow_customers_summary.csv');
    const bad = expected.filter((e) => {
      const r = byId.get(e.ID as string);
      return (
        r === undefined ||
        r.frequency !== Number(e.frequency) ||
        !matchesPrinted(r.recency, e.recency as string) ||
        !matchesPrinted(r.T, e.T as string)
      );
    });
    expect(bad).toEqual([]);
  });

  it('keeps the mean of repeat purchases exact: customer 1 (29.73 + 14.96) / 2 = 22.345', () => {
    expect(byId.get('1')?.monetaryValue?.toString()).toBe('22.345');
    expect(byId.get('3')?.monetaryValue).toBeNull();
  });

  it('accounts for every transaction (nothing dropped silently)', () => {
    const { counts: c, excluded: x } = summary;
    expect(c.transactions).toBe(6919);
    expect(c.calibration + c.holdout + x.refunds + x.afterObservationEnd + x.newInHoldout).toBe(c.transactions);
    expect(summary.calibrationEnd).toBe('1997-09-30');
    expect(summary.period).toEqual({ unit: 'week', days: 7 });
  });

  it('turns rows into frequency columns with ids and holdout columns', () => {
    const cols = rfmSummaryColumns(summary);
    expect(cols.ids).toHaveLength(2357);
    expect(cols.frequency[0]).toBe(summary.rows[0]?.frequency);
    expect(cols.T[0]).toBe(summary.rows[0]?.T);
    expect(cols.durationHoldout[0]).toBe(39);
  });
});

describe('rfmSummary conventions', () => {
  const at = (iso: string, customerId = 'c', amount = '10', kind?: RfmTransaction['kind']): RfmTransaction => ({
    customerId,
    occurredAt: new Date(iso),
    amount,
    ...(kind ? { kind } : {}),
  });
  const base = { period: 'day' as const, calibrationEnd: '2026-03-31', observationEnd: '2026-04-30' };

  it('merges purchases of the same local day, summing their amounts (lifetimes groups by period)', () => {
    const s = rfmSummary(
      [
        at('2026-03-01T09:00:00+08:00', 'c', '5'),
        at('2026-03-11T09:00:00+08:00', 'c', '7.10'),
        at('2026-03-11T20:00:00+08:00', 'c', '2.90'),
      ],
      base,
    );
    expect(s.rows[0]).toMatchObject({ frequency: 1, recency: 10, T: 30 });
    expect(s.rows[0]?.monetaryValue?.toString()).toBe('10');
    expect(s.counts.mergedSameDay).toBe(1);
  });

  it('uses the local day of the zone: 23:30 in Shanghai is the next UTC day only in UTC', () => {
    // 2026-03-10T23:30+08:00 is 15:30 UTC on 03-10; 2026-03-11T01:00+08:00 is 17:00 UTC on 03-10.
    const txs = [at('2026-03-01T12:00:00+08:00'), at('2026-03-10T23:30:00+08:00'), at('2026-03-11T01:00:00+08:00')];
    const shanghai = rfmSummary(txs, base);
    const utc = rfmSummary(txs, { ...base, zone: 'UTC' });
    expect(shanghai.rows[0]?.frequency).toBe(2);
    expect(utc.rows[0]?.frequency).toBe(1);
    expect(utc.counts.mergedSameDay).toBe(1);
  });

  it('counts a purchase at 23:30 local on calibrationEnd in calibration, 00:30 the next day in holdout', () => {
    const s = rfmSummary(
      [at('2026-03-01T12:00:00+08:00'), at('2026-03-31T23:30:00+08:00'), at('2026-04-01T00:30:00+08:00')],
      base,
    );
    expect(s.rows[0]).toMatchObject({ frequency: 1, recency: 30, frequencyHoldout: 1, durationHoldout: 30 });
  });

  it('excludes refunds, late purchases and customers first seen in the holdout, and counts them', () => {
    const s = rfmSummary(
      [
        at('2026-03-01T12:00:00+08:00', 'a'),
        at('2026-03-05T12:00:00+08:00', 'a', '3', 'refund'),
        at('2026-05-02T12:00:00+08:00', 'a'),
        at('2026-04-03T12:00:00+08:00', 'b'),
        at('2026-03-03T12:00:00+08:00', 'c', '1', 'return'),
      ],
      base,
    );
    expect(s.rows.map((r) => r.customerId)).toEqual(['a']);
    expect(s.counts).toEqual({ transactions: 5, calibration: 1, holdout: 0, mergedSameDay: 0 });
    expect(s.excluded).toEqual({
      refunds: 2,
      afterObservationEnd: 1,
      newInHoldout: 1,
      customersNewInHoldout: 1,
      customersWithoutPurchases: 1,
    });
  });

  it('measures weeks as days / 7 and months as 30 days', () => {
    expect(periodDays('week')).toBe(7);
    expect(periodDays('month')).toBe(30);
    expect(periodDays(14)).toBe(14);
    const s = rfmSummary([at('2026-03-01T12:00:00+08:00'), at('2026-03-31T12:00:00+08:00')], {
      ...base,
      period: 'month',
    });
    expect(s.rows[0]).toMatchObject({ frequency: 1, recency: 1, T: 1, durationHoldout: 1 });
  });

  it('refuses bad input with a KehuValidationError naming the transaction and field', () => {
    const bad = (txs: unknown[], options: object = base) => {
      try {
        rfmSummary(txs as RfmTransaction[], options as typeof base);
      } catch (e) {
        expect(e).toBeInstanceOf(KehuValidationError);
        return (e as KehuValidationError).path;
      }
      throw new Error('accepted');
    };
    expect(bad([at('2026-03-01T12:00:00Z'), { customerId: 'x', occurredAt: new Date('nope'), amount: '1' }])).toEqual([
      1,
      'occurredAt',
    ]);
    expect(bad([{ customerId: 'x', occurredAt: new Date(), amount: '-1' }])).toEqual([0, 'amount']);
    expect(bad([{ customerId: 'x', occurredAt: new Date(), amount: 'ten' }])).toEqual([0, 'amount']);
    expect(bad([{ customerId: '', occurredAt: new Date(), amount: '1' }])).toEqual([0, 'customerId']);
    expect(bad([{ customerId: 'x', occurredAt: new Date(), amount: '1', kind: 'gift' }])).toEqual([0, 'kind']);
    expect(bad([], { ...base, period: 0 })).toEqual(['period']);
    expect(bad([], { ...base, zone: 'Mars/Base' })).toEqual(['zone']);
    expect(bad([], { ...base, calibrationEnd: '2026-02-30' })).toEqual(['calibrationEnd']);
    expect(bad([], { ...base, observationEnd: '2026-03-01' })).toEqual(['observationEnd']);
  });

  it('property: every transaction is counted once; 0 ≤ recency ≤ T; frequency 0 has no monetary value', () => {
    const tx = fc.record({
      customerId: fc.constantFrom('a', 'b', 'c', 'd'),
      occurredAt: fc.date({
        min: new Date('2026-01-01T00:00:00Z'),
        max: new Date('2026-06-30T00:00:00Z'),
        noInvalidDate: true,
      }),
      amount: fc.integer({ min: 0, max: 10_000 }).map((n) => new Decimal(n).div(100).toString()),
      kind: fc.constantFrom('purchase', 'purchase', 'purchase', 'refund') as fc.Arbitrary<RfmTransaction['kind']>,
    });
    fc.assert(
      fc.property(fc.array(tx, { maxLength: 40 }), (txs) => {
        const s = rfmSummary(txs, base);
        const { counts: c, excluded: x } = s;
        expect(c.calibration + c.holdout + x.refunds + x.afterObservationEnd + x.newInHoldout).toBe(txs.length);
        for (const r of s.rows) {
          expect(r.recency).toBeGreaterThanOrEqual(0);
          expect(r.recency).toBeLessThanOrEqual(r.T);
          expect(r.monetaryValue === null).toBe(r.frequency === 0);
          expect(r.monetaryHoldout === null).toBe(r.frequencyHoldout === 0);
        }
      }),
    );
  });
});
