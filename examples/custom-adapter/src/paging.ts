import {
  compareKeys,
  decodeCursor,
  encodeCursor,
  pageLimit,
  type CursorKey,
  type Page,
  type PageRequest,
} from '@kehu/storage';

/**
 * One page of `values` in the order of `keyOf`, after the request's cursor. The
 * contract's helpers do the cursor work: `encodeCursor`/`decodeCursor` for opaque keyset
 * cursors, `pageLimit` for the limit, `compareKeys` for the order (Unicode code points).
 * Sorting on every call is fine at the sizes this example is meant for.
 */
export function pageOf<V, R>(
  values: Iterable<V>,
  keyOf: (v: V) => CursorKey,
  scope: string,
  arity: number,
  request: PageRequest | undefined,
  project: (v: V) => R,
): Page<R> {
  const limit = pageLimit(request);
  const after = request?.cursor === undefined ? undefined : decodeCursor(scope, request.cursor, arity);
  const keyed: Array<{ k: CursorKey; v: V }> = [];
  for (const v of values) {
    const k = keyOf(v);
    if (after === undefined || compareKeys(k, after) > 0) keyed.push({ k, v });
  }
  keyed.sort((a, b) => compareKeys(a.k, b.k));
  const slice = keyed.slice(0, limit);
  const last = slice[slice.length - 1];
  return {
    items: slice.map(({ v }) => project(v)),
    nextCursor: keyed.length > limit && last !== undefined ? encodeCursor(scope, last.k) : null,
  };
}
