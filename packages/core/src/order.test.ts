import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodePoints } from './order.js';

describe('compareCodePoints', () => {
  it('agrees with UTF-8 byte order (COLLATE "C") for any strings (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(
          Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))),
        );
      }),
    );
  });
  it('puts emoji after U+E000–U+FFFF, unlike UTF-16 order', () => {
    expect(compareCodePoints('😀', 'ｚ')).toBeGreaterThan(0);
    expect('😀' < 'ｚ').toBe(true);
    expect(compareCodePoints('a', 'a')).toBe(0);
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0);
  });
});
