/**
 * What a plan's customer group achieved per month or quarter (rule MP-2: budgets compared with what was achieved):
 * new customers, repurchase rate, revenue and campaign response, in the plan's time zone, up to `asOf`.
 */
import {
  Decimal,
  dateOfDay,
  type ErrorPath,
  invalidInput,
  isCurrencyCode,
  KehuCurrencyMismatchError,
  normalQuantile,
  requireAsOf,
  signedAmount,
  type TransactionKind,
  wilsonInterval,
} from '@kehu/core';
import { budgetPeriodKey, localDateDay, parseBudgetPeriod } from './budget-period.js';
import { localDayStart, zoneFormatter } from './local-time.js';

/** A sales record as the results read it (core's `Transaction` works as it is). */
export interface PlanResultsTransaction {
  /** The customer who bought or got money back. */
  readonly customerId: string;
  /** When it happened. */
  readonly occurredAt: Date;
  /** `purchase` adds its amount; `refund` and `return` subtract it (core's `signedAmount`). */
  readonly kind: TransactionKind;
  /** The non-negative size of the movement (core's `Decimal`). */
  readonly amount: Decimal;
  /** ISO 4217 code: the plan's currency. */
  readonly currency: string;
}

/** A campaign of the plan with how many customers it reached and how many responded. */
export interface PlanResultsCampaign {
  /** The campaign's id, unique in the list. */
  readonly id: string;
  /** The month `YYYY-MM` or quarter `YYYY-Qn` it ran in (a month counts in its quarter for quarterly results). */
  readonly period: string;
  /** Customers contacted, an integer ≥ 0. */
  readonly contacted: number;
  /** Customers who responded, an integer from 0 to `contacted`. */
  readonly responded: number;
}

/** What {@link planResults} reads. */
export interface PlanResultsInput {
  /** The plan's group (see `planGroupMembers`); transactions of other customers are left out. */
  readonly customerIds: readonly string[];
  /** Sales records (of any customers; those outside the group are checked and left out). */
  readonly transactions: Iterable<PlanResultsTransaction>;
  /**
   * Each customer's first purchase when known beyond `transactions` (a history loaded only for the plan's period
   * does not show it); the earlier of this and the first purchase in `transactions` counts.
   */
  readonly firstPurchaseAt?: ReadonlyMap<string, Date> | undefined;
  /** The plan's campaigns with their reach and responses. */
  readonly campaigns?: readonly PlanResultsCampaign[] | undefined;
}

/** Options of {@link planResults}. */
export interface PlanResultsOptions {
  /** Monthly (`YYYY-MM`) or quarterly (`YYYY-Qn`) periods, as budget lines. */
  readonly periods: 'month' | 'quarter';
  /** The first local date reported (inclusive): usually the plan's `period.from`. */
  readonly from: string;
  /** The last local date reported (inclusive): usually the plan's `period.to`. */
  readonly to: string;
  /** The moment of the results: later transactions are not known; later periods are left out. */
  readonly asOf: Date;
  /** The IANA time zone of the local dates and period edges. */
  readonly timeZone: string;
  /** The plan's currency: every transaction of the group is in it. */
  readonly currency: string;
  /** Confidence level of the Wilson intervals (default 0.95). */
  readonly level?: number | undefined;
}

/** A share with its Wilson interval (core's `wilsonInterval`) and its counts; NaN when `n` is 0 (with a warning). */
export interface PlanResultsRate {
  /** successes / n, NaN when n is 0. */
  readonly rate: number;
  /** Lower end of the interval (NaN when n is 0). */
  readonly lower: number;
  /** Upper end of the interval (NaN when n is 0). */
  readonly upper: number;
  /** The count of successes (repeat buyers, responses). */
  readonly successes: number;
  /** The sample size (customers who had bought before, customers contacted). */
  readonly n: number;
}

/** The response rate of the campaigns of a period, and which campaigns they were. */
export interface PlanCampaignResponse extends PlanResultsRate {
  /** The ids of the campaigns counted, in input order. */
  readonly campaigns: readonly string[];
}

