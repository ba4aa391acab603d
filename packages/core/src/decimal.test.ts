import { Decimal as DecimalJs } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, decimalToString, isExactDecimalNumber, isKehuDecimal, toDecimal } from './decimal.js';
import { KehuValidationError } from './errors.js';

describe('isExactDecimalNumber', () => {
  it.each([0, 1, -3, 0.5, 12.25, 1e15, 0.125, -2.75])('accepts %s', (n) => {
    expect(isExactDecimalNumber(n)).toBe(true);
  });
  it.each([0.1, 0.2, 19.99, 1.1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60])('rejects %s', (n) => {
    expect(isExactDecimalNumber(n)).toBe(false);
  });
  it('agrees with an exact binary expansion for every dyadic fraction', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 0, max: 10 }), (m, k) => {
        expect(isExactDecimalNumber(m / 2 ** k)).toBe(true);
      }),
    );
  });
});

describe('toDecimal', () => {
  it('keeps every digit of a string, beyond float precision', () => {
    expect(decimalToString(toDecimal('123456789012345678901234.5678'))).toBe('123456789012345678901234.5678');
  });
  it('accepts Decimals from another decimal.js configuration and re-homes them', () => {
    const foreign = new DecimalJs('1.23');
    const d = toDecimal(foreign);
    expect(isKehuDecimal(d)).toBe(true);
    expect(d.toString()).toBe('1.23');
  });
  it('computes sums with 60 significant digits, not decimal.js default 20', () => {
    const big = toDecimal('99999999999999999999.9999');
    expect(big.plus(toDecimal('0.0001')).toString()).toBe('100000000000000000000');
  });
  it('rejects 0.1 as a number with code INEXACT_NUMBER and the given path', () => {
    try {
      toDecimal(0.1, ['amount']);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KehuValidationError);
      const err = e as KehuValidationError;
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.path).toEqual(['amount']);
      expect(err.issues[0]?.code).toBe('INEXACT_NUMBER');
    }
  });
  it.each(['', 'abc', '1,000', '1.2.3', 'NaN', 'Infinity'])('rejects the string %j', (s) => {
    expect(() => toDecimal(s)).toThrow(KehuValidationError);
  });
  it.each([null, undefined, {}, [], true, Number.NaN, new DecimalJs(Number.NaN)])('rejects %s', (v) => {
    expect(() => toDecimal(v)).toThrow(KehuValidationError);
  });
  it('round-trips any decimal string exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: 0, max: 12 }),
        (units, scale) => {
          const s = new Decimal(units.toString()).dividedBy(new Decimal(10).pow(scale)).toString();
          expect(decimalToString(toDecimal(s))).toBe(s);
          expect(toDecimal(s).equals(new Decimal(s))).toBe(true);
        },
      ),
    );
  });
  it('never uses exponential notation', () => {
    expect(toDecimal('1e-12').toString()).toBe('0.000000000001');
    expect(toDecimal('1e25').toString()).toBe('10000000000000000000000000');
  });
});
