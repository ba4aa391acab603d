import { invalidInput, parseInstant } from '@kehu/core';

/** Throws `KehuValidationError` unless `options` is an object. */
export function optionsObject(options: unknown): void {
  if (typeof options !== 'object' || options === null)
    throw invalidInput([], 'expected an options object', 'invalid_type');
}

/**
 * An integer option in `[min, max]`, or its default when absent; throws `KehuValidationError` with the option's
 * path otherwise.
 */
export function integerOption(value: unknown, name: string, fallback: number, min: number, max: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw invalidInput(
      [name],
      `${name} must be an integer from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`,
    );
  return v;
}

/** A finite number option in `[min, max]`, or its default when absent; throws `KehuValidationError` otherwise. */
export function numberOption(value: unknown, name: string, fallback: number, min: number, max: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
    throw invalidInput([name], `${name} must be a number from ${min} to ${max}`);
  return v;
}

/**
 * An instant option under Kehu's instant rule (an ISO-8601 instant with an offset, or a bare date `YYYY-MM-DD` read
 * as midnight UTC), as epoch milliseconds; throws `KehuValidationError` otherwise.
 */
export function instantOption(value: unknown, name: string, fallback: string): number {
  const v = value ?? fallback;
  const ms = typeof v === 'string' ? parseInstant(v, { dateOnly: true }) : undefined;
  if (ms === undefined)
    throw invalidInput([name], `${name} must be a date YYYY-MM-DD or an ISO-8601 instant with an offset`);
  return ms;
}
