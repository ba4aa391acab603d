/**
 * Helpers the package's tests share: pipeline tables built by hand with known answers (stage visits with their
 * business days), so the opportunity analytics are tested apart from the engine that builds tables from event logs;
 * and the maintenance plan, instants and events the plan workflow tests start from. Not exported from the package
 * index; free of vitest so that any test may import it.
 */
import {
  Decimal,
  dayNumber,
  decimalToUnits,
  KehuValidationError,
  type MaintenancePlan,
  type MaintenancePlanInput,
  type PlanContent,
  type PlanEventBody,
  type PlanEventBodyInput,
  parseMaintenancePlan,
  parsePlanEvent,
  type ValidationIssue,
} from '@kehu/core';
import { DEFAULT_OPPORTUNITY_POLICY, type OpportunityPolicy } from './opportunity-policy.js';
import { PROBABILITY_SOURCES, type PipelineTable, type ProbabilitySource } from './types.js';

/** One opportunity of a hand-built table. */
export interface HandOpportunity {
  id?: string;
  customerId?: string;
  salespersonId?: string;
  /** Expected revenue as a decimal string (default `'1000'`). */
  revenue?: string;
  /** Expected close date `YYYY-MM-DD` (default `2026-03-15`). */
  closeDate?: string;
  /** Default `open`. */
  status?: 'open' | 'won' | 'lost';
  /** Reason code of the outcome (default the first of the policy's list). */
  reason?: string;
  /** Probability in effect (default: won 100, lost 0, else the last visit's stage default). */
  probability?: number;
  source?: ProbabilitySource;
  /** Stage visits in time order: the stage id and the business days the visit lasted. */
  visits: ReadonlyArray<readonly [stage: string, days: number]>;
}

const DAY_MS = 86_400_000;

/** Visits of one business day each to `stages`, in order. */
export function dayVisits(...stages: string[]): HandOpportunity['visits'] {
  return stages.map((stage) => [stage, 1] as const);
}

/**
 * A `PipelineTable` of `rows` under `policy`, filled by hand: visits start one calendar day apart from
 * 2026-01-01T00:00Z per row, their business time is the given days × `businessDayHours`, the close (when closed)
 * follows the last visit. Revenue at scale 2 (or more, when a value needs it).
 */