/** The results of one period, or of all reported periods together. */
export interface PlanPeriodResult {
  /** `YYYY-MM` or `YYYY-Qn`; `total` for all periods together. */
  readonly key: string;
  /** The first local date counted: the period's, or `options.from` when later. */
  readonly from: string;
  /** The last local date of the period counted, or `options.to` when earlier (a partial period runs to `asOf`). */
  readonly to: string;
  /** True when `asOf` falls before the period's end: its figures run to `asOf` only. */
  readonly partial: boolean;
  /** Customers of the group whose first purchase fell in the period. */
  readonly newCustomers: number;
  /**
   * Customers who had bought before the period (`n`) and of them those who bought in it (`successes`): the
   * repurchase rate.
   */
  readonly repurchase: PlanResultsRate;
  /** Purchases less refunds and returns of the group's customers in the period, exact. */
  readonly revenue: Decimal;
  /** Responses over customers contacted by the campaigns of the period (`campaigns` lists their ids). */
  readonly campaignResponse: PlanCampaignResponse;
}

/** The results of a plan's group per period (rule MP-2). */
export interface PlanResults {
  /** The plan's currency, of every revenue figure. */
  readonly currency: string;
  /** Monthly or quarterly periods. */
  readonly periodType: 'month' | 'quarter';
  /** The IANA time zone of the period edges. */
  readonly timeZone: string;
  /** The moment of the results. */
  readonly asOf: Date;
  /** Customers in the group. */
  readonly customers: number;
  /** The periods from `from` to `to` that began by `asOf`, in time order; the last may be partial. */
  readonly periods: readonly PlanPeriodResult[];
  /**
   * All reported periods as one: new customers and revenue are the sums of the periods'; the repurchase rate counts
   * customers who had bought before the first period and bought again in any of them; campaigns pooled.
   */
  readonly total: PlanPeriodResult;
  /** The rule the results serve: MP-2. */
  readonly rules: readonly string[];
  /** Every NaN and every left-out input, explained. */
  readonly warnings: readonly string[];
}

const KINDS: ReadonlySet<string> = new Set(['purchase', 'refund', 'return']);

/** One reported period, with its local dates and instants. */
interface PeriodSpan {
  readonly key: string;
  readonly fromDay: number;
  readonly toDay: number;
  /** First instant counted. */
  readonly start: number;
  /** First instant after the period (exclusive end). */
  readonly end: number;
}

function periodKey(day: number, kind: 'month' | 'quarter'): { key: string; next: number } {
  const date = dateOfDay(day);
  const key = budgetPeriodKey(Number(date.slice(0, 4)), Number(date.slice(5, 7)), kind);
  return { key, next: parseBudgetPeriod(key).lastDay + 1 };
}

function spans(f: Intl.DateTimeFormat, fromDay: number, toDay: number, kind: 'month' | 'quarter'): PeriodSpan[] {
  const out: PeriodSpan[] = [];
  let day = fromDay;
  let start = localDayStart(f, day);
  while (day <= toDay) {
    const { key, next } = periodKey(day, kind);
    const last = Math.min(next - 1, toDay);
    const end = localDayStart(f, last + 1);
    out.push({ key, fromDay: day, toDay: last, start, end });
    day = last + 1;
    start = end;
  }
  return out;
}

/** The campaign period key in the results' period type; a quarter cannot go into monthly results. */
function campaignKey(c: PlanResultsCampaign, kind: 'month' | 'quarter', path: ErrorPath): string {
  const p = parseBudgetPeriod(c.period, [...path, 'period']);
  if (p.granularity === 'quarter' && kind === 'month')
    throw invalidInput(
      [...path, 'period'],
      `campaign period ${c.period} is a quarter; monthly results need the campaign's month`,
    );
  return p.granularity === kind ? p.key : budgetPeriodKey(p.year, p.index, 'quarter');
}

function count(value: unknown, path: ErrorPath): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw invalidInput(path, `${path.join('.')} must be an integer, 0 or more`, 'invalid_type');
  return value;
}

