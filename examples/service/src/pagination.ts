import { z } from '@hono/zod-openapi';
import { invalidInput } from '@kehu/core';
import type { Page, PageRequest, Versioned } from '@kehu/storage';
import type { Json } from './json.js';

/** The most records one page returns (the storage contract's largest page). */
export const MAX_LIMIT = 1000;

/** The query parameters of every list: `limit` (1..1000, default 100) and the opaque `cursor`. */
export const pageQuery = {
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,3}$/, 'expected an integer from 1 to 1000')
    .optional()
    .describe('records per page, 1 to 1000 (default 100)'),
  cursor: z.string().min(1).optional().describe('the `nextCursor` of the previous page; omit for the first page'),
};

/** The page request of validated `limit` and `cursor` query parameters. */
export function pageRequest(query: { limit?: string | undefined; cursor?: string | undefined }): PageRequest {
  const limit = query.limit === undefined ? undefined : Number(query.limit);
  if (limit !== undefined && limit > MAX_LIMIT)
    throw invalidInput(['limit'], `limit must be an integer from 1 to ${MAX_LIMIT}`, 'too_big');
  return {
    ...(limit === undefined ? {} : { limit }),
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  };
}

/**
 * The filter and the page request of a list's query: `limit` and `cursor` make the page; the other parameters make
 * the filter, those not given left out (absent rather than `undefined`).
 */
export function listQuery<Q extends { limit?: string | undefined; cursor?: string | undefined }>(query: Q) {
  const { limit, cursor, ...filter } = query;
  return { filter: definedFields(filter), request: pageRequest({ limit, cursor }) };
}

/** The fields of `query` that are given (absent rather than `undefined`). */
export function definedFields<T extends object>(query: T) {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
}

/**
 * One keyset page as JSON: `{ items, nextCursor }`, each item encoded by `encode`. The cursor is
 * the store's own (the sort key of the last record), so paging neither skips nor repeats records
 * while others are inserted.
 */
export function pageJson<T>(page: Page<T>, encode: (item: T) => Json): { items: Json[]; nextCursor: string | null } {
  return { items: page.items.map(encode), nextCursor: page.nextCursor };
}

/** `{ version, <key>: json }` of a versioned record. */
export function versionedJson<T>(key: string, encode: (record: T) => unknown) {
  return (v: Versioned<T>): Json => ({ version: v.version, [key]: encode(v.record) as Json });
}
