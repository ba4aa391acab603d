import { Decimal, KehuPolicyError, KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COMPENSATION_POLICY,
  parseCompensationPolicy,
  suggestCompensation,
  type CompensationPolicyInput,
} from './compensation.js';

describe('suggestCompensation (rule SL-6)', () => {
  it('SL-6: normal complaints get a 5% discount by default, computed exactly and capped', () => {
    const s = suggestCompensation({
      nature: 'delivery',
      severity: 'normal',
      orderAmount: { amount: '1234.50', currency: 'CNY' },
    });
    expect(s).toMatchObject({
      kind: 'discount',
      percent: '5',
      cap: '200',
      capped: false,
      row: 'delivery',
      severity: 'normal',
      fallback: false,
      rules: ['SL-6'],
    });
    expect(s.amount?.amount.toString()).toBe('61.72'); // 61.725 → half to even → 61.72
    expect(s.amount?.currency).toBe('CNY');
    expect(s.explanation).toContain('row "delivery", column "normal"');
    expect(s.explanation).toContain('61.725');
    expect(s.explanation).toContain('half to even');

    const big = suggestCompensation({
      nature: 'delivery',
      severity: 'normal',
      orderAmount: { amount: '10000', currency: 'CNY' },
    });
    expect(big.amount?.amount.toString()).toBe('200');
    expect(big.capped).toBe(true);
    expect(big.explanation).toContain('limited to the cap');
  });

  it("SL-6: rounds half to even (banker's rounding, the Kehu Decimal default)", () => {
    // 5% of 2.5 = 0.125 → 0.12; 5% of 2.7 = 0.135 → 0.14
    expect(
      suggestCompensation({
        nature: 'billing',
        severity: 'normal',
        orderAmount: { amount: '2.5', currency: 'CNY' },
      }).amount?.amount.toString(),
    ).toBe('0.12');
    expect(
      suggestCompensation({
        nature: 'billing',
        severity: 'normal',
        orderAmount: { amount: '2.7', currency: 'CNY' },
      }).amount?.amount.toString(),
    ).toBe('0.14');
    // A Decimal input is accepted too.
    expect(
      suggestCompensation({
        nature: 'billing',
        severity: 'normal',
        orderAmount: { amount: new Decimal('100'), currency: 'USD' },
      }).amount?.amount.toString(),
    ).toBe('5');
  });

  it('SL-6: product quality: replacement when urgent, full refund when major', () => {
    const urgent = suggestCompensation({
      nature: 'product-quality',
      severity: 'urgent',
      orderAmount: { amount: '899', currency: 'CNY' },
    });
    expect(urgent).toMatchObject({ kind: 'replacement', capped: false, cap: '5000' });
    expect(urgent.percent).toBeUndefined();
    expect(urgent.amount?.amount.toString()).toBe('899');
    const pricey = suggestCompensation({
      nature: 'product-quality',
      severity: 'urgent',
      orderAmount: { amount: '8000', currency: 'CNY' },
    });
    expect(pricey.capped).toBe(true);
    expect(pricey.amount?.amount.toString()).toBe('5000');

    const major = suggestCompensation({
      nature: 'product-quality',
      severity: 'major',
      orderAmount: { amount: '12345.678', currency: 'CNY' },
    });
    expect(major).toMatchObject({ kind: 'refund', percent: '100', capped: false });
    expect(major.cap).toBeUndefined();
    // 100% is the exact order amount, even with more decimals than the rounding keeps.
    expect(major.amount?.amount.toString()).toBe('12345.678');
    expect(major.explanation).toContain('limited to the order amount');
  });

  it('SL-6: other natures get 10% (urgent) and 20% (major) discounts with caps', () => {
    expect(
      suggestCompensation({
        nature: 'service-attitude',
        severity: 'urgent',
        orderAmount: { amount: '300', currency: 'CNY' },
      }).amount?.amount.toString(),
    ).toBe('30');
    const major = suggestCompensation({
      nature: 'service-attitude',
      severity: 'major',
      orderAmount: { amount: '50000', currency: 'CNY' },
    });
    expect(major).toMatchObject({ kind: 'discount', percent: '20', capped: true });
    expect(major.amount?.amount.toString()).toBe('2000');
  });

  it('SL-6: unknown natures and missing cells fall back to the "*" row, and say so', () => {
    const s = suggestCompensation({ nature: 'packaging', severity: 'major' });
    expect(s).toMatchObject({ row: '*', fallback: true, kind: 'discount', percent: '20' });
    expect(s.explanation).toContain('no row for "packaging"');

    const policy: CompensationPolicyInput = {
      matrix: {
        '*': { normal: { kind: 'none' }, urgent: { kind: 'none' }, major: { kind: 'refund', percent: 50 } },
        vip: { normal: { kind: 'discount', percent: 8 } },
      },
    };
    const own = suggestCompensation(
      { nature: 'vip', severity: 'normal', orderAmount: { amount: '100', currency: 'CNY' } },
      policy,
    );
    expect(own).toMatchObject({ row: 'vip', kind: 'discount', percent: '8', fallback: false });
    expect(own.amount?.amount.toString()).toBe('8');
    const missing = suggestCompensation({ nature: 'vip', severity: 'major' }, policy);
    expect(missing).toMatchObject({ row: '*', fallback: true, kind: 'refund', percent: '50' });
    expect(missing.explanation).toContain('row "vip" has no "major" cell');
    const none = suggestCompensation(
      { nature: 'vip', severity: 'urgent', orderAmount: { amount: '100', currency: 'CNY' } },
      policy,
    );
    expect(none).toMatchObject({ kind: 'none', capped: false });
    expect(none.amount).toBeUndefined();
    // Inherited object keys are not rows.
    expect(suggestCompensation({ nature: 'constructor', severity: 'normal' }).row).toBe('*');
  });

  it('SL-6: without an order amount a percentage offer states the percentage and no amount (never a fake 0)', () => {
    const s = suggestCompensation({ nature: 'delivery', severity: 'urgent' });
    expect(s).toMatchObject({ kind: 'discount', percent: '10', capped: false });
    expect(s.amount).toBeUndefined();
    expect(s.explanation).toContain('no order amount given');
    expect(suggestCompensation({ nature: 'product-quality', severity: 'urgent' }).amount).toBeUndefined();
  });

  it('SL-6: bad input throws KehuValidationError with the path of the bad field', () => {
    expect(() => suggestCompensation({ nature: 'delivery', severity: 'critical' as never })).toThrow(
      expect.objectContaining({ name: 'KehuValidationError', path: ['severity'] }),
    );
    expect(() => suggestCompensation({ nature: ' ', severity: 'normal' })).toThrow(
      expect.objectContaining({ path: ['nature'] }),
    );
    expect(() =>
      suggestCompensation({ nature: 'delivery', severity: 'normal', orderAmount: { amount: '-5', currency: 'CNY' } }),
    ).toThrow(expect.objectContaining({ path: ['orderAmount', 'amount'] }));
    expect(() =>
      suggestCompensation({ nature: 'delivery', severity: 'normal', orderAmount: { amount: 'abc', currency: 'CNY' } }),
    ).toThrow(expect.objectContaining({ path: ['orderAmount', 'amount'] }));
    expect(() =>
      suggestCompensation({ nature: 'delivery', severity: 'normal', orderAmount: { amount: '5', currency: 'XYZ' } }),
    ).toThrow(expect.objectContaining({ path: ['orderAmount', 'currency'] }));
    expect(() =>
      suggestCompensation({ nature: 'delivery', severity: 'normal', orderAmount: { amount: 0.1, currency: 'CNY' } }),
    ).toThrow(KehuValidationError);
  });
});