function instantMs(value: unknown, path: ErrorPath): number {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw invalidInput(path, `${path.join('.')} must be a valid Date`, 'invalid_type');
  return value.getTime();
}

/** Checked campaigns: per period key, contacted and responded summed, with the campaign ids. */
interface CampaignTotals {
  contacted: number;
  responded: number;
  ids: string[];
}

function checkCampaigns(
  campaigns: readonly PlanResultsCampaign[] | undefined,
  kind: 'month' | 'quarter',
): Map<string, CampaignTotals> {
  const byKey = new Map<string, CampaignTotals>();
  if (campaigns === undefined) return byKey;
  if (!Array.isArray(campaigns)) throw invalidInput(['campaigns'], 'campaigns must be an array', 'invalid_type');
  const seen = new Set<string>();
  campaigns.forEach((c, i) => {
    const path = ['campaigns', i];
    if (c === null || typeof c !== 'object') throw invalidInput(path, 'a campaign must be an object', 'invalid_type');
    if (typeof c.id !== 'string' || c.id.length === 0)
      throw invalidInput([...path, 'id'], 'id must be a non-empty string', 'invalid_type');
    if (seen.has(c.id)) throw invalidInput([...path, 'id'], `campaign ${JSON.stringify(c.id)} is listed twice`);
    seen.add(c.id);
    const key = campaignKey(c, kind, path);
    const contacted = count(c.contacted, [...path, 'contacted']);
    const responded = count(c.responded, [...path, 'responded']);
    if (responded > contacted)
      throw invalidInput([...path, 'responded'], `responded (${responded}) exceeds contacted (${contacted})`);
    const t = byKey.get(key) ?? { contacted: 0, responded: 0, ids: [] };
    t.contacted += contacted;
    t.responded += responded;
    t.ids.push(c.id);
    byKey.set(key, t);
  });
  return byKey;
}

/** The index of the span holding instant `t`, or -1 (spans are contiguous and ordered). */
function spanIndex(list: readonly PeriodSpan[], t: number): number {
  if (list.length === 0 || t < (list[0] as PeriodSpan).start || t >= (list[list.length - 1] as PeriodSpan).end)
    return -1;
  let a = 0;
  let b = list.length - 1;
  while (a < b) {
    const mid = (a + b + 1) >>> 1;
    if ((list[mid] as PeriodSpan).start <= t) a = mid;
    else b = mid - 1;
  }
  return a;
}

/** The number of sorted values strictly below `x`. */
function countBelow(sorted: readonly number[], x: number): number {
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if ((sorted[mid] as number) < x) a = mid + 1;
    else b = mid;
  }
  return a;
}

/**
 * The results of a plan's customer group per month or quarter (rule MP-2), the figures the budget is compared with:
 * - new customers: customers of the group whose first purchase (the earlier of `firstPurchaseAt` and their first
 *   purchase in `transactions`) falls in the period;
 * - repurchase rate: of the customers who had bought before the period, the share who bought in it, with its
 *   Wilson interval; NaN with a warning when no customer had bought before (never a fake 0);
 * - revenue: purchases less refunds and returns (core's `signedAmount`) of the group's customers, exact Decimal;
 * - campaign response: responses over customers contacted by the period's campaigns, with its Wilson interval;
 *   NaN with a warning when no campaign contacted anyone in the period.
 * Periods run from `from` to `to` in the local dates of `timeZone` (a period starts at the first instant of its
 * first local day); the first and last are cut to `from` and `to`. Periods that begin after `asOf` are left out;
 * the one holding `asOf` is `partial` and counts up to `asOf` (transactions after `asOf` are not known yet).
 *
 * @param input - the group's customer ids, the transactions, known first purchases and the campaigns
 * @param options - the period type, `from`..`to`, `asOf`, `timeZone`, the plan's `currency` and the level
 * @throws KehuValidationError naming the bad field (`['transactions', 4, 'amount']`, `['timeZone']`, …);
 *   KehuCurrencyMismatchError when a transaction of the group is in another currency than `currency`
 */
