import { requireAsOf } from '@kehu/core';
import { checkPipelineTable, stageOutcomeCounts } from './opportunity-analytics.js';
import type { OpportunityPolicy } from './opportunity-policy.js';
import type { PipelineTable, StageModel } from './types.js';

/** Options of {@link fitStageModel}. */
export interface FitStageModelOptions {
  /** Outcomes reached after this instant are left out. Explicit, never the clock. */
  asOf: Date;
}

/**
 * Learns the `model` probability source (rule MP-3) from a pipeline table: for every stage, the closed opportunities
 * that entered it (a skipped stage is not reached; an opportunity counts once however often it entered the stage),
 * how many of them were won, and that win rate in whole percent, rounded half up. Only outcomes reached at or before
 * `asOf` count (the table knows each opportunity's last close; one closed again after `asOf` is left out). A stage no
 * closed opportunity entered gets `closed: 0` and its default probability, which the engine never uses since it
 * takes the model only from `policy.probability.minClosed` closed opportunities on. Pass the result as the
 * `model` option of `pipelineTable` when `policy.probability.source` is `model`.
 *
 * @param table - a pipeline table computed with `policy`
 * @param policy - the opportunity policy the table was computed with
 * @param options - `asOf`
 * @throws KehuValidationError at `['asOf']` without a valid `asOf`, at `['table', …]` when the table does not fit
 */
export function fitStageModel(
  table: PipelineTable,
  policy: OpportunityPolicy,
  options: FitStageModelOptions,
): StageModel {
  const asOf = requireAsOf(options);
  checkPipelineTable(table, policy);
  const counts = stageOutcomeCounts(table, asOf.getTime());
  const stages: Record<string, { closed: number; won: number; probability: number }> = {};
  policy.stages.forEach((stage, s) => {
    const closed = counts.closed[s]!;
    const won = counts.won[s]!;
    // Whole percent rounded half up in integers: ⌊(200 won + closed) / (2 closed)⌋.
    const probability = closed === 0 ? stage.probability : Math.floor((200 * won + closed) / (2 * closed));
    stages[stage.id] = { closed, won, probability };
  });
  return { stages, asOf: new Date(asOf.getTime()) };
}
