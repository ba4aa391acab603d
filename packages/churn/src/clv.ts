/**
 * Customer lifetime value over a horizon, from any transaction model and a spend per purchase, discounted by month:
 * CLV = Σ_{i=1}^{H} spend · (E[X(i·k)] − E[X((i−1)·k)]) / (1 + d)^i, where E[X(t)] is the customer's expected
 * purchases in the next t model periods, k the model periods per month and d the discount rate per month. This is
 * the formula of Fader, Hardie & Lee 2005 ("RFM and CLV", eq. 4, in discrete monthly steps) as the Python `lifetimes`
 * library computes it (`customer_lifetime_value`).
 */
import { Decimal, type DecimalInput, invalidInput, toDecimal } from '@kehu/core';
import {
  type BgNbdFit,
  bgNbdConditionalExpectedPurchasesUnchecked,
  bgNbdProbabilityAliveUnchecked,
  checkBgNbdParams,
} from './bg-nbd.js';
import {
  checkGammaGammaParams,
  type GammaGammaParams,
  gammaGammaExpectedSpend,
  gammaGammaExpectedSpendUnchecked,
} from './gamma-gamma.js';
import {
  checkMbgNbdParams,
  type MbgNbdFit,
  mbgNbdConditionalExpectedPurchasesUnchecked,
  mbgNbdProbabilityAliveUnchecked,
} from './mbg-nbd.js';
import {
  checkParetoNbdParams,
  type ParetoNbdFit,
  paretoNbdConditionalExpectedPurchasesUnchecked,
  paretoNbdProbabilityAliveUnchecked,
} from './pareto-nbd.js';
import { checkFrequencyRow } from './rows.js';

/** A fitted transaction model CLV can use directly. */
export type ClvTransactionFit = BgNbdFit | MbgNbdFit | ParetoNbdFit;

/** One customer's history in model periods, as the transaction models take it. */
export interface ClvHistory {
  /** Repeat purchases. */
  readonly frequency: number;
  /** Time of the last repeat purchase from the first purchase. */
  readonly recency: number;
  /** Time from the first purchase to the end of the data. */
  readonly T: number;
}

/**
 * How many purchases the customer is expected to make: a fitted BG/NBD, MBG/NBD or Pareto/NBD model with the
 * customer's history, or any function giving the expected purchases in the next t model periods (0 at t = 0,
 * non-decreasing).
 */
export type ClvTransactions =
  | { readonly fit: ClvTransactionFit; readonly history: ClvHistory }
  | { readonly expectedPurchasesUpTo: (t: number) => number };

/**
 * What the customer spends per purchase: a Gamma-Gamma model with the customer's repeat purchases and their mean
 * value (a statistic; `frequency` defaults to the history's), or an amount given directly (a Decimal or a decimal
 * string, the same for every purchase).
 */
export type ClvSpend =
  | {
      readonly model: GammaGammaParams;
      readonly frequency?: number;
      readonly monetaryValue?: number | Decimal;
    }
  | { readonly amount: DecimalInput };

/** One customer for {@link clv}. */
export interface ClvInput {
  /** The transaction model. */
  readonly transactions: ClvTransactions;
  /** The spend per purchase. */
  readonly spend: ClvSpend;
}

/**
 * The model period in the convention of `lifetimes`: `'day'` is 30 periods a month, `'week'` 4.345, `'month'` 1.
 */
export type ClvPeriod = 'day' | 'week' | 'month';

/** The periods per month of each {@link ClvPeriod}. */
export const CLV_PERIODS_PER_MONTH: Readonly<Record<ClvPeriod, number>> = { day: 30, week: 4.345, month: 1 };

/** Options of {@link clv} and {@link clvTable}: units are explicit, nothing has a hidden default but rounding. */
export interface ClvOptions {
  /** The horizon: a whole number of `horizonUnit`s, 0 or more. */
  readonly horizon: number;
  /** The unit of `horizon`: `'months'` (default) or `'years'` (12 months). */
  readonly horizonUnit?: 'months' | 'years';
  /** The model's period ({@link ClvPeriod}); give this or `periodsPerMonth`. */
  readonly period?: ClvPeriod;
  /** Model periods per month (30 for days, 4.345 for weeks, 1 for months); give this or `period`. */
  readonly periodsPerMonth?: number;
  /** The discount rate per month (0.01 is 1% a month, about 12.7% a year), 0 or more. */
  readonly discountRate: number;
  /** Decimal places of the CLV amount (default 2, rounded half to even). */
  readonly decimalPlaces?: number;
}

