import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderedIndex } from './ordered-index.js';

describe('OrderedIndex', () => {
  it('pages through every entry exactly once in key order, within a prefix, with a filter (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.constantFrom('a', 'b', '中'), fc.integer({ min: 0, max: 50 }), fc.string()), {
          selector: (t) => JSON.stringify(t),
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 9 }),
        (rows, limit) => {
          const index = new OrderedIndex(
            () => rows,
            (r) => r,
            3,
          );
          const walk = (prefix?: string[], filter?: (r: (typeof rows)[number]) => boolean) => {
            const seen: typeof rows = [];
            let cursor: string | undefined;
            for (;;) {
              const page = index.page('t', cursor === undefined ? { limit } : { limit, cursor }, (r) => r, {
                ...(prefix ? { prefix } : {}),
                ...(filter ? { filter } : {}),
              });
              expect(page.items.length).toBeLessThanOrEqual(limit);
              seen.push(...page.items);
              if (page.nextCursor === null) return seen;
              expect(page.items.length).toBe(limit);
              cursor = page.nextCursor;
            }
          };
          const sorted = [...rows].sort((x, y) =>
            x[0] !== y[0]
              ? x[0] < y[0]
                ? -1
                : 1
              : x[1] !== y[1]
                ? x[1] - y[1]
                : x[2] < y[2]
                  ? -1
                  : x[2] > y[2]
                    ? 1
                    : 0,
          );
          expect(walk()).toEqual(sorted);
          expect(walk(['b'])).toEqual(sorted.filter((r) => r[0] === 'b'));
          expect(walk(undefined, (r) => r[1] % 2 === 0)).toEqual(sorted.filter((r) => r[1] % 2 === 0));
        },
      ),
    );
  });
  it('refuses a cursor taken under another prefix', () => {
    const rows = [
      ['a', 1, 'x'],
      ['b', 1, 'y'],
    ] as const;
    const index = new OrderedIndex(
      () => rows,
      (r) => [...r],
      3,
    );
    const first = index.page('t', { limit: 1 }, (r) => r, { prefix: ['a'] });
    expect(first.nextCursor).toBeNull();
    const all = index.page('t', { limit: 1 }, (r) => r);
    expect(() => index.page('t', { limit: 1, cursor: all.nextCursor! }, (r) => r, { prefix: ['b'] })).toThrow(/cursor/);
  });
});
