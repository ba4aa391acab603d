import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from './decimal.js';
import { DECIMAL_LIMITS, decimalLimitIssue } from './decimal-limits.js';

describe('DECIMAL_LIMITS', () => {
  it('allows 20 integer digits and 10 fraction digits, ignoring leading and trailing zeros', () => {
    expect(DECIMAL_LIMITS).toEqual({ integerDigits: 20, scale: 10 });
    expect(decimalLimitIssue(`${'9'.repeat(20)}.${'9'.repeat(10)}`)).toBeUndefined();
    expect(decimalLimitIssue(`000${'9'.repeat(20)}.5000000000000`)).toBeUndefined();
    expect(decimalLimitIssue('-12.5e-9')).toBeUndefined();
    expect(decimalLimitIssue('0e99999999999999999999999')).toBeUndefined();
    expect(decimalLimitIssue('1'.repeat(21))).toMatch(/at most 20 digits before the decimal point, got 21/);
    expect(decimalLimitIssue('1e-11')).toMatch(/at most 10 digits after the decimal point, got 11/);
    expect(decimalLimitIssue(new Decimal('1e20'))).toMatch(/got 21/);
    expect(decimalLimitIssue(2 ** -20)).toMatch(/after the decimal point/);
  });
  it('refuses huge exponents from the text alone, fast', () => {
    const started = Date.now();
    expect(decimalLimitIssue('1e9000000000000000')).toMatch(/far more/);
    expect(decimalLimitIssue('-1E-9000000000000000000000')).toMatch(/far more/);
    expect(decimalLimitIssue(`1e${'9'.repeat(100_000)}`)).toMatch(/far more/);
    expect(Date.now() - started).toBeLessThan(200);
  });
  it('agrees with decimal.js on the digits of any decimal (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
        fc.integer({ min: -40, max: 40 }),
        (units, exponent) => {
          const d = new Decimal(`${units}e${exponent}`);
          const integer = d.isZero() ? 0 : Math.max(0, d.e + 1);
          const inside = integer <= DECIMAL_LIMITS.integerDigits && d.decimalPlaces() <= DECIMAL_LIMITS.scale;
          expect(decimalLimitIssue(`${units}e${exponent}`) === undefined).toBe(inside);
          expect(decimalLimitIssue(d) === undefined).toBe(inside);
        },
      ),
    );
  });
});
