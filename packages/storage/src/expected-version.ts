import { invalidInput, type ErrorPath } from '@kehu/core';

/** The largest record version any adapter must hold (a 32-bit signed integer, PostgreSQL's `integer`). */
export const MAX_VERSION = 2_147_483_647;

/**
 * Checks an `expectedVersion` given to `update`, `delete` or `appendEvents`: a whole
 * number from 1 to {@link MAX_VERSION}. Anything else (`1.5`, `NaN`, `'2'`, `-1`, `0`)
 * throws a `KehuValidationError` at `path` (default `['expectedVersion']`) before the
 * store is touched, so every adapter refuses it the same way instead of with its
 * database's own error. Returns the value.
 */
export function checkExpectedVersion(value: unknown, path: ErrorPath = ['expectedVersion']): number {
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw invalidInput(path, `expectedVersion must be an integer version, got ${describe(value)}`, 'invalid_type');
  if (value < 1 || value > MAX_VERSION)
    throw invalidInput(path, `expectedVersion must be from 1 to ${MAX_VERSION}, got ${value}`, 'too_small');
  return value;
}

/** {@link checkExpectedVersion} of an optional version (`delete`'s): `undefined` passes. */
export function checkOptionalExpectedVersion(
  value: unknown,
  path: ErrorPath = ['expectedVersion'],
): number | undefined {
  return value === undefined ? undefined : checkExpectedVersion(value, path);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return value === null ? 'null' : typeof value;
}
