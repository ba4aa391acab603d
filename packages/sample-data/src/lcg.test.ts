import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLcg } from './lcg.js';

describe('createLcg', () => {
  it('gives the Numerical Recipes stream: the first draws of seed 42', () => {
    const next = createLcg(42);
    expect(next() * 4294967296).toBe(1083814273);
    expect(next() * 4294967296).toBe(378494188);
  });

  it('is deterministic per seed and stays in [0, 1) (property)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const a = createLcg(seed);
        const b = createLcg(seed);
        for (let i = 0; i < 50; i++) {
          const x = a();
          expect(x).toBe(b());
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThan(1);
        }
      }),
    );
  });
});
