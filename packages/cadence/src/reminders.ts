import {
  dayFromCivil,
  daysInMonth,
  invalidInput,
  isLeapYear,
  KehuValidationError,
  type Label,
  yearOf,
} from '@kehu/core';
import type { HolidayPeriod, PlanContext } from './context.js';
import { birthdayOccurrences } from './lunar.js';
import type { CustomerHistory, Importance } from './types.js';
import { admit, type DemandSink, emit, newSink } from './sink.js';
import { dateText, planMemo, remember, type WindowSpec, windowDemand } from './window.js';

/**
 * The reminder demands of one customer (rule CA-7), the reminders that produced none (`no-birthday`,
 * `lunar-date-not-found`, the common rules' skips) and the closed windows counted.
 */
export type ReminderDemands = DemandSink;

const BIRTHDAY_RULES = ['CA-7', 'AR-3'] as const;
const REMINDER_RULES = ['CA-7'] as const;

const NO_BIRTHDAY: Label = {
  en: 'CA-7: no birthday recorded: no birthday greeting',
  zh: 'CA-7：未记录生日，无法安排生日问候',
};
const NO_KEY_CONTACT_BIRTHDAY: Label = {
  en: 'CA-7: no key contact has a birthday recorded: no birthday greeting',
  zh: 'CA-7：关键联系人均未记录生日，无法安排生日问候',
};

/** Whose birthday: the customer's own (`self`) or a key contact's. */
interface Celebrant {
  readonly sub: string;
  readonly contactId: string | null;
  readonly birthday: string;
  readonly calendar: 'solar' | 'lunar';
}

/**
 * The reminder demands of one customer (rule CA-7), each through the plan's common rules (`windowDemand`):
 * - birthdays (rules CA-7, AR-3), when `policy.reminders.birthday.enabled`: a person customer's own birthday, an
 *   organization's key contacts' (one demand each; solar or Chinese lunar as the record says), in the window
 *   `[day - before, day]`, due on the day, key `customerId|birthday:<contact id or self>|<date>`, for the
 *   birthdays whose window touches the plan. A person without a birthday, or an organization whose key contacts
 *   have none, is listed once as `no-birthday`; a lunar birthday outside the lunar calendar's years as
 *   `lunar-date-not-found`;
 * - statutory holidays, for customers whose importance is in `policy.reminders.holiday.importance`: one demand per
 *   named holiday period of `ctx.holidays` starting from the plan's first day to `before` days after its last, in
 *   the window `[start - before, start - 1]` (at least the day before), due the day before (the placer moves it to
 *   the last working day before the holiday), key `customerId|holiday|<first date>`;
 * - the annual conference invitation, for important customers when `policy.reminders.conference` is set: the
 *   window `[conference - inviteDaysBefore, conference - inviteDaysBefore + windowDays]` of each conference whose
 *   window touches the plan, due on its first day, key `customerId|conference|<conference date>`.
 * Purpose, channel and priority points come from `policy.styles`. `contactDays` are the sorted local days of the
 * customer's completed contacts (computed from the history when not given). `importance` `null`: birthdays only.
 * Pure. Throws `KehuValidationError` for a birthday that is no date of its calendar.
 */
export function reminderDemands(
  history: CustomerHistory,
  ctx: PlanContext,
  importance: Importance | null,
  contactDays?: readonly number[],
  sink?: DemandSink,
): ReminderDemands {
  const out: ReminderDemands = sink ?? newSink();
  const days = contactDays ?? history.contactTimes.map((t) => ctx.localDay(t));
  birthdays(history, ctx, days, out);
  const reminders = ctx.policy.reminders;
  if (importance !== null && reminders.holiday.importance.includes(importance)) holidays(history, ctx, days, out);
  if (importance === 'important' && reminders.conference !== null) conferences(history, ctx, days, out);
  return out;
}

function push(spec: WindowSpec, ctx: PlanContext, contactDays: readonly number[], out: ReminderDemands): void {
  emit(windowDemand(spec, ctx, contactDays), out);
}

function celebrantsOf(history: CustomerHistory): { list: Celebrant[]; missing: Label | null } {
  const { customer } = history;
  const list: Celebrant[] = [];
  if (customer.kind === 'organization') {
    let keyContacts = 0;
    for (const c of customer.contacts ?? []) {
      if (c.isKeyContact !== true) continue;
      keyContacts++;
      if (c.birthday !== undefined)
        list.push({ sub: c.id, contactId: c.id, birthday: c.birthday, calendar: c.birthdayCalendar ?? 'solar' });
    }
    return { list, missing: keyContacts > 0 && list.length === 0 ? NO_KEY_CONTACT_BIRTHDAY : null };
  }
  if (customer.birthday === undefined) return { list, missing: NO_BIRTHDAY };
  list.push({
    sub: 'self',
    contactId: null,
    birthday: customer.birthday,
    calendar: customer.birthdayCalendar ?? 'solar',
  });
  return { list, missing: null };
}

