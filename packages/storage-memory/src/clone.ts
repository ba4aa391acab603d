import { Decimal } from '@kehu/core';

/**
 * Deep copy of a validated record: plain objects and arrays are copied, `Date`s are
 * re-created, `Decimal`s (immutable) are shared. The memory adapter copies records on the
 * way in and on the way out, so neither the caller's input nor the store can be changed
 * through a reference the other holds.
 *
 * `structuredClone` is not used because it drops the `Decimal` prototype.
 */
export function cloneRecord<T>(value: T): T {
  return cloneValue(value) as T;
}

function cloneValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime());
  if (Decimal.isDecimal(value)) return value;
  if (Array.isArray(value)) return value.map(cloneValue);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = cloneValue(v);
  return out;
}
