import { isBirthdayOf, policyParserFor } from '@kehu/core';
import * as z from 'zod';
import { REVISIT_CHANNELS, REVISIT_PURPOSES } from './types.js';

const days = (max = 3660) =>
  z.number().int('must be a whole number of days').min(0, 'must not be negative').max(max, `at most ${max} days`);
const positiveDays = (max = 3660) => days(max).min(1, 'must be at least 1 day');
const points = z.number().min(0, 'must not be negative').max(100, 'at most 100');
const purpose = z.enum(REVISIT_PURPOSES);
const channel = z.enum(REVISIT_CHANNELS);
const importance = z.enum(['important', 'general']);

/** How one kind of task is carried out and ranked, with the kind's defaults (each field may be left out). */
function styleSchema(defaults: {
  purpose: (typeof REVISIT_PURPOSES)[number];
  channel: (typeof REVISIT_CHANNELS)[number];
  priority: number;
}) {
  return z
    .strictObject({
      /** The revisit's purpose (CA-5). */
      purpose: purpose.default(defaults.purpose),
      /** The channel (CA-8). */
      channel: channel.default(defaults.channel),
      /** Priority points of the kind (0..100); the importance and overdue parts are added. */
      priority: points.default(defaults.priority),
    })
    .prefault({});
}

/** A post-purchase window (rule CA-2): from `fromDays` to `toDays` after the purchase, preferred on `fromDays`. */
const postPurchaseWindowSchema = z
  .strictObject({
    /** A short name for keys and reasons, e.g. `1-week`. */
    name: z.string().regex(/^[a-z0-9-]{1,32}$/, 'lower-case letters, digits and dashes, at most 32'),
    /** First day of the window, in days after the purchase (the preferred day). */
    fromDays: days(),
    /** Last day of the window, in days after the purchase. */
    toDays: days(),
    /** The revisit's purpose (CA-5). */
    purpose,
  })
  .refine((w) => w.fromDays <= w.toDays, { message: 'fromDays must not be after toDays', path: ['toDays'] });

/** A cadence: "at least every `everyDays`", doable `earlyDays` before; `earlyDays` must be below `everyDays`. */
function cadenceSchema(everyDays: number, earlyDays: number) {
  return z
    .strictObject({
      /** At least every this many days. */
      everyDays: positiveDays().default(everyDays),
      /** Days before the due day the call may be made. */
      earlyDays: days().default(earlyDays),
    })
    .refine((c) => c.earlyDays < c.everyDays, { message: 'earlyDays must be below everyDays', path: ['earlyDays'] })
    .prefault({});
}

/**
 * The revisit policy (rules CA-1 to CA-9, CH-7, SA-5). Numbers the rules give are the defaults (monthly,
 * quarterly, two-weekly; 1 week, 4-6 and 10-12 months after a purchase, yearly after); the rest are Kehu's
 * choices, marked as such in the README's table. Every field may be left out, at any depth: what is given
 * replaces that field's default only (a list, such as the post-purchase windows, is replaced whole).
 */
