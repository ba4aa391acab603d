import { compareCodePoints } from '@kehu/core';

/** A customer's segment in one period. */
export interface SegmentAssignment {
  /** The customer. */
  customerId: string;
  /** The segment. */
  segment: string;
}

/** How customers moved between segments from one period to the next. */
export interface MigrationMatrix {
  /**
   * Row and column order: every segment seen in either period, sorted, plus `(none)` when customers entered or
   * left.
   */
  segments: string[];
  /** `counts[i][j]`: customers in `segments[i]` before and `segments[j]` after. */
  counts: number[][];
  /** Customers that stayed in their segment. */
  stayed: number;
  /** Customers that changed segment. */
  moved: number;
}

/** The pseudo-segment of customers absent in one of the periods. */
export const NONE = '(none)';

/**
 * The segment migration matrix between two periods: rows are the segment before, columns
 * the segment after; customers present in only one period move from or to `(none)`.
 */
export function migrationMatrix(
  before: Iterable<SegmentAssignment>,
  after: Iterable<SegmentAssignment>,
): MigrationMatrix {
  const b = new Map<string, string>();
  for (const x of before) b.set(x.customerId, x.segment);
  const a = new Map<string, string>();
  for (const x of after) a.set(x.customerId, x.segment);
  const ids = new Set([...b.keys(), ...a.keys()]);
  const names = new Set<string>();
  for (const id of ids) {
    names.add(b.get(id) ?? NONE);
    names.add(a.get(id) ?? NONE);
  }
  const segments = [...names].filter((s) => s !== NONE).sort(compareCodePoints);
  if (names.has(NONE)) segments.push(NONE);
  const index = new Map(segments.map((s, i) => [s, i]));
  const counts = segments.map(() => segments.map(() => 0));
  let stayed = 0;
  for (const id of ids) {
    const from = b.get(id) ?? NONE;
    const to = a.get(id) ?? NONE;
    counts[index.get(from)!]![index.get(to)!]!++;
    if (from === to) stayed++;
  }
  return { segments, counts, stayed, moved: ids.size - stayed };
}
