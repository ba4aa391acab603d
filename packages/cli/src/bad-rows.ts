import type { BadRow } from '@kehu/ingest';
import type { TextOutput } from './io.js';
import { plural } from './plural.js';

/** How many bad rows a command reports line by line; the others are only counted. */
export const MAX_REPORTED_BAD_ROWS = 20;

/** Writes each reported bad row as `line N: reason`, then how many more were refused. */
export function reportBadRows(out: TextOutput, result: { bad: number; badRows: readonly BadRow[] }): void {
  for (const bad of result.badRows) out.write(`line ${bad.line}: ${bad.reason}\n`);
  const more = result.bad - result.badRows.length;
  if (more > 0) out.write(`… and ${plural(more, 'more bad row')}\n`);
}
