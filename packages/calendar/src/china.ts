// The package is CommonJS (UMD) without named ESM exports: its default export holds the API.
import chineseDays from 'chinese-days';
import { dateOfDay, dayFromCivil, type Label, weekdayOf, yearStart } from '@kehu/core';
import { createBusinessCalendar, type BusinessCalendar } from './calendar.js';
import type { BusinessCalendarSpecInput } from './spec.js';

/** The years the bundled `chinese-days` data knows the State Council's holiday arrangements for. */
export interface ChinaHolidayData {
  /** Statutory holiday dates (closed), `YYYY-MM-DD`. */
  holidays: string[];
  /** Make-up workdays (调休: weekend days worked), `YYYY-MM-DD`. */
  workdays: string[];
  /**
   * Names by date: every day of a holiday period (its weekend days included), e.g. `{ en: 'National Day', zh:
   * '国庆节' }`, and every make-up workday (`{ en: 'Make-up workday for National Day', zh: '国庆节调休上班' }`).
   */
  names: Record<string, Label>;
  /** First and last date the data covers. */
  coverage: { from: string; to: string };
}

const FIRST_YEAR = 2004;

let cached: ChinaHolidayData | undefined;

/**
 * Mainland China's holidays and make-up workdays (调休) from the `chinese-days` package
 * (MIT, updated from the State Council's announcements), with the years it covers: from
 * 2004 through the last year it has published arrangements for. Read once and cached.
 */
export function chinaHolidayData(): ChinaHolidayData {
  if (cached !== undefined) return cached;
  // The last year with data: the latest statutory holiday the package knows.
  const all = chineseDays.getHolidaysInRange(`${FIRST_YEAR}-01-01`, '2100-12-31', false);
  // biome-ignore lint/complexity/useMathMinMax: ISO dates compare as strings here, not as numbers
  const lastYear = Number(all.reduce((max, d) => (d > max ? d : max), `${FIRST_YEAR}`).slice(0, 4));
  const from = yearStart(FIRST_YEAR);
  const to = dayFromCivil(lastYear, 12, 31);
  const holidays: string[] = [];
  const workdays: string[] = [];
  const names: Record<string, Label> = {};
  for (let day = from; day <= to; day++) {
    const date = dateOfDay(day);
    const weekend = weekdayOf(day) === 0 || weekdayOf(day) === 6;
    const { work, name } = chineseDays.getDayDetail(date);
    if (!work && !weekend) holidays.push(date);
    else if (work && weekend) workdays.push(date);
    // A holiday's detail is named "English,中文,days"; an ordinary day's is its weekday.
    const [en, zh] = name.split(',');
    if (en === undefined || zh === undefined || en === '' || zh === '') continue;
    if (!work) names[date] = { en, zh };
    else if (weekend) names[date] = { en: `Make-up workday for ${en}`, zh: `${zh}调休上班` };
  }
  cached = { holidays, workdays, names, coverage: { from: `${FIRST_YEAR}-01-01`, to: `${lastYear}-12-31` } };
  return cached;
}

/** Options of {@link chinaCalendar}. */
export interface ChinaCalendarOptions {
  /**
   * Weekday hours (default Monday to Friday 09:00–12:00 and 13:00–18:00); make-up workdays get Monday's unless
   * `makeupHours` says otherwise.
   */
  week?: BusinessCalendarSpecInput['week'];
  /** Hours of make-up workdays (default Monday's). */
  makeupHours?: BusinessCalendarSpecInput['makeupHours'];
  /** The host's own extra holidays (e.g. a company day off); one on a make-up workday of the data closes that day. */
  holidays?: string[];
  /** The host's own extra workdays (e.g. a year not yet in the data, announced by the State Council). */
  workdays?: BusinessCalendarSpecInput['workdays'];
  /** Names of the host's own holidays and workdays by date; they replace the data's names of those dates. */
  names?: BusinessCalendarSpecInput['names'];
  /** Time zone (default `Asia/Shanghai`). */
  timeZone?: string;
  /** Name (default `mainland China`). */
  name?: string;
}

/** The default weekly hours of {@link chinaCalendar}: Monday to Friday, 09:00–12:00 and 13:00–18:00. */
export const CHINA_OFFICE_WEEK: BusinessCalendarSpecInput['week'] = Object.fromEntries(
  (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((d) => [
    d,
    [
      ['09:00', '12:00'],
      ['13:00', '18:00'],
    ],
  ]),
);

/**
 * A mainland China business calendar: statutory holidays closed, make-up workdays (调休)
 * open, from {@link chinaHolidayData}, with the host's own overrides on top (host workdays
 * open any day; host holidays close any day, make-up workdays of the data included). Dates past the
 * data's last year follow the plain week and results there are flagged `provisional`.
 */
export function chinaCalendar(options: ChinaCalendarOptions = {}): BusinessCalendar {
  const data = chinaHolidayData();
  // The host's word wins over the data's: a host holiday closes a make-up workday of the data.
  const closed = new Set(options.holidays ?? []);
  // A make-up workday the host closes, or a holiday the host works, loses the data's name: it no longer says what
  // the day is. The host may name it in `names`.
  const opened = new Set((options.workdays ?? []).map((w) => (typeof w === 'string' ? w : w.date)));
  const dataWorkdays = new Set(data.workdays);
  const names: Record<string, Label> = {};
  for (const [date, name] of Object.entries(data.names)) {
    if (dataWorkdays.has(date) ? closed.has(date) : opened.has(date)) continue;
    names[date] = name;
  }
  return createBusinessCalendar({
    name: options.name ?? 'mainland China',
    timeZone: options.timeZone ?? 'Asia/Shanghai',
    week: options.week ?? CHINA_OFFICE_WEEK,
    holidays: [...data.holidays, ...(options.holidays ?? [])],
    workdays: [
      ...(closed.size === 0 ? data.workdays : data.workdays.filter((d) => !closed.has(d))),
      ...(options.workdays ?? []),
    ],
    ...(options.makeupHours === undefined ? {} : { makeupHours: options.makeupHours }),
    names: { ...names, ...options.names },
    coverage: data.coverage,
  });
}
