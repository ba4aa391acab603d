import { TZDate } from '@date-fns/tz';
import {
  type CustomerStatus,
  customerStatusSchema,
  invalidInput,
  type Label,
  TIER_LABELS,
  TIERS,
  type Tier,
  type WilsonInterval,
  wilsonInterval,
} from '@kehu/core';
import { criticalValue } from './proportion.js';
import {
  CHURN_REASON_CATEGORIES,
  CHURN_REASON_CATEGORY_LABELS,
  CHURN_REASON_CODES,
  CHURN_REASONS,
  type ChurnReasonCategory,
  type ChurnReasonCode,
  isChurnReasonCode,
} from './taxonomy.js';
import type { ChurnWarning } from './warnings.js';
import { checkZone } from './zone.js';

/** A customer as the churn report needs it. */
export interface ChurnReportCustomer {
  /** The customer's id. */
  readonly id: string;
  /** The customer's tier (the current one), or null / absent when not graded. */
  readonly tier?: Tier | null | undefined;
  /** When the customer became a customer. */
  readonly createdAt: Date;
  /** The current status: prospects are not counted; `lost` without an exit record is listed apart. */
  readonly status?: CustomerStatus | undefined;
}

/** An exit as the churn report needs it: a `ChurnExit` or core's `CustomerExit` fits. */
export interface ChurnReportExit {
  /** The exit record's id. */
  readonly id: string;
  /** Who left. */
  readonly customerId: string;
  /** When they left. */
  readonly leftAt: Date;
  /** The confirmed reason, a CH-5 code. */
  readonly reason: string;
  /** What the business learned (rule CH-4). */
  readonly lessons?: string | undefined;
}

/** Options of {@link churnReport}. */
export interface ChurnReportOptions {
  /** Start of the reported span (the period holding it is the first reported). */
  readonly from: Date;
  /** End of the span, excluded (the period holding the instant before it is the last reported). */
  readonly to: Date;
  /** Calendar months or quarters. */
  readonly period: 'month' | 'quarter';
  /** IANA time zone whose local calendar cuts the periods, e.g. `Asia/Shanghai`. */
  readonly zone: string;
  /** Confidence level of the Wilson intervals (default 0.95). */
  readonly level?: number;
}

/** A rate with its Wilson interval (NaN everywhere when its base is 0). */
export type ReportRate = WilsonInterval;

/** Exits of one category in one period. */
export interface ChurnCategoryCount {
  /** The CH-5 category. */
  readonly category: ChurnReasonCategory;
  /** Its label. */
  readonly label: Label;
  /** Exit records in the period with a reason of this category. */
  readonly exits: number;
  /** Of them, exits of customers counted at the start (the ones in the churn rate). */
  readonly exitsFromStart: number;
  /** exits / all exits of the period (NaN when the period has none). */
  readonly share: number;
}

/** One lesson recorded with an exit (rule CH-4). */
export interface ChurnLesson {
  /** The exit record. */
  readonly exitId: string;
  /** Who left. */
  readonly customerId: string;
  /** The lesson in words. */
  readonly lessons: string;
}

/** Exits of one reason in one period, with their lessons. */
export interface ChurnReasonCount extends Omit<ChurnCategoryCount, 'label'> {
  /** The CH-5 reason code. */
  readonly reason: ChurnReasonCode;
  /** Its label. */
  readonly label: Label;
  /** The lessons recorded with these exits, in order of leaving (rule CH-4). */
  readonly lessons: readonly ChurnLesson[];
}

/** Churn of one tier in one period. */
export interface ChurnTierRow {
  /** The tier, or `ungraded` for customers without one. */
  readonly tier: Tier | 'ungraded';
  /** Its label. */
  readonly label: Label;
  /** Customers of the tier counted at the start. */
  readonly customersAtStart: number;
  /** Of them, how many left during the period. */
  readonly exitsFromStart: number;
  /** exitsFromStart / customersAtStart with its Wilson interval. */
  readonly churnRate: ReportRate;
  /** 1 − churn rate, with the complementary interval. */
  readonly retentionRate: ReportRate;
}

