import type { BusinessCalendar } from '@kehu/calendar';
import {
  checkOpportunityEventLimits,
  checkOpportunityLimits,
  idSchema,
  instantCodec,
  invalidInput,
  KehuCurrencyMismatchError,
  KehuNotFoundError,
  localDateSchema,
  nonNegativeDecimalCodec,
  outcomeReasonSchema,
  parseOpportunity,
  parserFor,
  probabilityPercentSchema,
  stageIdSchema,
  textSchema,
  type Decimal,
  type Opportunity,
  type OpportunityEvent,
  type OpportunityEventBody,
  type OpportunityInput,
} from '@kehu/core';
import {
  checkOpportunityEvent,
  fitStageModel,
  opportunityColumns,
  opportunityState,
  parseOpportunityPolicy,
  pipelineTable,
  probabilityCalibration,
  replayOpportunity,
  stageConversion,
  stageDurations,
  weightedPipeline,
  winLossByReason,
  type OpportunityColumns,
  type OpportunityPolicy,
  type OpportunityPolicyInput,
  type OpportunityState,
  type ProbabilityCalibration,
  type StageConversion,
  type StageDurations,
  type StageModel,
  type WeightedPipeline,
  type WinLossByReason,
} from '@kehu/plans';
import type { OpportunityLogEntry, Page, PageRequest, Versioned } from '@kehu/storage';
import * as z from 'zod';
import { optionalPageRequest, requireId } from './arguments.js';
import { calendarSchema } from './cadence.js';
import { auditContextOf, requireCustomers, type UseCaseContext } from './context.js';
import type { InstantInput } from './instant.js';
import { contextRetry, retryOnConflict } from './retry.js';

/** Who changes an opportunity, when, and the policy the change is checked against (rule AR-4: audited). */
export interface OpportunityChangeContext {
  /** Who acts. */
  actor: string;
  /** When (the event's `at`; events are in time order). */
  at: InstantInput;
  /** A remark stored with the event (sealed with the customer's key when the customer is a person). */
  note?: string;
  /** The opportunity policy (default `DEFAULT_OPPORTUNITY_POLICY` of `@kehu/plans`). */
  policy?: OpportunityPolicyInput;
}

/** Options of {@link OpportunityUseCases.open}. */
export interface OpportunityOpenContext {
  /** Who records it (the `created` event is at the opportunity's `createdAt`). */
  actor: string;
  /** The policy whose stages the first stage must be one of. */
  policy?: OpportunityPolicyInput;
}

/** What {@link OpportunityUseCases.change} changes: one event per field given. */
export interface OpportunityChange {
  /** New expected revenue (a decimal string or number, not negative). */
  expectedRevenue?: string | number | Decimal;
  /** New expected close date `YYYY-MM-DD`. */
  expectedCloseDate?: string;
  /** The salesperson it moves to. */
  salespersonId?: string;
}

/** Options of {@link OpportunityUseCases.get}. */
export interface OpportunityStateOptions {
  /** The moment: events after it are ignored; an open opportunity is timed up to it. */
  asOf: InstantInput;
  /** The business calendar time in stage is measured on. */
  calendar: BusinessCalendar;
  /** The opportunity policy. */
  policy?: OpportunityPolicyInput;
  /** Win rates per stage, for the policy's `model` probability source (e.g. `pipeline(...).model`). */
  model?: StageModel;
}

/** Options of {@link OpportunityUseCases.pipeline}. */
export interface PipelineOptions {
  /** The moment: events after it are ignored; opportunities created after it are left out. */
  asOf: InstantInput;
  /** The business calendar time in stage is measured on. */
  calendar: BusinessCalendar;
  /** The opportunity policy. */
  policy?: OpportunityPolicyInput;
  /** The weighted pipeline by month or quarter of the expected close date (default `quarter`). */
  by?: 'month' | 'quarter';
}

