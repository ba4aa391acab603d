import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkExpectedVersion, checkOptionalExpectedVersion, MAX_VERSION } from './expected-version.js';

describe('checkExpectedVersion', () => {
  it('accepts whole versions from 1 to MAX_VERSION', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: MAX_VERSION }), (v) => checkExpectedVersion(v) === v));
  });

  it('refuses everything else with a KehuValidationError at its path', () => {
    const bad = [0, -1, 1.5, Number.NaN, Infinity, MAX_VERSION + 1, '2', null, undefined, {}, [], 2n, true];
    for (const value of bad) {
      expect(() => checkExpectedVersion(value)).toThrow(KehuValidationError);
      try {
        checkExpectedVersion(value, ['options', 'expectedVersion']);
      } catch (error) {
        expect((error as KehuValidationError).path).toEqual(['options', 'expectedVersion']);
      }
    }
    fc.assert(
      fc.property(
        fc.anything().filter((v) => !(Number.isInteger(v) && (v as number) >= 1 && (v as number) <= MAX_VERSION)),
        (v) => {
          expect(() => checkExpectedVersion(v)).toThrow(KehuValidationError);
        },
      ),
    );
  });

  it('lets an optional version be undefined', () => {
    expect(checkOptionalExpectedVersion(undefined)).toBeUndefined();
    expect(checkOptionalExpectedVersion(3)).toBe(3);
    expect(() => checkOptionalExpectedVersion(null)).toThrow(KehuValidationError);
  });
});
