import { dateOfDay, dayFromCivil, dayNumber, type ErrorPath, invalidInput, requireAsOf } from '@kehu/core';
import { localDateAt } from './local-time.js';

/** The granularity of a budget period (rule MP-2: budgets by month or by quarter). */
export type BudgetGranularity = 'month' | 'quarter';

/** A budget period `YYYY-MM` or `YYYY-Qn`, parsed, with its first and last local dates. */
export interface BudgetPeriod {
  /** The period's key as budget lines write it: `2026-03` or `2026-Q1`. */
  key: string;
  /** Whether the period is a month or a quarter. */
  granularity: BudgetGranularity;
  /** The year, 1..9999. */
  year: number;
  /** The month 1..12, or the quarter 1..4. */
  index: number;
  /** The first local date of the period, `YYYY-MM-DD`. */
  firstDate: string;
  /** The last local date of the period, `YYYY-MM-DD`. */
  lastDate: string;
  /** The core day number of `firstDate`. */
  firstDay: number;
  /** The core day number of `lastDate`. */
  lastDay: number;
}

const PERIOD = /^([0-9]{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$/;
const LOCAL_DATE = /^([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Parses a budget period key (rule MP-2): a month `YYYY-MM` or a quarter `YYYY-Qn` (Q1 = January to March). Throws
 * `KehuValidationError` at `path` for anything else.
 */
export function parseBudgetPeriod(key: string, path: ErrorPath = []): BudgetPeriod {
  const m = typeof key === 'string' ? PERIOD.exec(key) : null;
  if (m === null)
    throw invalidInput(
      path,
      `expected a month YYYY-MM or a quarter YYYY-Qn, got ${JSON.stringify(key)}`,
      'invalid_format',
    );
  const year = Number(m[1]);
  if (year === 0) throw invalidInput(path, 'year 0000 does not exist; years 0001 to 9999');
  const month = m[2] === undefined ? undefined : Number(m[2]);
  const granularity: BudgetGranularity = month === undefined ? 'quarter' : 'month';
  const index = month ?? Number(m[3]);
  const firstMonth = month ?? (index - 1) * 3 + 1;
  const lastMonth = month ?? index * 3;
  const firstDay = dayFromCivil(year, firstMonth, 1);
  const lastDay = (lastMonth === 12 ? dayFromCivil(year + 1, 1, 1) : dayFromCivil(year, lastMonth + 1, 1)) - 1;
  return {
    key,
    granularity,
    year,
    index,
    firstDate: dateOfDay(firstDay),
    lastDate: dateOfDay(lastDay),
    firstDay,
    lastDay,
  };
}

/** Checks a local date `YYYY-MM-DD` (a real calendar day, years 0001..9999) and gives its core day number. */
export function localDateDay(date: string, path: ErrorPath = []): number {
  const m = typeof date === 'string' ? LOCAL_DATE.exec(date) : null;
  const day = m === null ? Number.NaN : dayNumber(date);
  if (m === null || Number(m[1]) === 0 || dateOfDay(day) !== date)
    throw invalidInput(path, `expected a local date YYYY-MM-DD, got ${JSON.stringify(date)}`, 'invalid_format');
  return day;
}

/**
 * The budget period of the given granularity that holds the local date `date` (`2026-05-17` → `2026-05` or
 * `2026-Q2`). Throws `KehuValidationError` at `path` for a malformed date.
 */
export function budgetPeriodOf(date: string, granularity: BudgetGranularity, path: ErrorPath = []): string {
  localDateDay(date, path);
  return budgetPeriodKey(Number(date.slice(0, 4)), Number(date.slice(5, 7)), granularity);
}

/** The key of the month `YYYY-MM` or quarter `YYYY-Qn` holding month `month` (1..12) of `year` (no checks). */
export function budgetPeriodKey(year: number, month: number, granularity: BudgetGranularity): string {
  return granularity === 'month' ? `${pad(year, 4)}-${pad(month)}` : `${pad(year, 4)}-Q${Math.ceil(month / 3)}`;
}

/** True when the local date `date` lies in the budget period `period` (both checked). */
export function budgetPeriodContains(period: string | BudgetPeriod, date: string): boolean {
  const p = typeof period === 'string' ? parseBudgetPeriod(period) : period;
  const day = localDateDay(date);
  return day >= p.firstDay && day <= p.lastDay;
}

/** True when the month `month` (`YYYY-MM`) lies in the quarter `quarter` (`YYYY-Qn`); both keys are checked. */
export function isMonthInQuarter(month: string, quarter: string): boolean {
  const m = parseBudgetPeriod(month, ['month']);
  const q = parseBudgetPeriod(quarter, ['quarter']);
  if (m.granularity !== 'month') throw invalidInput(['month'], `expected a month YYYY-MM, got ${month}`);
  if (q.granularity !== 'quarter') throw invalidInput(['quarter'], `expected a quarter YYYY-Qn, got ${quarter}`);
  return m.firstDay >= q.firstDay && m.lastDay <= q.lastDay;
}

/** True when two periods share at least one day (a month and the quarter holding it, or the same period). */
export function budgetPeriodsOverlap(a: BudgetPeriod, b: BudgetPeriod): boolean {
  return a.firstDay <= b.lastDay && b.firstDay <= a.lastDay;
}

/**
 * The time order of budget periods, for `Array.prototype.sort`: by first day, and a shorter period (a month) before
 * a longer one (a quarter) starting the same day, so `2026-01` < `2026-Q1` < `2026-02`.
 */
export function compareBudgetPeriods(a: string | BudgetPeriod, b: string | BudgetPeriod): number {
  const pa = typeof a === 'string' ? parseBudgetPeriod(a) : a;
  const pb = typeof b === 'string' ? parseBudgetPeriod(b) : b;
  return pa.firstDay - pb.firstDay || pa.lastDay - pb.lastDay;
}

/** The last local date of a budget period (`2026-Q1` → `2026-03-31`). */
export function budgetPeriodLastDate(period: string): string {
  return parseBudgetPeriod(period).lastDate;
}

/**
 * Whether a budget period is over at `asOf` (rule MP-2): its last local date in `timeZone` (default `UTC`) is
 * before the local date of `asOf`. A period still running, or not begun, is not closed.
 */
export function isBudgetPeriodClosed(period: string, options: { asOf: Date; timeZone?: string }): boolean {
  const asOf = requireAsOf(options);
  const today = dayNumber(localDateAt(asOf, options.timeZone ?? 'UTC'));
  return parseBudgetPeriod(period).lastDay < today;
}