/** The pipeline analytics of every stored opportunity (rule MP-3). */
export interface OpportunityPipeline {
  /** The moment computed. */
  asOf: Date;
  /** Opportunities in the analysis (created by `asOf`). */
  count: number;
  /** Open opportunities' revenue weighted by probability, per period of the expected close date. */
  weighted: WeightedPipeline;
  /** Time in each stage in business days. */
  durations: StageDurations;
  /** Stage-to-win conversion with Wilson intervals. */
  conversion: StageConversion;
  /** Wins and losses by reason. */
  winLoss: WinLossByReason;
  /** How well the probabilities predicted the outcomes (Brier score, calibration table). */
  calibration: ProbabilityCalibration;
  /** The stage model learnt from the closed opportunities, when the policy's probability source is `model`. */
  model?: StageModel;
  /** What could not be computed, and why. */
  warnings: string[];
}

/**
 * Sales opportunities over the store (rule MP-3, AR-4): each change is an event checked by `@kehu/plans` against
 * the opportunity's state and the policy (stages, reason taxonomy), appended at the version read (re-read and
 * retried on a conflict) with an audit entry. Mutations return the events stored.
 */
export interface OpportunityUseCases {
  /**
   * Stores a new opportunity with its `created` event; its customer must be stored (unless `createKehu` was given
   * `requireKnownCustomers: false`) and its stage one of the policy's.
   */
  open(opportunity: OpportunityInput, context: OpportunityOpenContext): Promise<Versioned<Opportunity>>;
  /** Moves an open opportunity to another stage (forward, backward or skipping stages). */
  moveStage(id: string, change: { stage: string }, context: OpportunityChangeContext): Promise<OpportunityEvent[]>;
  /** Sets a manual probability (whole percent) that stays until set again; `null` returns to the policy's. */
  setProbability(
    id: string,
    change: { probability: number | null },
    context: OpportunityChangeContext,
  ): Promise<OpportunityEvent[]>;
  /** Changes expected revenue, close date or salesperson: one event per field given. */
  change(id: string, change: OpportunityChange, context: OpportunityChangeContext): Promise<OpportunityEvent[]>;
  /** Closes it as won, with a reason of the policy's taxonomy. */
  win(id: string, outcome: { reason: string }, context: OpportunityChangeContext): Promise<OpportunityEvent[]>;
  /** Closes it as lost, with a reason of the policy's taxonomy. */
  lose(id: string, outcome: { reason: string }, context: OpportunityChangeContext): Promise<OpportunityEvent[]>;
  /** Opens a closed opportunity again in `stage`. */
  reopen(id: string, change: { stage: string }, context: OpportunityChangeContext): Promise<OpportunityEvent[]>;
  /** The opportunity as of `asOf`, explained (probability and its source, time in each stage), or `null`. */
  get(id: string, options: OpportunityStateOptions): Promise<OpportunityState | null>;
  /** One page of opportunities (as opened) in id order. */
  list(request?: PageRequest): Promise<Page<Versioned<Opportunity>>>;
  /**
   * The pipeline analytics of every stored opportunity as of `asOf`: the logs are streamed from the store into
   * columns (`opportunityColumns`, `pipelineTable`) and analysed there.
   */
  pipeline(options: PipelineOptions): Promise<OpportunityPipeline>;
}

const policySchema = z.unknown().optional();
const parseChangeContext = parserFor(
  z.strictObject({ actor: idSchema, at: instantCodec, note: textSchema.optional(), policy: policySchema }),
  'opportunity change context',
);
const parseOpenContext = parserFor(z.strictObject({ actor: idSchema, policy: policySchema }), 'open context');
const parseStage = parserFor(z.strictObject({ stage: stageIdSchema }), 'stage change');
const parseProbability = parserFor(
  z.strictObject({ probability: probabilityPercentSchema.nullable() }),
  'probability change',
);
const parseReason = parserFor(z.strictObject({ reason: outcomeReasonSchema }), 'outcome');
const parseChange = parserFor(
  z
    .strictObject({
      expectedRevenue: nonNegativeDecimalCodec.optional(),
      expectedCloseDate: localDateSchema.optional(),
      salespersonId: idSchema.optional(),
    })
    .refine((c) => Object.keys(c).length > 0, 'give expectedRevenue, expectedCloseDate or salespersonId'),
  'opportunity change',
);
const parseStateOptions = parserFor(
  z.strictObject({ asOf: instantCodec, calendar: calendarSchema, policy: policySchema, model: z.unknown().optional() }),
  'opportunity options',
);
const parsePipelineOptions = parserFor(
  z.strictObject({
    asOf: instantCodec,
    calendar: calendarSchema,
    policy: policySchema,
    by: z.enum(['month', 'quarter']).optional(),
  }),
  'pipeline options',
);

