import {
  type Decimal,
  dayNumber,
  decimalsToUnits,
  decimalToUnits,
  type ErrorPath,
  invalidInput,
  KehuCurrencyMismatchError,
  MAX_UNIT_SCALE,
  type Opportunity,
  type OpportunityEventBody,
  requireAsOf,
} from '@kehu/core';
import { foldOpportunity } from './opportunity-check.js';
import type { OpportunityPolicy } from './opportunity-policy.js';
import { STATUS_LOST, STATUS_OPEN, STATUS_WON } from './probability.js';
import type { OpportunityColumns } from './types.js';

/** One opportunity with its event log, as {@link opportunityColumns} and `opportunityStates` take them. */
export interface OpportunityEntry {
  /** The opportunity as opened. */
  readonly opportunity: Opportunity;
  /** The opportunity's log in order (`created` first when stored with it). */
  readonly events: readonly OpportunityEventBody[];
}

/** Options of {@link opportunityColumns}. */
export interface OpportunityColumnsOptions {
  /** The columns hold each opportunity as of this instant (required). */
  readonly asOf: Date;
}

/**
 * Replays many opportunities' logs into columns (rule MP-3), the input of `pipelineTable`. Each log is checked as
 * `replayOpportunity` does, and against the policy: stage ids (the opening stage and every move) and won/lost
 * reasons must be the policy's. Errors name the entry: `['entries', i, 'events', j, 'stage']`.
 *
 * As of `asOf`: events after it are ignored, and an opportunity created after it is left out (the columns then
 * have fewer rows than the input has entries; `ids` says which are in).
 *
 * Money: every expected revenue must be in one currency (`KehuCurrencyMismatchError` otherwise, with the entry's
 * path in `details.path`); amounts become exact scaled integers at one scale chosen from the data (core
 * `decimalsToUnits`: 4 places when all fit, else the most places any amount has). When no exact scale exists (an
 * amount with more than 15 decimal places, or too large for exact units at the scale needed), the entry is refused
 * with `KehuValidationError`; amounts are never rounded. Without entries the currency is `''`.
 */
export function opportunityColumns(
  entries: Iterable<OpportunityEntry>,
  policy: OpportunityPolicy,
  options: OpportunityColumnsOptions,
): OpportunityColumns {
  return buildColumns(entries, policy, requireAsOf(options).getTime(), (i) => ['entries', i]);
}

/**
 * {@link opportunityColumns} with the error path of entry `i` given by `pathOf` (the object path of one
 * opportunity reports `['events', j]`, the bulk path `['entries', i, 'events', j]`).
 */
