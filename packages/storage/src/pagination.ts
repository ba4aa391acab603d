import { compareCodePoints, KehuValidationError } from '@kehu/core';

/** Default number of records in a page. */
export const DEFAULT_PAGE_SIZE = 100;
/** Largest page an adapter must serve. */
export const MAX_PAGE_SIZE = 1000;

/** Asks for one page of a list. */
export interface PageRequest {
  /** Records per page, 1..{@link MAX_PAGE_SIZE}; default {@link DEFAULT_PAGE_SIZE}. */
  limit?: number;
  /** The `nextCursor` of the previous page; omit for the first page. */
  cursor?: string;
}

/** One page of a list in the repository's stable order. */
export interface Page<T> {
  /** The records, at most `limit` of them. */
  items: T[];
  /** Opaque cursor of the next page, or `null` when this is the last page. */
  nextCursor: string | null;
}

/** A position in a keyset-ordered list: the sort key of the last record returned. */
export type CursorKey = ReadonlyArray<string | number>;

/**
 * Encodes the sort key of the last record of a page as an opaque cursor (base64url of
 * JSON). Keyset cursors are why paging neither skips nor repeats records while others
 * are inserted.
 */
export function encodeCursor(scope: string, key: CursorKey): string {
  const bytes = new TextEncoder().encode(JSON.stringify([scope, ...key]));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Decodes a cursor made by {@link encodeCursor} for the same `scope` (a repository and
 * list name); any other string throws `KehuValidationError` with code `INVALID_CURSOR`.
 */
export function decodeCursor(scope: string, cursor: string, arity: number): Array<string | number> {
  let parsed: unknown;
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (cause) {
    throw invalidCursor(cause);
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== arity + 1 ||
    parsed[0] !== scope ||
    !parsed.slice(1).every((k) => typeof k === 'string' || (typeof k === 'number' && Number.isFinite(k)))
  ) {
    throw invalidCursor();
  }
  return parsed.slice(1) as Array<string | number>;
}

function invalidCursor(cause?: unknown): KehuValidationError {
  return new KehuValidationError(
    'invalid page cursor',
    [{ path: ['cursor'], message: 'not a cursor of this list', code: 'INVALID_CURSOR' }],
    { code: 'INVALID_CURSOR', cause },
  );
}

/**
 * Validates a {@link PageRequest} and returns the limit to use; throws
 * `KehuValidationError` at `['limit']` for a limit outside 1..{@link MAX_PAGE_SIZE}.
 */
export function pageLimit(request: PageRequest | undefined): number {
  const limit = request?.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new KehuValidationError(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}`, [
      { path: ['limit'], message: `expected 1..${MAX_PAGE_SIZE}`, code: 'too_big' },
    ]);
  }
  return limit;
}

/**
 * Compares two keys of the same shape in the order every adapter must use: numbers
 * numerically, strings by Unicode code points (`compareCodePoints` of `@kehu/core`; in SQL,
 * `COLLATE "C"` on a UTF-8 database).
 */
export function compareKeys(a: CursorKey, b: CursorKey): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'string' && typeof y === 'string') return compareCodePoints(x, y);
    return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Streams every record of a paged list, one page at a time, so a batch job never holds
 * more than one page. Adapters without a native cursor stream can build their
 * `stream()` methods on this.
 */
export async function* streamPages<T>(
  fetchPage: (request: PageRequest) => Promise<Page<T>>,
  pageSize = MAX_PAGE_SIZE,
): AsyncGenerator<T, void, undefined> {
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(cursor === undefined ? { limit: pageSize } : { limit: pageSize, cursor });
    yield* page.items;
    if (page.nextCursor === null) return;
    cursor = page.nextCursor;
  }
}
