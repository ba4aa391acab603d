import { instantCodec, invalidInput, type ErrorPath } from '@kehu/core';
import { describeValue } from './arguments.js';

/** An instant as a use case accepts it: a valid `Date`, or ISO-8601 text with `Z` or an offset. */
export type InstantInput = Date | string;

/**
 * The one reading of an `asOf`/`at`/`from`/`to` option in every use case: a valid `Date`
 * or an ISO-8601 string with `Z` or an offset (core's instant rule), returned as a fresh
 * `Date`. Anything else throws `KehuValidationError` at `path`, never a raw `TypeError`.
 */
export function toInstant(value: unknown, path: ErrorPath): Date {
  const r = instantCodec.safeParse(value);
  if (!r.success) {
    const got = value instanceof Date ? 'an invalid Date' : describeValue(value);
    throw invalidInput(
      path,
      `${path.join('.') || 'instant'}: expected a valid Date or an ISO-8601 instant with Z or an offset, got ${got}`,
      'invalid_type',
    );
  }
  return new Date(r.data.getTime());
}

/** {@link toInstant} of an optional option: `undefined` stays `undefined`. */
export function toOptionalInstant(value: unknown, path: ErrorPath): Date | undefined {
  return value === undefined ? undefined : toInstant(value, path);
}