/** A stage model given by a caller, checked by shape: per stage `{ closed, won, probability }` and an `asOf`. */
const stageModelSchema = z.strictObject({
  stages: z.record(
    stageIdSchema,
    z.strictObject({
      closed: z.number().int().min(0),
      won: z.number().int().min(0),
      probability: probabilityPercentSchema,
    }),
  ),
  asOf: instantCodec,
});
const parseStageModel = parserFor(stageModelSchema, 'stage model');

/** Logs turned into columns at a time: memory holds one batch of log objects, then only the columns. */
const COLUMN_BATCH = 2_000;

/**
 * The columns of every log of `logs` as of `asOf` (`opportunityColumns` of `@kehu/plans`), built a batch at a time
 * and joined, so that a store of a million opportunities is held as typed arrays, not as a million objects.
 */
async function streamColumns(
  logs: AsyncIterable<OpportunityLogEntry>,
  policy: OpportunityPolicy,
  asOf: Date,
): Promise<OpportunityColumns> {
  const parts: OpportunityColumns[] = [];
  let batch: Array<{ opportunity: Opportunity; events: readonly OpportunityEventBody[] }> = [];
  for await (const { opportunity, events } of logs) {
    batch.push({ opportunity: opportunity.record, events });
    if (batch.length === COLUMN_BATCH) {
      parts.push(opportunityColumns(batch, policy, { asOf }));
      batch = [];
    }
  }
  if (batch.length > 0 || parts.length === 0) parts.push(opportunityColumns(batch, policy, { asOf }));
  return joinColumns(parts);
}

/**
 * Columns of several batches as one: rows in order, visit offsets shifted, and revenue units brought to the largest
 * scale of the batches (exactly: a unit count past 2^53 at that scale is refused, never rounded).
 */
export function joinColumns(parts: readonly OpportunityColumns[]): OpportunityColumns {
  const filled = parts.filter((p) => p.ids.length > 0);
  if (filled.length <= 1) return filled[0] ?? parts[0]!;
  const { currency } = filled[0]!;
  for (const p of filled) if (p.currency !== currency) throw new KehuCurrencyMismatchError([currency, p.currency]);
  const scale = Math.max(...filled.map((p) => p.revenueScale));
  const rows = filled.reduce((n, p) => n + p.ids.length, 0);
  const visits = filled.reduce((n, p) => n + p.visitAt.length, 0);
  const out = {
    ids: [] as string[],
    customerIds: [] as string[],
    salespersonIds: [] as string[],
    currency,
    revenueUnits: new Float64Array(rows),
    revenueScale: scale,
    expectedCloseDay: new Int32Array(rows),
    createdAt: new Float64Array(rows),
    status: new Uint8Array(rows),
    closedAt: new Float64Array(rows),
    reason: new Int16Array(rows),
    manualProbability: new Int8Array(rows),
    visitStart: new Int32Array(rows + 1),
    visitAt: new Float64Array(visits),
    visitStage: new Int16Array(visits),
  };
  let row = 0;
  let visit = 0;
  for (const p of filled) {
    const factor = 10 ** (scale - p.revenueScale);
    for (let k = 0; k < p.ids.length; k++) {
      const units = p.revenueUnits[k]! * factor;
      if (!Number.isSafeInteger(units))
        throw invalidInput(
          ['opportunities', p.ids[k]!, 'expectedRevenue'],
          `the expected revenue of ${p.ids[k]} cannot be held exactly in units of 10^-${scale}`,
        );
      out.revenueUnits[row + k] = units;
      out.visitStart[row + k + 1] = visit + p.visitStart[k + 1]!;
    }
    out.ids.push(...p.ids);
    out.customerIds.push(...p.customerIds);
    out.salespersonIds.push(...p.salespersonIds);
    out.expectedCloseDay.set(p.expectedCloseDay, row);
    out.createdAt.set(p.createdAt, row);
    out.status.set(p.status, row);
    out.closedAt.set(p.closedAt, row);
    out.reason.set(p.reason, row);
    out.manualProbability.set(p.manualProbability, row);
    out.visitAt.set(p.visitAt, visit);
    out.visitStage.set(p.visitStage, visit);
    row += p.ids.length;
    visit += p.visitAt.length;
  }
  return out;
}

