import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulMod } from './mul-mod.js';

describe('mulMod', () => {
  it('equals the exact BigInt result over the whole 32-bit range (property)', () => {
    const u32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
    fc.assert(
      fc.property(u32, u32, fc.integer({ min: 1, max: 2 ** 32 - 1 }), (a, b, m) => {
        expect(mulMod(a, b, m)).toBe(Number((BigInt(a) * BigInt(b)) % BigInt(m)));
      }),
      { numRuns: 2000 },
    );
  });

  it('equals the plain float product while that product is exact', () => {
    for (const [a, m] of [
      [3_000_000, 300_000],
      [1_234_567, 99_991],
    ] as const)
      expect(mulMod(a, 2_654_435_761, m)).toBe((a * 2_654_435_761) % m);
  });
});
