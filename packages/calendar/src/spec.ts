import { daysInMonth, invalidInput, KehuValidationError, toValidationIssues } from '@kehu/core';
import { tzOffset } from '@date-fns/tz';
import * as z from 'zod';

/** The days of a week in the order of `Date.getUTCDay()`: `sun` is 0. */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** A day of the week. */
export type Weekday = (typeof WEEKDAYS)[number];

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a local wall time `HH:mm` from `00:00` to `23:59`, or `24:00` (the end of a day). */
export function isTimeOfDay(time: unknown): time is string {
  return typeof time === 'string' && TIME.test(time);
}

/** A local wall time `HH:mm`, `00:00` to `24:00` (deadlines "by HH:mm", the ends of intervals). */
export const timeOfDaySchema = z.string().regex(TIME, 'expected HH:mm (00:00 to 24:00)');

/** Minutes since local midnight of `HH:mm` (`24:00` is 1440). */
export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** True when `YYYY-MM-DD` names a real date of the proleptic Gregorian calendar. */
export function isCalendarDate(date: string): boolean {
  if (!DATE.test(date)) return false;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/**
 * `['HH:mm', 'HH:mm']`: open from the first local wall time (inclusive) to the second (exclusive); `'24:00'`
 * only as an end.
 */
export const intervalSchema = z
  .tuple([z.string().regex(TIME, 'expected HH:mm (00:00 to 23:59)'), timeOfDaySchema])
  .refine(([start]) => start !== '24:00', { path: [0], message: '24:00 can only end an interval' })
  .refine(([start, end]) => minutesOf(end) > minutesOf(start), {
    path: [1],
    message: 'the end must be after the start',
  });

/** A day's open intervals, in order and not overlapping (several for breaks). */
export const dayHoursSchema = z.array(intervalSchema).superRefine((intervals, ctx) => {
  for (let i = 1; i < intervals.length; i++) {
    if (minutesOf(intervals[i]![0]) < minutesOf(intervals[i - 1]![1]))
      ctx.addIssue({ code: 'custom', path: [i, 0], message: 'intervals must be in order and must not overlap' });
  }
});

const dateSchema = z.string().refine(isCalendarDate, 'expected a real date YYYY-MM-DD');

const nameText = z
  .string()
  .max(200, 'at most 200 characters')
  .refine((s) => s.trim() !== '', 'must not be empty');

/** The name of a holiday or make-up workday: English and Simplified Chinese, 1 to 200 characters each. */
export const dayNameSchema = z.strictObject({
  /** English. */
  en: nameText,
  /** Simplified Chinese. */
  zh: nameText,
});

/**
 * What {@link createBusinessCalendar} accepts: a time zone, the weekly hours in local wall
 * time, holidays (closed all day) and make-up workdays (调休: a day, typically a weekend
 * day, that is worked; by default with Monday's hours), all plain JSON.
 */
export const businessCalendarSpecSchema = z.object({
  /** A name for people and logs. */
  name: z.string().optional(),
  /** IANA time zone of the hours, e.g. `Asia/Shanghai`. */
  timeZone: z
    .string()
    .refine(
      (zone) => !Number.isNaN(tzOffset(zone, new Date(0))) && /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone),
      'expected an IANA time zone name',
    ),
  /**
   * Hours per weekday, `mon`..`sun`; a missing day is closed. An overnight shift is two intervals on consecutive
   * days.
   */
  week: z
    .object({
      /** Monday's hours. */
      mon: dayHoursSchema.optional(),
      /** Tuesday's hours. */
      tue: dayHoursSchema.optional(),
      /** Wednesday's hours. */
      wed: dayHoursSchema.optional(),
      /** Thursday's hours. */
      thu: dayHoursSchema.optional(),
      /** Friday's hours. */
      fri: dayHoursSchema.optional(),
      /** Saturday's hours. */
      sat: dayHoursSchema.optional(),
      /** Sunday's hours. */
      sun: dayHoursSchema.optional(),
    })
    .strict(),
  /** Local dates closed all day (unless listed as make-up workdays). */
  holidays: z.array(dateSchema).default([]),
  /** Make-up workdays: a date (with `makeupHours`) or `{ date, hours }`. They win over holidays and the week. */
  workdays: z.array(z.union([dateSchema, z.object({ date: dateSchema, hours: dayHoursSchema })])).default([]),
  /** Hours of a make-up workday given as a bare date; default Monday's hours. */
  makeupHours: dayHoursSchema.optional(),
  /**
   * Names of holidays and make-up workdays for people (English and Simplified Chinese), by local date, e.g.
   * `{ '2026-10-01': { en: 'National Day', zh: '国庆节' } }`. Weekend days inside a holiday period may be named too.
   */
  names: z.record(dateSchema, dayNameSchema).default({}),
  /**
   * The dates the holiday and workday data are known for (`from`, `to` inclusive). Results
   * that depend on a local date outside it are flagged `provisional`: they follow the plain
   * week there. Omit when the spec's holidays are complete.
   */
  coverage: z.object({ from: dateSchema, to: dateSchema }).optional(),
});

/** A business calendar spec as written (see {@link businessCalendarSpecSchema}). */
export type BusinessCalendarSpecInput = z.input<typeof businessCalendarSpecSchema>;
/** A business calendar spec with defaults applied. */
export type BusinessCalendarSpec = z.output<typeof businessCalendarSpecSchema>;

/**
 * Validates a spec; throws `KehuValidationError` with the path of the first bad field (e.g. `['week', 'mon', 0,
 * 1]`).
 */
export function parseBusinessCalendarSpec(input: unknown): BusinessCalendarSpec {
  const r = businessCalendarSpecSchema.safeParse(input);
  if (!r.success) {
    const issues = toValidationIssues(r.error.issues);
    throw new KehuValidationError(
      `invalid business calendar at ${issues[0]?.path.join('.')}: ${issues[0]?.message}`,
      issues,
    );
  }
  if (r.data.coverage && r.data.coverage.from > r.data.coverage.to) {
    throw invalidInput(
      ['coverage', 'to'],
      'invalid business calendar at coverage.to: must not be before coverage.from',
    );
  }
  return r.data;
}
