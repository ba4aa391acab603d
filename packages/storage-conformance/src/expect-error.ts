import { KehuConflictError, KehuNotFoundError, KehuValidationError } from '@kehu/core';
import { expect } from 'vitest';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Asserts `promise` rejects with a `KehuConflictError` (code `CONFLICT`) about `entity` `id`. */
export async function expectConflict(
  promise: Promise<unknown>,
  entity?: string,
  id?: string,
): Promise<KehuConflictError> {
  const error = await rejection(promise);
  expect(error, 'expected a KehuConflictError').toBeInstanceOf(KehuConflictError);
  const conflict = error as KehuConflictError;
  expect(conflict.code).toBe('CONFLICT');
  if (entity !== undefined) expect(conflict.entity).toBe(entity);
  if (id !== undefined) expect(conflict.id).toBe(id);
  return conflict;
}

/** Asserts `promise` rejects with a `KehuNotFoundError` (code `NOT_FOUND`). */
export async function expectNotFound(promise: Promise<unknown>): Promise<void> {
  const error = await rejection(promise);
  expect(error, 'expected a KehuNotFoundError').toBeInstanceOf(KehuNotFoundError);
  expect((error as KehuNotFoundError).code).toBe('NOT_FOUND');
}

/** Asserts `promise` rejects with a `KehuValidationError`, optionally with `code`. */
export async function expectInvalid(promise: Promise<unknown>, code?: string): Promise<void> {
  const error = await rejection(promise);
  expect(error, 'expected a KehuValidationError').toBeInstanceOf(KehuValidationError);
  if (code !== undefined) expect((error as KehuValidationError).code).toBe(code);
}

/** Collects an async iterable (only for small results). */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Walks every page of a list with `limit`, returning the records in order. */
export async function walk<T>(
  fetch: (request: { limit: number; cursor?: string }) => Promise<{ items: T[]; nextCursor: string | null }>,
  limit: number,
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await fetch(cursor === undefined ? { limit } : { limit, cursor });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    out.push(...page.items);
    if (page.nextCursor === null) return out;
    expect(page.items.length, 'a page with a next cursor must be full').toBe(limit);
    cursor = page.nextCursor;
  }
}

/** Ids that catch locale collation: the contract orders by Unicode code points. */
export const TRICKY_IDS = ['a', 'B', '中', '😀', 'a-10', 'a-9', 'Z', 'é', 'ｚ', '_', '\uE000'] as const;

/**
 * `ids` sorted the way the contract orders strings: by UTF-8 bytes (= code points), computed independently of
 * the contract's helpers.
 */
export function codePointSort(ids: readonly string[]): string[] {
  return [...ids].sort((x, y) => Buffer.compare(Buffer.from(x, 'utf8'), Buffer.from(y, 'utf8')));
}
