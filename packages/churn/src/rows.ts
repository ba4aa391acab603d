import { invalidInput } from '@kehu/core';
import { weightedRows } from './weighted-rows.js';

/**
 * One customer's purchase history in the form the buy-till-you-die models use, in model periods
 * (days, weeks: whatever unit the summary was made in; see `rfmSummary`).
 */
export interface FrequencyRow {
  /** Repeat purchases: purchase periods after the first one (an integer, 0 or more). */
  readonly frequency: number;
  /** Time of the last repeat purchase, counted from the first purchase (0 when `frequency` is 0). */
  readonly recency: number;
  /** Time from the first purchase to the end of the observation (0 or more, at least `recency`). */
  readonly T: number;
  /** How many customers share this row (default 1, positive). */
  readonly weight?: number;
}

/** Frequency rows as columns: the bulk form of {@link FrequencyRow}. `weight` defaults to 1 per row. */
export interface FrequencyColumnsInput {
  /** Repeat purchases per customer. */
  readonly frequency: Float64Array | readonly number[];
  /** Recency per customer. */
  readonly recency: Float64Array | readonly number[];
  /** Age per customer. */
  readonly T: Float64Array | readonly number[];
  /** Weight per row (optional). */
  readonly weight?: Float64Array | readonly number[];
}

/** Validated frequency columns, identical rows aggregated into one with the summed weight. */
export interface FrequencyColumns {
  /** Repeat purchases. */
  readonly frequency: Float64Array;
  /** Recency. */
  readonly recency: Float64Array;
  /** Age. */
  readonly T: Float64Array;
  /** Customers per row. */
  readonly weight: Float64Array;
  /** The sum of the weights. */
  readonly customers: number;
}

/**
 * Checks one row, naming the row and field of the first problem (path `[index, field]`, or the path `index`
 * builds when it is a function): a negative or fractional frequency,
 * a recency greater than `T`, a recency without repeat purchases, a non-finite value or a weight that
 * is not positive is refused with a `KehuValidationError`.
 */
export function checkFrequencyRow(
  frequency: unknown,
  recency: unknown,
  T: unknown,
  weight: unknown,
  index: number | ((field: string) => (string | number)[]),
): void {
  const at = typeof index === 'number' ? (field: string) => [index, field] : index;
  if (typeof frequency !== 'number' || !Number.isFinite(frequency)) {
    throw invalidInput(at('frequency'), 'frequency must be a finite number');
  }
  if (frequency < 0 || !Number.isInteger(frequency)) {
    throw invalidInput(at('frequency'), 'frequency must be a whole number of repeat purchases, 0 or more');
  }
  if (typeof recency !== 'number' || !Number.isFinite(recency)) {
    throw invalidInput(at('recency'), 'recency must be a finite number');
  }
  if (typeof T !== 'number' || !Number.isFinite(T)) throw invalidInput(at('T'), 'T must be a finite number');
  if (recency < 0) throw invalidInput(at('recency'), 'recency must be 0 or more');
  if (T < 0) throw invalidInput(at('T'), 'T must be 0 or more');
  if (recency > T) throw invalidInput(at('recency'), `recency ${recency} is greater than T ${T}`);
  if (frequency === 0 && recency !== 0) {
    throw invalidInput(at('recency'), 'recency must be 0 when there are no repeat purchases');
  }
  if (weight !== undefined) {
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) {
      throw invalidInput(at('weight'), 'weight must be a positive finite number');
    }
  }
}

function aggregate(n: number, read: (i: number, out: Float64Array) => void, merge: boolean): FrequencyColumns {
  const { columns, weight, customers } = weightedRows(n, 3, read, merge);
  const [frequency, recency, T] = columns as [Float64Array, Float64Array, Float64Array];
  return { frequency, recency, T, weight, customers };
}

/**
 * Validates frequency rows and aggregates identical ones (same frequency, recency and `T`) into one
 * row whose weight is the sum, so a fit evaluates each distinct history once. Inputs are not mutated.
 */
export function frequencyColumns(
  rows: readonly FrequencyRow[],
  options: { readonly aggregate?: boolean } = {},
): FrequencyColumns {
  if (!Array.isArray(rows)) throw invalidInput([], 'rows must be an array of { frequency, recency, T, weight? }');
  const list = rows as readonly FrequencyRow[];
  return aggregate(
    list.length,
    (i, out) => {
      const row = list[i];
      if (row === null || typeof row !== 'object') throw invalidInput([i], 'a row must be an object');
      checkFrequencyRow(row.frequency, row.recency, row.T, row.weight, i);
      out[0] = row.frequency;
      out[1] = row.recency;
      out[2] = row.T;
      out[3] = row.weight ?? 1;
    },
    options.aggregate ?? true,
  );
}

/**
 * {@link frequencyColumns} for columnar input: every column must have the same length; a bad value is named
 * `[field, rowIndex]`.
 */
export function frequencyColumnsFrom(
  columns: FrequencyColumnsInput,
  options: { readonly aggregate?: boolean } = {},
): FrequencyColumns {
  if (columns === null || typeof columns !== 'object') {
    throw invalidInput([], 'columns must be an object of frequency, recency and T');
  }
  const { frequency, recency, T, weight } = columns;
  for (const [name, column] of Object.entries({ frequency, recency, T })) {
    if (!(column instanceof Float64Array) && !Array.isArray(column)) {
      throw invalidInput([name], `${name} must be a Float64Array or an array of numbers`);
    }
  }
  const n = frequency.length;
  if (recency.length !== n) throw invalidInput(['recency'], `recency has ${recency.length} rows, frequency ${n}`);
  if (T.length !== n) throw invalidInput(['T'], `T has ${T.length} rows, frequency ${n}`);
  if (weight !== undefined && weight.length !== n) {
    throw invalidInput(['weight'], `weight has ${weight.length} rows, frequency ${n}`);
  }
  return aggregate(
    n,
    (i, out) => {
      const w = weight?.[i];
      checkFrequencyRow(frequency[i], recency[i], T[i], weight === undefined ? undefined : w, (field) => [field, i]);
      out[0] = frequency[i] as number;
      out[1] = recency[i] as number;
      out[2] = T[i] as number;
      out[3] = (w ?? 1) as number;
    },
    options.aggregate ?? true,
  );
}
