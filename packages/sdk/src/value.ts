import {
  invalidInput,
  parseAuditContext,
  parseGradeAssignment,
  type GradeAssignment,
  type TransactionSummary,
} from '@kehu/core';
import {
  contributionWindow,
  gradeByContribution,
  regrade,
  toGradeAssignment,
  type ContributionGrading,
  type ContributionPolicyInput,
  type RegradeResult,
} from '@kehu/grading';
import { scoreRfm, type RfmOptions, type RfmResult } from '@kehu/rfm';
import type { KehuRepositories } from '@kehu/storage';
import type { UseCaseContext } from './context.js';
import { toInstant, toOptionalInstant, type InstantInput } from './instant.js';
import { describeValue, requireObject } from './arguments.js';
import { contextRetry, retryOnConflict, retryOptions } from './retry.js';

/** The window of {@link ValueUseCases.summarize}: transactions with `from <= occurredAt < to`, `occurredAt <= asOf`. */
export interface SummarizeWindow {
  /** The moment of the summaries. */
  asOf: InstantInput;
  /** Only transactions at or after this instant. */
  from?: InstantInput;
  /** Only transactions before this instant. */
  to?: InstantInput;
}

/** Options of {@link ValueUseCases.scoreRfm}: the RFM options of `@kehu/rfm`, instants as `Date` or ISO text. */
export type ScoreRfmOptions = Omit<RfmOptions, 'asOf'> & {
  /** The moment recency is measured from. */
  asOf: InstantInput;
  /** Only transactions at or after this instant. */
  from?: InstantInput;
};

/** Options of {@link ValueUseCases.regradeAll}. */
export interface RegradeAllOptions {
  /** The moment of the re-grading. */
  asOf: InstantInput;
  /** Contribution policy (default: the rules read literally); its `windowDays` (default 365) sets the window. */
  policy?: ContributionPolicyInput;
  /** Re-grading policy (grace, hysteresis, dwell). */
  regradePolicy?: Parameters<typeof regrade>[2];
  /** Currency to grade when transactions hold several. */
  currency?: string;
  /**
   * Write the changes (each an audited grade assignment, rule AR-4) with this audit
   * context; omit to only propose them. All of them are written in one transaction.
   */
  apply?: { actor: string; reason: string };
  /** Reruns of the whole write after a version conflict; default the `maxRetries` of `createKehu` (5). */
  maxRetries?: number;
}

/** What {@link ValueUseCases.regradeAll} did. */
export interface RegradeAllResult {
  /** The fresh evaluation. */
  evaluation: ContributionGrading;
  /** Proposed changes and holds. */
  result: RegradeResult;
  /** Changes written (0 unless `apply`). */
  applied: number;
}

/** Value analysis use cases over the store (rules RF-1, GR-1, GR-2, GR-4). */
export interface ValueUseCases {
  /**
   * Per customer and currency, the summaries of the window, computed by the store (summary
   * pushdown); a bad window throws `KehuValidationError` at call time.
   */
  summarize(window: SummarizeWindow): AsyncIterable<TransactionSummary>;
  /** RFM scores of every customer, from the store's summaries of `[from, asOf]`. */
  scoreRfm(options: ScoreRfmOptions): Promise<RfmResult>;
  /**
   * Grades every customer by contribution over the policy's trailing window (GR-2) and
   * proposes the re-grading (GR-4); with `apply`, writes every change in one transaction,
   * rerun on fresh grades after a version conflict, so a run either writes all its changes
   * or none.
   */
  regradeAll(options: RegradeAllOptions): Promise<RegradeAllResult>;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** The current grades with their versions. */
async function currentGrades(
  repos: KehuRepositories,
): Promise<Map<string, { record: GradeAssignment; version: number }>> {
  const out = new Map<string, { record: GradeAssignment; version: number }>();
  for await (const g of repos.grades.streamCurrent()) out.set(g.record.customerId, g);
  return out;
}

/** Builds the value use cases over `ctx`. */
export function valueUseCases(ctx: UseCaseContext): ValueUseCases {
  const { repos } = ctx;
  const window = (input: unknown) => {
    const w = requireObject<Partial<SummarizeWindow>>(input, [], 'summary window');
    const asOf = toInstant(w.asOf, ['asOf']);
    const from = toOptionalInstant(w.from, ['from']);
    const to = toOptionalInstant(w.to, ['to']);
    return { asOf, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
  };
  return {
    summarize: (w) => repos.transactions.summarizeTransactions(window(w)),
    scoreRfm: async (input) => {
      const options = requireObject<ScoreRfmOptions>(input, [], 'RFM options');
      const { from: _from, asOf: _asOf, ...rest } = options;
      const w = window({ asOf: options.asOf, ...(options.from === undefined ? {} : { from: options.from }) });
      const summaries = await collect(repos.transactions.summarizeTransactions(w));
      return scoreRfm(summaries, { ...rest, asOf: w.asOf });
    },
    regradeAll: async (input) => {
      const options = requireObject<RegradeAllOptions>(input, [], 'regrade options');
      const retry = retryOptions(
        options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries },
        contextRetry(ctx),
      );
      const asOf = toInstant(options.asOf, ['asOf']);
      if (options.currency !== undefined && typeof options.currency !== 'string')
        throw invalidInput(
          ['currency'],
          `currency must be a currency code, got ${describeValue(options.currency)}`,
          'invalid_type',
        );
      const apply =
        options.apply === undefined
          ? undefined
          : requireObject<NonNullable<RegradeAllOptions['apply']>>(options.apply, ['apply']);
      const { from, policy } = contributionWindow(options.policy, { asOf });
      // One row per customer streams from the store (summary pushdown, GR-2 window).
      const summaries = await collect(repos.transactions.summarizeTransactions({ asOf, from }));
      const evaluation = gradeByContribution(
        summaries,
        policy,
        options.currency === undefined ? {} : { currency: options.currency },
      );
      const propose = (current: Map<string, { record: GradeAssignment }>) =>
        regrade(
          Array.from(current.values(), (g) => g.record),
          evaluation,
          options.regradePolicy ?? {},
          { asOf },
        );
      if (apply === undefined) return { evaluation, result: propose(await currentGrades(repos)), applied: 0 };
      const context = parseAuditContext({ actor: apply.actor, at: asOf, reason: apply.reason });
      // Read, decide and write in one transaction; a conflicting writer makes the whole run start again.
      return retryOnConflict(
        () =>
          ctx.atomic(async (tx) => {
            const current = await currentGrades(tx);
            const result = propose(current);
            for (const change of result.changes) {
              await tx.grades.assign(
                parseGradeAssignment(toGradeAssignment(change, { asOf, assignedBy: context.actor })),
                current.get(change.customerId)?.version ?? 0,
                context,
              );
            }
            return { evaluation, result, applied: result.changes.length };
          }),
        retry,
      );
    },
  };
}
