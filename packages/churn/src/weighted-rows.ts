import { invalidInput } from '@kehu/core';

/** Rows of `width` values with a weight each, identical rows merged: the form every fit evaluates. */
export interface WeightedRows {
  /** One column per value, in the order of first appearance of each distinct row. */
  readonly columns: Float64Array[];
  /** Customers per distinct row (the summed weights). */
  readonly weight: Float64Array;
  /** The sum of the weights. */
  readonly customers: number;
}

/** One 32-bit round of MurmurHash3 (Appleby), for hashing the bits of a row's values. */
function mix(h: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/**
 * Reads `n` rows of `width` values and a weight (`read` fills `out[0..width-1]` and `out[width]`) and, unless
 * `merge` is false, merges identical rows (−0 and 0 alike) into one whose weight is the sum. An open-addressing
 * hash on the values' bits keeps this linear: a million rows take a fraction of a second, where string keys in
 * a `Map` took seconds. An empty input is refused: nothing can be fitted to it.
 */
export function weightedRows(
  n: number,
  width: number,
  read: (i: number, out: Float64Array) => void,
  merge = true,
): WeightedRows {
  if (n === 0) throw invalidInput([], 'there are no rows to fit: an empty data set cannot be fitted');
  const columns = Array.from({ length: width }, () => new Float64Array(n));
  const weight = new Float64Array(n);
  const row = new Float64Array(width + 1);
  const words = new Uint32Array(row.buffer, 0, 2 * width);
  let size = 16;
  while (size < 2 * n) size *= 2;
  const mask = size - 1;
  const slots = merge ? new Int32Array(size).fill(-1) : null;
  let rows = 0;
  let customers = 0;
  for (let i = 0; i < n; i++) {
    read(i, row);
    // + 0 turns −0 into 0 so that equal values share their bits.
    for (let j = 0; j < width; j++) row[j] = (row[j] as number) + 0;
    const w = row[width] as number;
    customers += w;
    if (slots) {
      let h = 0;
      for (let j = 0; j < 2 * width; j++) h = mix(h, words[j] as number);
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      let slot = h & mask;
      let found = -1;
      for (;;) {
        const at = slots[slot] as number;
        if (at < 0) break;
        let same = true;
        for (let j = 0; j < width && same; j++) same = (columns[j] as Float64Array)[at] === row[j];
        if (same) {
          found = at;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (found >= 0) {
        weight[found] = (weight[found] as number) + w;
        continue;
      }
      slots[slot] = rows;
    }
    for (let j = 0; j < width; j++) (columns[j] as Float64Array)[rows] = row[j] as number;
    weight[rows] = w;
    rows++;
  }
  if (rows === n) return { columns, weight, customers };
  return { columns: columns.map((c) => c.slice(0, rows)), weight: weight.slice(0, rows), customers };
}
