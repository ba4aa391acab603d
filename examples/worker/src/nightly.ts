import type { BusinessCalendar } from '@kehu/calendar';
import { invalidInput } from '@kehu/core';
import type { Kehu, SlaOptions } from '@kehu/sdk';
import { QUEUES } from './queues.js';

/** The data of a nightly job: the night (a local date of the calendar's zone) and the instant it works as of. */
export interface NightlyJobData {
  /** The night, `YYYY-MM-DD` in the calendar's zone: the date on which the nightly run started. */
  night: string;
  /** The moment the night's work is done as of (ISO-8601), fixed when the night's jobs are sent. */
  asOf: string;
}

/** The three jobs of a night. */
export const NIGHTLY_JOBS = [QUEUES.regrade, QUEUES.churnScore, QUEUES.planRevisits] as const;

/** The local date (`YYYY-MM-DD`) of `at` in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(at)
    .reduce<Record<string, string>>((acc, p) => Object.assign(acc, { [p.type]: p.value }), {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The local date after `date` (`YYYY-MM-DD`). */
export function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** Reads and checks a nightly job's data; bad data throws `KehuValidationError` with the path of the field. */
export function parseNightlyJobData(data: unknown): { night: string; asOf: Date } {
  if (typeof data !== 'object' || data === null) throw invalidInput([], 'expected nightly data', 'invalid_type');
  const { night, asOf } = data as Partial<NightlyJobData>;
  if (typeof night !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(night))
    throw invalidInput(['night'], 'expected a local date YYYY-MM-DD', 'invalid_type');
  const at = typeof asOf === 'string' ? new Date(asOf) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) throw invalidInput(['asOf'], 'expected an ISO-8601 instant', 'invalid_type');
  return { night, asOf: at };
}

/** What the nightly jobs need. */
export interface NightlyContext {
  /** The SDK. */
  kehu: Kehu;
  /** The business calendar (its zone dates the night; it places revisits). */
  calendar: BusinessCalendar;
  /** The SLA policy for the churn factors and complaint callbacks (default the SDK's). */
  slaPolicy?: SlaOptions['policy'];
  /** The actor the SDK audits the writes under (the worker's name). */
  actor: string;
}

/**
 * Runs one nightly job of `night` as of the `asOf` fixed in its data, so a retry or a second worker does the same
 * work and the SDK's writes are idempotent: re-grading at the same moment proposes no change once applied, and a
 * churn score equal to the stored one is not stored again. Each write is audited by the SDK (rule AR-4) with the
 * worker as actor. Returns one line saying what was done.
 */
export async function runNightly(
  ctx: NightlyContext,
  job: (typeof NIGHTLY_JOBS)[number],
  data: unknown,
): Promise<string> {
  const { night, asOf } = parseNightlyJobData(data);
  const policy = ctx.slaPolicy === undefined ? {} : { policy: ctx.slaPolicy };
  if (job === QUEUES.regrade) {
    const run = await ctx.kehu.value.regradeAll({
      asOf,
      apply: { actor: ctx.actor, reason: `nightly re-grading ${night}` },
    });
    return `regrade ${night}: ${run.applied} grade changes written`;
  }
  if (job === QUEUES.churnScore) {
    const run = await ctx.kehu.churn.score({
      asOf,
      sla: { calendar: ctx.calendar, ...policy },
      record: { actor: ctx.actor, reason: `nightly churn scoring ${night}` },
    });
    return `churn-score ${night}: ${run.scored} scored, ${run.recorded} stored, ${run.alerts.length} alerts`;
  }
  const from = nextDate(localDate(asOf, ctx.calendar.spec.timeZone));
  const plan = await ctx.kehu.cadence.plan({ asOf, calendar: ctx.calendar, from, days: 1, sla: { ...policy } });
  return `plan-revisits ${night}: ${plan.tasks.length} revisits planned for ${from}, ${plan.skipped.length} skipped`;
}