export function planResults(input: PlanResultsInput, options: PlanResultsOptions): PlanResults {
  const asOf = requireAsOf(options);
  const asOfMs = asOf.getTime();
  const kind = options.periods;
  if (kind !== 'month' && kind !== 'quarter')
    throw invalidInput(['periods'], "periods must be 'month' or 'quarter'", 'invalid_value');
  const fromDay = localDateDay(options.from, ['from']);
  const toDay = localDateDay(options.to, ['to']);
  if (toDay < fromDay) throw invalidInput(['to'], `to ${options.to} is before from ${options.from}`);
  if (!isCurrencyCode(options.currency))
    throw invalidInput(['currency'], `unknown ISO 4217 currency ${JSON.stringify(options.currency)}`);
  const level = options.level ?? 0.95;
  if (typeof level !== 'number' || !(level > 0 && level < 1))
    throw invalidInput(['level'], `level must be strictly between 0 and 1, got ${String(level)}`);
  const z = normalQuantile(1 - (1 - level) / 2);
  const f = zoneFormatter(options.timeZone);
  if (input === null || typeof input !== 'object') throw invalidInput([], 'input must be an object', 'invalid_type');

  // The group.
  if (!Array.isArray(input.customerIds))
    throw invalidInput(['customerIds'], 'customerIds must be an array', 'invalid_type');
  const group = new Set<string>();
  input.customerIds.forEach((id, i) => {
    if (typeof id !== 'string' || id.length === 0)
      throw invalidInput(['customerIds', i], 'a customer id must be a non-empty string', 'invalid_type');
    group.add(id);
  });

  const all = spans(f, fromDay, toDay, kind);
  const reported = all.filter((s) => s.start <= asOfMs);
  const warnings: string[] = [];
  if (group.size === 0)
    warnings.push('the group has no customers: rates are NaN and counts and revenue are of no one (MP-2)');
  if (reported.length === 0)
    warnings.push(`no period from ${options.from} to ${options.to} has begun by asOf ${asOf.toISOString()} (MP-2)`);
  const windowEnd = (s: PeriodSpan): number => Math.min(s.end, asOfMs + 1);

  // First purchases: from the map, then from the transactions; nothing after asOf is known.
  const first = new Map<string, number>();
  if (input.firstPurchaseAt !== undefined) {
    if (!(input.firstPurchaseAt instanceof Map))
      throw invalidInput(['firstPurchaseAt'], 'firstPurchaseAt must be a Map', 'invalid_type');
    for (const [id, at] of input.firstPurchaseAt) {
      const t = instantMs(at, ['firstPurchaseAt', id]);
      if (group.has(id) && t <= asOfMs) first.set(id, t);
    }
  }

  // Transactions: revenue per period, buyers per period.
  const txs = input.transactions;
  if (txs === null || typeof txs !== 'object' || !(Symbol.iterator in txs))
    throw invalidInput(['transactions'], 'transactions must be an iterable', 'invalid_type');
  const revenue = reported.map(() => new Decimal(0));
  let totalRevenue = new Decimal(0);
  const buyers = reported.map(() => new Set<string>());
  const totalBuyers = new Set<string>();
  const totalStart = reported.length > 0 ? (reported[0] as PeriodSpan).start : 0;
  const totalEnd = reported.length > 0 ? windowEnd(reported[reported.length - 1] as PeriodSpan) : 0;
  let i = 0;
  for (const t of txs) {
    const path = ['transactions', i];
    i += 1;
    if (t === null || typeof t !== 'object')
      throw invalidInput(path, 'a transaction must be an object', 'invalid_type');
    if (typeof t.customerId !== 'string' || t.customerId.length === 0)
      throw invalidInput([...path, 'customerId'], 'customerId must be a non-empty string', 'invalid_type');
    const at = instantMs(t.occurredAt, [...path, 'occurredAt']);
    if (typeof t.kind !== 'string' || !KINDS.has(t.kind))
      throw invalidInput([...path, 'kind'], 'kind must be purchase, refund or return', 'invalid_value');
    if (!Decimal.isDecimal(t.amount) || !t.amount.isFinite() || t.amount.isNegative())
      throw invalidInput([...path, 'amount'], 'amount must be a finite Decimal, 0 or more', 'invalid_type');
    if (!group.has(t.customerId) || at > asOfMs) continue;
    if (t.currency !== options.currency)
      throw new KehuCurrencyMismatchError([options.currency, String(t.currency)], {
        details: { path: [...path, 'currency'] },
      });
    if (t.kind === 'purchase') {
      const known = first.get(t.customerId);
      if (known === undefined || at < known) first.set(t.customerId, at);
    }
    if (at < totalStart || at >= totalEnd) continue;
    const k = spanIndex(reported, at);
    const signed = signedAmount(t);
    revenue[k] = (revenue[k] as Decimal).plus(signed);
    totalRevenue = totalRevenue.plus(signed);
    if (t.kind === 'purchase') {
      (buyers[k] as Set<string>).add(t.customerId);
      totalBuyers.add(t.customerId);
    }
  }
  const firstSorted = [...first.values()].sort((a, b) => a - b);

  // Campaigns by period key.
  const campaigns = checkCampaigns(input.campaigns, kind);
  const reportedKeys = new Set(reported.map((s) => s.key));
  for (const [key, c] of campaigns)
    if (!reportedKeys.has(key))
      warnings.push(`campaigns ${c.ids.join(', ')} of ${key} are outside the reported periods and not counted (MP-2)`);

  const rate = (successes: number, n: number): PlanResultsRate => ({
    ...wilsonInterval(successes, n, z),
    successes,
    n,
  });
  const result = (
    key: string,
    span: { fromDay: number; toDay: number; start: number; end: number },
    buyerSet: ReadonlySet<string>,
    money: Decimal,
    campaignKeys: readonly string[],
  ): PlanPeriodResult => {
    const end = Math.min(span.end, asOfMs + 1);
    const newCustomers = countBelow(firstSorted, end) - countBelow(firstSorted, span.start);
    let repeat = 0;
    for (const id of buyerSet) if ((first.get(id) as number) < span.start) repeat += 1;
    const base = countBelow(firstSorted, span.start);
    if (base === 0)
      warnings.push(
        `${key}: no customer of the group had bought before the period, so the repurchase rate is NaN (MP-2)`,
      );
    let contacted = 0;
    let responded = 0;
    const ids: string[] = [];
    for (const k of campaignKeys) {
      const c = campaigns.get(k);
      if (c === undefined) continue;
      contacted += c.contacted;
      responded += c.responded;
      ids.push(...c.ids);
    }
    if (contacted === 0)
      warnings.push(`${key}: no campaign contacted a customer, so the campaign response rate is NaN (MP-2)`);
    return {
      key,
      from: dateOfDay(span.fromDay),
      to: dateOfDay(span.toDay),
      partial: asOfMs + 1 < span.end,
      newCustomers,
      repurchase: rate(repeat, base),
      revenue: money,
      campaignResponse: { ...rate(responded, contacted), campaigns: ids },
    };
  };

  const periods = reported.map((s, k) => result(s.key, s, buyers[k] as Set<string>, revenue[k] as Decimal, [s.key]));
  const last = reported[reported.length - 1];
  const total: PlanPeriodResult =
    last === undefined
      ? {
          key: 'total',
          from: options.from,
          to: options.to,
          partial: true,
          newCustomers: 0,
          repurchase: rate(0, 0),
          revenue: new Decimal(0),
          campaignResponse: { ...rate(0, 0), campaigns: [] },
        }
      : result('total', { fromDay, toDay: last.toDay, start: totalStart, end: last.end }, totalBuyers, totalRevenue, [
          ...reportedKeys,
        ]);
  return {
    currency: options.currency,
    periodType: kind,
    timeZone: options.timeZone,
    asOf,
    customers: group.size,
    periods,
    total,
    rules: ['MP-2'],
    warnings,
  };
}
