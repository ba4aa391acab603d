import { type BusinessCalendar, type BusinessClock, businessClock } from '@kehu/calendar';
import { dateOfDay, decimalFromUnits, invalidInput, MAX_UNIT_SCALE, requireAsOf } from '@kehu/core';
import { businessDayMs } from './opportunity-analytics.js';
import type { OpportunityPolicy } from './opportunity-policy.js';
import {
  explainProbability,
  probabilityBasis,
  resolveProbability,
  STATUS_LOST,
  STATUS_OPEN,
  STATUS_WON,
} from './probability.js';
import {
  OPPORTUNITY_STATUSES,
  type OpportunityColumns,
  type OpportunityState,
  type PipelineTable,
  type StageModel,
  type StageTime,
} from './types.js';

/** Options of {@link pipelineTable}. */
export interface PipelineTableOptions {
  /** The moment computed (required): open opportunities are timed up to it. */
  readonly asOf: Date;
  /** The business calendar time in stage is measured on (e.g. `chinaCalendar()`). */
  readonly calendar: BusinessCalendar;
  /** Win rates per stage, used when the policy's probability source is `model` (see `probabilityBasis`). */
  readonly model?: StageModel;
}

const MAX_VISITS = 65_535;

function bad(name: string, k: number, message: string): never {
  throw invalidInput(['columns', name, k], `${name}[${k}] ${message}`);
}

function columnOf(columns: OpportunityColumns, name: keyof OpportunityColumns, type: unknown, n: number): void {
  const c = columns[name] as unknown;
  if (!(c instanceof (type as new () => object)))
    throw invalidInput(['columns', name], `${name} must be a ${(type as { name: string }).name}`, 'invalid_type');
  if ((c as { length: number }).length !== n)
    throw invalidInput(['columns', name], `${name} has ${(c as { length: number }).length} entries, expected ${n}`);
}

/** Checks the shape of the columns (types and lengths); the row invariants are checked by {@link pipelineTable}. */
function checkShape(c: OpportunityColumns): void {
  if (c === null || typeof c !== 'object') throw invalidInput(['columns'], 'columns must be an object', 'invalid_type');
  if (!Array.isArray(c.ids)) throw invalidInput(['columns', 'ids'], 'ids must be an array', 'invalid_type');
  const n = c.ids.length;
  for (const name of ['customerIds', 'salespersonIds'] as const) {
    if (!Array.isArray(c[name]) || c[name].length !== n)
      throw invalidInput(['columns', name], `${name} must be an array of ${n} ids`, 'invalid_type');
  }
  if (typeof c.currency !== 'string') throw invalidInput(['columns', 'currency'], 'currency must be a string');
  if (!Number.isInteger(c.revenueScale) || c.revenueScale < 0 || c.revenueScale > MAX_UNIT_SCALE)
    throw invalidInput(['columns', 'revenueScale'], `revenueScale must be an integer 0..${MAX_UNIT_SCALE}`);
  columnOf(c, 'revenueUnits', Float64Array, n);
  columnOf(c, 'expectedCloseDay', Int32Array, n);
  columnOf(c, 'createdAt', Float64Array, n);
  columnOf(c, 'status', Uint8Array, n);
  columnOf(c, 'closedAt', Float64Array, n);
  columnOf(c, 'reason', Int16Array, n);
  columnOf(c, 'manualProbability', Int8Array, n);
  columnOf(c, 'visitStart', Int32Array, n + 1);
  const visits = c.visitAt?.length;
  columnOf(c, 'visitAt', Float64Array, visits);
  columnOf(c, 'visitStage', Int16Array, visits);
  if (c.visitStart[0] !== 0) bad('visitStart', 0, 'must be 0');
  if (c.visitStart[n] !== visits) bad('visitStart', n, `must be the number of visits, ${visits}`);
}

