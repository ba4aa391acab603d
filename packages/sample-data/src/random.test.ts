import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from './random.js';

describe('createRandom', () => {
  it('is deterministic per seed and stays in range (property)', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: -50, max: 50 }),
        fc.integer({ min: 0, max: 100 }),
        (seed, min, span) => {
          const a = createRandom(seed);
          const b = createRandom(seed);
          for (let i = 0; i < 20; i++) {
            const x = a.int(min, min + span);
            expect(x).toBe(b.int(min, min + span));
            expect(x).toBeGreaterThanOrEqual(min);
            expect(x).toBeLessThanOrEqual(min + span);
            const f = a.next();
            expect(f).toBe(b.next());
            expect(f).toBeGreaterThanOrEqual(0);
            expect(f).toBeLessThan(1);
          }
        },
      ),
    );
  });
  it('draws Pareto values >= 1 and honours weights', () => {
    const r = createRandom(1);
    let heavy = 0;
    for (let i = 0; i < 10_000; i++) {
      expect(r.pareto(1.16)).toBeGreaterThanOrEqual(1);
      if (
        r.weighted([
          ['a', 9],
          ['b', 1],
        ] as const) === 'a'
      )
        heavy++;
    }
    expect(heavy / 10_000).toBeGreaterThan(0.85);
    expect(heavy / 10_000).toBeLessThan(0.95);
  });
});