/** Builds the opportunity use cases over `ctx`. */
export function opportunityUseCases(ctx: UseCaseContext): OpportunityUseCases {
  const { repos, raw } = ctx;
  const retry = contextRetry(ctx);

  /** The audit context of a change: who, when, and the event types (never the note, which may be personal). */
  const audit = (id: string, context: { actor: string; at: Date }, events: readonly OpportunityEventBody[]) =>
    auditContextOf(ctx, {
      actor: context.actor,
      at: context.at,
      reason: `opportunity ${id}: ${events.map((e) => e.type).join(', ')} (rule MP-3)`,
    });

  /**
   * Reads the log (the stored form: notes are not needed), builds the events, checks each against the state before
   * it and the policy (`checkOpportunityEvent`), and appends them at the version read; a conflict starts over.
   */
  async function append(
    id: string,
    context: { actor: string; at: Date; note?: string | undefined; policy?: unknown },
    build: (state: ReturnType<typeof replayOpportunity>) => OpportunityEventBody[],
  ): Promise<OpportunityEvent[]> {
    requireId(id, ['id']);
    const policy = parseOpportunityPolicy(context.policy ?? {});
    return retryOnConflict(async () => {
      const stored = await raw.opportunities.get(id);
      if (stored === null) throw new KehuNotFoundError('opportunity', id);
      const events = await raw.opportunities.events(id);
      let state = replayOpportunity(stored.record, events);
      const bodies = build(state);
      for (const body of bodies) {
        checkOpportunityEventLimits(body, ctx.limits);
        state = checkOpportunityEvent(state, body, policy);
      }
      return repos.opportunities.appendEvents(id, events.length, bodies, audit(id, context, bodies));
    }, retry);
  }

  /** The event base of a change. */
  const base = (context: { actor: string; at: Date; note?: string | undefined }) => ({
    at: context.at,
    actor: context.actor,
    ...(context.note === undefined ? {} : { note: context.note }),
  });

  return {
    open: async (input, contextInput) => {
      const context = parseOpenContext(contextInput);
      const policy = parseOpportunityPolicy(context.policy ?? {});
      const opportunity = parseOpportunity(input);
      checkOpportunityLimits(opportunity, ctx.limits);
      if (!policy.stages.some((s) => s.id === opportunity.stage))
        throw invalidInput(
          ['stage'],
          `unknown stage ${opportunity.stage}: the policy's stages are ${policy.stages.map((s) => s.id).join(', ')}`,
        );
      if (ctx.requireKnownCustomers) await requireCustomers(repos, [opportunity.customerId], () => ['customerId']);
      const created = auditContextOf(ctx, {
        actor: context.actor,
        at: opportunity.createdAt,
        reason: `opportunity ${opportunity.id}: created (rule MP-3)`,
      });
      return repos.opportunities.open(opportunity, created);
    },
    moveStage: async (id, changeInput, contextInput) => {
      const { stage } = parseStage(changeInput);
      const context = parseChangeContext(contextInput);
      return append(id, context, () => [{ type: 'stage-changed', ...base(context), stage }]);
    },
    setProbability: async (id, changeInput, contextInput) => {
      const { probability } = parseProbability(changeInput);
      const context = parseChangeContext(contextInput);
      return append(id, context, () => [{ type: 'probability-set', ...base(context), probability }]);
    },
    change: async (id, changeInput, contextInput) => {
      const change = parseChange(changeInput);
      const context = parseChangeContext(contextInput);
      return append(id, context, (state) => {
        const events: OpportunityEventBody[] = [];
        if (change.expectedRevenue !== undefined && !change.expectedRevenue.eq(state.expectedRevenue))
          events.push({ type: 'revenue-changed', ...base(context), expectedRevenue: change.expectedRevenue });
        if (change.expectedCloseDate !== undefined && change.expectedCloseDate !== state.expectedCloseDate)
          events.push({ type: 'close-date-changed', ...base(context), expectedCloseDate: change.expectedCloseDate });
        if (change.salespersonId !== undefined && change.salespersonId !== state.salespersonId)
          events.push({ type: 'reassigned', ...base(context), salespersonId: change.salespersonId });
        return events;
      });
    },
    win: async (id, outcomeInput, contextInput) => {
      const { reason } = parseReason(outcomeInput);
      const context = parseChangeContext(contextInput);
      return append(id, context, () => [{ type: 'won', ...base(context), reason }]);
    },
    lose: async (id, outcomeInput, contextInput) => {
      const { reason } = parseReason(outcomeInput);
      const context = parseChangeContext(contextInput);
      return append(id, context, () => [{ type: 'lost', ...base(context), reason }]);
    },
    reopen: async (id, changeInput, contextInput) => {
      const { stage } = parseStage(changeInput);
      const context = parseChangeContext(contextInput);
      return append(id, context, () => [{ type: 'reopened', ...base(context), stage }]);
    },
    get: async (id, optionsInput) => {
      requireId(id, ['id']);
      const options = parseStateOptions(optionsInput);
      const policy = parseOpportunityPolicy(options.policy ?? {});
      const model = options.model === undefined ? undefined : parseStageModel(options.model);
      const stored = await raw.opportunities.get(id);
      if (stored === null || stored.record.createdAt > options.asOf) return null;
      const events = await raw.opportunities.events(id);
      return opportunityState(stored.record, events, policy, {
        asOf: options.asOf,
        calendar: options.calendar,
        ...(model === undefined ? {} : { model }),
      });
    },
    list: async (request) => repos.opportunities.list(optionalPageRequest(request)),
    pipeline: async (optionsInput) => {
      const options = parsePipelineOptions(optionsInput);
      const policy: OpportunityPolicy = parseOpportunityPolicy(options.policy ?? {});
      const { asOf, calendar } = options;
      // The stored form is read: names and notes (sealed for people) are not needed for the analytics.
      const columns = await streamColumns(raw.opportunities.streamLogs(), policy, asOf);
      const warnings: string[] = [];
      let table = pipelineTable(columns, policy, { asOf, calendar });
      let model: StageModel | undefined;
      if (policy.probability.source === 'model') {
        model = fitStageModel(table, policy, { asOf });
        table = pipelineTable(columns, policy, { asOf, calendar, model });
      }
      const weighted = weightedPipeline(table, policy, { by: options.by ?? 'quarter' });
      const durations = stageDurations(table, policy);
      const conversion = stageConversion(table, policy);
      const winLoss = winLossByReason(table, policy);
      const calibration = probabilityCalibration(table, policy, model === undefined ? {} : { basis: 'model', model });
      for (const part of [weighted, durations, conversion, winLoss, calibration] as Array<{ warnings?: string[] }>)
        warnings.push(...(part.warnings ?? []));
      return {
        asOf,
        count: columns.ids.length,
        weighted,
        durations,
        conversion,
        winLoss,
        calibration,
        ...(model === undefined ? {} : { model }),
        warnings,
      };
    },
  };
}