/** One customer's CLV, explained. */
export interface ClvResult {
  /**
   * The estimate, as a Decimal rounded to `decimalPlaces`. A model's expectation, not an amount owed: the float sum
   * is converted once at the end.
   */
  readonly clv: Decimal;
  /** Expected purchases over the horizon, undiscounted. */
  readonly expectedPurchases: number;
  /** The spend per purchase used (the Gamma-Gamma expectation or the given amount). */
  readonly spendPerPurchase: number;
  /** Where the expected purchases came from: the fitted model's name, or `'function'`. */
  readonly transactionModel: ClvTransactionFit['model'] | 'function';
  /** The horizon in months. */
  readonly months: number;
  /** Model periods per month. */
  readonly periodsPerMonth: number;
  /** The discount rate per month. */
  readonly discountRate: number;
}

interface Settings {
  readonly months: number;
  readonly periodsPerMonth: number;
  readonly discountRate: number;
  readonly decimalPlaces: number;
}

function settings(options: ClvOptions): Settings {
  if (options === null || typeof options !== 'object') {
    throw invalidInput([], 'options must be { horizon, discountRate, period or periodsPerMonth }');
  }
  const { horizon, horizonUnit = 'months', period, periodsPerMonth, discountRate, decimalPlaces = 2 } = options;
  if (typeof horizon !== 'number' || !Number.isInteger(horizon) || horizon < 0) {
    throw invalidInput(['horizon'], 'horizon must be a whole number of months or years, 0 or more');
  }
  if (horizonUnit !== 'months' && horizonUnit !== 'years') {
    throw invalidInput(['horizonUnit'], "horizonUnit must be 'months' or 'years'");
  }
  let perMonth: number;
  if (period !== undefined) {
    if (periodsPerMonth !== undefined) {
      throw invalidInput(['periodsPerMonth'], 'give period or periodsPerMonth, not both');
    }
    if (!Object.hasOwn(CLV_PERIODS_PER_MONTH, period)) {
      throw invalidInput(['period'], "period must be 'day', 'week' or 'month'");
    }
    perMonth = CLV_PERIODS_PER_MONTH[period];
  } else {
    if (typeof periodsPerMonth !== 'number' || !Number.isFinite(periodsPerMonth) || periodsPerMonth <= 0) {
      throw invalidInput(
        ['periodsPerMonth'],
        "periodsPerMonth must be a finite positive number (or give period: 'day', 'week' or 'month')",
      );
    }
    perMonth = periodsPerMonth;
  }
  if (typeof discountRate !== 'number' || !Number.isFinite(discountRate) || discountRate < 0) {
    throw invalidInput(['discountRate'], 'discountRate must be a finite number per month, 0 or more');
  }
  if (!Number.isInteger(decimalPlaces) || decimalPlaces < 0 || decimalPlaces > 20) {
    throw invalidInput(['decimalPlaces'], 'decimalPlaces must be a whole number from 0 to 20');
  }
  return {
    months: horizonUnit === 'years' ? horizon * 12 : horizon,
    periodsPerMonth: perMonth,
    discountRate,
    decimalPlaces,
  };
}

/**
 * Σ_{i=1}^{H} (E(i·k) − E((i−1)·k)) / (1 + d)^i and Σ of the undiscounted increments. `expected` must give 0 at 0;
 * it is checked to be finite, non-negative and non-decreasing (a tolerance of 1e-9 relative for rounding).
 */
function discountedPurchases(
  expected: (t: number) => number,
  s: Settings,
  path: (string | number)[],
): { discounted: number; total: number } {
  let previous = 0;
  let discounted = 0;
  for (let i = 1; i <= s.months; i++) {
    const t = i * s.periodsPerMonth;
    const value = expected(t);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw invalidInput(
        path,
        `the expected purchases up to t = ${t} are ${value}: expected a finite number, 0 or more`,
      );
    }
    if (value < previous - 1e-9 * Math.max(1, previous)) {
      throw invalidInput(path, `the expected purchases fall from ${previous} to ${value} at t = ${t}: they must not`);
    }
    const increment = Math.max(0, value - previous);
    discounted += increment / (1 + s.discountRate) ** i;
    previous = Math.max(previous, value);
  }
  return { discounted, total: previous };
}

