/**
 * Shape checks of `@kehu/ingest`'s entry points (`importCsv`, `scanTransactions`), run
 * before any file or store is touched: `null`, a number or a symbol where a storage
 * adapter, a source or an options object is due is a `KehuValidationError` (issue code
 * `invalid_type`) at the argument's path, never a raw `TypeError`.
 */
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { invalidInput, type ErrorPath } from '@kehu/core';
import type { KehuStorage } from '@kehu/storage';

/** A short description of any value for an error message; never throws (symbols, bigints, cycles). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') return value instanceof Date ? 'a Date' : 'an object';
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`;
}

/** Checks that `value` is a storage adapter (a `KehuStorage`); else `KehuValidationError` at `['storage']`. */
export function checkStorage(value: unknown): KehuStorage {
  const s = value as Partial<KehuStorage> | null;
  if (typeof value !== 'object' || s === null || typeof s.withTransaction !== 'function')
    throw invalidInput(
      ['storage'],
      `storage must be a KehuStorage adapter, got ${describeValue(value)}`,
      'invalid_type',
    );
  return value as KehuStorage;
}

/**
 * Checks that `value` is a CSV source: a non-empty file path, or a readable byte stream
 * (an object with `pipe` and async iteration); else `KehuValidationError` at `['source']`.
 */
export function checkSource(value: unknown): string | Readable {
  if (typeof value === 'string' && value.length > 0) return value;
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { pipe?: unknown }).pipe === 'function' &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  )
    return value as Readable;
  throw invalidInput(
    ['source'],
    `source must be a file path or a Readable of the file's bytes, got ${describeValue(value)}`,
    'invalid_type',
  );
}

/** Checks an options argument: `undefined` gives `{}`, an object passes, anything else refuses at `[]`. */
export function checkOptions<T extends object>(value: unknown, what: string): Partial<T> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalidInput([], `${what} must be an object, got ${describeValue(value)}`, 'invalid_type');
  return value as Partial<T>;
}

/** Checks an optional callback option at `path`. */
export function checkOptionalFunction<F>(value: unknown, path: ErrorPath): F | undefined {
  if (value === undefined || typeof value === 'function') return value as F | undefined;
  throw invalidInput(path, `${path.join('.')} must be a function, got ${describeValue(value)}`, 'invalid_type');
}

/** Checks an optional whole-number option from `min` upwards at `path`. */
export function checkOptionalInteger(value: unknown, path: ErrorPath, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    throw invalidInput(
      path,
      `${path.join('.')} must be a whole number from ${min}, got ${describeValue(value)}`,
      typeof value === 'number' ? 'too_small' : 'invalid_type',
    );
  return value;
}

/**
 * The size of the file at `path`; a missing path, a directory or an unreadable file is a
 * `KehuValidationError` at `['source']` (issue code `not_found`, `not_a_file` or `unreadable`).
 */
export async function fileSize(path: string): Promise<number> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code);
    throw invalidInput(['source'], `cannot read ${path}: ${reason}`, code === 'ENOENT' ? 'not_found' : 'unreadable', {
      cause: error,
    });
  }
  if (!info.isFile()) throw invalidInput(['source'], `cannot read ${path}: not a file`, 'not_a_file');
  return Number(info.size);
}