describe('parseCompensationPolicy (rule SL-6)', () => {
  it('SL-6: the default policy is valid data that round-trips through JSON', () => {
    expect(parseCompensationPolicy(JSON.parse(JSON.stringify(DEFAULT_COMPENSATION_POLICY)))).toEqual(
      DEFAULT_COMPENSATION_POLICY,
    );
    expect(DEFAULT_COMPENSATION_POLICY.decimalPlaces).toBe(2);
  });

  it('SL-6: invalid policies throw KehuPolicyError with the path', () => {
    const star = {
      normal: { kind: 'none' as const },
      urgent: { kind: 'none' as const },
      major: { kind: 'none' as const },
    };
    expect(() => parseCompensationPolicy({ matrix: {} })).toThrow(
      expect.objectContaining({ name: 'KehuPolicyError', path: ['matrix', '*'] }),
    );
    expect(() => parseCompensationPolicy({ matrix: { '*': { normal: { kind: 'none' } } } })).toThrow(
      expect.objectContaining({ path: ['matrix', '*', 'urgent'] }),
    );
    expect(() =>
      parseCompensationPolicy({ matrix: { '*': star, x: { major: { kind: 'refund', percent: 120 } } } }),
    ).toThrow(expect.objectContaining({ path: ['matrix', 'x', 'major', 'percent'] }));
    expect(() =>
      parseCompensationPolicy({ matrix: { '*': star, x: { major: { kind: 'discount', percent: '5', cap: '1e3' } } } }),
    ).toThrow(expect.objectContaining({ path: ['matrix', 'x', 'major', 'cap'] }));
    expect(() => parseCompensationPolicy({ matrix: { '*': star, x: { normal: { kind: 'voucher' } } } })).toThrow(
      KehuPolicyError,
    );
    expect(() =>
      suggestCompensation({ nature: 'x', severity: 'normal' }, { matrix: { '*': star }, decimalPlaces: -1 }),
    ).toThrow(expect.objectContaining({ path: ['decimalPlaces'] }));
  });
});

