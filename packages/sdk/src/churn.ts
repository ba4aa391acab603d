import type { BusinessCalendar } from '@kehu/calendar';
import {
  churnAlerts,
  churnReport,
  calibrationVersusHoldout,
  evaluateRiskScore,
  fitBgNbd,
  fitMbgNbd,
  fitParetoNbd,
  holdoutError,
  parseChurnExit,
  parseRiskPolicy,
  predictionTable,
  rfmSummary,
  riskRows,
  riskSignalColumns,
  riskSignalsFrom,
  riskTable,
  winBackRequests,
  type CalibrationVersusHoldout,
  type ChurnAlert,
  type ChurnExitInput,
  type ChurnReport,
  type ChurnRisk,
  type FitOptions,
  type HoldoutError,
  type PlaybookPolicyInput,
  type PredictableFit,
  type PreviousRisk,
  type RfmPeriod,
  type RfmSummaryCounts,
  type RiskBand,
  type RiskPolicy,
  type RiskPolicyInput,
  type RiskScoreEvaluation,
  type RiskSignals,
  type RiskTransaction,
  type WinBackPlan,
  type WinBackPolicyInput,
  type BgNbdFit,
  type MbgNbdFit,
  type ParetoNbdFit,
  type EvaluateRiskOptions,
} from '@kehu/churn';
import {
  checkChurnScoreLimits,
  checkCustomerExitLimits,
  compareCodePoints,
  invalidInput,
  parseAuditContext,
  parseChurnScoreRecord,
  type AuditContextInput,
  type ChurnScoreRecord,
  type Customer,
  type CustomerExit,
  type Tier,
} from '@kehu/core';
import { isZone, satisfactionSignals } from '@kehu/satisfaction';
import type { SlaPolicyInput } from '@kehu/sla';
import type { KehuRepositories, Page, PageRequest, Versioned } from '@kehu/storage';
import { describeValue, optionalPageRequest, requireId, requireObject } from './arguments.js';
import { auditContextOf, type UseCaseContext } from './context.js';
import { toInstant, type InstantInput } from './instant.js';
import { CustomerCursor } from './customer-cursor.js';
import { retryOnConflict } from './retry.js';
import { slaUseCases } from './sla.js';

/** Where the satisfaction factor of the risk score comes from: one question of one stored survey. */
export interface ChurnSatisfactionSource {
  /** The survey whose stored responses are read. */
  surveyId: string;
  /** The question followed (e.g. the overall satisfaction question). */
  question: string;
  /** The question's scale, e.g. `{ min: 1, max: 5 }`. */
  scale: { min: number; max: number };
}

/** Where the probability-alive factor comes from: a fitted model and the period it was fitted in. */
export interface ChurnModelSource {
  /** A BG/NBD, MBG/NBD or Pareto/NBD fit (e.g. `kehu.churn.fit(...).fit`). */
  fit: PredictableFit;
  /** The period the model was fitted in (as given to `rfmSummary`). */
  period: RfmPeriod;
  /** The IANA zone whose local days merge purchases; default `Asia/Shanghai`. */
  zone?: string;
}

/** Options of {@link ChurnUseCases.score}. */
export interface ChurnScoreOptions {
  /** The moment scored: transactions, responses and complaints up to it are read. */
  asOf: InstantInput;
  /** Weights, windows, bands and hysteresis (default `DEFAULT_RISK_POLICY` of `@kehu/churn`). */
  policy?: RiskPolicyInput;
  /** The satisfaction factors (CH-1, CH-2); without it they are left out of the score and listed as missing. */
  satisfaction?: ChurnSatisfactionSource;
  /**
   * Open complaints and SLA breaches from the SLA board at `asOf` (`kehu.sla.board`); without it those
   * factors are left out and listed as missing.
   */
  sla?: { calendar: BusinessCalendar; policy?: SlaPolicyInput };
  /** The model-dropout factor from a fitted model; without it the factor is left out. */
  model?: ChurnModelSource;
  /** The responses per reason attached to alerts (rule CH-6). */
  playbook?: PlaybookPolicyInput;
  /**
   * Store every score with its explanation and raise alerts once (CH-3): with it, each score is appended
   * to the customer's history, and an alert is raised only against the stored previous band. Without it
   * nothing is written and the alerts are a preview.
   */
  record?: { actor: string; reason?: string };
  /** How many of the highest scores to return (default 20); every score is in the store when recorded. */
  top?: number;
}

