/**
 * Transactions to the frequency / recency / age rows the buy-till-you-die models fit, with a calibration /
 * holdout split: the conventions of the Python `lifetimes` library (`summary_data_from_transaction_data` and
 * `calibration_and_holdout_data`, which reproduce Fader, Hardie and Lee's CDNOW summaries).
 */
import { tzOffset } from '@date-fns/tz';
import { DAY_MS, Decimal, dateOfDay, dayFromCivil, invalidInput, toDecimal } from '@kehu/core';
import { checkZone } from './zone.js';

/**
 * The model period: `'day'` (1 day), `'week'` (7 days), `'month'` (30 days, the month of `lifetimes`'
 * CLV conversion) or a positive number of days. Purchases are always merged by local day; the period only
 * sets the unit in which recency, `T` and the holdout duration are measured.
 */
export type RfmPeriod = 'day' | 'week' | 'month' | number;

/** A sales record as `rfmSummary` reads it; core's `Transaction` fits as is. */
export interface RfmTransaction {
  /** The customer. */
  readonly customerId: string;
  /** When it happened. */
  readonly occurredAt: Date;
  /** The non-negative amount, exact (a `Decimal` or a decimal string). */
  readonly amount: Decimal | string;
  /** `purchase` (default) counts; `refund` and `return` are excluded and counted (rule AR-6). */
  readonly kind?: 'purchase' | 'refund' | 'return';
}

/** Options of {@link rfmSummary}. */
export interface RfmSummaryOptions {
  /** The unit of recency, `T` and durations (see {@link RfmPeriod}). */
  readonly period: RfmPeriod;
  /**
   * The last day of the calibration period, inclusive: a local date `YYYY-MM-DD` in `zone`, or a `Date`
   * whose local date in `zone` is taken.
   */
  readonly calibrationEnd: Date | string;
  /** The last day of the holdout period, inclusive, on or after `calibrationEnd` (same forms). */
  readonly observationEnd: Date | string;
  /** The IANA time zone whose local days merge purchases (default `Asia/Shanghai`). */
  readonly zone?: string;
}

/** One customer's calibration summary and holdout counts. */
export interface RfmSummaryRow {
  /** The customer. */
  readonly customerId: string;
  /** The local date of the first purchase, `YYYY-MM-DD`. */
  readonly firstPurchase: string;
  /** Repeat purchases in the calibration period: purchase days after the first one. */
  readonly frequency: number;
  /** Periods from the first purchase to the last repeat purchase (0 without repeat purchases). */
  readonly recency: number;
  /** Periods from the first purchase to the end of the calibration period. */
  readonly T: number;
  /**
   * The mean amount of the repeat purchase days (each day's purchases summed), exact; `null` when
   * `frequency` is 0 (`lifetimes` prints 0 there; a mean of nothing is not a number).
   */
  readonly monetaryValue: Decimal | null;
  /** Purchase days in the holdout period (after `calibrationEnd`, up to `observationEnd`). */
  readonly frequencyHoldout: number;
  /** The mean amount of the holdout purchase days, exact; `null` without holdout purchases. */
  readonly monetaryHoldout: Decimal | null;
  /** The length of the holdout period in periods (the same for every row). */
  readonly durationHoldout: number;
}

/**
 * What {@link rfmSummary} used: with {@link RfmSummaryExcluded} every transaction is counted exactly once,
 * `transactions = calibration + holdout + refunds + afterObservationEnd + newInHoldout`.
 */
export interface RfmSummaryCounts {
  /** Transactions read. */
  readonly transactions: number;
  /** Purchases of calibration rows dated in the calibration period (counted before merging by day). */
  readonly calibration: number;
  /** Purchases of calibration rows dated in the holdout period (counted before merging by day). */
  readonly holdout: number;
  /** Purchases folded into another purchase of the same customer on the same local day (already counted above). */
  readonly mergedSameDay: number;
}

/** What {@link rfmSummary} left out, and why: nothing is dropped silently. */
export interface RfmSummaryExcluded {
  /** Refunds and returns: not purchases (rule AR-6); monetary values are of purchases only. */
  readonly refunds: number;
  /** Purchases after `observationEnd`: outside both periods. */
  readonly afterObservationEnd: number;
  /** Purchases of customers whose first purchase is after `calibrationEnd`: they have no calibration row. */
  readonly newInHoldout: number;
  /** Customers whose first purchase is after `calibrationEnd`. */
  readonly customersNewInHoldout: number;
  /** Customers with no purchase up to `observationEnd` (only refunds or returns, or only later purchases). */
  readonly customersWithoutPurchases: number;
}