function transactionExpectation(transactions: ClvTransactions): {
  expected: (t: number) => number;
  model: ClvResult['transactionModel'];
  history?: ClvHistory;
} {
  if (transactions === null || typeof transactions !== 'object') {
    throw invalidInput(['transactions'], 'transactions must be { fit, history } or { expectedPurchasesUpTo }');
  }
  if ('expectedPurchasesUpTo' in transactions) {
    const f = transactions.expectedPurchasesUpTo;
    if (typeof f !== 'function') {
      throw invalidInput(['transactions', 'expectedPurchasesUpTo'], 'expectedPurchasesUpTo must be a function of t');
    }
    return { expected: f, model: 'function' };
  }
  const { fit, history } = transactions as { fit: ClvTransactionFit; history: ClvHistory };
  if (history === null || typeof history !== 'object') {
    throw invalidInput(['transactions', 'history'], 'history must be { frequency, recency, T }');
  }
  checkHistory(history, (field) => ['transactions', 'history', field]);
  return { expected: expectationsOf(fit, ['transactions', 'fit'])(history), model: fit.model, history };
}

/** Checks a history with the fits' rule (rows.ts), naming where the value sits in this input. */
function checkHistory(row: ClvHistory, pathOf: (field: string) => (string | number)[]): void {
  checkFrequencyRow(row.frequency, row.recency, row.T, undefined, pathOf);
}

/**
 * The expectation of one history under `fit`, its parameters checked once: `(row) => (t) => E[X(t)]`, with the
 * row's P(alive) computed once for every horizon. Rows must already be checked (see {@link checkHistory}).
 */
function expectationsOf(fit: ClvTransactionFit, path: (string | number)[]): (row: ClvHistory) => (t: number) => number {
  if (fit === null || typeof fit !== 'object') throw invalidInput(path, 'fit must be a fitted transaction model');
  switch (fit.model) {
    case 'bg-nbd':
      checkBgNbdParams(fit);
      return ({ frequency: x, recency: tx, T }) => {
        const alive = bgNbdProbabilityAliveUnchecked(fit, x, tx, T);
        return (t) => bgNbdConditionalExpectedPurchasesUnchecked(fit, x, tx, T, t, alive);
      };
    case 'mbg-nbd':
      checkMbgNbdParams(fit);
      return ({ frequency: x, recency: tx, T }) => {
        const alive = mbgNbdProbabilityAliveUnchecked(fit, x, tx, T);
        return (t) => mbgNbdConditionalExpectedPurchasesUnchecked(fit, x, tx, T, t, alive);
      };
    case 'pareto-nbd':
      checkParetoNbdParams(fit);
      return ({ frequency: x, recency: tx, T }) => {
        const alive = paretoNbdProbabilityAliveUnchecked(fit, x, tx, T);
        return (t) => paretoNbdConditionalExpectedPurchasesUnchecked(fit, x, tx, T, t, alive);
      };
    default:
      throw invalidInput(
        [...path, 'model'],
        `fit.model must be 'bg-nbd', 'mbg-nbd' or 'pareto-nbd' (got ${String((fit as { model?: unknown }).model)})`,
      );
  }
}

function spendPerPurchase(spend: ClvSpend, history: ClvHistory | undefined): number {
  if (spend === null || typeof spend !== 'object') {
    throw invalidInput(['spend'], 'spend must be { model, frequency?, monetaryValue? } or { amount }');
  }
  if ('amount' in spend) {
    const amount = toDecimal(spend.amount, ['spend', 'amount']);
    if (amount.isNegative()) throw invalidInput(['spend', 'amount'], 'amount must be 0 or more');
    return amount.toNumber();
  }
  const frequency = spend.frequency ?? history?.frequency;
  if (frequency === undefined) {
    throw invalidInput(['spend', 'frequency'], 'frequency is needed with a spend model when there is no history');
  }
  return gammaGammaExpectedSpend(spend.model, { frequency, monetaryValue: spend.monetaryValue });
}

function toMoney(value: number, decimalPlaces: number): Decimal {
  return new Decimal(value).toDecimalPlaces(decimalPlaces);
}

