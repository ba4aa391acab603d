import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ntile } from './binning.js';

describe('ntile', () => {
  it('matches SQL NTILE: the first n % bins buckets hold one row more (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 10 }), (n, bins) => {
        const buckets = Array.from({ length: n }, (_, i) => ntile(i, n, bins));
        for (let i = 1; i < n; i++) expect(buckets[i]! - buckets[i - 1]!).toBeGreaterThanOrEqual(0);
        const sizes = new Map<number, number>();
        for (const b of buckets) sizes.set(b, (sizes.get(b) ?? 0) + 1);
        const values = [...sizes.values()];
        expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
        expect(Math.max(...buckets)).toBe(Math.min(bins, n));
      }),
    );
  });
});
