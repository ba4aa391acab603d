import { invalidInput } from '@kehu/core';

/** Bounds on an instant field of a listing or stream: `from <= instant < to`; either may be left out. */
export interface InstantRange {
  /** Only records at or after `from`. */
  from?: Date;
  /** Only records before `to`. */
  to?: Date;
}

/**
 * Checks the bounds of an {@link InstantRange}: each given bound must be a `Date` holding a time; throws
 * `KehuValidationError` at `['filter', 'from']` or `['filter', 'to']`. Adapters call it before the store is asked,
 * so every store refuses a bad bound the same way.
 */
export function checkInstantRange(filter: InstantRange): void {
  for (const key of ['from', 'to'] as const) {
    const bound: unknown = filter[key];
    if (bound !== undefined && !(bound instanceof Date && Number.isFinite(bound.getTime()))) {
      throw invalidInput(['filter', key], `filter.${key} must be a valid Date`);
    }
  }
}