export function handTable(
  rows: readonly HandOpportunity[],
  policy: OpportunityPolicy = DEFAULT_OPPORTUNITY_POLICY,
  options: { asOf?: Date; currency?: string } = {},
): PipelineTable {
  const n = rows.length;
  const stages = policy.stages.map((s) => s.id);
  const S = stages.length;
  const dayMs = policy.businessDayHours * 3_600_000;
  const start = Date.UTC(2026, 0, 1);
  const revenues = rows.map((r) => new Decimal(r.revenue ?? '1000'));
  const revenueScale = Math.max(2, ...revenues.map((d) => d.decimalPlaces()));
  const visitCount = rows.reduce((sum, r) => sum + r.visits.length, 0);
  const table: PipelineTable = {
    columns: {
      ids: rows.map((r, i) => r.id ?? `o-${String(i).padStart(6, '0')}`),
      customerIds: rows.map((r, i) => r.customerId ?? `c-${i}`),
      salespersonIds: rows.map((r) => r.salespersonId ?? 'sp-1'),
      currency: options.currency ?? 'CNY',
      revenueUnits: Float64Array.from(revenues, (d) => decimalToUnits(d, revenueScale)!),
      revenueScale,
      expectedCloseDay: Int32Array.from(rows, (r) => dayNumber(r.closeDate ?? '2026-03-15')),
      createdAt: new Float64Array(n),
      status: new Uint8Array(n),
      closedAt: new Float64Array(n).fill(Number.NaN),
      reason: new Int16Array(n).fill(-1),
      manualProbability: new Int8Array(n).fill(-1),
      visitStart: new Int32Array(n + 1),
      visitAt: new Float64Array(visitCount),
      visitStage: new Int16Array(visitCount),
    },
    stages,
    stage: new Int16Array(n),
    probability: new Uint8Array(n),
    probabilitySource: new Uint8Array(n),
    stageMs: new Float64Array(n * S),
    stageVisits: new Uint16Array(n * S),
    businessMs: new Float64Array(n),
    closedMs: new Float64Array(n),
    asOf: (options.asOf ?? new Date('2027-01-01T00:00:00Z')).getTime(),
  };
  const c = table.columns;
  let v = 0;
  rows.forEach((row, i) => {
    c.visitStart[i] = v;
    const created = start + i * DAY_MS;
    c.createdAt[i] = created;
    let at = created;
    let total = 0;
    let last = 0;
    for (const [stage, days] of row.visits) {
      const s = stages.indexOf(stage);
      if (s < 0) throw new Error(`unknown stage ${stage}`);
      c.visitAt[v] = at;
      c.visitStage[v] = s;
      v++;
      table.stageMs[i * S + s]! += days * dayMs;
      table.stageVisits[i * S + s]! += 1;
      total += days * dayMs;
      at += DAY_MS;
      last = s;
    }
    table.stage[i] = last;
    table.businessMs[i] = total;
    const status = row.status ?? 'open';
    table.columns.status[i] = status === 'open' ? 0 : status === 'won' ? 1 : 2;
    if (status !== 'open') {
      c.closedAt[i] = at;
      const list = status === 'won' ? policy.reasons.won : policy.reasons.lost;
      const k = row.reason === undefined ? 0 : list.findIndex((r) => r.code === row.reason);
      if (k < 0) throw new Error(`unknown reason ${row.reason}`);
      c.reason[i] = k;
    }
    const probability =
      row.probability ?? (status === 'won' ? 100 : status === 'lost' ? 0 : policy.stages[last]!.probability);
    table.probability[i] = probability;
    const source = row.source ?? (status === 'open' ? 'stage' : status);
    table.probabilitySource[i] = PROBABILITY_SOURCES.indexOf(source);
  });
  c.visitStart[n] = v;
  return table;
}

/** The validation error `fn` throws; any other error is rethrown, and no error at all is reported. */
export function errorOf(fn: () => unknown): KehuValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof KehuValidationError) return error;
    throw error;
  }
  throw new Error('expected a KehuValidationError');
}

/** The first issue of the validation error thrown by `fn`; any other outcome is rethrown or reported. */
export function issueOf(fn: () => unknown): ValidationIssue {
  try {
    fn();
  } catch (error) {
    if (error instanceof KehuValidationError && error.issues[0] !== undefined) return error.issues[0];
    throw error;
  }
  throw new Error('expected a KehuValidationError');
}

/**
 * The gold customers' plan for 2026 the plan workflow tests use: owner `owner-1`, CNY, a Q1 maintenance line
 * `maint-q1` of 10,000 and a Q2 events line `events-q2` of 5,000 (or `eventsAmount`); `overrides` replace fields.
 */
export function testPlan(overrides: Partial<MaintenancePlanInput> = {}, eventsAmount = '5000'): MaintenancePlan {
  return parseMaintenancePlan({
    id: 'plan-1',
    name: 'Gold customers 2026',
    ownerId: 'owner-1',
    group: { tiers: ['gold'] },
    period: { from: '2026-01-01', to: '2026-12-31' },
    currency: 'CNY',
    budgetLines: [
      { id: 'maint-q1', category: 'maintenance', period: '2026-Q1', amount: '10000' },
      { id: 'events-q2', category: 'events', period: '2026-Q2', amount: eventsAmount },
    ],
    ...overrides,
  });
}

/** A plan's content: everything but its id. */
export function contentOf(plan: MaintenancePlan): PlanContent {
  const { id: _id, ...content } = plan;
  return content;
}

/** The instant of the first event of the plan workflow tests, 2026-01-05T01:00Z. */
export const T0 = Date.UTC(2026, 0, 5, 1);

/** The instant `h` hours after {@link T0}. */
export const t = (h: number): Date => new Date(T0 + h * 3_600_000);

/** A parsed plan event. */
export const ev = (input: PlanEventBodyInput): PlanEventBody => parsePlanEvent(input);
