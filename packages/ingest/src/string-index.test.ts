import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringIndex } from './string-index.js';

describe('StringIndex', () => {
  it('behaves like a Map for set and get (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.integer())),
        fc.array(fc.string({ maxLength: 6 })),
        (entries, probes) => {
          const index = new StringIndex<number>(2);
          const map = new Map<string, number>();
          for (const [k, v] of entries) {
            index.set(k, v);
            map.set(k, v);
          }
          expect(index.size).toBe(map.size);
          for (const k of [...map.keys(), ...probes]) expect(index.get(k)).toBe(map.get(k));
        },
      ),
    );
  });
});