/** Checks the invariants of row `i` that do not need its visits one by one (see `OpportunityColumns`). */
function checkRow(c: OpportunityColumns, i: number, asOf: number, wonReasons: number, lostReasons: number): void {
  const a = c.visitStart[i]!;
  const b = c.visitStart[i + 1]!;
  if (!(b > a)) bad('visitStart', i + 1, 'must be above the previous offset: every row has at least one visit');
  const created = c.createdAt[i]!;
  if (!Number.isFinite(created)) bad('createdAt', i, 'must be an epoch-ms instant');
  if (created > asOf) bad('createdAt', i, 'is after asOf: leave out opportunities created after asOf');
  if (c.visitAt[a] !== created) bad('visitAt', a, 'must be the creation instant of its row (its first visit)');
  if (c.visitStage[a]! < 0) bad('visitStage', a, 'must be a stage: an opportunity opens in a stage');
  const units = c.revenueUnits[i]!;
  if (!Number.isSafeInteger(units) || units < 0) bad('revenueUnits', i, 'must be a safe integer, 0 or more');
  const manual = c.manualProbability[i]!;
  if (manual < -1 || manual > 100) bad('manualProbability', i, 'must be -1 (none) or 0..100');
  const status = c.status[i]!;
  const last = c.visitStage[b - 1]!;
  const closedAt = c.closedAt[i]!;
  const reason = c.reason[i]!;
  if (status === STATUS_OPEN) {
    if (last < 0) bad('status', i, 'is open but the last visit of the row is a closed spell');
    if (!Number.isNaN(closedAt)) bad('closedAt', i, 'must be NaN while open');
    if (reason !== -1) bad('reason', i, 'must be -1 while open');
  } else if (status === STATUS_WON || status === STATUS_LOST) {
    if (last >= 0) bad('status', i, 'is closed but the last visit of the row is a stage, not a closed spell');
    if (closedAt !== c.visitAt[b - 1]) bad('closedAt', i, 'must be the start of the last (closed) visit');
    const count = status === STATUS_WON ? wonReasons : lostReasons;
    if (reason < 0 || reason >= count)
      bad('reason', i, `must index the policy's ${OPPORTUNITY_STATUSES[status]} reasons`);
  } else bad('status', i, 'must be 0 (open), 1 (won) or 2 (lost)');
}

const HOUR_MS = 3_600_000;

/**
 * The positions of the UTC hour starts from `from` to `to` (`base`), and per hour whether it is closed throughout
 * (0: the positions of its ends are equal), open throughout (1: they differ by an hour) or mixed (2: an opening or
 * closing inside it). In an open hour the position of `t` is the hour start's plus `t` minus the hour start, in a
 * closed one the hour start's, in a mixed one the clock answers: exact, because positions grow by exactly the open
 * time. `undefined` when the span has more hours than `limit` (the clock then answers every lookup).
 */
function hourlyPositions(clock: BusinessClock, from: number, to: number, limit: number) {
  const h0 = Math.floor(from / HOUR_MS);
  const hours = Math.floor(to / HOUR_MS) - h0 + 1;
  if (!(hours > 0) || hours > limit) return undefined;
  const base = new Float64Array(hours + 1);
  for (let h = 0; h <= hours; h++) base[h] = clock.position((h0 + h) * HOUR_MS);
  const kind = new Uint8Array(hours);
  for (let h = 0; h < hours; h++) {
    const d = base[h + 1]! - base[h]!;
    kind[h] = d === 0 ? 0 : d === HOUR_MS ? 1 : 2;
  }
  return { h0, base, kind };
}