/** One period of the churn report (rule CH-4). */
export interface ChurnPeriodReport {
  /** `YYYY-MM` or `YYYY-Qn`, in the report's zone. */
  readonly period: string;
  /** The period's first local date, `YYYY-MM-DD`. */
  readonly firstDay: string;
  /** First instant of the period. */
  readonly start: Date;
  /** First instant of the next period (excluded). */
  readonly end: Date;
  /** Customers at the start: became customers before `start`, no exit before it, not prospects. */
  readonly customersAtStart: number;
  /** Customers who became customers during the period. */
  readonly newCustomers: number;
  /** Every exit recorded with `leftAt` in the period. */
  readonly exits: number;
  /** Exits of customers counted at the start: the numerator of the churn rate. */
  readonly exitsFromStart: number;
  /** exitsFromStart / customersAtStart with its Wilson interval (NaN with EMPTY when nobody is in the base). */
  readonly churnRate: ReportRate;
  /** 1 − churn rate, with the complementary interval. */
  readonly retentionRate: ReportRate;
  /** Every CH-5 category, in the order of the rule, zero counts included. */
  readonly byCategory: readonly ChurnCategoryCount[];
  /** The reasons with at least one exit, most exits first (taxonomy order between equals). */
  readonly byReason: readonly ChurnReasonCount[];
  /** Every tier, then `ungraded`. */
  readonly byTier: readonly ChurnTierRow[];
  /** EMPTY when no customer is in the base at the start. */
  readonly warnings: readonly ChurnWarning[];
}

/** The periodic churn report of rule CH-4. */
export interface ChurnReport {
  /** Months or quarters. */
  readonly period: 'month' | 'quarter';
  /** The zone of the periods. */
  readonly zone: string;
  /** The confidence level of the intervals. */
  readonly level: number;
  /** Every period from the one holding `from` to the one holding the instant before `to`, empty ones included. */
  readonly periods: readonly ChurnPeriodReport[];
  /**
   * Customers whose status is `lost` but who have no exit record: when they left is unknown, so
   * they are left out of every count. Recording their exits (rule CH-7) brings them in.
   */
  readonly lostWithoutExit: readonly string[];
}

interface Customer {
  readonly id: string;
  readonly tier: Tier | 'ungraded';
  readonly created: number;
  readonly prospect: boolean;
  /** Epoch ms of the first exit, +Infinity when none. */
  firstExit: number;
}

interface Exit {
  readonly id: string;
  readonly customer: Customer;
  readonly leftAt: number;
  readonly reason: ChurnReasonCode;
  readonly lessons: string | undefined;
}

const TIER_KEYS: readonly (Tier | 'ungraded')[] = [...TIERS, 'ungraded'];
const UNGRADED_LABEL: Label = { en: 'Ungraded', zh: '未分级' };
const MAX_INSTANT = 8.64e15;

function checkDate(value: unknown, path: readonly (string | number)[]): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (!(Math.abs(ms) <= MAX_INSTANT)) throw invalidInput(path, 'expected a valid Date', 'invalid_type');
  return ms;
}

