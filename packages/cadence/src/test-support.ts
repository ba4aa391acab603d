/**
 * Fixtures the cadence tests share: plan contexts in Asia/Shanghai, customer histories and weekday calendars.
 * Not exported from the package index; free of vitest so that any test may import it.
 */
import { type BusinessCalendar, createBusinessCalendar } from '@kehu/calendar';
import { DAY_MS, dateOfDay, dayNumber, KehuValidationError } from '@kehu/core';
import { emptyHistory } from './check-input.js';
import type { PlanContext } from './context.js';
import { DEFAULT_CADENCE_POLICY } from './policy.js';
import type { CustomerHistory, Demand, PlanCustomer, PlanOwner, SkippedEntry } from './types.js';

/** Asia/Shanghai's offset from UTC (UTC+8 all year). */
const SHANGHAI_MS = 8 * 3_600_000;

/** What {@link shanghaiContext} takes besides the plan's dates: the default policy and no holidays or rounds. */
export type ContextExtras = Partial<Pick<PlanContext, 'policy' | 'holidays' | 'rounds'>>;

/** A plan context in Asia/Shanghai (UTC+8 all year) from local date `from` to `to`, made at instant `asOf`. */
export function shanghaiContext(from: string, to: string, asOf: string, extras: ContextExtras = {}): PlanContext {
  const localDay = (ms: number) => Math.floor((ms + SHANGHAI_MS) / DAY_MS);
  const asOfMs = Date.parse(asOf);
  return {
    policy: extras.policy ?? DEFAULT_CADENCE_POLICY,
    zone: 'Asia/Shanghai',
    fromDay: dayNumber(from),
    toDay: dayNumber(to),
    todayDay: localDay(asOfMs),
    asOfMs,
    localDay,
    holidays: extras.holidays ?? [],
    rounds: extras.rounds ?? [],
  };
}

/** The history of `customer` with every list empty, then `extra` over it. */
export function planHistory(customer: PlanCustomer, extra: Partial<CustomerHistory> = {}): CustomerHistory {
  return { ...emptyHistory(customer), ...extra };
}

/** The customer most tests plan for: `c1` of owner `u1`, created 2024-01-01 in Shanghai, then `extra` over it. */
export function testCustomer(extra: Partial<PlanCustomer> = {}): PlanCustomer {
  return { id: 'c1', ownerId: 'u1', createdAt: new Date('2024-01-01T00:00:00+08:00'), ...extra };
}

/** The instants (milliseconds) of date-time texts, in order. */
export function instants(texts: readonly string[]): number[] {
  return texts.map((s) => Date.parse(s));
}

/** A demand in words: `key earliest..latest due date`. */
export function demandLine(d: Demand): string {
  return `${d.key} ${dateOfDay(d.earliest)}..${dateOfDay(d.latest)} due ${dateOfDay(d.due)}`;
}

/** A skipped entry in words: `key why`. */
export function skipLine(s: SkippedEntry): string {
  return `${s.key} ${s.why}`;
}

/** What {@link weekdayCalendar} takes besides its zone and hours. */
export interface WeekdayCalendarDays {
  /** Closed dates. */
  readonly holidays?: readonly string[];
  /** Weekend dates worked (make-up workdays). */
  readonly workdays?: readonly string[];
  /** The names of some dates. */
  readonly names?: Readonly<Record<string, { en: string; zh: string }>>;
}

/** A business calendar in `timeZone` open Monday to Friday from `open` to `close`, with `days`. */
export function weekdayCalendar(
  timeZone: string,
  open: string,
  close: string,
  days: WeekdayCalendarDays,
): BusinessCalendar {
  const week = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [[open, close]]]));
  return createBusinessCalendar({ timeZone, week, ...days } as Parameters<typeof createBusinessCalendar>[0]);
}

/** A generated owner's leave: from `start` days after the plan's first day, `length` days more, covered by `cover`. */
export interface TestLeave {
  readonly start: number;
  readonly length: number;
  /** The index of the covering owner (no cover when it is the owner's own index). */
  readonly cover: number;
}

/** Owner `o<k>` of a generated plan starting on day `fromDay`, with its daily capacity and leave. */
export function testOwner(k: number, capacity: number, fromDay: number, leave: TestLeave | undefined): PlanOwner {
  if (leave === undefined) return { id: `o${k}`, dailyCapacity: capacity };
  const from = dateOfDay(fromDay + leave.start);
  const to = dateOfDay(fromDay + leave.start + leave.length);
  const cover = leave.cover === k ? {} : { coverId: `o${leave.cover}` };
  return { id: `o${k}`, dailyCapacity: capacity, leave: [{ from, to, ...cover }] };
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
