import { compareCodePoints, KehuConflictError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { codePointSort, expectConflict, TRICKY_IDS, walk } from './expect-error.js';

describe('suite helpers', () => {
  it('sort tricky ids by UTF-8 bytes exactly as the contract order does', () => {
    expect(codePointSort(TRICKY_IDS)).toEqual([...TRICKY_IDS].sort(compareCodePoints));
  });
  it('walk every page and insist that pages with a next cursor are full', async () => {
    const data = [1, 2, 3, 4, 5];
    const pages = async (r: { limit: number; cursor?: string }) => {
      const start = r.cursor === undefined ? 0 : Number(r.cursor);
      const items = data.slice(start, start + r.limit);
      return { items, nextCursor: start + r.limit < data.length ? String(start + r.limit) : null };
    };
    expect(await walk(pages, 2)).toEqual(data);
  });
  it('recognise a conflict and fail when a call that must fail succeeds', async () => {
    await expectConflict(Promise.reject(new KehuConflictError('customer', 'c-1', 'stale')), 'customer', 'c-1');
    await expect(expectConflict(Promise.resolve(1))).rejects.toThrow(/succeeded/);
  });
});