/** What {@link ChurnUseCases.score} did. */
export interface ChurnScoreRun {
  /** The moment scored. */
  asOf: Date;
  /** The risk policy's version. */
  policyVersion: string;
  /** Customers scored (prospects and lost customers are not scored). */
  scored: number;
  /** Customers per band. */
  bands: Record<RiskBand, number>;
  /** The highest scores, highest first, each explained. */
  top: ChurnRisk[];
  /** Alerts raised: customers who rose into an alerting band (CH-3), with the playbook of CH-6. */
  alerts: ChurnAlert[];
  /** Scores written (0 without `record`). */
  recorded: number;
  /**
   * Customers whose stored current score is already this one (same moment, score, band and policy): nothing
   * written, so a retried or repeated run at the same `asOf` changes nothing.
   */
  unchanged: number;
  /** Customers whose stored score is later than `asOf`: scored, not recorded (history stays in time order). */
  skippedLater: string[];
}

/** Options of {@link ChurnUseCases.fit}. */
export interface ChurnFitOptions {
  /** The last day of the calibration period: a local date `YYYY-MM-DD`, or an instant whose local day is taken. */
  calibrationEnd: InstantInput;
  /** The last day of the holdout period (same forms); the holdout check compares predictions with it. */
  observationEnd: InstantInput;
  /** The model period (default `week`). */
  period?: RfmPeriod;
  /** The IANA zone of local days (default `Asia/Shanghai`). */
  zone?: string;
  /** The model (default `bg-nbd`). */
  model?: 'bg-nbd' | 'mbg-nbd' | 'pareto-nbd';
  /** Options of the fit (penalty, starts). */
  fitOptions?: FitOptions;
}

/** A model fitted on the store's transactions with its holdout check. */
export interface ChurnFit {
  /** The fitted model. */
  fit: BgNbdFit | MbgNbdFit | ParetoNbdFit;
  /** The period and zone of the summary. */
  period: RfmPeriod;
  /** The zone of local days. */
  zone: string;
  /** Where every transaction went (calibration, holdout, refunds, merged same-day purchases). */
  counts: RfmSummaryCounts;
  /** Customers fitted. */
  customers: number;
  /** Mean actual against mean predicted holdout purchases per calibration frequency. */
  holdout: CalibrationVersusHoldout;
  /** Mean absolute error of the holdout predictions per customer. */
  error: HoldoutError;
}

/** Options of {@link ChurnUseCases.backtest}. */
export interface ChurnBacktestOptions {
  /** The moment the customers are scored, as if it were today. */
  calibrationEnd: InstantInput;
  /** The end of the holdout: a customer who buys nothing in (calibrationEnd, observationEnd] counts as churned. */
  observationEnd: InstantInput;
  /** The risk policy under test. */
  policy?: RiskPolicyInput;
  /**
   * What counts as churn (default `status`):
   * - `status`: confirmed churn: the customer's status now is `lost` or `dormant`, or an exit was recorded
   *   with `leftAt` in the holdout; customers whose recorded exit is on or before `calibrationEnd` had
   *   left already and are not scored.
   * - `no-purchase`: no purchase in `(calibrationEnd, observationEnd]`. A noisy proxy where customers buy
   *   rarely: a customer who buys once a year is not lost after six quiet months.
   */
  outcome?: 'status' | 'no-purchase';
  /** Bins and level of the evaluation. */
  evaluation?: EvaluateRiskOptions;
}

/** The risk score checked against what happened (AUC, Brier score, calibration, lift). */
export interface ChurnBacktest extends RiskScoreEvaluation {
  /** The scoring moment. */
  calibrationEnd: Date;
  /** The end of the holdout. */
  observationEnd: Date;
  /** What counted as churn, in words. */
  outcome: { en: string; zh: string };
}

