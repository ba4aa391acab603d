import { chinaCalendar } from '@kehu/calendar';
import { storeSampleBusiness, type TextOutput } from '@kehu/cli';
import { generateSampleBusiness, SAMPLE_SURVEY } from '@kehu/sample-data';
import type { Kehu } from '@kehu/sdk';

/** Options of {@link seedSampleBusiness}: those of `generateSampleBusiness`. */
export interface SeedOptions {
  /** The business's "today", `YYYY-MM-DD`; default `2026-06-30`. */
  asOf?: string;
  /** Number of customers; default 2,000. */
  customers?: number;
  /** Generator seed; default 42. */
  seed?: number;
}

/** What the seed stored. */
export interface SeedResult {
  /** The as-of day of the sample. */
  asOf: string;
  /** The end of that day, ISO-8601 (a good `KEHU_AS_OF`). */
  asOfInstant: string;
  /** Customers created by this run (those already stored are skipped). */
  customers: number;
  /** Transactions appended by this run (the others are duplicates of stored ones). */
  transactions: number;
  /** Complaints opened by this run. */
  complaints: number;
  /** Opportunities opened by this run. */
  opportunities: number;
  /** Grade changes written by the re-grading as of the sample's day. */
  gradeChanges: number;
  /** Churn risk scores recorded as of the sample's day (0 when scores were stored already). */
  churnScores: number;
}

const ACTOR = 'kehu-seed';

/**
 * Stores the deterministic sample business of `@kehu/sample-data` with `storeSampleBusiness` of `@kehu/cli` (the
 * loader `kehu demo` uses): customers, transactions, complaints with their events, contact records, survey
 * responses, account managers, the maintenance plan through approval with its spend and variance causes, and the
 * opportunities with their stage histories; then, as the nightly jobs would (see the worker example), re-grades
 * everyone and records churn risk scores as of the end of the sample's day, so the dashboard has tiers and risks to
 * show. Running it again on the same store adds nothing. `progress` (e.g. `process.stderr`) gets a line per step.
 */
export async function seedSampleBusiness(
  kehu: Kehu,
  options: SeedOptions = {},
  progress?: TextOutput,
): Promise<SeedResult> {
  const business = generateSampleBusiness(options);
  const reason = 'seed: sample business';
  const stored = await storeSampleBusiness(kehu, business, {
    actor: ACTOR,
    reason,
    ...(progress === undefined ? {} : { progress }),
  });
  const asOf = new Date(Date.parse(business.asOfInstant) - 1);
  progress?.write('grades and churn risk 分级与流失风险 …\n');
  const gradeChanges = (await kehu.value.regradeAll({ asOf, apply: { actor: ACTOR, reason } })).applied;
  let churnScores = 0;
  if ((await kehu.churn.list({ limit: 1 })).items.length === 0) {
    const satisfaction = { surveyId: SAMPLE_SURVEY.id, question: 'csat', scale: { min: 1, max: 5 } };
    const run = await kehu.churn.score({
      asOf,
      satisfaction,
      sla: { calendar: chinaCalendar() },
      record: { actor: ACTOR, reason },
    });
    churnScores = run.scored;
  }
  return { asOf: business.asOf, asOfInstant: business.asOfInstant, ...stored, gradeChanges, churnScores };
}
