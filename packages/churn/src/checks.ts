import { invalidInput } from '@kehu/core';
import { checkFrequencyRow } from './rows.js';

/**
 * Refuses a model's parameters unless each of `names` is a finite positive number, naming the first bad
 * one (`[name]`); `model` names the model in the message (e.g. `BG/NBD`).
 */
export function checkPositiveParams(params: unknown, names: readonly string[], model: string): void {
  if (params === null || typeof params !== 'object') {
    throw invalidInput([], `${model} parameters must be { ${names.join(', ')} }`);
  }
  for (const name of names) {
    const value = (params as Record<string, unknown>)[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw invalidInput([name], `${model} parameter ${name} must be a finite positive number`);
    }
  }
}

/** Refuses a purchase history `{ frequency, recency, T }` as `checkFrequencyRow` does, the field as the path. */
export function checkHistoryRow(row: unknown): void {
  if (row === null || typeof row !== 'object') throw invalidInput([], 'row must be { frequency, recency, T }');
  const { frequency, recency, T } = row as Record<string, unknown>;
  checkFrequencyRow(frequency, recency, T, undefined, (field) => [field]);
}

/** Refuses a time or horizon that is not a finite number, 0 or more, at `[name]`; returns it. */
export function checkNonNegative(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalidInput([name], `${name} must be a finite number, 0 or more`);
  }
  return value;
}