function checkId(value: unknown, path: readonly (string | number)[]): string {
  if (typeof value !== 'string' || value.length === 0)
    throw invalidInput(path, 'expected a non-empty id', 'invalid_type');
  return value;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The serial of the period holding an instant: months since year 0, or quarters since year 0. */
function serialOf(ms: number, zone: string, quarter: boolean): number {
  const d = new TZDate(ms, zone);
  const months = d.getFullYear() * 12 + d.getMonth();
  return quarter ? Math.floor(months / 3) : months;
}

function periodStart(serial: number, zone: string, quarter: boolean): number {
  const months = quarter ? serial * 3 : serial;
  const year = Math.floor(months / 12);
  return new TZDate(year, months - year * 12, 1, zone).getTime();
}

function periodName(serial: number, quarter: boolean): { period: string; firstDay: string } {
  const months = quarter ? serial * 3 : serial;
  const year = Math.floor(months / 12);
  const month = months - year * 12 + 1;
  return {
    period: quarter ? `${year}-Q${Math.floor((month - 1) / 3) + 1}` : `${year}-${pad(month)}`,
    firstDay: `${year}-${pad(month)}-01`,
  };
}

function complement(r: WilsonInterval): WilsonInterval {
  return { rate: 1 - r.rate, lower: 1 - r.upper, upper: 1 - r.lower };
}

/**
 * The periodic churn report of rule CH-4: for each calendar month or quarter (in `zone`), the
 * customers at the start, the exits, the churn and retention rates with Wilson intervals (E. B.
 * Wilson, JASA 22 (1927) 209-212), the exits by CH-5 category and reason with the lessons
 * recorded (rule CH-4: causes, lessons and improvements), and churn by tier.
 *
 * Counting: a customer is in a period's starting base when they became a customer before the
 * period starts, their first exit is not before it, and they are not a prospect. The churn
 * rate is the exits of that base during the period over its size (customers who joined during
 * the period and left again count in `exits` and the causes, not in the rate). A customer's
 * first exit ends their membership: a later exit of the same customer is counted among the
 * exits and causes but never in a rate. A period with nobody at the start has NaN rates and an
 * EMPTY warning.
 *
 * @param data - `customers` (id, tier, createdAt, status) and `exits` (as recorded, rule CH-7)
 * @param options - `from`, `to` (instants, `to` excluded), `period`, `zone`, `level` (default 0.95)
 * @throws KehuValidationError naming the bad field: `['customers', i, field]`, `['exits', i, field]`
 *   (a reason outside the taxonomy, or an exit of a customer not in `customers`), a duplicate
 *   customer id, `['to']` not after `from`, `['period']`, `['zone']`, `['level']`
 */
export function churnReport(
  data: { readonly customers: readonly ChurnReportCustomer[]; readonly exits: readonly ChurnReportExit[] },
  options: ChurnReportOptions,
): ChurnReport {
  if (!Array.isArray(data?.customers)) throw invalidInput(['customers'], 'customers must be an array');
  if (!Array.isArray(data.exits)) throw invalidInput(['exits'], 'exits must be an array');
  const from = checkDate(options?.from, ['from']);
  const to = checkDate(options.to, ['to']);
  if (!(to > from)) throw invalidInput(['to'], 'to must be after from');
  const period = options.period;
  if (period !== 'month' && period !== 'quarter')
    throw invalidInput(['period'], `period must be 'month' or 'quarter', got ${String(period)}`);
  const quarter = period === 'quarter';
  const zone = checkZone(options.zone);
  const level = options.level ?? 0.95;
  const z = criticalValue(level, ['level']);

  const byId = new Map<string, Customer>();
  data.customers.forEach((c, i) => {
    const id = checkId(c?.id, ['customers', i, 'id']);
    if (byId.has(id)) throw invalidInput(['customers', i, 'id'], `duplicate customer id ${JSON.stringify(id)}`);
    const tier = c.tier ?? 'ungraded';
    if (tier !== 'ungraded' && !(TIERS as readonly string[]).includes(tier))
      throw invalidInput(['customers', i, 'tier'], `unknown tier ${JSON.stringify(tier)}`);
    const created = checkDate(c.createdAt, ['customers', i, 'createdAt']);
    if (c.status !== undefined && !(customerStatusSchema.options as readonly string[]).includes(c.status))
      throw invalidInput(['customers', i, 'status'], `unknown status ${JSON.stringify(c.status)}`);
    byId.set(id, { id, tier, created, prospect: c.status === 'prospect', firstExit: Number.POSITIVE_INFINITY });
  });

  const exits = data.exits.map((e, i): Exit => {
    const id = checkId(e?.id, ['exits', i, 'id']);
    const customerId = checkId(e.customerId, ['exits', i, 'customerId']);
    const customer = byId.get(customerId);
    if (customer === undefined)
      throw invalidInput(['exits', i, 'customerId'], `customer ${JSON.stringify(customerId)} is not in customers`);
    const leftAt = checkDate(e.leftAt, ['exits', i, 'leftAt']);
    if (!isChurnReasonCode(e.reason))
      throw invalidInput(['exits', i, 'reason'], `${JSON.stringify(e.reason)} is not a churn reason code (rule CH-5)`);
    if (e.lessons !== undefined && typeof e.lessons !== 'string')
      throw invalidInput(['exits', i, 'lessons'], 'lessons must be text', 'invalid_type');
    if (leftAt < customer.firstExit) customer.firstExit = leftAt;
    return { id, customer, leftAt, reason: e.reason, lessons: e.lessons };
  });
  exits.sort((a, b) => a.leftAt - b.leftAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const lostWithoutExit: string[] = [];
  data.customers.forEach((c) => {
    const customer = byId.get(c.id) as Customer;
    if (c.status === 'lost' && customer.firstExit === Number.POSITIVE_INFINITY) {
      lostWithoutExit.push(customer.id);
      byId.delete(customer.id);
    }
  });
  const customers = [...byId.values()].filter((c) => !c.prospect);

  const first = serialOf(from, zone, quarter);
  const last = serialOf(to - 1, zone, quarter);
  const periods: ChurnPeriodReport[] = [];
  for (let s = first; s <= last; s += 1) {
    const start = periodStart(s, zone, quarter);
    const end = periodStart(s + 1, zone, quarter);
    const atStart = new Map<string, Customer>();
    const tierBase = new Map<Tier | 'ungraded', number>(TIER_KEYS.map((t) => [t, 0]));
    let newCustomers = 0;
    for (const c of customers) {
      if (c.created < start && c.firstExit >= start) {
        atStart.set(c.id, c);
        tierBase.set(c.tier, (tierBase.get(c.tier) as number) + 1);
      } else if (c.created >= start && c.created < end) newCustomers += 1;
    }
    const inPeriod = exits.filter((e) => e.leftAt >= start && e.leftAt < end);
    // A customer's first exit is the one that leaves the base; two records at the same instant count once.
    const left = new Set<string>();
    const fromStart = inPeriod.filter((e) => {
      if (!atStart.has(e.customer.id) || e.leftAt !== e.customer.firstExit || left.has(e.customer.id)) return false;
      left.add(e.customer.id);
      return true;
    });
    const fromStartIds = new Set(fromStart.map((e) => e.id));
    const tierExits = new Map<Tier | 'ungraded', number>(TIER_KEYS.map((t) => [t, 0]));
    for (const e of fromStart) tierExits.set(e.customer.tier, (tierExits.get(e.customer.tier) as number) + 1);

    const total = inPeriod.length;
    const byCategory = CHURN_REASON_CATEGORIES.map((category): ChurnCategoryCount => {
      const of = inPeriod.filter((e) => CHURN_REASONS[e.reason].category === category);
      return {
        category,
        label: CHURN_REASON_CATEGORY_LABELS[category],
        exits: of.length,
        exitsFromStart: of.filter((e) => fromStartIds.has(e.id)).length,
        share: total === 0 ? Number.NaN : of.length / total,
      };
    });
    const byReason = CHURN_REASON_CODES.map((reason): ChurnReasonCount => {
      const of = inPeriod.filter((e) => e.reason === reason);
      return {
        reason,
        category: CHURN_REASONS[reason].category,
        label: CHURN_REASONS[reason].label,
        exits: of.length,
        exitsFromStart: of.filter((e) => fromStartIds.has(e.id)).length,
        share: total === 0 ? Number.NaN : of.length / total,
        lessons: of
          .filter((e) => e.lessons !== undefined)
          .map((e) => ({ exitId: e.id, customerId: e.customer.id, lessons: e.lessons as string })),
      };
    })
      .filter((r) => r.exits > 0)
      .sort((a, b) => b.exits - a.exits);
    const byTier = TIER_KEYS.map((tier): ChurnTierRow => {
      const base = tierBase.get(tier) as number;
      const churned = tierExits.get(tier) as number;
      const churnRate = wilsonInterval(churned, base, z);
      return {
        tier,
        label: tier === 'ungraded' ? UNGRADED_LABEL : TIER_LABELS[tier],
        customersAtStart: base,
        exitsFromStart: churned,
        churnRate,
        retentionRate: complement(churnRate),
      };
    });
    const churnRate = wilsonInterval(fromStart.length, atStart.size, z);
    const name = periodName(s, quarter);
    periods.push({
      period: name.period,
      firstDay: name.firstDay,
      start: new Date(start),
      end: new Date(end),
      customersAtStart: atStart.size,
      newCustomers,
      exits: total,
      exitsFromStart: fromStart.length,
      churnRate,
      retentionRate: complement(churnRate),
      byCategory,
      byReason,
      byTier,
      warnings:
        atStart.size === 0
          ? [
              {
                code: 'EMPTY',
                message: `no customers at the start of ${name.period}: the churn rate is undefined (NaN)`,
              },
            ]
          : [],
    });
  }
  return { period, zone, level, periods, lostWithoutExit };
}