export function buildColumns(
  entries: Iterable<OpportunityEntry>,
  policy: OpportunityPolicy,
  asOf: number,
  pathOf: (i: number) => ErrorPath,
): OpportunityColumns {
  if (entries === null || typeof (entries as Iterable<unknown>)?.[Symbol.iterator] !== 'function')
    throw invalidInput(['entries'], 'entries must be an iterable of { opportunity, events }', 'invalid_type');
  const stageIndex = new Map(policy.stages.map((s, k) => [s.id, k]));
  const wonIndex = new Map(policy.reasons.won.map((r, k) => [r.code, k]));
  const lostIndex = new Map(policy.reasons.lost.map((r, k) => [r.code, k]));
  const ids: string[] = [];
  const customerIds: string[] = [];
  const salespersonIds: string[] = [];
  const revenues: Decimal[] = [];
  const revenuePaths: ErrorPath[] = [];
  const closeDays: number[] = [];
  const created: number[] = [];
  const status: number[] = [];
  const closedAt: number[] = [];
  const reason: number[] = [];
  const manual: number[] = [];
  const visitStart: number[] = [0];
  const visitAt: number[] = [];
  const visitStage: number[] = [];
  let currency: string | undefined;
  let i = -1;
  for (const entry of entries) {
    i++;
    if (entry === null || typeof entry !== 'object')
      throw invalidInput(pathOf(i), 'an entry must be { opportunity, events }', 'invalid_type');
    const { opportunity, events } = entry;
    if (opportunity === null || typeof opportunity !== 'object')
      throw invalidInput([...pathOf(i), 'opportunity'], 'opportunity must be an object', 'invalid_type');
    if (opportunity.createdAt instanceof Date && opportunity.createdAt.getTime() > asOf) continue;
    if (!stageIndex.has(opportunity.stage))
      throw invalidInput([...pathOf(i), 'opportunity', 'stage'], `unknown stage ${opportunity.stage}`);
    const state = foldOpportunity(opportunity, events, asOf, pathOf(i), policy);
    if (currency === undefined) currency = state.currency;
    else if (state.currency !== currency)
      throw new KehuCurrencyMismatchError([currency, state.currency], {
        details: { path: [...pathOf(i), 'opportunity', 'currency'] },
      });
    ids.push(state.opportunityId);
    customerIds.push(state.customerId);
    salespersonIds.push(state.salespersonId);
    revenues.push(state.expectedRevenue);
    let revenueAt: ErrorPath = [...pathOf(i), 'opportunity', 'expectedRevenue'];
    for (let j = 0; j < state.version; j++)
      if (events[j]!.type === 'revenue-changed') revenueAt = [...pathOf(i), 'events', j, 'expectedRevenue'];
    revenuePaths.push(revenueAt);
    closeDays.push(dayNumber(state.expectedCloseDate));
    created.push(state.createdAt.getTime());
    const code = state.status === 'open' ? STATUS_OPEN : state.status === 'won' ? STATUS_WON : STATUS_LOST;
    status.push(code);
    closedAt.push(state.closedAt === undefined ? Number.NaN : state.closedAt.getTime());
    reason.push(
      state.reason === undefined ? -1 : ((code === STATUS_WON ? wonIndex : lostIndex).get(state.reason) ?? -1),
    );
    manual.push(state.manualProbability ?? -1);
    for (const v of state.visits) {
      visitAt.push(v.at.getTime());
      visitStage.push(v.stage === null ? -1 : stageIndex.get(v.stage)!);
    }
    visitStart.push(visitAt.length);
  }
  return {
    ids,
    customerIds,
    salespersonIds,
    currency: currency ?? '',
    ...scaledRevenues(revenues, revenuePaths),
    expectedCloseDay: Int32Array.from(closeDays),
    createdAt: Float64Array.from(created),
    status: Uint8Array.from(status),
    closedAt: Float64Array.from(closedAt),
    reason: Int16Array.from(reason),
    manualProbability: Int8Array.from(manual),
    visitStart: Int32Array.from(visitStart),
    visitAt: Float64Array.from(visitAt),
    visitStage: Int16Array.from(visitStage),
  };
}

/** Exact scaled units of every revenue at one scale, or an error naming the first amount that has none. */
function scaledRevenues(
  revenues: readonly Decimal[],
  paths: readonly ErrorPath[],
): { revenueUnits: Float64Array; revenueScale: number } {
  const scaled = decimalsToUnits(revenues);
  if (scaled !== undefined) return { revenueUnits: scaled.units, revenueScale: scaled.scale };
  let scale = 0;
  for (let k = 0; k < revenues.length; k++) {
    const places = revenues[k]!.decimalPlaces();
    if (places > MAX_UNIT_SCALE)
      throw invalidInput(
        paths[k]!,
        `expected revenue ${revenues[k]!.toString()} has ${places} decimal places; at most ${MAX_UNIT_SCALE} can ` +
          'be summed exactly',
      );
    scale = Math.max(scale, places);
  }
  for (let k = 0; k < revenues.length; k++)
    if (decimalToUnits(revenues[k]!, scale) === undefined)
      throw invalidInput(
        paths[k]!,
        `expected revenue ${revenues[k]!.toString()} is too large to hold exactly in units of 10^-${scale} ` +
          `(the scale the amounts need); at most ${Number.MAX_SAFE_INTEGER} units`,
      );
  throw invalidInput(['entries'], 'the expected revenues have no common exact scale');
}
