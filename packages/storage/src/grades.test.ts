import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_VERSION } from './expected-version.js';
import { checkGradeVersion } from './grades.js';

describe('checkGradeVersion (rules GR-4, AR-4)', () => {
  it('accepts 0 (no grade yet) and whole versions up to MAX_VERSION', () => {
    expect(checkGradeVersion(0)).toBe(0);
    expect(checkGradeVersion(MAX_VERSION)).toBe(MAX_VERSION);
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_VERSION }), (v) => checkGradeVersion(v) === v));
  });

  it('refuses everything else with a KehuValidationError at its path', () => {
    const bad = [-1, 0.5, 1.5, Number.NaN, Infinity, MAX_VERSION + 1, '2', '0', null, undefined, {}, 0n, false];
    for (const value of bad) {
      expect(() => checkGradeVersion(value), String(value)).toThrow(KehuValidationError);
      expect(() => checkGradeVersion(value, ['grades', 3, 'expectedVersion'])).toThrow(
        expect.objectContaining({ path: ['grades', 3, 'expectedVersion'] }),
      );
    }
    fc.assert(
      fc.property(
        fc.anything().filter((v) => !(Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_VERSION)),
        (v) => {
          expect(() => checkGradeVersion(v)).toThrow(KehuValidationError);
        },
      ),
    );
  });
});
