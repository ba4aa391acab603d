import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frequencyColumns, frequencyColumnsFrom } from './rows.js';

describe('frequency rows (issue 14: identical rows aggregated with weights; bad input refused)', () => {
  it('merges identical rows by summing weights and keeps the first-seen order', () => {
    const columns = frequencyColumns([
      { frequency: 1, recency: 2, T: 5 },
      { frequency: 0, recency: 0, T: 5 },
      { frequency: 1, recency: 2, T: 5, weight: 3 },
      { frequency: 0, recency: -0, T: 5 },
    ]);
    expect(Array.from(columns.frequency)).toEqual([1, 0]);
    expect(Array.from(columns.weight)).toEqual([4, 2]);
    expect(columns.customers).toBe(6);
  });
  it('aggregation keeps every customer and every distinct row (property)', () => {
    const row = fc
      .record({
        frequency: fc.integer({ min: 0, max: 3 }),
        T: fc.integer({ min: 0, max: 3 }),
        share: fc.integer({ min: 0, max: 2 }),
      })
      .map(({ frequency, T, share }) => ({ frequency, T, recency: frequency === 0 ? 0 : (share * T) / 2 }));
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 200 }), (rows) => {
        const columns = frequencyColumnsFrom({
          frequency: rows.map((r) => r.frequency),
          recency: rows.map((r) => r.recency),
          T: rows.map((r) => r.T),
        });
        const distinct = new Set(rows.map((r) => `${r.frequency}|${r.recency}|${r.T}`));
        expect(columns.frequency.length).toBe(distinct.size);
        expect(columns.customers).toBe(rows.length);
        expect(columns.weight.reduce((sum, w) => sum + w, 0)).toBe(rows.length);
      }),
    );
  });
  it('names [rowIndex, field] for objects and [field, rowIndex] for columns', () => {
    const path = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        expect(error).toBeInstanceOf(KehuValidationError);
        return (error as KehuValidationError).issues[0]?.path;
      }
      return undefined;
    };
    expect(
      path(() =>
        frequencyColumns([
          { frequency: 1, recency: 1, T: 1 },
          { frequency: 1, recency: 2, T: 1 },
        ]),
      ),
    ).toEqual([1, 'recency']);
    expect(path(() => frequencyColumnsFrom({ frequency: [1, Number.NaN], recency: [1, 1], T: [1, 1] }))).toEqual([
      'frequency',
      1,
    ]);
    expect(path(() => frequencyColumnsFrom({ frequency: [], recency: [], T: [] }))).toEqual([]);
  });
});
