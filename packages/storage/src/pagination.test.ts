import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodePoints } from '@kehu/core';
import {
  compareKeys,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  MAX_PAGE_SIZE,
  pageLimit,
  streamPages,
  type Page,
} from './pagination.js';

const key = fc.array(
  fc.oneof(fc.string({ unit: 'grapheme' }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
  {
    minLength: 1,
    maxLength: 4,
  },
);

describe('cursors', () => {
  it('round-trip any key, including Chinese and emoji', () => {
    fc.assert(
      fc.property(fc.string(), key, (scope, k) => {
        const c = encodeCursor(scope, k);
        expect(c).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(decodeCursor(scope, c, k.length)).toEqual(k.map((x) => (Object.is(x, -0) ? 0 : x)));
      }),
    );
    expect(decodeCursor('customers', encodeCursor('customers', ['客户-😀']), 1)).toEqual(['客户-😀']);
  });

  it('refuse a cursor of another list, of another shape, or garbage with INVALID_CURSOR', () => {
    const c = encodeCursor('customers', ['c-1']);
    for (const [scope, cursor, arity] of [
      ['transactions', c, 1],
      ['customers', c, 3],
      ['customers', 'not a cursor', 1],
      ['customers', '', 1],
      ['customers', encodeCursor('customers', [{} as never]), 1],
    ] as const) {
      const error = (() => {
        try {
          decodeCursor(scope, cursor, arity);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(KehuValidationError);
      expect(error).toMatchObject({ code: 'INVALID_CURSOR', path: ['cursor'] });
    }
  });
});

describe('pageLimit', () => {
  it('defaults to DEFAULT_PAGE_SIZE and accepts 1..MAX_PAGE_SIZE', () => {
    expect(pageLimit(undefined)).toBe(DEFAULT_PAGE_SIZE);
    expect(pageLimit({})).toBe(DEFAULT_PAGE_SIZE);
    expect(pageLimit({ limit: 1 })).toBe(1);
    expect(pageLimit({ limit: MAX_PAGE_SIZE })).toBe(MAX_PAGE_SIZE);
  });
  it.each([0, -1, 1.5, MAX_PAGE_SIZE + 1, Number.NaN])('refuses %s at ["limit"]', (limit) => {
    expect(() => pageLimit({ limit })).toThrow(KehuValidationError);
    try {
      pageLimit({ limit });
    } catch (e) {
      expect((e as KehuValidationError).path).toEqual(['limit']);
    }
  });
});

describe('compareKeys', () => {
  it('orders strings by Unicode code points (UTF-8 bytes, COLLATE "C"), not by locale or UTF-16 units', () => {
    const ids = ['a', 'B', '中', '😀', 'a-10', 'a-9', 'ｚ', '\uE000'];
    const sorted = [...ids].sort((x, y) => compareKeys([x], [y]));
    expect(sorted).toEqual(['B', 'a', 'a-10', 'a-9', '中', '\uE000', 'ｚ', '😀']);
  });
  it('agrees with UTF-8 byte order for any strings (property)', () => {
    const bytes = (s: string) => Buffer.from(s, 'utf8');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(Buffer.compare(bytes(a), bytes(b))));
      }),
    );
  });
  it('is a total order consistent with equality', () => {
    fc.assert(
      fc.property(fc.tuple(fc.string(), fc.integer()), fc.tuple(fc.string(), fc.integer()), (a, b) => {
        expect(Math.sign(compareKeys(a, b))).toBe(-Math.sign(compareKeys(b, a)));
        expect(compareKeys(a, b) === 0).toBe(a[0] === b[0] && a[1] === b[1]);
      }),
    );
  });
});

describe('streamPages', () => {
  it('yields every record of every page in order and stops at the last page', async () => {
    const data = Array.from({ length: 2503 }, (_, i) => i);
    const requests: Array<number | undefined> = [];
    const fetch = async (r: { limit?: number; cursor?: string }): Promise<Page<number>> => {
      const start = r.cursor === undefined ? 0 : Number(decodeCursor('n', r.cursor, 1)[0]) + 1;
      requests.push(r.limit);
      const items = data.slice(start, start + (r.limit ?? 100));
      const last = items.at(-1);
      return {
        items,
        nextCursor: start + items.length < data.length && last !== undefined ? encodeCursor('n', [last]) : null,
      };
    };
    const seen: number[] = [];
    for await (const n of streamPages(fetch)) seen.push(n);
    expect(seen).toEqual(data);
    expect(requests).toEqual([MAX_PAGE_SIZE, MAX_PAGE_SIZE, MAX_PAGE_SIZE]);
  });
});
