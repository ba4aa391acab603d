import * as z from 'zod';
import { Decimal, decimalToString, isDecimalInput, toDecimal, type DecimalInput } from './decimal.js';
import { decimalLimitIssue } from './decimal-limits.js';
import {
  INSTANT_EXPECTED,
  INSTANT_RANGE_MESSAGE,
  isInstantInRange,
  parseInstant,
  parseInstantText,
} from './instant.js';
import { isCurrencyCode } from './money.js';
import { NEGATIVE_ZERO_MESSAGE } from './numbers.js';
import { textSchema } from './text.js';

/**
 * Field codecs shared by the domain schemas. Each is a zod codec: `parse`/`decode` turns
 * boundary input (ISO strings, decimal strings) into domain values (`Date`, `Decimal`),
 * and `z.encode` turns domain values back into exact JSON.
 */

/** A host-provided identifier: 1 to 256 characters of storable text ({@link textSchema}). */
export const idSchema = textSchema.min(1, 'must not be empty').max(256, 'at most 256 characters');

/**
 * An instant: a valid `Date`, or text under Kehu's instant rule ({@link parseInstant}:
 * ISO-8601 with `Z` or an offset), in the years 0001 to 9999 UTC ({@link INSTANT_RANGE}),
 * decoded to a `Date` and encoded as `toISOString()` (UTC, millisecond precision).
 */
export const instantCodec = z.codec(
  z.custom<Date | string>().check((ctx) => {
    const v = ctx.value;
    const ms =
      v instanceof Date ? v.getTime() : typeof v === 'string' ? (parseInstantText(v) ?? Number.NaN) : Number.NaN;
    if (Number.isNaN(ms)) ctx.issues.push({ code: 'custom', message: INSTANT_EXPECTED, input: v });
    else if (!isInstantInRange(ms)) ctx.issues.push({ code: 'custom', message: INSTANT_RANGE_MESSAGE, input: v });
  }),
  z.date(),
  {
    decode: (v) => new Date(v instanceof Date ? v.getTime() : parseInstant(v)!),
    encode: (d) => d.toISOString(),
  },
);

const DECIMAL_EXPECTED =
  "expected an exact decimal: a decimal string, a Decimal, or a number exact in binary (pass 0.1 as '0.1')";

/**
 * An exact decimal: a decimal string, a `decimal.js` value, or a number that is exact
 * in binary (`0.5` yes, `0.1` no: pass `'0.1'`), within {@link DECIMAL_LIMITS} (at most 20
 * digits before the point and 10 after). Decoded to a Kehu {@link Decimal}, encoded as an
 * exact decimal string.
 */
export const decimalCodec = z.codec(
  z.custom<DecimalInput>().check((ctx) => {
    const v = ctx.value;
    // The limits come first: they read the text alone, so a huge exponent never becomes a number.
    const limit = decimalLimitIssue(v);
    const message =
      typeof v === 'number' && Object.is(v, -0)
        ? NEGATIVE_ZERO_MESSAGE
        : (limit ?? (isDecimalInput(v) ? undefined : DECIMAL_EXPECTED));
    if (message !== undefined) ctx.issues.push({ code: 'custom', message, input: v });
  }),
  z.custom<Decimal>((v) => v instanceof Decimal, { message: 'expected a Kehu Decimal' }),
  {
    decode: (v) => toDecimal(v),
    encode: (d) => decimalToString(d),
  },
);

/** A non-negative exact decimal (amounts whose sign a `kind` field carries). */
export const nonNegativeDecimalCodec = decimalCodec.check(
  z.refine((d: Decimal) => !d.isNegative(), { message: 'must not be negative' }),
);

/** An ISO 4217 currency code known to the runtime (`CNY`, `USD`, …). */
export const currencySchema = z.string().refine(isCurrencyCode, { message: 'unknown ISO 4217 currency code' });

/** A local calendar date `YYYY-MM-DD` (no time zone) in the years 0001 to 9999, as stores hold dates. */
export const localDateSchema = z.iso
  .date()
  .refine((s) => !s.startsWith('0000'), { message: 'year 0000 does not exist in stores; years 0001 to 9999' });

const MONTH_DAY = /^--(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A birthday (rule AR-3): a full date `YYYY-MM-DD`, or `--MM-DD` when the year is not
 * known. `--02-29` is allowed.
 */
export const birthdaySchema = z.union([
  localDateSchema,
  z.string().refine(
    (s) => {
      const m = MONTH_DAY.exec(s);
      return m !== null && Number(m[2]) <= DAYS_IN_MONTH[Number(m[1]) - 1]!;
    },
    { message: 'expected YYYY-MM-DD or --MM-DD' },
  ),
]);

const ANY_BIRTHDAY = /^(?:(\d{4})|-)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * Whether a birthday is a date of its calendar (rule AR-3): a solar birthday as {@link birthdaySchema} says; a
 * Chinese lunar one `YYYY-MM-DD` or `--MM-DD` with a lunar month 01-12 and day 01-30 (a lunar month has 29 or 30
 * days, so `--02-30` is a lunar birthday; the year, when given, is the birth year, 0001 to 9999).
 */
export function isBirthdayOf(calendar: 'solar' | 'lunar', birthday: string): boolean {
  if (calendar === 'solar') return birthdaySchema.safeParse(birthday).success;
  const m = ANY_BIRTHDAY.exec(birthday);
  return m !== null && m[1] !== '0000' && Number(m[3]) <= 30;
}

/**
 * The text of a birthday before its calendar is known: `YYYY-MM-DD` or `--MM-DD` with a month 01-12 and a day
 * 01-31. Records that carry a `birthdayCalendar` check the date with {@link isBirthdayOf}.
 */
export const birthdayTextSchema = z.string().regex(ANY_BIRTHDAY, 'expected YYYY-MM-DD or --MM-DD');
