import type { Decimal as DecimalJs } from 'decimal.js';
import { Decimal, toDecimal, type DecimalInput } from './decimal.js';
import { invalidInput, KehuCurrencyMismatchError, KehuValidationError, type ErrorPath } from './errors.js';

/** An ISO 4217 currency code such as `CNY`. */
export type CurrencyCode = string;

/** An exact amount of money in one currency. */
export interface Money {
  /** The exact amount. */
  readonly amount: Decimal;
  /** ISO 4217 code, upper case. */
  readonly currency: CurrencyCode;
}

let knownCurrencies: ReadonlySet<string> | undefined;

/** True when `code` is an ISO 4217 code known to this runtime's `Intl`. */
export function isCurrencyCode(code: unknown): code is CurrencyCode {
  if (typeof code !== 'string' || !/^[A-Z]{3}$/.test(code)) return false;
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  return knownCurrencies.has(code);
}

/**
 * Makes a {@link Money} value. Throws {@link KehuValidationError} for a bad amount
 * (see {@link toDecimal}) or an unknown currency code.
 */
export function money(amount: DecimalInput, currency: CurrencyCode, path: ErrorPath = []): Money {
  if (!isCurrencyCode(currency)) {
    throw invalidInput(
      [...path, 'currency'],
      `unknown ISO 4217 currency ${JSON.stringify(currency)}`,
      'UNKNOWN_CURRENCY',
    );
  }
  return Object.freeze({ amount: toDecimal(amount, [...path, 'amount']), currency });
}

/** The zero amount in `currency`. */
export function zeroMoney(currency: CurrencyCode): Money {
  return money(0, currency);
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new KehuCurrencyMismatchError([a.currency, b.currency]);
}

/** `a + b`; throws {@link KehuCurrencyMismatchError} when the currencies differ. */
export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return Object.freeze({ amount: a.amount.plus(b.amount), currency: a.currency });
}

/** `a - b`; throws {@link KehuCurrencyMismatchError} when the currencies differ. */
export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return Object.freeze({ amount: a.amount.minus(b.amount), currency: a.currency });
}

/**
 * The exact sum of `amounts`. An empty list needs `currency` to say what zero is;
 * without it, it throws {@link KehuValidationError} rather than inventing a currency.
 */
export function sumMoney(amounts: Iterable<Money>, currency?: CurrencyCode): Money {
  let total: DecimalJs | undefined;
  let code = currency;
  for (const m of amounts) {
    if (code !== undefined && m.currency !== code) throw new KehuCurrencyMismatchError([code, m.currency]);
    code = m.currency;
    total = total === undefined ? m.amount : total.plus(m.amount);
  }
  if (code === undefined) {
    throw invalidInput([], 'sum of no amounts needs a currency', 'EMPTY_INPUT');
  }
  return money(total ?? new Decimal(0), code);
}

/** True when both amounts have the same currency and the same value (`1.50` = `1.5`). */
export function moneyEquals(a: Money, b: Money): boolean {
  return a.currency === b.currency && a.amount.equals(b.amount);
}

/** `{ amount: '12.50', currency: 'CNY' }`: the exact JSON form of a {@link Money}. */
export interface MoneyJson {
  /** Exact decimal string. */
  amount: string;
  /** ISO 4217 code. */
  currency: CurrencyCode;
}

/** Formats money for people, e.g. `¥1,234.50`, in the given locale (default `zh-CN`). */
export function formatMoney(m: Money, locale = 'zh-CN'): string {
  // Intl.NumberFormat accepts decimal strings exactly (ES2023), so no float is involved.
  const fmt = new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency });
  return fmt.format(m.amount.toString() as unknown as number);
}