/** Churn use cases over the store (rules CH-1 to CH-7). */
export interface ChurnUseCases {
  /**
   * Scores every customer from the store (CH-1, CH-2), streaming customers, their transactions and stored
   * scores together in customer order and scoring in batches in columns (`riskTable`); with `record`,
   * stores each score with its explanation and raises each alert once (CH-3). A run repeated at the same
   * `asOf` on the same data writes nothing.
   */
  score(options: ChurnScoreOptions): Promise<ChurnScoreRun>;
  /** A customer's current stored score, or `null`. */
  current(customerId: string): Promise<Versioned<ChurnScoreRecord> | null>;
  /** A customer's stored scores, oldest first. */
  history(customerId: string): Promise<ChurnScoreRecord[]>;
  /** One page of current scores in customer order. */
  list(request?: PageRequest): Promise<Page<Versioned<ChurnScoreRecord>>>;
  /**
   * Records that a customer left (CH-7): the confirmed CH-5 reason, settlement and lessons, and marks
   * the customer `lost`, in one transaction. Recording the same exit again changes nothing.
   */
  recordExit(exit: ChurnExitInput, context: AuditContextInput): Promise<{ exit: CustomerExit; created: boolean }>;
  /** One page of exits with `from <= leftAt < to`. */
  exits(filter?: { from?: InstantInput; to?: InstantInput }, request?: PageRequest): Promise<Page<CustomerExit>>;
  /** The churn report (CH-4): churn and retention rates by period, reason and tier, with lessons. */
  report(options: {
    from: InstantInput;
    to: InstantInput;
    period: 'month' | 'quarter';
    zone?: string;
    level?: number;
  }): Promise<ChurnReport>;
  /** Win-back revisit requests for lost customers (CH-7), for the cadence module to schedule. */
  winBacks(options: { asOf: InstantInput; policy?: WinBackPolicyInput }): Promise<WinBackPlan>;
  /** Fits a customer-base model to the store's transactions and checks it on the holdout period. */
  fit(options: ChurnFitOptions): Promise<ChurnFit>;
  /**
   * Scores every customer who had bought by `calibrationEnd` as of that moment (transactions only, nothing
   * stored) and checks the scores against what happened afterwards: AUC, Brier score, calibration, lift.
   */
  backtest(options: ChurnBacktestOptions): Promise<ChurnBacktest>;
}

/** The fit of each model `kehu.churn.fit` offers. */
const FITTERS: Record<
  NonNullable<ChurnFitOptions['model']>,
  (rows: Parameters<typeof fitBgNbd>[0], options: FitOptions) => ChurnFit['fit']
> = { 'bg-nbd': fitBgNbd, 'mbg-nbd': fitMbgNbd, 'pareto-nbd': fitParetoNbd };

/** Customers scored per batch (one column set, one transaction when recording). */
const BATCH = 2_000;

/** A local date `YYYY-MM-DD` as given, or an instant (rfmSummary takes either and checks the order). */
function toDayOrInstant(value: unknown, path: Array<string | number>): Date | string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return toInstant(value, path);
}

/** An optional IANA zone argument at `path`, `Asia/Shanghai` when absent; anything else is refused with its path. */
function optionalZone(value: unknown, path: Array<string | number>): string {
  if (value === undefined) return 'Asia/Shanghai';
  if (!isZone(value)) throw invalidInput(path, `expected an IANA time zone name, got ${describeValue(value)}`);
  return value;
}

function checkTop(value: unknown): number {
  if (value === undefined) return 20;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw invalidInput(['top'], `top must be a whole number, 0 or more, got ${describeValue(value)}`, 'invalid_type');
  return value;
}

/** A risk result as stored JSON (instants as ISO-8601 text). */
function explanationOf(risk: ChurnRisk): Record<string, unknown> {
  return JSON.parse(JSON.stringify(risk)) as Record<string, unknown>;
}

interface ScoreInputs {
  asOf: Date;
  policy: RiskPolicy;
  satisfaction: Map<string, ReturnType<typeof satisfactionSignals>[number]>;
  complaints: Map<string, { openComplaints: number; slaBreaches: number }> | null;
  model: ChurnModelSource | undefined;
}

/** One scorable customer of a batch: its tier, transactions up to the scoring moment and stored current score. */
interface BatchEntry {
  customer: Customer;
  tier: Tier | null;
  transactions: RiskTransaction[];
  previous: Versioned<ChurnScoreRecord> | null;
}