/** The result of {@link rfmSummary}. */
export interface RfmSummary {
  /** One row per customer with a purchase on or before `calibrationEnd`, in order of first appearance. */
  readonly rows: RfmSummaryRow[];
  /** The period and its length in days. */
  readonly period: { readonly unit: RfmPeriod; readonly days: number };
  /** The time zone of the local days. */
  readonly zone: string;
  /** The last calibration day, `YYYY-MM-DD`. */
  readonly calibrationEnd: string;
  /** The last holdout day, `YYYY-MM-DD`. */
  readonly observationEnd: string;
  /** The transactions used. */
  readonly counts: RfmSummaryCounts;
  /** The transactions and customers left out, by reason. */
  readonly excluded: RfmSummaryExcluded;
}

/** The length of a period in days. */
export function periodDays(period: RfmPeriod): number {
  if (period === 'day') return 1;
  if (period === 'week') return 7;
  if (period === 'month') return 30;
  if (typeof period === 'number' && Number.isFinite(period) && period > 0) return period;
  throw invalidInput(['period'], `period must be 'day', 'week', 'month' or a positive number of days`);
}

/** Local day numbers of instants in one zone, the offset cached per quarter hour (offsets change on those). */
function localDayOf(zone: string): (ms: number) => number {
  const cache = new Map<number, number>();
  return (ms) => {
    const bucket = Math.floor(ms / 900_000);
    let offset = cache.get(bucket);
    if (offset === undefined) {
      offset = tzOffset(zone, new Date(bucket * 900_000)) * 60_000;
      cache.set(bucket, offset);
    }
    return Math.floor((ms + offset) / DAY_MS);
  };
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayOption(value: unknown, field: string, localDay: (ms: number) => number): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw invalidInput([field], `${field} is an invalid Date`);
    return localDay(ms);
  }
  if (typeof value === 'string') {
    const m = DATE_PATTERN.exec(value);
    if (m) {
      const day = dayFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
      if (dateOfDay(day) === value) return day;
    }
  }
  throw invalidInput([field], `${field} must be a Date or a local date YYYY-MM-DD`);
}

interface CustomerDays {
  readonly id: string;
  /** Local day → that day's purchases (on or before `observationEnd`) and their summed amount. */
  readonly days: Map<number, { amount: Decimal; purchases: number }>;
  purchases: number;
}

/**
 * Summarises transactions into calibration rows and holdout counts, the conventions of the field:
 * purchases of one customer on the same local day (in `zone`) are one purchase, their amounts summed;
 * `frequency` counts repeat purchase days in the calibration period; `recency` is the time from the first
 * to the last of them and `T` the time from the first purchase to `calibrationEnd`, both in `period`s
 * (day differences divided by the period's days, as `lifetimes` does with `freq='D'` and a multiplier);
 * `monetaryValue` is the mean of the repeat purchase days (the first purchase excluded, as the Gamma-Gamma
 * spend model of Fader, Hardie and Lee 2005, "RFM and CLV", expects). Holdout figures cover the days after
 * `calibrationEnd` up to `observationEnd`. Refunds and returns, purchases after `observationEnd` and customers
 * whose first purchase is after `calibrationEnd` are left out and counted in `excluded`, never dropped silently.
 *
 * Bad input (a missing id, an invalid date, an amount that is not a non-negative decimal, an unknown kind, a
 * bad option) is refused with a `KehuValidationError` naming the transaction's index and field.
 *
 * @param transactions - any iterable of sales records (core's `Transaction` works as is), in any order
 * @param options - period, calibration and observation ends, time zone
 */
