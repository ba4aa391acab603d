import * as z from 'zod';

/**
 * Numbers every supported store keeps exactly. JSON stores (PostgreSQL `jsonb`, files) read
 * `-0` back as `0`, so `-0` is refused with a message to pass `0`; integers stored in integer
 * columns or compared as such (quantities, headcounts, escalation levels) are 32-bit signed.
 */

/** The 32-bit signed integer range of integer fields (PostgreSQL `integer`). */
export const INT32_RANGE = Object.freeze({
  /** -2^31. */
  min: -2_147_483_648,
  /** 2^31 - 1. */
  max: 2_147_483_647,
});

/** The message for `-0`, which JSON stores cannot keep. */
export const NEGATIVE_ZERO_MESSAGE = '-0 cannot be stored exactly (JSON stores read it back as 0); pass 0';

/** What is wrong with the number `n` for storage (`NaN`, an infinity, `-0`), or `undefined`. */
export function numberIssue(n: number): string | undefined {
  if (!Number.isFinite(n)) return `must be a finite number, got ${n}`;
  if (Object.is(n, -0)) return NEGATIVE_ZERO_MESSAGE;
  return undefined;
}

const notNegativeZero = (ctx: z.core.ParsePayload<number>): void => {
  if (Object.is(ctx.value, -0)) ctx.issues.push({ code: 'custom', message: NEGATIVE_ZERO_MESSAGE, input: ctx.value });
};

/** A finite number other than `-0`. */
export const numberSchema = z.number().check(notNegativeZero);

/** An integer in the 32-bit signed range ({@link INT32_RANGE}), not `-0`. */
export const int32Schema = z
  .number()
  .int()
  .min(INT32_RANGE.min, `must be at least ${INT32_RANGE.min} (a 32-bit integer)`)
  .max(INT32_RANGE.max, `must be at most ${INT32_RANGE.max} (a 32-bit integer)`)
  .check(notNegativeZero);
