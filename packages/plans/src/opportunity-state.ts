import type { BusinessCalendar } from '@kehu/calendar';
import { invalidInput, type Opportunity, type OpportunityEventBody, requireAsOf } from '@kehu/core';
import { buildColumns, type OpportunityEntry } from './opportunity-columns.js';
import type { OpportunityPolicy } from './opportunity-policy.js';
import { pipelineAt, pipelineRows, pipelineTable } from './pipeline-table.js';
import type { OpportunityState, StageModel } from './types.js';

/** Options of {@link opportunityState} and {@link opportunityStates}. */
export interface OpportunityStateOptions {
  /** The moment computed (required): events after it are ignored, an open opportunity is timed up to it. */
  readonly asOf: Date;
  /** The business calendar time in stage is measured on. */
  readonly calendar: BusinessCalendar;
  /** Win rates per stage, used when the policy's probability source is `model`. */
  readonly model?: StageModel;
}

/**
 * One opportunity as of `asOf`, explained (rule MP-3): status, stage, probability and its source, weighted revenue,
 * the outcome's reason and time in each stage in business days. The convenience path over the same engine as
 * `opportunityColumns` → `pipelineTable` → `pipelineAt`, so it equals the table's row. Errors name the bad event
 * (`['events', j, ...]`); an opportunity created after `asOf` is refused (path `['asOf']`).
 */
export function opportunityState(
  opportunity: Opportunity,
  events: readonly OpportunityEventBody[],
  policy: OpportunityPolicy,
  options: OpportunityStateOptions,
): OpportunityState {
  const asOf = requireAsOf(options);
  const columns = buildColumns([{ opportunity, events }], policy, asOf.getTime(), () => []);
  if (columns.ids.length === 0)
    throw invalidInput(['asOf'], `opportunity ${opportunity.id} was created after asOf ${asOf.toISOString()}`);
  return pipelineAt(pipelineTable(columns, policy, options), 0, policy);
}

/**
 * Many opportunities as of `asOf`, explained (see {@link opportunityState}); opportunities created after `asOf`
 * are left out. Errors name the entry: `['entries', i, 'events', j, ...]`.
 */
export function opportunityStates(
  entries: Iterable<OpportunityEntry>,
  policy: OpportunityPolicy,
  options: OpportunityStateOptions,
): OpportunityState[] {
  const asOf = requireAsOf(options);
  const columns = buildColumns(entries, policy, asOf.getTime(), (i) => ['entries', i]);
  return pipelineRows(pipelineTable(columns, policy, options), policy);
}
