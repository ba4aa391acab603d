import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KehuValidationError } from './errors.js';
import { orderByIntegerKeys } from './integer-order.js';

/** The reference: a comparator sort, stable. */
function reference(keys: number[], positions: number[], descending: boolean): number[] {
  return [...positions].sort((a, b) => (descending ? keys[b]! - keys[a]! : keys[a]! - keys[b]!));
}

describe('orderByIntegerKeys', () => {
  const keyArb = fc.oneof(
    fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 300 }),
    fc.array(fc.integer({ min: -100_000, max: 100_000 }), { maxLength: 300 }),
    fc.array(fc.maxSafeInteger(), { maxLength: 300 }),
    fc.array(
      fc.constantFrom(
        Number.MIN_SAFE_INTEGER,
        Number.MAX_SAFE_INTEGER,
        Number.MAX_SAFE_INTEGER - 1,
        0,
        -1,
        2,
        3,
        2 ** 27,
        2 ** 41,
        2 ** 27 - 1,
        -(2 ** 27) - 1,
      ),
      { maxLength: 50 },
    ),
  );
  it('is a stable sort, ascending or descending, over all or some positions (property)', () => {
    fc.assert(
      fc.property(keyArb, fc.boolean(), fc.boolean(), (keys, descending, subset) => {
        const positions = subset
          ? keys
              .map((_, i) => i)
              .filter((i) => i % 3 !== 1)
              .reverse()
          : keys.map((_, i) => i);
        const got = orderByIntegerKeys(keys, { descending, ...(subset ? { positions } : {}) });
        expect([...got]).toEqual(reference(keys, positions, descending));
      }),
      { numRuns: 500 },
    );
  });
  it('refuses keys that are not safe integers', () => {
    expect(() => orderByIntegerKeys([1, 0.5])).toThrow(KehuValidationError);
    expect(() => orderByIntegerKeys([1, 2 ** 53])).toThrow(KehuValidationError);
    expect(() => orderByIntegerKeys([1, Number.NaN])).toThrow(KehuValidationError);
    expect([...orderByIntegerKeys([])]).toEqual([]);
    expect([...orderByIntegerKeys([7])]).toEqual([0]);
  });
});
