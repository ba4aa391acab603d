import { Decimal as DecimalJs } from 'decimal.js';

/**
 * The decimals Kehu stores: at most {@link DECIMAL_LIMITS}`.integerDigits` digits before the
 * point and `.scale` digits after it. Sums of up to 10^9 such amounts need at most 30
 * integer digits and 10 fraction digits, so they stay exact in Kehu's `Decimal` (60
 * significant digits) and in PostgreSQL `NUMERIC` alike, and every adapter stores the same
 * values. Checked on the text of the number, so `'1e9000000000000000'` is refused at once.
 */
export const DECIMAL_LIMITS = Object.freeze({
  /** Digits before the decimal point, leading zeros not counted. */
  integerDigits: 20,
  /** Digits after the decimal point, trailing zeros not counted. */
  scale: 10,
});

const PARTS = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?)(\d+))?$/;

/** The exponent text as a number, or a huge stand-in when it has too many digits to matter. */
function exponentOf(sign: string, digits: string): number {
  const trimmed = digits.replace(/^0+/, '');
  const magnitude = trimmed.length > 15 ? Number.MAX_SAFE_INTEGER : Number(trimmed || '0');
  return sign === '-' ? -magnitude : magnitude;
}

/** Digits before and after the point of a decimal's text (`undefined` when it is not one). */
function digitsOfText(text: string): { integer: number; fraction: number } | undefined {
  const m = PARTS.exec(text.trim());
  if (m === null) return undefined;
  const whole = m[1] ?? '';
  const frac = m[2] ?? '';
  if (whole === '' && frac === '') return undefined;
  const all = whole + frac;
  let first = 0;
  while (first < all.length && all.charCodeAt(first) === 48) first++;
  if (first === all.length) return { integer: 0, fraction: 0 };
  let last = all.length - 1;
  while (all.charCodeAt(last) === 48) last--;
  // The point sits after `whole.length + exponent` digits of `all`.
  const point = whole.length + exponentOf(m[3] ?? '', m[4] ?? '0');
  return { integer: Math.max(0, point - first), fraction: Math.max(0, last + 1 - point) };
}

/**
 * Why `value` (a decimal string, a number or a `decimal.js` value) is outside
 * {@link DECIMAL_LIMITS}, or `undefined` when it is inside (or is not a decimal at all,
 * which other checks report).
 */
export function decimalLimitIssue(value: unknown): string | undefined {
  let digits: { integer: number; fraction: number } | undefined;
  if (typeof value === 'string') digits = digitsOfText(value);
  else if (typeof value === 'number') digits = Number.isFinite(value) ? digitsOfText(String(value)) : undefined;
  else if (DecimalJs.isDecimal(value)) {
    const d = value as DecimalJs;
    digits = !d.isFinite() || d.isZero() ? undefined : { integer: Math.max(0, d.e + 1), fraction: d.decimalPlaces() };
  }
  if (digits === undefined) return undefined;
  const { integerDigits, scale } = DECIMAL_LIMITS;
  if (digits.integer > integerDigits) {
    const got = digits.integer >= Number.MAX_SAFE_INTEGER / 2 ? 'far more' : String(digits.integer);
    return `too large: at most ${integerDigits} digits before the decimal point, got ${got}`;
  }
  if (digits.fraction > scale) {
    const got = digits.fraction >= Number.MAX_SAFE_INTEGER / 2 ? 'far more' : String(digits.fraction);
    return `too many decimal places: at most ${scale} digits after the decimal point, got ${got}`;
  }
  return undefined;
}