/**
 * Computes many opportunities at once in columns (rule MP-3), the bulk protocol's table: per row the current (or
 * last) stage, the probability and its source (`resolveProbability`, the same rule as every row), business time in
 * each stage and in closed spells, and business time from creation to the close (or `asOf` while open).
 *
 * Time in stage: each visit lasts from its start to the next visit's start, or to `asOf` while open; a closed
 * spell (from a close to a reopening) is in no stage. Times are differences of `businessClock(calendar).position`,
 * which is additive, so per row the stage times plus the closed spells equal the creation-to-close business time
 * exactly, in whole milliseconds, across backward moves, skipped stages and reopening.
 *
 * The columns must be as of `asOf` (nothing created, visited or closed after it) and their stage and reason
 * indices refer to `policy`; throws `KehuValidationError` with the path `['columns', name, index]` otherwise.
 */
export function pipelineTable(
  columns: OpportunityColumns,
  policy: OpportunityPolicy,
  options: PipelineTableOptions,
): PipelineTable {
  const asOf = requireAsOf(options).getTime();
  const calendar = options.calendar;
  if (calendar === null || typeof calendar !== 'object')
    throw invalidInput(['calendar'], 'calendar must be a BusinessCalendar', 'invalid_type');
  const stages = policy.stages.map((s) => s.id);
  const S = stages.length;
  checkShape(columns);
  const clock = businessClock(calendar);
  const basis = probabilityBasis(policy, options.model);
  const n = columns.ids.length;
  const { visitStart, visitAt, visitStage, status: statusCol, manualProbability, createdAt } = columns;
  const wonReasons = policy.reasons.won.length;
  const lostReasons = policy.reasons.lost.length;
  const stage = new Int16Array(n);
  const probability = new Uint8Array(n);
  const probabilitySource = new Uint8Array(n);
  const stageMs = new Float64Array(n * S);
  const stageVisits = new Uint16Array(n * S);
  const businessMs = new Float64Array(n);
  const closedMs = new Float64Array(n);
  // Every instant is in [first creation, asOf] (checked row by row before it is looked up).
  let from = asOf;
  for (let i = 0; i < n; i++) if (createdAt[i]! < from) from = createdAt[i]!;
  const hourly = hourlyPositions(clock, from, asOf, 2 * visitAt.length + 100_000);
  const h0 = hourly?.h0 ?? 0;
  const base = hourly?.base ?? new Float64Array(0);
  const kind = hourly?.kind ?? new Uint8Array(0);
  const position = (t: number): number => {
    const h = Math.floor(t / HOUR_MS) - h0;
    const k = h < kind.length ? kind[h] : 2;
    if (k === 1) return base[h]! + (t - (h0 + h) * HOUR_MS);
    if (k === 0) return base[h]!;
    return clock.position(t);
  };
  const asOfPosition = position(asOf);
  for (let i = 0; i < n; i++) {
    checkRow(columns, i, asOf, wonReasons, lostReasons);
    const a = visitStart[i]!;
    const b = visitStart[i + 1]!;
    const status = statusCol[i]!;
    const row = i * S;
    let at = visitAt[a]!;
    const p0 = position(at);
    let prev = p0;
    let prevStage = visitStage[a]!;
    if (prevStage >= S) bad('visitStage', a, `must be -1 (closed) or a stage index 0..${S - 1}`);
    let current = prevStage;
    let closed = 0;
    for (let k = a + 1; k < b; k++) {
      const t = visitAt[k]!;
      if (!(t >= at)) bad('visitAt', k, 'must not be before the previous visit of its row');
      if (t > asOf) bad('visitAt', k, 'is after asOf: build the columns as of asOf');
      const s = visitStage[k]!;
      if (s < -1 || s >= S) bad('visitStage', k, `must be -1 (closed) or a stage index 0..${S - 1}`);
      if (s >= 0 && s === prevStage) bad('visitStage', k, 'repeats the stage of the visit before');
      const p = position(t);
      if (prevStage >= 0) {
        stageMs[row + prevStage]! += p - prev;
        if (++stageVisits[row + prevStage]! === MAX_VISITS) bad('visitStage', k, `too many visits (${MAX_VISITS})`);
      } else closed += p - prev;
      at = t;
      prev = p;
      prevStage = s;
      if (s >= 0) current = s;
    }
    const pEnd = status === STATUS_OPEN ? asOfPosition : prev;
    if (prevStage >= 0) {
      stageMs[row + prevStage]! += pEnd - prev;
      stageVisits[row + prevStage]!++;
    } else closed += pEnd - prev;
    businessMs[i] = pEnd - p0;
    closedMs[i] = closed;
    stage[i] = current;
    const code = resolveProbability(status, current, manualProbability[i]!, basis);
    probability[i] = code & 255;
    probabilitySource[i] = code >> 8;
  }
  return {
    columns,
    stages,
    stage,
    probability,
    probabilitySource,
    stageMs,
    stageVisits,
    businessMs,
    closedMs,
    asOf,
  };
}

