import { KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { countAtLeast, momentsOf, readLevel, readScale, readScores, readSmallSample } from './score-sample.js';

function errorOf(f: () => unknown): KehuValidationError {
  try {
    f();
  } catch (error) {
    if (error instanceof KehuValidationError) return error;
    throw error;
  }
  throw new Error('expected a KehuValidationError');
}

describe('reading scores (SA-1, SA-3)', () => {
  it('counts every score by value and reads any iterable', () => {
    const sample = readScores(new Set([5, 3, 4]), { min: 1, max: 5 });
    expect(sample.n).toBe(3);
    expect([...sample.counts]).toEqual([
      [3, 1],
      [4, 1],
      [5, 1],
    ]);
    expect(countAtLeast(readScores([1, 4, 4, 5, 2], { min: 1, max: 5 }), 4)).toBe(3);
  });

  it('refuses 6.5, a value off the scale, NaN or a string at the index, never dropping it (SA-1)', () => {
    expect(errorOf(() => readScores([9, 6.5], { min: 0, max: 10 })).path).toEqual([1]);
    expect(errorOf(() => readScores([1, 2, 0], { min: 1, max: 5 })).path).toEqual([2]);
    expect(errorOf(() => readScores([Number.NaN], { min: 1, max: 5 })).path).toEqual([0]);
    expect(errorOf(() => readScores(['4' as unknown as number], { min: 1, max: 5 }, ['q'])).path).toEqual(['q', 0]);
    expect(errorOf(() => readScores(42 as unknown as number[], { min: 1, max: 5 })).path).toEqual([]);
  });

  it('computes the mean and the n - 1 standard deviation, NaN where undefined', () => {
    expect(momentsOf(readScores([1, 2, 3, 4, 5], { min: 1, max: 5 }))).toEqual({ mean: 3, sd: Math.sqrt(2.5) });
    expect(momentsOf(readScores([4], { min: 1, max: 5 })).sd).toBeNaN();
    expect(momentsOf(readScores([], { min: 1, max: 5 })).mean).toBeNaN();
  });

  it('checks the options with the path of the bad one', () => {
    expect(readLevel(undefined)).toBe(0.95);
    expect(errorOf(() => readLevel(1)).path).toEqual(['level']);
    expect(readSmallSample(undefined)).toBe(30);
    expect(errorOf(() => readSmallSample(-1)).path).toEqual(['smallSample']);
    expect(readScale(undefined, { min: 1, max: 7 })).toEqual({ min: 1, max: 7 });
    expect(errorOf(() => readScale({ min: 5, max: 1 }, { min: 1, max: 7 })).path).toEqual(['scale']);
    expect(errorOf(() => readScale({ min: 0.5, max: 5 }, { min: 1, max: 7 })).path).toEqual(['scale']);
  });
});