function birthdays(history: CustomerHistory, ctx: PlanContext, contactDays: readonly number[], out: ReminderDemands) {
  const policy = ctx.policy.reminders.birthday;
  if (!policy.enabled) return;
  const id = history.customer.id;
  const { list, missing } = celebrantsOf(history);
  if (missing !== null)
    out.skipped.push({ customerId: id, kind: 'birthday', why: 'no-birthday', key: null, reason: missing });
  for (const c of list) {
    // A window [day - before, day] touches the plan when the day is in [fromDay, toDay + before].
    const occurrences = occurrencesOf(history, c, ctx.fromDay, ctx.toDay + policy.before);
    if (occurrences === null) {
      out.skipped.push({
        customerId: id,
        kind: 'birthday',
        why: 'lunar-date-not-found',
        key: null,
        reason: {
          en: `CA-7: the lunar birthday ${c.birthday}${whose(c).en} is outside the lunar tables' years (1900..2099)`,
          zh: `CA-7：${whose(c).zh}农历生日 ${c.birthday} 超出农历数据的年份（1900..2099），无法换算`,
        },
      });
      continue;
    }
    for (const { day, note } of occurrences) {
      if (!admit(day - policy.before, day, ctx, contactDays, out)) continue;
      const texts = birthdayTexts(ctx, c, day, note);
      push(
        {
          keySuffix: texts.keySuffix,
          customerId: id,
          kind: 'birthday',
          rules: BIRTHDAY_RULES,
          reason: texts.reason,
          earliest: day - policy.before,
          due: day,
          latest: day,
        },
        ctx,
        contactDays,
        out,
      );
    }
  }
}

/** {@link birthdayOccurrences}, with a bad birthday refused at its place in the input. */
function occurrencesOf(history: CustomerHistory, c: Celebrant, from: number, to: number) {
  try {
    return birthdayOccurrences(c.birthday, c.calendar, from, to);
  } catch (e) {
    if (!(e instanceof KehuValidationError)) throw e;
    const { customer } = history;
    const index = c.contactId === null ? -1 : (customer.contacts ?? []).findIndex((k) => k.id === c.contactId);
    const field = e.path[e.path.length - 1] ?? 'birthday';
    const path = index < 0 ? ['customers', customer.id, field] : ['customers', customer.id, 'contacts', index, field];
    throw invalidInput(path, `${path.join('.')}: ${e.message}`, 'invalid_format');
  }
}

function whose(c: Celebrant): Label {
  return c.contactId === null
    ? { en: '', zh: '' }
    : { en: ` of key contact ${c.contactId}`, zh: `关键联系人 ${c.contactId} 的` };
}

/** A reminder's key suffix and reason, the same for every customer with the same inputs. */
interface Texts {
  readonly keySuffix: string;
  readonly reason: Label;
}

/**
 * A plan's reminder texts, shared between customers: conferences by day; birthdays by whose (the customer's own,
 * or a key contact's by id) and a number made of the day, the lunar month and day, and whether a note applies.
 */
const memoOf = planMemo(() => ({
  conferences: new Map<number, Texts>(),
  own: new Map<number, Texts>(),
  keyContacts: new Map<string, Map<number, Texts>>(),
}));

/**
 * The key suffix and reason of a birthday on `day`: one object per plan for the same celebrant (own or key contact
 * id), day, calendar, lunar month and day, and note. The note is a function of these (the year of `day`, and for a
 * lunar birthday the month's length), so its presence alone completes the memo's number.
 */
function birthdayTexts(ctx: PlanContext, c: Celebrant, day: number, note: Label | null): Texts {
  const memo = memoOf(ctx);
  let map = memo.own;
  if (c.contactId !== null) {
    const known = memo.keyContacts.get(c.contactId);
    map = known ?? remember(memo.keyContacts, c.contactId, new Map<number, Texts>());
  }
  const lunar = c.calendar === 'lunar' ? Number(c.birthday.slice(-5, -3)) * 32 + Number(c.birthday.slice(-2)) : 0;
  const code = ((day * 416 + lunar) * 2 + (note === null ? 0 : 1)) * 2 + (c.calendar === 'lunar' ? 1 : 0);
  const known = map.get(code);
  if (known !== undefined) return known;
  const date = dateText(day);
  const reason = birthdayReason(c, date);
  return remember(map, code, {
    keySuffix: `|birthday:${c.sub}|${date}`,
    reason: note === null ? reason : { en: `${reason.en} (${note.en})`, zh: `${reason.zh}（${note.zh}）` },
  });
}