/**
 * One customer's CLV over `horizon` months: Σ_{i=1}^{H} spend · (E[X(i·k)] − E[X((i−1)·k)]) / (1 + d)^i with k model
 * periods per month and d the monthly discount rate (Fader, Hardie & Lee 2005, eq. 4 in monthly steps; `lifetimes`'
 * `customer_lifetime_value`). The transaction model's period must be stated (`period` or `periodsPerMonth`):
 * the `lifetimes` convention is 30 for days, 4.345 for weeks and 1 for months. The result is an estimate, returned
 * as a Decimal once at the end of a float computation; it is not an amount of money anyone owes.
 */
export function clv(input: ClvInput, options: ClvOptions): ClvResult {
  const s = settings(options);
  if (input === null || typeof input !== 'object') throw invalidInput([], 'input must be { transactions, spend }');
  const { expected, model, history } = transactionExpectation(input.transactions);
  const spend = spendPerPurchase(input.spend, history);
  const { discounted, total } = discountedPurchases(expected, s, ['transactions']);
  return {
    clv: toMoney(spend * discounted, s.decimalPlaces),
    expectedPurchases: total,
    spendPerPurchase: spend,
    transactionModel: model,
    months: s.months,
    periodsPerMonth: s.periodsPerMonth,
    discountRate: s.discountRate,
  };
}

/** Customers as columns for {@link clvTable}: histories in model periods and what sets their spend. */
export interface ClvColumnsInput {
  /** Customer ids, one per row. */
  readonly ids: readonly string[];
  /** Repeat purchases per customer. */
  readonly frequency: Float64Array | readonly number[];
  /** Recency per customer. */
  readonly recency: Float64Array | readonly number[];
  /** Age per customer. */
  readonly T: Float64Array | readonly number[];
  /** Mean value of the repeat purchases (a statistic; 0 or anything for customers without), with `spendModel`. */
  readonly monetaryValue?: Float64Array | readonly number[];
  /** Spend per purchase per customer (Decimals or decimal strings), when there is no `spendModel`. */
  readonly spend?: readonly DecimalInput[];
}

/** Options of {@link clvTable}: the models and the units. */
export interface ClvTableOptions extends ClvOptions {
  /** The fitted transaction model. */
  readonly transactionModel: ClvTransactionFit;
  /** The Gamma-Gamma model of spend (then `monetaryValue` is required); otherwise the `spend` column is used. */
  readonly spendModel?: GammaGammaParams;
}

/** CLV of many customers as columns; {@link clvAt} explains one row. */
export interface ClvTable {
  /** Customer ids. */
  readonly ids: readonly string[];
  /** The transaction model's name. */
  readonly transactionModel: ClvTransactionFit['model'];
  /** The horizon in months. */
  readonly months: number;
  /** Model periods per month. */
  readonly periodsPerMonth: number;
  /** The discount rate per month. */
  readonly discountRate: number;
  /** Decimal places of the amounts {@link clvAt} gives. */
  readonly decimalPlaces: number;
  /** CLV per customer as a float (convert with {@link clvAt}, which rounds once to a Decimal). */
  readonly clv: Float64Array;
  /** Expected purchases over the horizon, undiscounted. */
  readonly expectedPurchases: Float64Array;
  /** Spend per purchase used. */
  readonly spendPerPurchase: Float64Array;
}

/** One explained row of a {@link ClvTable}: the customer's id with the {@link ClvResult} {@link clv} returns. */
export type ClvRow = ClvResult & {
  /** The customer. */
  readonly id: string;
};

function column(value: unknown, name: string, n: number): Float64Array | readonly number[] {
  if (!(value instanceof Float64Array) && !Array.isArray(value)) {
    throw invalidInput([name], `${name} must be a Float64Array or an array of numbers`);
  }
  if (value.length !== n) throw invalidInput([name], `${name} has ${value.length} rows, ids ${n}`);
  return value as Float64Array | readonly number[];
}

/**
 * CLV of every customer of a table with a fitted transaction model and either a Gamma-Gamma spend model (with the
 * `monetaryValue` column) or a `spend` column. Same formula and units as {@link clv}; rows are validated like the
 * model fits' rows (`[field, row]` paths name the bad value).
 */
