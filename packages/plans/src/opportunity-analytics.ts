/**
 * What the opportunity analytics (rule MP-3) share: the check that a `PipelineTable` was computed under the policy
 * it is analysed with, business days, percent text and the per-stage outcome counts behind conversion, calibration
 * and the stage model. Internal to the package (not exported from its index).
 */
import { invalidInput } from '@kehu/core';
import type { OpportunityPolicy } from './opportunity-policy.js';
import type { PipelineTable } from './types.js';

/** The rule every opportunity analysis serves. */
export const MP3 = 'MP-3' as const;

/**
 * Checks that `table` is a pipeline table of `policy`'s stages with columns of matching lengths, so the loops that
 * follow read no index out of range. Throws `KehuValidationError` at the path of the first mismatch.
 */
export function checkPipelineTable(table: PipelineTable, policy: OpportunityPolicy): void {
  if (table === null || typeof table !== 'object' || table.columns === null || typeof table.columns !== 'object')
    throw invalidInput(['table'], 'expected a PipelineTable (from pipelineTable)', 'invalid_type');
  const stages = policy.stages;
  const ids = table.stages;
  if (!Array.isArray(ids) || ids.length !== stages.length || stages.some((s, k) => s.id !== ids[k]))
    throw invalidInput(
      ['table', 'stages'],
      `the table's stages (${String(ids)}) are not the policy's (${stages.map((s) => s.id).join(',')}): ` +
        'analyse a table with the policy it was computed with',
    );
  const c = table.columns;
  const n = c.ids.length;
  const perRow: Array<[string, { length: number } | undefined]> = [
    ['salespersonIds', c.salespersonIds],
    ['revenueUnits', c.revenueUnits],
    ['expectedCloseDay', c.expectedCloseDay],
    ['status', c.status],
    ['closedAt', c.closedAt],
    ['reason', c.reason],
  ];
  for (const [name, column] of perRow)
    if (column?.length !== n)
      throw invalidInput(['table', 'columns', name], `${name} must have one entry per opportunity (${n})`);
  if (table.probability?.length !== n)
    throw invalidInput(['table', 'probability'], `probability must have one entry per opportunity (${n})`);
  const cells = n * stages.length;
  if (table.stageMs?.length !== cells || table.stageVisits?.length !== cells)
    throw invalidInput(['table', 'stageMs'], `stageMs and stageVisits must have opportunities × stages (${cells})`);
  if (!Number.isInteger(c.revenueScale) || c.revenueScale < 0 || c.revenueScale > 100)
    throw invalidInput(['table', 'columns', 'revenueScale'], 'revenueScale must be an integer 0..100');
}

/** Milliseconds of one business day under the policy (`businessDayHours` open hours). */
export function businessDayMs(policy: OpportunityPolicy): number {
  return policy.businessDayHours * 3_600_000;
}

/** `x` (a share 0..1) as a percent with at most one decimal, e.g. `41%` or `12.5%`; `n/a` for NaN. */
export function percentText(x: number): string {
  if (Number.isNaN(x)) return 'n/a';
  return `${Math.round(x * 1000) / 10}%`;
}

/** `x` business days with at most one decimal. */
export function daysText(x: number): string {
  return Number.isNaN(x) ? 'n/a' : String(Math.round(x * 10) / 10);
}

/** Counts per stage among the closed opportunities that entered it. */
export interface StageOutcomeCounts {
  /** Closed opportunities that entered the stage at least once, per stage index. */
  closed: Float64Array;
  /** Of them, how many were won. */
  won: Float64Array;
  /** Closed opportunities counted (whatever stages they entered). */
  closedTotal: number;
  /** Of them, won. */
  wonTotal: number;
}

/**
 * Per stage, the closed opportunities that entered it (a visit, so a skipped stage is not reached) and how many of
 * them were won, counting only outcomes reached at or before `until` (epoch ms; `Infinity` for all). An opportunity
 * counts once per stage however often it entered it. Status values other than 0, 1, 2 are refused.
 */
export function stageOutcomeCounts(table: PipelineTable, until = Number.POSITIVE_INFINITY): StageOutcomeCounts {
  const S = table.stages.length;
  const { status, closedAt } = table.columns;
  const visits = table.stageVisits;
  const closed = new Float64Array(S);
  const won = new Float64Array(S);
  let closedTotal = 0;
  let wonTotal = 0;
  const n = status.length;
  for (let i = 0; i < n; i++) {
    const st = status[i]!;
    if (st === 0) continue;
    if (st > 2) throw invalidInput(['table', 'columns', 'status', i], `status must be 0, 1 or 2, got ${st}`);
    if (!(closedAt[i]! <= until)) continue;
    const w = st === 1 ? 1 : 0;
    closedTotal++;
    wonTotal += w;
    const base = i * S;
    for (let s = 0; s < S; s++) {
      if (visits[base + s] === 0) continue;
      closed[s]! += 1;
      won[s]! += w;
    }
  }
  return { closed, won, closedTotal, wonTotal };
}