/** The signals of one batch of customers with their transactions. */
function batchSignals(batch: ReadonlyArray<Omit<BatchEntry, 'previous'>>, inputs: ScoreInputs): RiskSignals[] {
  const { asOf, policy, model } = inputs;
  let pAlive: Map<string, number> | undefined;
  if (model !== undefined) {
    const zone = model.zone ?? 'Asia/Shanghai';
    const ids: string[] = [];
    const frequency: number[] = [];
    const recency: number[] = [];
    const T: number[] = [];
    for (const { customer, transactions } of batch) {
      const summary = rfmSummary(transactions, {
        period: model.period,
        calibrationEnd: asOf,
        observationEnd: asOf,
        zone,
      });
      const row = summary.rows[0];
      if (row === undefined) continue;
      ids.push(customer.id);
      frequency.push(row.frequency);
      recency.push(row.recency);
      T.push(row.T);
    }
    pAlive = new Map();
    if (ids.length > 0) {
      const table = predictionTable(model.fit, { ids, frequency, recency, T }, { horizon: 0 });
      for (let i = 0; i < ids.length; i++) pAlive.set(ids[i]!, table.pAlive[i]!);
    }
  }
  const satisfaction = batch.flatMap(({ customer }) => {
    const s = inputs.satisfaction.get(customer.id);
    return s === undefined ? [] : [s];
  });
  const complaints =
    inputs.complaints === null
      ? undefined
      : batch.map(({ customer }) => ({
          customerId: customer.id,
          ...(inputs.complaints!.get(customer.id) ?? { openComplaints: 0, slaBreaches: 0 }),
        }));
  return riskSignalsFrom(
    {
      customers: batch.map(({ customer, tier }) => ({ id: customer.id, owner: customer.owner ?? null, tier })),
      transactions: batch.flatMap((b) => b.transactions),
      satisfaction,
      ...(complaints === undefined ? {} : { complaints }),
      ...(pAlive === undefined ? {} : { pAlive }),
    },
    policy,
    { asOf },
  );
}