function checkPolicyMatches(table: PipelineTable, policy: OpportunityPolicy): void {
  const stages = policy.stages;
  if (stages.length !== table.stages.length || stages.some((s, k) => s.id !== table.stages[k]))
    throw invalidInput(['policy', 'stages'], 'the policy must have the stages the table was computed with');
}

function rowAt(table: PipelineTable, i: number, policy: OpportunityPolicy): OpportunityState {
  const c = table.columns;
  const S = table.stages.length;
  const dayMs = businessDayMs(policy);
  const stageTimes: StageTime[] = new Array(S);
  for (let s = 0; s < S; s++) {
    const businessMs = table.stageMs[i * S + s]!;
    stageTimes[s] = {
      stage: table.stages[s]!,
      name: policy.stages[s]!.name,
      businessMs,
      businessDays: businessMs / dayMs,
      visits: table.stageVisits[i * S + s]!,
    };
  }
  const status = OPPORTUNITY_STATUSES[c.status[i]!]!;
  const stage = table.stage[i]!;
  const probability = explainProbability((table.probabilitySource[i]! << 8) | table.probability[i]!, stage, policy);
  const expectedRevenue = decimalFromUnits(c.revenueUnits[i]!, c.revenueScale);
  const state: OpportunityState = {
    id: c.ids[i]!,
    customerId: c.customerIds[i]!,
    salespersonId: c.salespersonIds[i]!,
    status,
    stage: table.stages[stage]!,
    probability,
    expectedRevenue,
    currency: c.currency,
    weightedRevenue: expectedRevenue.times(probability.value).div(100),
    expectedCloseDate: dateOfDay(c.expectedCloseDay[i]!),
    createdAt: new Date(c.createdAt[i]!),
    stageTimes,
    businessMs: table.businessMs[i]!,
    closedBusinessMs: table.closedMs[i]!,
  };
  if (status !== 'open') {
    state.closedAt = new Date(c.closedAt[i]!);
    const reason = (status === 'won' ? policy.reasons.won : policy.reasons.lost)[c.reason[i]!]!;
    state.reason = { code: reason.code, label: reason.label };
  }
  return state;
}

/**
 * Row `i` of a {@link pipelineTable}, explained (rule MP-3): the same `OpportunityState` as `opportunityState` gives
 * for that opportunity. `policy` must have the table's stages (labels and reasons are read from it).
 */
export function pipelineAt(table: PipelineTable, i: number, policy: OpportunityPolicy): OpportunityState {
  if (!Number.isInteger(i) || i < 0 || i >= table.columns.ids.length)
    throw invalidInput(['i'], `i must be a row index 0..${table.columns.ids.length - 1}`);
  checkPolicyMatches(table, policy);
  return rowAt(table, i, policy);
}

/** Every row of a {@link pipelineTable}, explained (see {@link pipelineAt}). */
export function pipelineRows(table: PipelineTable, policy: OpportunityPolicy): OpportunityState[] {
  checkPolicyMatches(table, policy);
  const n = table.columns.ids.length;
  const rows = new Array<OpportunityState>(n);
  for (let i = 0; i < n; i++) rows[i] = rowAt(table, i, policy);
  return rows;
}
