/**
 * `@kehu/calendar`: business calendars for complaint SLAs and revisit plans (rules SL-2,
 * SL-3, CA-1): business hours in local wall time of an IANA time zone, holidays and
 * make-up workdays (调休), exact business-time arithmetic across DST changes, and a
 * mainland China calendar built from the `chinese-days` data.
 *
 * @packageDocumentation
 */
export { createBusinessCalendar, type BusinessCalendar } from './calendar.js';
export {
  businessCalendarSpecSchema,
  dayHoursSchema,
  dayNameSchema,
  intervalSchema,
  isTimeOfDay,
  parseBusinessCalendarSpec,
  timeOfDaySchema,
  WEEKDAYS,
  type BusinessCalendarSpec,
  type BusinessCalendarSpecInput,
  type Weekday,
} from './spec.js';
export {
  addBusinessDays,
  addBusinessTime,
  businessClock,
  businessTimeBetween,
  isBusinessTime,
  isProvisional,
  nextBusinessTime,
  workingDayDeadline,
  type BusinessClock,
  type BusinessDuration,
  type BusinessInstant,
  type WorkingDayDeadlineOptions,
} from './arithmetic.js';
export {
  dayInfo,
  holidayPeriods,
  workingDays,
  type DayInfo,
  type DayKind,
  type HolidayPeriodDates,
} from './days.js';
export {
  CHINA_OFFICE_WEEK,
  chinaCalendar,
  chinaHolidayData,
  type ChinaCalendarOptions,
  type ChinaHolidayData,
} from './china.js';
