import { Decimal } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactShares } from './shares.js';

describe('exactShares', () => {
  it('sums to exactly 1 and stays within a unit of the true share (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 24n }), { minLength: 1, maxLength: 50 }), (xs) => {
        const values = xs.map((x) => new Decimal(x.toString()));
        const shares = exactShares(values);
        const total = values.reduce((s, v) => s.plus(v), new Decimal(0));
        if (total.isZero()) return;
        expect(shares.reduce((s, v) => s.plus(v), new Decimal(0)).eq(1)).toBe(true);
        shares.forEach((s, i) => expect(s.minus(values[i]!.div(total)).abs().lte('1e-18')).toBe(true));
      }),
    );
    expect(exactShares([new Decimal(1), new Decimal(1), new Decimal(1)]).map(String)).toEqual([
      '0.333333333333333334',
      '0.333333333333333333',
      '0.333333333333333333',
    ]);
  });
});
