import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CustomerCursor } from './customer-cursor.js';

async function* from<T>(items: readonly T[]): AsyncIterable<T> {
  yield* items;
}

describe('CustomerCursor (streams read together in customer order, rules CA-1 and CH-1)', () => {
  it('CA-1: takes each customer’s items, passes over customers not asked for, reads each item once', async () => {
    const items = [
      { c: 'a', n: 1 },
      { c: 'a', n: 2 },
      { c: 'b', n: 3 },
      { c: 'd', n: 4 },
      { c: 'e', n: 5 },
    ];
    const cursor = new CustomerCursor(from(items), (i) => i.c);
    expect((await cursor.take('a')).map((i) => i.n)).toEqual([1, 2]);
    expect(await cursor.take('c')).toEqual([]);
    expect(cursor.read).toBe(4);
    expect((await cursor.take('d')).map((i) => i.n)).toEqual([4]);
    expect((await cursor.take('f')).map((i) => i.n)).toEqual([]);
    expect(cursor.read).toBe(5);
    await cursor.close();
  });

  it('CA-1: ids compare by code points, so the cursor agrees with every store’s order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.string({ maxLength: 3 }), fc.nat(9))), async (pairs) => {
        const cmp = (a: string, b: string) => {
          const x = [...a].map((ch) => ch.codePointAt(0)!);
          const y = [...b].map((ch) => ch.codePointAt(0)!);
          for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
          return x.length - y.length;
        };
        const sorted = [...pairs].sort((p, q) => cmp(p[0], q[0]));
        const customers = [...new Set(sorted.map((p) => p[0]))];
        const cursor = new CustomerCursor(from(sorted), (p) => p[0]);
        const taken = [];
        for (const c of customers) taken.push(...(await cursor.take(c)));
        expect(taken).toEqual(sorted);
      }),
      { numRuns: 200 },
    );
  });

  it('CH-1: close ends the stream early', async () => {
    let finished = false;
    async function* stream() {
      try {
        yield { c: 'a' };
        yield { c: 'b' };
      } finally {
        finished = true;
      }
    }
    const cursor = new CustomerCursor(stream(), (i) => i.c);
    await cursor.take('a');
    await cursor.close();
    expect(finished).toBe(true);
  });
});
