import { Decimal } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toJson } from './json.js';

describe('toJson', () => {
  it('encodes instants as ISO text, decimals exactly, maps and sets, and leaves undefined out', () => {
    const value = {
      at: new Date('2026-03-02T10:00:00+08:00'),
      amount: new Decimal('12345678901234567890.0123456789'),
      byTier: new Map([['gold', 2]]),
      byScore: new Map([[5, 'a']]),
      ids: new Set(['c-1']),
      missing: undefined,
      ratio: Number.NaN,
      nested: [{ when: null }],
    };
    expect(toJson(value)).toEqual({
      at: '2026-03-02T02:00:00.000Z',
      amount: '12345678901234567890.0123456789',
      byTier: { gold: 2 },
      byScore: [[5, 'a']],
      ids: ['c-1'],
      ratio: null,
      nested: [{ when: null }],
    });
  });

  it('gives back every decimal string exactly (no float on the way)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 29n), max: 10n ** 29n }), fc.integer({ min: 0, max: 10 }), (n, scale) => {
        const digits = (n < 0n ? -n : n).toString().padStart(scale + 1, '0');
        const [whole, fraction] = [digits.slice(0, digits.length - scale), digits.slice(digits.length - scale)];
        const text = `${n < 0n ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
        const encoded = toJson({ amount: new Decimal(text) }) as { amount: string };
        expect(new Decimal(encoded.amount).equals(new Decimal(text))).toBe(true);
        expect(encoded.amount).not.toMatch(/e/i);
      }),
    );
  });
});