export function rfmSummary(transactions: Iterable<RfmTransaction>, options: RfmSummaryOptions): RfmSummary {
  if (options === null || typeof options !== 'object') {
    throw invalidInput([], 'options { period, calibrationEnd, observationEnd } are required');
  }
  const days = periodDays(options.period);
  const zone = checkZone(options.zone ?? 'Asia/Shanghai');
  const localDay = localDayOf(zone);
  const calEnd = dayOption(options.calibrationEnd, 'calibrationEnd', localDay);
  const obsEnd = dayOption(options.observationEnd, 'observationEnd', localDay);
  if (obsEnd < calEnd) {
    throw invalidInput(['observationEnd'], `observationEnd ${dateOfDay(obsEnd)} is before calibrationEnd`);
  }
  if (transactions === null || typeof (transactions as Iterable<unknown>)?.[Symbol.iterator] !== 'function') {
    throw invalidInput([], 'transactions must be an iterable of { customerId, occurredAt, amount, kind? }');
  }

  const customers = new Map<string, CustomerDays>();
  const customersWithoutUse = new Set<string>();
  let read = 0;
  let refunds = 0;
  let afterObservationEnd = 0;
  let i = 0;
  for (const t of transactions) {
    if (t === null || typeof t !== 'object') throw invalidInput([i], 'a transaction must be an object');
    const { customerId, occurredAt, kind } = t;
    if (typeof customerId !== 'string' || customerId.length === 0) {
      throw invalidInput([i, 'customerId'], 'customerId must be a non-empty string');
    }
    if (!(occurredAt instanceof Date) || Number.isNaN(occurredAt.getTime())) {
      throw invalidInput([i, 'occurredAt'], 'occurredAt must be a valid Date');
    }
    const amount = toDecimal(t.amount, [i, 'amount']);
    if (amount.isNegative()) throw invalidInput([i, 'amount'], 'amount must be 0 or more; refunds have kind refund');
    if (kind !== undefined && kind !== 'purchase' && kind !== 'refund' && kind !== 'return') {
      throw invalidInput([i, 'kind'], `kind must be purchase, refund or return, got ${JSON.stringify(kind)}`);
    }
    read++;
    i++;
    if (kind === 'refund' || kind === 'return') {
      refunds++;
      customersWithoutUse.add(customerId);
      continue;
    }
    const day = localDay(occurredAt.getTime());
    if (day > obsEnd) {
      afterObservationEnd++;
      customersWithoutUse.add(customerId);
      continue;
    }
    let c = customers.get(customerId);
    if (c === undefined) {
      c = { id: customerId, days: new Map(), purchases: 0 };
      customers.set(customerId, c);
    }
    c.purchases++;
    const sum = c.days.get(day);
    if (sum === undefined) c.days.set(day, { amount, purchases: 1 });
    else {
      sum.amount = sum.amount.plus(amount);
      sum.purchases++;
    }
  }

  const rows: RfmSummaryRow[] = [];
  const durationHoldout = (obsEnd - calEnd) / days;
  let calibration = 0;
  let holdout = 0;
  let newInHoldout = 0;
  let newCustomers = 0;
  let mergedSameDay = 0;
  for (const c of customers.values()) {
    mergedSameDay += c.purchases - c.days.size;
    const sorted = [...c.days.keys()].sort((x, y) => x - y);
    const first = sorted[0] as number;
    if (first > calEnd) {
      newInHoldout += c.purchases;
      newCustomers++;
      continue;
    }
    let frequency = 0;
    let last = first;
    let repeatSum = new Decimal(0);
    let frequencyHoldout = 0;
    let holdoutSum = new Decimal(0);
    for (let k = 1; k < sorted.length; k++) {
      const day = sorted[k] as number;
      const amount = (c.days.get(day) as { amount: Decimal }).amount;
      if (day <= calEnd) {
        frequency++;
        last = day;
        repeatSum = repeatSum.plus(amount);
      } else {
        frequencyHoldout++;
        holdoutSum = holdoutSum.plus(amount);
      }
    }
    for (const [day, d] of c.days) {
      if (day <= calEnd) calibration += d.purchases;
      else holdout += d.purchases;
    }
    rows.push({
      customerId: c.id,
      firstPurchase: dateOfDay(first),
      frequency,
      recency: (last - first) / days,
      T: (calEnd - first) / days,
      monetaryValue: frequency === 0 ? null : repeatSum.div(frequency),
      frequencyHoldout,
      monetaryHoldout: frequencyHoldout === 0 ? null : holdoutSum.div(frequencyHoldout),
      durationHoldout,
    });
  }
  let withoutPurchases = 0;
  for (const id of customersWithoutUse) if (!customers.has(id)) withoutPurchases++;
  return {
    rows,
    period: { unit: options.period, days },
    zone,
    calibrationEnd: dateOfDay(calEnd),
    observationEnd: dateOfDay(obsEnd),
    counts: { transactions: read, calibration, holdout, mergedSameDay },
    excluded: {
      refunds,
      afterObservationEnd,
      newInHoldout,
      customersNewInHoldout: newCustomers,
      customersWithoutPurchases: withoutPurchases,
    },
  };
}

/** The rows of an {@link RfmSummary} as columns: the input of fits, `predictionTable` and holdout checks. */
export interface RfmSummaryColumns {
  /** Customer ids, in row order. */
  readonly ids: string[];
  /** Repeat purchases. */
  readonly frequency: Float64Array;
  /** Recency in periods. */
  readonly recency: Float64Array;
  /** Age in periods. */
  readonly T: Float64Array;
  /** Holdout purchase days. */
  readonly frequencyHoldout: Float64Array;
  /** Holdout length in periods. */
  readonly durationHoldout: Float64Array;
}

/**
 * Columns of a summary: `{ ids, frequency, recency, T }` is a `FrequencyColumnsInput` (for `fitBgNbdColumns`)
 * and the columns `predictionTable` takes; the holdout columns serve `calibrationVersusHoldout`.
 */
export function rfmSummaryColumns(summary: Pick<RfmSummary, 'rows'>): RfmSummaryColumns {
  const rows = summary.rows;
  const n = rows.length;
  const out = {
    ids: new Array<string>(n),
    frequency: new Float64Array(n),
    recency: new Float64Array(n),
    T: new Float64Array(n),
    frequencyHoldout: new Float64Array(n),
    durationHoldout: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i] as RfmSummaryRow;
    out.ids[i] = r.customerId;
    out.frequency[i] = r.frequency;
    out.recency[i] = r.recency;
    out.T[i] = r.T;
    out.frequencyHoldout[i] = r.frequencyHoldout;
    out.durationHoldout[i] = r.durationHoldout;
  }
  return out;
}