/** Builds the churn use cases over `ctx`. */
export function churnUseCases(ctx: UseCaseContext): ChurnUseCases {
  // `raw` (the stored form) serves the reads that need no personal field: ids, owners, statuses, dates,
  // amounts, tiers and scores are stored in the clear, so scoring never opens an envelope.
  const { repos, raw } = ctx;

  /**
   * Streams every scorable customer (not a prospect; not lost unless `includeLost`) with its tier,
   * transactions up to `to` and stored current score, in batches, in customer order.
   */
  async function* batches(source: KehuRepositories, to: Date, includeLost = false) {
    const transactions = new CustomerCursor(source.transactions.stream({ to }), (t) => t.customerId);
    const grades = new CustomerCursor(source.grades.streamCurrent(), (g) => g.record.customerId);
    const scores = new CustomerCursor(source.churnScores.streamCurrent(), (s) => s.record.customerId);
    let batch: BatchEntry[] = [];
    for await (const { record: customer } of source.customers.stream()) {
      const bought = await transactions.take(customer.id);
      const grade = (await grades.take(customer.id)).at(-1);
      const previous = (await scores.take(customer.id)).at(-1) ?? null;
      if (customer.status === 'prospect' || (customer.status === 'lost' && !includeLost)) continue;
      batch.push({ customer, tier: grade?.record.tier ?? null, transactions: bought, previous });
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /** The satisfaction signals of every customer at `asOf`. */
  async function satisfactionAt(source: ChurnSatisfactionSource | undefined, asOf: Date) {
    const out = new Map<string, ReturnType<typeof satisfactionSignals>[number]>();
    if (source === undefined) return out;
    const s = requireObject<ChurnSatisfactionSource>(source, ['satisfaction'], 'satisfaction source');
    requireId(s.surveyId, ['satisfaction', 'surveyId']);
    const responses = [];
    for await (const r of raw.surveyResponses.stream({ surveyId: s.surveyId, to: new Date(asOf.getTime() + 1) }))
      responses.push(r);
    for (const signal of satisfactionSignals(responses, { asOf, question: s.question, scale: s.scale }))
      out.set(signal.customerId, signal);
    return out;
  }

  /** Open complaints and breaches per customer from the SLA board at `asOf`. */
  async function complaintsAt(sla: ChurnScoreOptions['sla'], asOf: Date) {
    if (sla === undefined) return null;
    const s = requireObject<NonNullable<ChurnScoreOptions['sla']>>(sla, ['sla'], 'SLA source');
    const board = await slaUseCases(ctx).board({
      asOf,
      calendar: s.calendar,
      ...(s.policy === undefined ? {} : { policy: s.policy }),
    });
    const open = new Map<string, Set<string>>();
    const breaches = new Map<string, number>();
    for (const entry of [...board.running, ...board.paused, ...board.breached]) {
      const set = open.get(entry.customerId) ?? new Set<string>();
      set.add(entry.complaintId);
      open.set(entry.customerId, set);
    }
    for (const entry of board.breached) breaches.set(entry.customerId, (breaches.get(entry.customerId) ?? 0) + 1);
    const out = new Map<string, { openComplaints: number; slaBreaches: number }>();
    for (const [customerId, set] of open)
      out.set(customerId, { openComplaints: set.size, slaBreaches: breaches.get(customerId) ?? 0 });
    return out;
  }

  /** Scores one batch: the explained results, previous scores taken into account (trend and hysteresis). */
  function scoreBatch(batch: readonly BatchEntry[], inputs: ScoreInputs) {
    const signals = batchSignals(batch, inputs);
    const previous = new Map<string, PreviousRisk>();
    for (const b of batch)
      if (b.previous !== null && b.previous.record.scoredAt <= inputs.asOf)
        previous.set(b.customer.id, { score: b.previous.record.score, band: b.previous.record.band });
    const results = riskRows(
      riskTable(riskSignalColumns(signals, { asOf: inputs.asOf, previous }), inputs.policy, {
        asOf: inputs.asOf,
      }),
    );
    return { results, previous };
  }

  return {
    score: async (input) => {
      const options = requireObject<ChurnScoreOptions>(input, [], 'score options');
      const asOf = toInstant(options.asOf, ['asOf']);
      const policy = parseRiskPolicy(options.policy ?? {});
      const top = checkTop(options.top);
      const record =
        options.record === undefined
          ? undefined
          : parseAuditContext({
              actor: requireObject<{ actor: string; reason?: string }>(options.record, ['record'], 'record').actor,
              at: asOf,
              reason: options.record.reason ?? `churn risk scores as of ${asOf.toISOString()} (rule CH-3)`,
            });
      if (options.model !== undefined) {
        const m = requireObject<ChurnModelSource>(options.model, ['model'], 'model source');
        requireObject(m.fit, ['model', 'fit'], 'fitted model');
        const p: unknown = m.period;
        if (!(p === 'day' || p === 'week' || p === 'month' || (typeof p === 'number' && Number.isFinite(p) && p > 0)))
          throw invalidInput(
            ['model', 'period'],
            `period must be 'day', 'week', 'month' or a positive number of days, got ${describeValue(p)}`,
          );
        optionalZone(m.zone, ['model', 'zone']);
      }
      const inputs: ScoreInputs = {
        asOf,
        policy,
        satisfaction: await satisfactionAt(options.satisfaction, asOf),
        complaints: await complaintsAt(options.sla, asOf),
        model: options.model,
      };
      const emptyRun = (): ChurnScoreRun => ({
        asOf,
        policyVersion: policy.version,
        scored: 0,
        bands: { low: 0, medium: 0, high: 0, critical: 0 },
        top: [],
        alerts: [],
        recorded: 0,
        unchanged: 0,
        skippedLater: [],
      });
      let run = emptyRun();
      const keepTop = (results: readonly ChurnRisk[]) => {
        if (top === 0) return;
        run.top = [...run.top, ...results]
          .sort((a, b) => b.score - a.score || compareCodePoints(a.customerId, b.customerId))
          .slice(0, top);
      };
      const to = new Date(asOf.getTime() + 1);
      // Scores every batch of `source`; with `record`, writes the changed scores to `source` (a transaction's).
      const handle = async (source: KehuRepositories) => {
        for await (const batch of batches(source, to)) {
          const { results, previous } = scoreBatch(batch, inputs);
          const alerts = churnAlerts(previous, results, policy, options.playbook ? { playbook: options.playbook } : {});
          const alerted = new Set(alerts.map((a) => a.customerId));
          run.scored += results.length;
          for (const r of results) run.bands[r.band] += 1;
          run.alerts.push(...alerts);
          keepTop(results);
          if (record === undefined) continue;
          const entries: Array<{ score: ChurnScoreRecord; expectedVersion: number }> = [];
          for (let i = 0; i < results.length; i++) {
            const r = results[i]!;
            const stored = batch[i]!.previous;
            if (stored !== null && stored.record.scoredAt > asOf) {
              run.skippedLater.push(r.customerId);
              continue;
            }
            if (
              stored !== null &&
              stored.record.scoredAt.getTime() === asOf.getTime() &&
              stored.record.score === r.score &&
              stored.record.band === r.band &&
              stored.record.policyVersion === r.policyVersion
            ) {
              run.unchanged += 1;
              continue;
            }
            const score = parseChurnScoreRecord({
              customerId: r.customerId,
              scoredAt: asOf,
              score: r.score,
              band: r.band,
              previousBand: stored?.record.band ?? null,
              alert: alerted.has(r.customerId),
              policyVersion: r.policyVersion,
              explanation: explanationOf(r),
            });
            checkChurnScoreLimits(score, ctx.limits);
            entries.push({ score, expectedVersion: stored?.version ?? 0 });
          }
          // One write per batch: its scores and their audit entries together.
          run.recorded += (await source.churnScores.recordBatch(entries, record)).length;
        }
      };
      if (record === undefined) {
        await handle(raw);
        return run;
      }
      // Read, score and write in one transaction, so an alert is raised once even when two runs race.
      return retryOnConflict(
        () =>
          ctx.atomic(async (_tx, rawTx) => {
            // A retried attempt starts over.
            run = emptyRun();
            await handle(rawTx);
            return run;
          }),
        ctx.retry,
      );
    },
    current: async (customerId) => repos.churnScores.current(requireId(customerId, ['customerId'])),
    history: async (customerId) => repos.churnScores.history(requireId(customerId, ['customerId'])),
    list: async (request) => repos.churnScores.listCurrent(optionalPageRequest(request)),
    recordExit: async (input, context) => {
      const exit = parseChurnExit(input);
      checkCustomerExitLimits(exit, ctx.limits);
      const audit = auditContextOf(ctx, context);
      return ctx.atomic(async (tx) => {
        const result = await tx.exits.record(exit, audit);
        if (result.created) {
          const customer = await tx.customers.get(exit.customerId);
          if (customer !== null && customer.record.status !== 'lost')
            await tx.customers.update({ ...customer.record, status: 'lost' }, customer.version, audit);
        }
        return { exit: result.record, created: result.created };
      });
    },
    exits: async (filter, request) => {
      const f =
        filter === undefined
          ? {}
          : requireObject<{ from?: InstantInput; to?: InstantInput }>(filter, ['filter'], 'exit filter');
      return repos.exits.list(
        {
          ...(f.from === undefined ? {} : { from: toInstant(f.from, ['filter', 'from']) }),
          ...(f.to === undefined ? {} : { to: toInstant(f.to, ['filter', 'to']) }),
        },
        optionalPageRequest(request),
      );
    },
    report: async (input) => {
      const options = requireObject<{
        from: InstantInput;
        to: InstantInput;
        period: 'month' | 'quarter';
        zone?: string;
        level?: number;
      }>(input, [], 'report options');
      const from = toInstant(options.from, ['from']);
      const to = toInstant(options.to, ['to']);
      const zone = optionalZone(options.zone, ['zone']);
      const tiers = new Map<string, Tier>();
      for await (const g of raw.grades.streamCurrent()) tiers.set(g.record.customerId, g.record.tier);
      const customers = [];
      for await (const { record } of raw.customers.stream())
        customers.push({
          id: record.id,
          tier: tiers.get(record.id) ?? null,
          createdAt: record.createdAt,
          status: record.status,
        });
      const exits = [];
      for await (const exit of repos.exits.stream({ to })) exits.push(exit);
      return churnReport(
        { customers, exits },
        {
          from,
          to,
          period: options.period,
          zone,
          ...(options.level === undefined ? {} : { level: options.level }),
        },
      );
    },
    winBacks: async (input) => {
      const options = requireObject<{ asOf: InstantInput; policy?: WinBackPolicyInput }>(input, [], 'options');
      const asOf = toInstant(options.asOf, ['asOf']);
      const exits = [];
      for await (const exit of repos.exits.stream({ to: new Date(asOf.getTime() + 1) })) exits.push(exit);
      return winBackRequests(exits, options.policy ?? {}, { asOf });
    },
    fit: async (input) => {
      const options = requireObject<ChurnFitOptions>(input, [], 'fit options');
      const calibrationEnd = toDayOrInstant(options.calibrationEnd, ['calibrationEnd']);
      const observationEnd = toDayOrInstant(options.observationEnd, ['observationEnd']);
      const period = options.period ?? 'week';
      const zone = optionalZone(options.zone, ['zone']);
      const model = options.model ?? 'bg-nbd';
      if (!Object.hasOwn(FITTERS, model))
        throw invalidInput(['model'], `model must be bg-nbd, mbg-nbd or pareto-nbd, got ${describeValue(model)}`);
      const transactions = [];
      const until =
        typeof observationEnd === 'string' ? Date.parse(`${observationEnd}T00:00:00Z`) : observationEnd.getTime();
      // Every transaction up to two days past the observation's end: rfmSummary cuts by local day in `zone`.
      for await (const t of raw.transactions.stream({ to: new Date(until + 2 * 86_400_000) })) transactions.push(t);
      const summary = rfmSummary(transactions, { period, calibrationEnd, observationEnd, zone });
      const rows = summary.rows.map((r) => ({
        frequency: r.frequency,
        recency: r.recency,
        T: r.T,
        frequencyHoldout: r.frequencyHoldout,
        durationHoldout: r.durationHoldout,
      }));
      if (rows.length === 0) throw invalidInput(['calibrationEnd'], 'no customer bought on or before calibrationEnd');
      const fitOptions = options.fitOptions ?? {};
      const fit = FITTERS[model](rows, fitOptions);
      return {
        fit,
        period,
        zone,
        counts: summary.counts,
        customers: rows.length,
        holdout: calibrationVersusHoldout(fit, rows),
        error: holdoutError(fit, rows),
      };
    },
    backtest: async (input) => {
      const options = requireObject<ChurnBacktestOptions>(input, [], 'backtest options');
      const calibrationEnd = toInstant(options.calibrationEnd, ['calibrationEnd']);
      const observationEnd = toInstant(options.observationEnd, ['observationEnd']);
      if (!(observationEnd > calibrationEnd))
        throw invalidInput(['observationEnd'], 'observationEnd must be after calibrationEnd');
      const policy = parseRiskPolicy(options.policy ?? {});
      const inputs: ScoreInputs = {
        asOf: calibrationEnd,
        policy,
        satisfaction: new Map(),
        complaints: null,
        model: undefined,
      };
      const outcome = options.outcome ?? 'status';
      if (outcome !== 'status' && outcome !== 'no-purchase')
        throw invalidInput(['outcome'], `outcome must be 'status' or 'no-purchase', got ${describeValue(outcome)}`);
      // Who bought in the holdout (calibrationEnd, observationEnd], and who left (recorded exits).
      const boughtAfter = new Set<string>();
      for await (const t of raw.transactions.stream({
        from: new Date(calibrationEnd.getTime() + 1),
        to: new Date(observationEnd.getTime() + 1),
      }))
        if (t.kind === 'purchase') boughtAfter.add(t.customerId);
      const leftBefore = new Set<string>();
      const leftDuring = new Set<string>();
      for await (const exit of repos.exits.stream({ to: new Date(observationEnd.getTime() + 1) }))
        (exit.leftAt <= calibrationEnd ? leftBefore : leftDuring).add(exit.customerId);
      const churned = (customer: Customer) =>
        outcome === 'no-purchase'
          ? !boughtAfter.has(customer.id)
          : customer.status === 'lost' || customer.status === 'dormant' || leftDuring.has(customer.id);
      const scores: number[] = [];
      const outcomes: boolean[] = [];
      // Lost customers too: their status is today's, and at the scoring moment they were still customers.
      for await (const batch of batches(raw, new Date(calibrationEnd.getTime() + 1), true)) {
        // Only customers who had bought by the scoring moment can stop buying.
        const buyers = batch.filter(
          (b) => !leftBefore.has(b.customer.id) && b.transactions.some((t) => t.kind === 'purchase'),
        );
        if (buyers.length === 0) continue;
        const { results } = scoreBatch(
          buyers.map((b) => ({ ...b, previous: null })),
          inputs,
        );
        for (let i = 0; i < results.length; i++) {
          scores.push(results[i]!.score);
          outcomes.push(churned(buyers[i]!.customer));
        }
      }
      return {
        ...evaluateRiskScore(scores, outcomes, options.evaluation),
        calibrationEnd,
        observationEnd,
        outcome:
          outcome === 'no-purchase'
            ? {
                en: `no purchase after ${calibrationEnd.toISOString()} up to ${observationEnd.toISOString()}`,
                zh: `${calibrationEnd.toISOString()} 之后至 ${observationEnd.toISOString()} 无购买`,
              }
            : {
                en: `status lost or dormant, or an exit recorded after ${calibrationEnd.toISOString()}`,
                zh: `状态为流失或休眠，或 ${calibrationEnd.toISOString()} 之后登记了流失`,
              },
      };
    },
  };
}
