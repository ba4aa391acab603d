/**
 * Shape checks of the SDK's public arguments, run first in every use case: `null`, a
 * number, a symbol or a non-iterable where an id, an object, a list or a function is due
 * is a `KehuValidationError` (issue code `invalid_type`) at the argument's path, never a
 * raw `TypeError` from deeper down.
 *
 * The use cases that return a promise run these checks inside it, so a bad argument
 * rejects the promise (they never throw synchronously). The `stream(...)` use cases check
 * their arguments when called and throw there, before an iterable exists, the same way
 * for every stream.
 */
import { idSchema, invalidInput, type ErrorPath } from '@kehu/core';
import { MAX_PAGE_SIZE, type PageRequest } from '@kehu/storage';

/**
 * A short, safe description of any value for an error message: never throws (symbols,
 * bigints, cyclic objects and proxies included) and never echoes more than a few characters.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      return value instanceof Date ? 'a Date' : 'an object';
  }
}

function label(path: ErrorPath, fallback: string): string {
  return path.length === 0 ? fallback : path.join('.');
}

/**
 * Checks that `value` is a record id (core's id rule: non-empty text of at most 256
 * characters) and returns it; anything else throws `KehuValidationError` at `path`.
 */
export function requireId(value: unknown, path: ErrorPath): string {
  if (typeof value !== 'string')
    throw invalidInput(path, `${label(path, 'id')} must be an id (text), got ${describeValue(value)}`, 'invalid_type');
  const r = idSchema.safeParse(value);
  if (!r.success)
    throw invalidInput(path, `${label(path, 'id')} must be an id: ${r.error.issues[0]?.message ?? 'invalid'}`);
  return value;
}

/** Whether `value` is a plain-object-like argument: an object that is not `null` and not an array. */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks that `value` is an object (not `null`, not an array) and returns it typed as `T`;
 * else `KehuValidationError` at `path`. Only the shape is checked: the caller still checks
 * each field it reads.
 */
export function requireObject<T extends object = Record<string, unknown>>(
  value: unknown,
  path: ErrorPath,
  what = 'argument',
): T {
  if (!isObject(value))
    throw invalidInput(path, `${label(path, what)} must be an object, got ${describeValue(value)}`, 'invalid_type');
  return value as T;
}

/** {@link requireObject} of an optional argument: `undefined` gives `{}`. */
export function optionalObject<T extends object = Record<string, unknown>>(
  value: unknown,
  path: ErrorPath,
  what = 'options',
): Partial<T> {
  return value === undefined ? {} : requireObject<T>(value, path, what);
}

/** Checks that `value` is a function and returns it; else `KehuValidationError` at `path`. */
export function requireFunction<F extends (...args: never[]) => unknown>(value: unknown, path: ErrorPath): F {
  if (typeof value !== 'function')
    throw invalidInput(
      path,
      `${label(path, 'argument')} must be a function, got ${describeValue(value)}`,
      'invalid_type',
    );
  return value as F;
}

/** {@link requireFunction} of an optional argument: `undefined` stays `undefined`. */
export function optionalFunction<F extends (...args: never[]) => unknown>(
  value: unknown,
  path: ErrorPath,
): F | undefined {
  return value === undefined ? undefined : requireFunction<F>(value, path);
}

function hasMethod(value: unknown, key: symbol): boolean {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as Record<symbol, unknown>)[key] === 'function'
  );
}

/**
 * Checks that `value` is a list of items: an array or another synchronous iterable (a
 * `Set`, a generator), but not a string; returns its items as an array. Anything else
 * throws `KehuValidationError` at `path`.
 */
export function requireList(value: unknown, path: ErrorPath, what = 'list'): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string' && hasMethod(value, Symbol.iterator)) return Array.from(value as Iterable<unknown>);
  throw invalidInput(
    path,
    `${label(path, what)} must be an array or an iterable, got ${describeValue(value)}`,
    'invalid_type',
  );
}

/**
 * Checks that `value` is iterable or async-iterable (an array, a generator, a stream of
 * rows), but not a string, and returns it; anything else throws `KehuValidationError` at `path`.
 */
export function requireIterable<T>(value: unknown, path: ErrorPath, what = 'rows'): Iterable<T> | AsyncIterable<T> {
  if (typeof value !== 'string' && (hasMethod(value, Symbol.asyncIterator) || hasMethod(value, Symbol.iterator)))
    return value as Iterable<T> | AsyncIterable<T>;
  throw invalidInput(
    path,
    `${label(path, what)} must be an iterable or an async iterable, got ${describeValue(value)}`,
    'invalid_type',
  );
}

const PAGE_REQUEST_KEYS = new Set(['limit', 'cursor']);

/**
 * Checks a page request (`{ limit?, cursor? }`): `undefined` passes; otherwise an object
 * with no other field, `limit` an integer from 1 to `MAX_PAGE_SIZE` and `cursor` text.
 * Returns a fresh request; a bad one throws `KehuValidationError` at its field's path
 * (`['limit']`, `['cursor']`, or `path` for the request itself).
 */
export function optionalPageRequest(value: unknown, path: ErrorPath = []): PageRequest | undefined {
  if (value === undefined) return undefined;
  const request = requireObject(value, path, 'page request');
  for (const key of Object.keys(request))
    if (!PAGE_REQUEST_KEYS.has(key))
      throw invalidInput([...path, key], `page request: unknown field ${JSON.stringify(key)}`, 'unrecognized_keys');
  const { limit, cursor } = request;
  const out: PageRequest = {};
  if (limit !== undefined) {
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
      throw invalidInput(
        [...path, 'limit'],
        `limit must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${describeValue(limit)}`,
        typeof limit === 'number' ? 'too_big' : 'invalid_type',
      );
    out.limit = limit;
  }
  if (cursor !== undefined) {
    if (typeof cursor !== 'string')
      throw invalidInput([...path, 'cursor'], `cursor must be text, got ${describeValue(cursor)}`, 'invalid_type');
    out.cursor = cursor;
  }
  return out;
}

/** Checks an optional whole number from `min` upwards (a batch size, a retry count) at `path`. */
export function optionalInteger(value: unknown, path: ErrorPath, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw invalidInput(path, `${label(path, 'value')} must be an integer, got ${describeValue(value)}`, 'invalid_type');
  if (value < min)
    throw invalidInput(path, `${label(path, 'value')} must be at least ${min}, got ${value}`, 'too_small');
  return value;
}
