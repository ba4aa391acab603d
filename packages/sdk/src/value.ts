import { KehuValidationError, parseAuditContext, parseGradeAssignment, type TransactionSummary } from '@kehu/core';
import {
  gradeByContribution,
  regrade,
  toGradeAssignment,
  type ContributionGrading,
  type ContributionPolicyInput,
  type RegradeResult,
} from '@kehu/grading';
import { scoreRfm, type RfmOptions, type RfmResult } from '@kehu/rfm';
import type { KehuStorage } from '@kehu/storage';

const DAY = 86_400_000;

/** Options of {@link ValueUseCases.regradeAll}. */
export interface RegradeAllOptions {
  /** The moment of the re-grading. */
  asOf: Date;
  /** Contribution policy (default: the rules read literally; window 365 days). */
  policy?: ContributionPolicyInput;
  /** Re-grading policy (grace, hysteresis, dwell). */
  regradePolicy?: Parameters<typeof regrade>[2];
  /** Currency to grade when transactions hold several. */
  currency?: string;
  /**
   * Write the changes (each an audited grade assignment, rule AR-4) with this audit
   * context; omit to only propose them.
   */
  apply?: { actor: string; reason: string };
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
  /** Summaries of the window, computed by the store (summary pushdown). */
  summaries(window: { asOf: Date; from?: Date; to?: Date }): AsyncIterable<TransactionSummary>;
  /** RFM scores of every customer, from the store's summaries of `[from, asOf]`. */
  scoreRfm(options: RfmOptions & { from?: Date }): Promise<RfmResult>;
  /** Grades every customer by contribution over the trailing window and proposes (or applies) the re-grading. */
  regradeAll(options: RegradeAllOptions): Promise<RegradeAllResult>;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Builds the value use cases over `storage`. */
export function valueUseCases(storage: KehuStorage): ValueUseCases {
  return {
    summaries: (window) => storage.transactions.summarizeTransactions(window),
    scoreRfm: async ({ from, ...options }) => {
      const summaries = await collect(
        storage.transactions.summarizeTransactions(
          from === undefined ? { asOf: options.asOf } : { asOf: options.asOf, from },
        ),
      );
      return scoreRfm(summaries, options);
    },
    regradeAll: async (options) => {
      if (!(options.asOf instanceof Date) || Number.isNaN(options.asOf.getTime())) {
        throw new KehuValidationError('asOf must be a valid Date', [
          { path: ['asOf'], message: 'expected a valid Date', code: 'invalid_type' },
        ]);
      }
      const probe = gradeByContribution([], options.policy ?? {});
      const from = new Date(options.asOf.getTime() - probe.policy.windowDays * DAY);
      // One row per customer streams from the store (summary pushdown, GR-2 window).
      const summaries = await collect(storage.transactions.summarizeTransactions({ asOf: options.asOf, from }));
      const evaluation = gradeByContribution(
        summaries,
        options.policy ?? {},
        options.currency === undefined ? {} : { currency: options.currency },
      );
      const current = [];
      for await (const g of storage.grades.streamCurrent()) current.push(g.record);
      const result = regrade(current, evaluation, options.regradePolicy ?? {}, options.asOf);
      let applied = 0;
      if (options.apply) {
        const context = parseAuditContext({
          actor: options.apply.actor,
          at: options.asOf,
          reason: options.apply.reason,
        });
        const versions = new Map<string, number>();
        for await (const g of storage.grades.streamCurrent()) versions.set(g.record.customerId, g.version);
        for (const change of result.changes) {
          await storage.grades.assign(
            parseGradeAssignment(toGradeAssignment(change, options.asOf, options.apply.actor)),
            versions.get(change.customerId) ?? 0,
            context,
          );
          applied++;
        }
      }
      return { evaluation, result, applied };
    },
  };
}
