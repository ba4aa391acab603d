import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KehuCurrencyMismatchError, KehuValidationError } from './errors.js';
import {
  addMoney,
  formatMoney,
  isCurrencyCode,
  money,
  moneyEquals,
  subtractMoney,
  sumMoney,
  zeroMoney,
} from './money.js';

describe('money', () => {
  it('knows ISO 4217 codes', () => {
    expect(isCurrencyCode('CNY')).toBe(true);
    expect(isCurrencyCode('cny')).toBe(false);
    expect(isCurrencyCode('XYZ')).toBe(false);
  });
  it('rejects an unknown currency with the path of the field', () => {
    expect(() => money('1', 'RMB', ['total'])).toThrow(KehuValidationError);
    try {
      money('1', 'RMB', ['total']);
    } catch (e) {
      expect((e as KehuValidationError).path).toEqual(['total', 'currency']);
    }
  });
  it('adds exactly: 0.1 + 0.2 = 0.3', () => {
    expect(addMoney(money('0.1', 'CNY'), money('0.2', 'CNY')).amount.toString()).toBe('0.3');
  });
  it('refuses to mix currencies', () => {
    expect(() => addMoney(money('1', 'CNY'), money('1', 'USD'))).toThrow(KehuCurrencyMismatchError);
    expect(() => subtractMoney(money('1', 'CNY'), money('1', 'USD'))).toThrow(KehuCurrencyMismatchError);
    expect(() => sumMoney([money('1', 'CNY'), money('1', 'USD')])).toThrow(KehuCurrencyMismatchError);
    expect(() => sumMoney([money('1', 'USD')], 'CNY')).toThrow(KehuCurrencyMismatchError);
  });
  it('sums nothing only when told the currency, instead of inventing one', () => {
    expect(() => sumMoney([])).toThrow(KehuValidationError);
    expect(moneyEquals(sumMoney([], 'CNY'), zeroMoney('CNY'))).toBe(true);
  });
  it('sums are exact and order-independent (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 18n }), { minLength: 1, maxLength: 50 }), (cents) => {
        const items = cents.map((c) => money(`${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`, 'CNY'));
        const expected = cents.reduce((a, b) => a + b, 0n);
        const total = sumMoney(items);
        expect(total.amount.times(100).toString()).toBe(expected.toString());
        expect(moneyEquals(sumMoney([...items].reverse()), total)).toBe(true);
      }),
    );
  });
  it('formats for people without a float', () => {
    expect(formatMoney(money('1234567890123.45', 'CNY'), 'en-US')).toBe('CN¥1,234,567,890,123.45');
  });
});
