import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KehuValidationError } from './errors.js';
import { Decimal } from './decimal.js';
import {
  decimalFromBigUnits,
  decimalFromUnits,
  decimalsToUnits,
  decimalToBigUnits,
  decimalToUnits,
  MAX_UNIT_SCALE,
} from './scaled.js';

/** The reference: the decimal string of units × 10^-scale, parsed by decimal.js itself. */
function reference(units: number, scale: number): Decimal {
  const sign = units < 0 ? '-' : '';
  const digits = String(Math.abs(units)).padStart(scale + 1, '0');
  return new Decimal(scale === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`);
}

const fields = (d: Decimal) => {
  const { s, e, d: words } = d as unknown as { s: number; e: number; d: number[] };
  return { s, e, d: [...words] };
};

const units = fc.oneof(
  fc.integer({ min: -10_000_000, max: 10_000_000 }),
  fc.maxSafeInteger().map((n) => n),
  fc.constantFrom(0, 1, -1, 9_999_999, 10_000_000, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
);
const scale = fc.integer({ min: 0, max: MAX_UNIT_SCALE });

describe('decimalFromUnits', () => {
  it('builds exactly the Decimal the constructor builds from the decimal string (property)', () => {
    fc.assert(
      fc.property(units, scale, (u, k) => {
        const d = decimalFromUnits(u, k);
        const ref = reference(u, k);
        expect(fields(d)).toEqual(fields(ref));
        expect(d.toString()).toBe(ref.toString());
        expect(d.constructor).toBe(Decimal);
        // Arithmetic on it is ordinary Decimal arithmetic.
        expect(d.plus('0.001').toString()).toBe(ref.plus('0.001').toString());
      }),
      { numRuns: 2000 },
    );
  });
  it('gives readable values', () => {
    expect(decimalFromUnits(123456, 2).toString()).toBe('1234.56');
    expect(decimalFromUnits(-5, 4).toString()).toBe('-0.0005');
    expect(decimalFromUnits(0, 2).isZero()).toBe(true);
    expect(decimalFromUnits(120_000_000, 0).toString()).toBe('120000000');
  });
  it('refuses unsafe integers and bad scales with KehuValidationError', () => {
    expect(() => decimalFromUnits(2 ** 53, 2)).toThrow(KehuValidationError);
    expect(() => decimalFromUnits(1.5, 2)).toThrow(KehuValidationError);
    expect(() => decimalFromUnits(1, 101)).toThrow(KehuValidationError);
    expect(() => decimalFromUnits(1, -1)).toThrow(KehuValidationError);
  });
});

describe('decimalToUnits', () => {
  it('round-trips every safe integer at every scale (property)', () => {
    fc.assert(
      fc.property(units, scale, (u, k) => {
        expect(decimalToUnits(reference(u, k), k)).toBe(u);
      }),
      { numRuns: 2000 },
    );
  });
  it('scales up values with fewer places and refuses values with more, or too large', () => {
    expect(decimalToUnits(new Decimal('12.5'), 4)).toBe(125_000);
    expect(decimalToUnits(new Decimal('1e10'), 2)).toBe(1e12);
    expect(decimalToUnits(new Decimal('0.001'), 2)).toBeUndefined();
    expect(decimalToUnits(new Decimal('12.34567891'), 4)).toBeUndefined();
    expect(decimalToUnits(new Decimal('1e20'), 0)).toBeUndefined();
    expect(decimalToUnits(new Decimal('90071992547409.92'), 2)).toBeUndefined();
    expect(decimalToUnits(new Decimal('Infinity'), 2)).toBeUndefined();
    expect(decimalToUnits(new Decimal('-0.5'), 1)).toBe(-5);
  });
  it('agrees with Decimal arithmetic for any decimal string (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.integer({ min: 0, max: 12 }),
        scale,
        (big, places, k) => {
          const s = big
            .toString()
            .replace('-', '')
            .padStart(places + 1, '0');
          const d = new Decimal(
            `${big < 0n ? '-' : ''}${places === 0 ? s : `${s.slice(0, -places)}.${s.slice(-places)}`}`,
          );
          const exact = d.times(new Decimal(10).pow(k));
          const want = exact.isInteger() && exact.abs().lte(Number.MAX_SAFE_INTEGER) ? exact.toNumber() : undefined;
          expect(decimalToUnits(d, k)).toBe(want === 0 ? 0 : want);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('decimalFromBigUnits', () => {
  it('builds exactly the Decimal the constructor builds, for any size (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.integer({ min: 0, max: 30 }), (u, k) => {
        const s = (u < 0n ? -u : u).toString().padStart(k + 1, '0');
        const ref = new Decimal(`${u < 0n ? '-' : ''}${k === 0 ? s : `${s.slice(0, -k)}.${s.slice(-k)}`}`);
        expect(fields(decimalFromBigUnits(u, k))).toEqual(fields(ref));
      }),
      { numRuns: 2000 },
    );
    expect(decimalFromBigUnits(10n ** 20n, 20).toString()).toBe('1');
    expect(decimalFromBigUnits(12345678901234567890123n, 20).toString()).toBe('123.45678901234567890123');
  });
});

describe('decimalsToUnits', () => {
  it('picks scale 4 when it fits, the most places otherwise, and gives up past 15 places', () => {
    expect(decimalsToUnits([new Decimal('1.5'), new Decimal('2')])).toEqual({
      units: Float64Array.of(15_000, 20_000),
      scale: 4,
    });
    expect(decimalsToUnits([new Decimal('1.000001'), new Decimal('2')])).toEqual({
      units: Float64Array.of(1_000_001, 2_000_000),
      scale: 6,
    });
    expect(decimalsToUnits([new Decimal('1e-16')])).toBeUndefined();
    expect(decimalsToUnits([new Decimal('1e30')])).toBeUndefined();
    expect(decimalsToUnits([])).toEqual({ units: new Float64Array(0), scale: 4 });
  });
});

describe('decimalToBigUnits', () => {
  it('scales exactly, of any size, refuses extra places unless asked to round up', () => {
    expect(decimalToBigUnits(new Decimal('123456789012345678901234.5'), 2)).toBe(12345678901234567890123450n);
    expect(decimalToBigUnits(new Decimal('-0.5'), 1)).toBe(-5n);
    expect(() => decimalToBigUnits(new Decimal('0.001'), 2)).toThrow(KehuValidationError);
    expect(decimalToBigUnits(new Decimal('0.001'), 2, 'ceil')).toBe(1n);
    expect(decimalToBigUnits(new Decimal('0.8'), 18, 'ceil')).toBe(800_000_000_000_000_000n);
  });
});