describe('SL-6 invariants (property tests)', () => {
  const amountArb = fc
    .tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 4 }))
    .map(([units, scale]) => new Decimal(units.toString()).div(new Decimal(10).pow(scale)).toString());
  const percentArb = fc.integer({ min: 1, max: 10000 }).map((n) => new Decimal(n).div(100).toString());
  const capArb = fc.option(
    fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.integer({ min: 0, max: 2 }))
      .map(([u, s]) => new Decimal(u.toString()).div(new Decimal(10).pow(s)).toString()),
    { nil: undefined },
  );
  const kindArb = fc.constantFrom('discount', 'refund', 'replacement') as fc.Arbitrary<
    'discount' | 'refund' | 'replacement'
  >;

  it('SL-6: the amount never exceeds the cap or the order amount, and is never negative', () => {
    fc.assert(
      fc.property(amountArb, percentArb, capArb, kindArb, (amount, percent, cap, kind) => {
        const offer =
          kind === 'replacement'
            ? { kind, ...(cap === undefined ? {} : { cap }) }
            : { kind, percent, ...(cap === undefined ? {} : { cap }) };
        const policy = { matrix: { '*': { normal: offer, urgent: offer, major: offer } } } as CompensationPolicyInput;
        const s = suggestCompensation(
          { nature: 'any', severity: 'major', orderAmount: { amount, currency: 'CNY' } },
          policy,
        );
        const a = s.amount!.amount;
        expect(a.gte(0)).toBe(true);
        expect(a.lte(amount)).toBe(true);
        if (cap !== undefined) expect(a.lte(cap)).toBe(true);
        if (s.capped) expect(cap !== undefined && a.eq(cap)).toBe(true);
        if (kind === 'replacement' && !s.capped) expect(a.eq(amount)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('SL-6: the default policy gives a decision for every severity and any nature', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''),
        fc.constantFrom('normal', 'urgent', 'major') as fc.Arbitrary<'normal' | 'urgent' | 'major'>,
        (nature, severity) => {
          const s = suggestCompensation({ nature, severity });
          expect(['discount', 'replacement', 'refund', 'none']).toContain(s.kind);
          expect(s.rules).toEqual(['SL-6']);
          expect(s.amount).toBeUndefined();
        },
      ),
    );
  });
});
