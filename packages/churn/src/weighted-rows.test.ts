import { describe, expect, it } from 'vitest';
import { weightedRows } from './weighted-rows.js';

const table = [
  [1, 2, 3],
  [0, 0, 5],
  [1, 2, 2],
  [-0, 0, 1],
];
const read = (i: number, out: Float64Array) => out.set(table[i] as number[]);

describe('weightedRows (identical rows merged with weights, issue 14)', () => {
  it('merges identical rows in order of first appearance, −0 with 0, summing weights', () => {
    const merged = weightedRows(4, 2, read);
    expect(merged.columns.map((c) => [...c])).toEqual([
      [1, 0],
      [2, 0],
    ]);
    expect([...merged.weight]).toEqual([5, 6]);
    expect(merged.customers).toBe(11);
    expect(Object.is(merged.columns[0]![1], -0)).toBe(false);
  });

  it('keeps every row when asked not to merge, and refuses an empty input', () => {
    expect([...weightedRows(4, 2, read, false).weight]).toEqual([3, 5, 2, 1]);
    expect(() => weightedRows(0, 2, read)).toThrow(/empty data set/);
  });
});