export const cadencePolicySchema = z.strictObject({
  /** Identifies the policy in results and stored plans. */
  id: z.string().min(1).max(256).default('kehu-default-cadence'),
  /** The policy's version. */
  version: z.string().min(1).max(64).default('1'),
  /** Tier → importance (CA-1): diamond and gold important, silver and regular general. */
  importance: z
    .strictObject({
      /** Diamond customers (GR-1); default important. */
      diamond: importance.default('important'),
      /** Gold customers; default important. */
      gold: importance.default('important'),
      /** Silver customers; default general. */
      silver: importance.default('general'),
      /** Regular customers; default general. */
      regular: importance.default('general'),
    })
    .prefault({}),
  /** Importance of a customer with no grade (default `general`; `null` skips them with `ungraded`). */
  ungraded: importance.nullable().default('general'),
  /**
   * Cadence by importance (CA-1), counted from the last completed contact: "at least every N days" (important 30,
   * general 90). The task may be done `earlyDays` before (Kehu: 7 and 14).
   */
  cadence: z
    .strictObject({
      /** Important customers: at least monthly (30 days), 7 days early. */
      important: cadenceSchema(30, 7),
      /** General customers: at least quarterly (90 days), 14 days early. */
      general: cadenceSchema(90, 14),
    })
    .prefault({}),
  /** New customers (CA-1): every `everyDays` (14) during their first `forDays` (Kehu: 90) after `createdAt`. */
  newCustomer: z
    .strictObject({
      /** Every this many days (two weeks). */
      everyDays: positiveDays().default(14),
      /** For this many days after becoming a customer. */
      forDays: days().default(90),
      /** Days before the due day the call may be made. */
      earlyDays: days().default(3),
    })
    .refine((n) => n.earlyDays < n.everyDays, { message: 'earlyDays must be below everyDays', path: ['earlyDays'] })
    .prefault({}),
  /**
   * Post-purchase windows (CA-2): 7-10 days (Kehu's 3 days of slack), 4-6 months (122-183 days), 10-12 months
   * (304-365 days), then every `yearlyEveryDays` (365) with `yearlyWindowDays` (Kehu: 30) of slack. A purchase
   * within `repeatWithinDays` (Kehu: 60) of the previous one starts no new series: the customer is used to the
   * product.
   */
  postPurchase: z
    .strictObject({
      /** The windows after each purchase that starts a series. */
      windows: z
        .array(postPurchaseWindowSchema)
        .max(12)
        .default([
          { name: '1-week', fromDays: 7, toDays: 10, purpose: 'explanation' },
          { name: '4-6-months', fromDays: 122, toDays: 183, purpose: 'suggestion' },
          { name: '10-12-months', fromDays: 304, toDays: 365, purpose: 'suggestion' },
        ]),
      /** After the last window, a call every this many days (`null`: none). */
      yearlyEveryDays: positiveDays().nullable().default(365),
      /** Days of slack after each yearly call's day. */
      yearlyWindowDays: days().default(30),
      /** A purchase this close to the previous one starts no new series. */
      repeatWithinDays: days().default(60),
    })
    .prefault({}),
  /** Event callbacks (CA-3) "at once": on the event's local date, within `withinDays` (Kehu: 1) after it. */
  callbacks: z.strictObject({ /** Days after the event. */ withinDays: days(30).default(1) }).prefault({}),
  /** Follow-ups of low satisfaction (SA-5) and of contact records (CA-9) without a due date: within these days. */
  followUps: z.strictObject({ /** Days after the contact. */ withinDays: days(90).default(3) }).prefault({}),
  /** Win-backs (CH-7): from the request's earliest date, within `withinDays` (Kehu: 30). */
  winBack: z.strictObject({ /** Days after the earliest date. */ withinDays: days().default(30) }).prefault({}),
  /**
   * Reminders (CA-7): birthdays of person customers and key contacts (greet on the day, up to `birthday.before`
   * days early; Kehu: 3), statutory holidays of the calendar for the listed importances (greet before the first
   * day, within `holiday.before` days; Kehu: 5, important customers), and the annual conference invitation for
   * important customers (`conference.date` as `--MM-DD`; no default: the rules name no date).
   */
  reminders: z
    .strictObject({
      /** Birthday greetings. */
      birthday: z
        .strictObject({
          /** Whether birthdays are reminded (default yes). */
          enabled: z.boolean().default(true),
          /** Days before the birthday the greeting may be sent. */
          before: days(30).default(3),
        })
        .prefault({}),
      /** Greetings before statutory holidays. */
      holiday: z
        .strictObject({
          /** Who is greeted (default important customers). */
          importance: z.array(importance).default(['important']),
          /** Days before the holiday's first day the greeting may be sent. */
          before: days(30).default(5),
        })
        .prefault({}),
      /** The annual conference invitation for important customers (`null`: none). */
      conference: z
        .strictObject({
          /** The conference's day every year, `--MM-DD` (solar; `--02-29` falls on 02-28 in common years). */
          date: z
            .string()
            .regex(/^--\d\d-\d\d$/, 'expected --MM-DD')
            .refine((d) => isBirthdayOf('solar', d), 'expected a day of the year as --MM-DD'),
          /** Days before the conference the invitation is due. */
          inviteDaysBefore: days().default(30),
          /** Days the invitation may take. */
          windowDays: days().default(14),
        })
        .nullable()
        .default(null),
    })
    .prefault({}),
  /**
   * Windows that closed before the plan starts: still planned (overdue, at once) when they closed at most
   * `overdueGraceDays` (Kehu: 30) before; older ones are counted in the report (`closedWindows`), not planned. A
   * cadence call (CA-1) never passes: it is owed until a contact happens.
   */
  overdueGraceDays: days().default(30),
  /**
   * An owner's leave (rule CA-8 capacity): `reassign` gives a task due on leave to the leave's named cover (when
   * the cover is free), `defer` moves it past the leave. Default `reassign` (without a cover: defer).
   */
  onLeave: z.enum(['reassign', 'defer']).default('reassign'),
  /** How each kind is carried out (purpose CA-5, channel CA-8) and its priority points. */
  styles: z
    .strictObject({
      /** Cadence by importance (CA-1). */
      cadence: styleSchema({ purpose: 'emotional', channel: 'phone', priority: 40 }),
      /** New customers (CA-1). */
      'new-customer': styleSchema({ purpose: 'guidance', channel: 'phone', priority: 55 }),
      /** After a purchase (CA-2); each window names its own purpose. */
      'post-purchase': styleSchema({ purpose: 'explanation', channel: 'phone', priority: 50 }),
      /** Event callbacks (CA-3). */
      callback: styleSchema({ purpose: 'mediation', channel: 'phone', priority: 90 }),
      /** Follow-ups of low satisfaction (SA-5). */
      'satisfaction-follow-up': styleSchema({ purpose: 'mediation', channel: 'phone', priority: 80 }),
      /** Follow-ups promised in a contact (CA-9). */
      'contact-follow-up': styleSchema({ purpose: 'explanation', channel: 'phone', priority: 70 }),
      /** Birthday greetings (CA-7). */
      birthday: styleSchema({ purpose: 'emotional', channel: 'sms', priority: 30 }),
      /** Holiday greetings (CA-7). */
      holiday: styleSchema({ purpose: 'emotional', channel: 'sms', priority: 20 }),
      /** The annual conference invitation (CA-7). */
      conference: styleSchema({ purpose: 'promotion', channel: 'face-to-face', priority: 35 }),
      /** Win-backs (CH-7). */
      'win-back': styleSchema({ purpose: 'mediation', channel: 'phone', priority: 60 }),
      /** Rounds (CA-8); a round names its own purpose and channel. */
      round: styleSchema({ purpose: 'emotional', channel: 'phone', priority: 10 }),
      /** Named visits (CA-8); a visit names its own purpose and channel. */
      visit: styleSchema({ purpose: 'emotional', channel: 'face-to-face', priority: 65 }),
    })
    .prefault({}),
  /** Priority points for important customers (Kehu: 10) and per overdue day up to `overdueCap` (Kehu: 0.5, 10). */
  priorityBonus: z
    .strictObject({
      /** Points for an important customer. */
      important: points.default(10),
      /** Points per overdue day. */
      perOverdueDay: z.number().min(0).max(100).default(0.5),
      /** At most this many overdue points. */
      overdueCap: points.default(10),
    })
    .prefault({}),
});

/** The revisit policy with defaults applied. */
export type CadencePolicy = z.output<typeof cadencePolicySchema>;
/** A revisit policy as written (every field optional). */
export type CadencePolicyInput = z.input<typeof cadencePolicySchema>;

/** Validates a revisit policy and applies the defaults; throws `KehuPolicyError` naming the bad field. */
export const parseCadencePolicy = policyParserFor(cadencePolicySchema, 'revisit policy');

/** The default revisit policy (see the README's table). */
export const DEFAULT_CADENCE_POLICY: CadencePolicy = parseCadencePolicy({});