export function clvTable(input: ClvColumnsInput, options: ClvTableOptions): ClvTable {
  const s = settings(options);
  if (input === null || typeof input !== 'object') throw invalidInput([], 'input must be an object of columns');
  if (!Array.isArray(input.ids)) throw invalidInput(['ids'], 'ids must be an array of strings');
  const n = input.ids.length;
  const frequency = column(input.frequency, 'frequency', n);
  const recency = column(input.recency, 'recency', n);
  const T = column(input.T, 'T', n);
  const fit = options.transactionModel;
  if (fit === null || typeof fit !== 'object') {
    throw invalidInput(['transactionModel'], 'transactionModel must be a fitted BG/NBD, MBG/NBD or Pareto/NBD model');
  }
  let spendOf: (i: number) => number;
  if (options.spendModel !== undefined) {
    const model = options.spendModel;
    checkGammaGammaParams(model);
    const monetary = column(input.monetaryValue, 'monetaryValue', n);
    spendOf = (i) => {
      const x = frequency[i] as number;
      const m = monetary[i] as number;
      if (x > 0 && !(Number.isFinite(m) && m >= 0)) {
        throw invalidInput(['monetaryValue', i], 'monetaryValue must be a finite mean spend, 0 or more');
      }
      const value = gammaGammaExpectedSpendUnchecked(model.p, model.q, model.v, x, m);
      if (!Number.isFinite(value)) {
        throw invalidInput(['spendModel', 'q'], 'the expected spend exists only when p · frequency + q > 1');
      }
      return value;
    };
  } else {
    const spend = input.spend;
    if (!Array.isArray(spend)) {
      throw invalidInput(['spend'], 'give a spend column (Decimals or decimal strings) or a spendModel');
    }
    if (spend.length !== n) throw invalidInput(['spend'], `spend has ${spend.length} rows, ids ${n}`);
    spendOf = (i) => {
      const amount = toDecimal(spend[i], ['spend', i]);
      if (amount.isNegative()) throw invalidInput(['spend', i], 'spend must be 0 or more');
      return amount.toNumber();
    };
  }
  const clvColumn = new Float64Array(n);
  const purchases = new Float64Array(n);
  const spendColumn = new Float64Array(n);
  // Built at the first row, so a bad first row is reported before a bad model, as for a single customer.
  let expectationOf: ((row: ClvHistory) => (t: number) => number) | undefined;
  for (let i = 0; i < n; i++) {
    if (typeof input.ids[i] !== 'string') throw invalidInput(['ids', i], 'ids must be strings');
    const row = { frequency: frequency[i] as number, recency: recency[i] as number, T: T[i] as number };
    checkHistory(row, (field) => [field, i]);
    expectationOf ??= expectationsOf(fit, ['transactionModel']);
    const expected = expectationOf(row);
    const spend = spendOf(i);
    const { discounted, total } = discountedPurchases(expected, s, ['transactionModel']);
    clvColumn[i] = spend * discounted;
    purchases[i] = total;
    spendColumn[i] = spend;
  }
  return {
    ids: input.ids.slice(),
    transactionModel: fit.model,
    months: s.months,
    periodsPerMonth: s.periodsPerMonth,
    discountRate: s.discountRate,
    decimalPlaces: s.decimalPlaces,
    clv: clvColumn,
    expectedPurchases: purchases,
    spendPerPurchase: spendColumn,
  };
}

/** Row `i` of a {@link ClvTable}, explained: the same object {@link clv} gives, with the customer's id. */
export function clvAt(table: ClvTable, i: number): ClvRow {
  if (!Number.isInteger(i) || i < 0 || i >= table.ids.length) {
    throw invalidInput(['index'], `row ${i} is outside the table (0 to ${table.ids.length - 1})`);
  }
  return {
    id: table.ids[i] as string,
    clv: toMoney(table.clv[i] as number, table.decimalPlaces),
    expectedPurchases: table.expectedPurchases[i] as number,
    spendPerPurchase: table.spendPerPurchase[i] as number,
    transactionModel: table.transactionModel,
    months: table.months,
    periodsPerMonth: table.periodsPerMonth,
    discountRate: table.discountRate,
  };
}

/** Every row of a {@link ClvTable}, explained (see {@link clvAt}). */
export function clvRows(table: ClvTable): ClvRow[] {
  return table.ids.map((_, i) => clvAt(table, i));
}
