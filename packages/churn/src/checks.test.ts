import { KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { checkHistoryRow, checkNonNegative, checkPositiveParams } from './checks.js';

describe('shared input checks of the models (issue 14: bad input refused with the field)', () => {
  it('names the first parameter that is not finite and positive', () => {
    expect(() => checkPositiveParams({ r: 1, alpha: 0 }, ['r', 'alpha'], 'BG/NBD')).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: ['alpha'] })] }),
    );
    expect(() => checkPositiveParams(null, ['r'], 'BG/NBD')).toThrow(/BG\/NBD parameters must be \{ r \}/);
    expect(() => checkPositiveParams({ r: 2 }, ['r'], 'BG/NBD')).not.toThrow();
  });

  it('refuses a history that is not one, and a negative or infinite time', () => {
    expect(() => checkHistoryRow({ frequency: 1, recency: 5, T: 3 })).toThrow(KehuValidationError);
    expect(() => checkHistoryRow('x')).toThrow(/row must be/);
    expect(() => checkHistoryRow({ frequency: 2, recency: 3, T: 3 })).not.toThrow();
    expect(checkNonNegative(0, 't')).toBe(0);
    for (const bad of [-1, Number.POSITIVE_INFINITY, '1']) expect(() => checkNonNegative(bad, 't')).toThrow(/^t must/);
  });
});
