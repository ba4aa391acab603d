import * as z from 'zod';
import { Decimal, decimalToString, isDecimalInput, toDecimal, type DecimalInput } from './decimal.js';
import { INSTANT_EXPECTED, parseInstant } from './instant.js';
import { isCurrencyCode } from './money.js';

/**
 * Field codecs shared by the domain schemas. Each is a zod codec: `parse`/`decode` turns
 * boundary input (ISO strings, decimal strings) into domain values (`Date`, `Decimal`),
 * and `z.encode` turns domain values back into exact JSON.
 */

/** A host-provided identifier: 1 to 256 characters. */
export const idSchema = z.string().min(1, 'must not be empty').max(256, 'at most 256 characters');

/**
 * An instant: a valid `Date`, or text under Kehu's instant rule ({@link parseInstant}:
 * ISO-8601 with `Z` or an offset), decoded to a `Date` and encoded as `toISOString()`
 * (UTC, millisecond precision).
 */
export const instantCodec = z.codec(
  z.custom<Date | string>(
    (v) =>
      (v instanceof Date && !Number.isNaN(v.getTime())) || (typeof v === 'string' && parseInstant(v) !== undefined),
    { message: INSTANT_EXPECTED },
  ),
  z.date(),
  {
    decode: (v) => new Date(v instanceof Date ? v.getTime() : parseInstant(v)!),
    encode: (d) => d.toISOString(),
  },
);

/**
 * An exact decimal: a decimal string, a `decimal.js` value, or a number that is exact
 * in binary (`0.5` yes, `0.1` no: pass `'0.1'`). Decoded to a Kehu {@link Decimal},
 * encoded as an exact decimal string.
 */
export const decimalCodec = z.codec(
  z.custom<DecimalInput>(isDecimalInput, {
    message: "expected an exact decimal: a decimal string, a Decimal, or a number exact in binary (pass 0.1 as '0.1')",
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

/** A local calendar date `YYYY-MM-DD` (no time zone). */
export const localDateSchema = z.iso.date();

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

/** Any JSON value, for host-defined custom attributes. */
export const jsonValueSchema = z.json();

/** A JSON value. */
export type JsonValue = z.infer<typeof jsonValueSchema>;

/** Host-defined attributes: a JSON object. */
export const attributesSchema = z.record(z.string(), jsonValueSchema);