function birthdayReason(c: Celebrant, date: string): Label {
  const w = whose(c);
  if (c.calendar === 'solar') return { en: `CA-7: birthday${w.en} on ${date}`, zh: `CA-7：${w.zh}生日 ${date}` };
  const month = Number(c.birthday.slice(-5, -3));
  const day = Number(c.birthday.slice(-2));
  return {
    en: `CA-7: lunar birthday${w.en} (month ${month}, day ${day}) on ${date}`,
    zh: `CA-7：${w.zh}农历生日（${month} 月 ${day} 日）${date}`,
  };
}

/** A holiday period's key suffix and greeting reason, the same for every customer. */
interface Greeting {
  readonly keySuffix: string;
  readonly reason: Label;
}

const GREETINGS = new WeakMap<readonly HolidayPeriod[], readonly Greeting[]>();

/** The greetings of a plan's holiday periods, computed once per plan (its context's list of periods). */
function greetingsOf(periods: readonly HolidayPeriod[]): readonly Greeting[] {
  let greetings = GREETINGS.get(periods);
  if (greetings === undefined) {
    greetings = periods.map((period) => {
      const from = dateText(period.from);
      const to = dateText(period.to);
      return {
        keySuffix: `|holiday|${from}`,
        reason: {
          en: `CA-7: greetings before ${period.name.en} (${from}..${to})`,
          zh: `CA-7：${period.name.zh}（${from}..${to}）前问候`,
        },
      };
    });
    GREETINGS.set(periods, greetings);
  }
  return greetings;
}

function holidays(history: CustomerHistory, ctx: PlanContext, contactDays: readonly number[], out: ReminderDemands) {
  const periods = ctx.holidays;
  if (periods.length === 0) return;
  const id = history.customer.id;
  // At least the day before: a lead of 0 days still greets on the eve.
  const lead = Math.max(1, ctx.policy.reminders.holiday.before);
  const last = ctx.toDay + ctx.policy.reminders.holiday.before;
  let greetings: readonly Greeting[] | undefined;
  for (let i = 0; i < periods.length; i++) {
    const period = periods[i] as HolidayPeriod;
    if (period.from < ctx.fromDay || period.from > last) continue;
    if (!admit(period.from - lead, period.from - 1, ctx, contactDays, out)) continue;
    greetings ??= greetingsOf(periods);
    const greeting = greetings[i] as Greeting;
    push(
      {
        keySuffix: greeting.keySuffix,
        customerId: id,
        kind: 'holiday',
        rules: REMINDER_RULES,
        reason: greeting.reason,
        earliest: period.from - lead,
        due: period.from - 1,
        latest: period.from - 1,
      },
      ctx,
      contactDays,
      out,
    );
  }
}

function conferences(history: CustomerHistory, ctx: PlanContext, contactDays: readonly number[], out: ReminderDemands) {
  const conference = ctx.policy.reminders.conference;
  if (conference === null) return;
  const id = history.customer.id;
  const month = Number(conference.date.slice(2, 4));
  const dayOfMonth = Number(conference.date.slice(5, 7));
  const { inviteDaysBefore, windowDays } = conference;
  for (let year = yearOf(ctx.fromDay); year <= yearOf(ctx.toDay + inviteDaysBefore); year++) {
    // `--02-29` in a common year (or a day past the month's end) is held on the month's last day.
    const last = month === 2 && !isLeapYear(year) ? 28 : daysInMonth(year, month);
    const day = dayFromCivil(year, month, Math.min(dayOfMonth, last));
    const earliest = day - inviteDaysBefore;
    const latest = earliest + windowDays;
    if (latest < ctx.fromDay || earliest > ctx.toDay) continue;
    if (!admit(earliest, latest, ctx, contactDays, out)) continue;
    const memo = memoOf(ctx).conferences;
    const texts =
      memo.get(day) ??
      remember(memo, day, {
        keySuffix: `|conference|${dateText(day)}`,
        reason: {
          en: `CA-7: invitation to the annual conference on ${dateText(day)}`,
          zh: `CA-7：邀请参加 ${dateText(day)} 的年度客户大会`,
        },
      });
    push(
      {
        keySuffix: texts.keySuffix,
        customerId: id,
        kind: 'conference',
        rules: REMINDER_RULES,
        reason: texts.reason,
        earliest,
        due: earliest,
        latest,
      },
      ctx,
      contactDays,
      out,
    );
  }
}
