/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value
 * curves for customer base analysis", Journal of Marketing Research 42(4); Hardie's note 025, "The Gamma-Gamma
 * model of monetary value", 2013). A customer's transaction values are Gamma(p, ν) around their own mean
 * p / ν, and ν varies across customers as Gamma(q, v). Only repeat buyers carry information (their mean spend
 * over `frequency` repeat transactions), and the model assumes spend is independent of purchase frequency.
 */
import { Decimal as DecimalClass, invalidInput } from '@kehu/core';
import type { Decimal } from '@kehu/core';
import type { FitBase, FitOptions } from './fit.js';
import { maximumLikelihood } from './mle.js';
import { digamma, logGamma } from './special.js';
import type { ChurnWarning } from './warnings.js';
import { checkPositiveParams } from './checks.js';
import { weightedRows } from './weighted-rows.js';

/** Parameters of the Gamma-Gamma model. */
export interface GammaGammaParams {
  /** Shape of each customer's transaction-value distribution. */
  readonly p: number;
  /** Shape of the Gamma distribution of the customers' scale ν. */
  readonly q: number;
  /** Scale (rate) of the Gamma distribution of the customers' scale ν. */
  readonly v: number;
}

/**
 * One repeat buyer: `frequency` repeat transactions whose mean value was `monetaryValue`. The mean spend is a
 * statistic fed to the model, not an amount of money: a `Decimal` (as `rfmSummary` gives it) is converted to a
 * float once.
 */
export interface GammaGammaRow {
  /** Repeat transactions, a whole number of 1 or more (Gamma-Gamma models repeat buyers only). */
  readonly frequency: number;
  /** The mean value of those repeat transactions, finite and positive. */
  readonly monetaryValue: number | Decimal;
  /** How many customers share this row (default 1, positive). */
  readonly weight?: number;
}

/** {@link GammaGammaRow}s as columns; every column has the same length. */
export interface GammaGammaColumnsInput {
  /** Repeat transactions per customer. */
  readonly frequency: Float64Array | readonly number[];
  /** Mean value of the repeat transactions per customer. */
  readonly monetaryValue: Float64Array | readonly number[];
  /** Weight per row (optional, default 1). */
  readonly weight?: Float64Array | readonly number[];
}

/** Validated Gamma-Gamma columns with identical rows aggregated into one with the summed weight. */
export interface GammaGammaColumns {
  /** Repeat transactions. */
  readonly frequency: Float64Array;
  /** Mean transaction value. */
  readonly monetaryValue: Float64Array;
  /** Customers per row. */
  readonly weight: Float64Array;
  /** The sum of the weights. */
  readonly customers: number;
}

/** Refuses parameters that are not finite and positive, naming the parameter. */
export function checkGammaGammaParams(params: GammaGammaParams): void {
  checkPositiveParams(params, ['p', 'q', 'v'], 'Gamma-Gamma');
}

function spendNumber(value: unknown, path: (string | number)[]): number {
  if (DecimalClass.isDecimal(value)) {
    const d = value as Decimal;
    return d.isFinite() ? d.toNumber() : Number.NaN;
  }
  if (typeof value !== 'number') throw invalidInput(path, 'monetaryValue must be a number or a Decimal');
  return value;
}

/**
 * Checks one repeat buyer and returns its mean spend as a float: `frequency` a whole number ≥ 1 (a customer without
 * repeat purchases is refused, because Gamma-Gamma models repeat buyers), `monetaryValue` finite and positive,
 * `weight` positive. Refused with a `KehuValidationError` at `[index, field]` (or the path `index` gives).
 */
export function checkGammaGammaRow(
  frequency: unknown,
  monetaryValue: unknown,
  weight: unknown,
  index: number | ((field: string) => (string | number)[]),
): number {
  const at = typeof index === 'number' ? (field: string) => [index, field] : index;
  if (typeof frequency !== 'number' || !Number.isFinite(frequency) || !Number.isInteger(frequency)) {
    throw invalidInput(at('frequency'), 'frequency must be a whole number of repeat transactions');
  }
  if (frequency < 1) {
    const row = at('frequency').find((part) => typeof part === 'number');
    throw invalidInput(
      at('frequency'),
      `${row === undefined ? 'the row' : `row ${row}`} has frequency ${frequency}: ` +
        'Gamma-Gamma models repeat buyers only (frequency 1 or more); ' +
        'leave customers without repeat purchases out of the fit',
    );
  }
  const m = spendNumber(monetaryValue, at('monetaryValue'));
  if (!Number.isFinite(m) || m <= 0) {
    throw invalidInput(at('monetaryValue'), 'monetaryValue must be a finite positive mean spend');
  }
  if (weight !== undefined && (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0)) {
    throw invalidInput(at('weight'), 'weight must be a positive finite number');
  }
  return m;
}

function aggregate(n: number, get: (i: number) => [number, number, number]): GammaGammaColumns {
  const { columns, weight, customers } = weightedRows(n, 2, (i, out) => out.set(get(i)));
  const [frequency, monetaryValue] = columns as [Float64Array, Float64Array];
  return { frequency, monetaryValue, weight, customers };
}

/** Validates repeat buyers (see {@link checkGammaGammaRow}) and aggregates identical rows. */
export function gammaGammaColumns(rows: readonly GammaGammaRow[]): GammaGammaColumns {
  if (!Array.isArray(rows)) throw invalidInput([], 'rows must be an array of { frequency, monetaryValue, weight? }');
  const list = rows as readonly GammaGammaRow[];
  return aggregate(list.length, (i) => {
    const row = list[i];
    if (row === null || typeof row !== 'object') throw invalidInput([i], 'a row must be an object');
    const m = checkGammaGammaRow(row.frequency, row.monetaryValue, row.weight, i);
    return [row.frequency, m, row.weight ?? 1];
  });
}

/** {@link gammaGammaColumns} for columnar input. */
export function gammaGammaColumnsFrom(columns: GammaGammaColumnsInput): GammaGammaColumns {
  if (columns === null || typeof columns !== 'object') {
    throw invalidInput([], 'columns must be an object of frequency and monetaryValue');
  }
  const { frequency, monetaryValue, weight } = columns;
  for (const [name, column] of Object.entries({ frequency, monetaryValue })) {
    if (!(column instanceof Float64Array) && !Array.isArray(column)) {
      throw invalidInput([name], `${name} must be a Float64Array or an array of numbers`);
    }
  }
  const n = frequency.length;
  if (monetaryValue.length !== n) {
    throw invalidInput(['monetaryValue'], `monetaryValue has ${monetaryValue.length} rows, frequency ${n}`);
  }
  if (weight !== undefined && weight.length !== n) {
    throw invalidInput(['weight'], `weight has ${weight.length} rows, frequency ${n}`);
  }
  return aggregate(n, (i) => {
    const w = weight === undefined ? undefined : weight[i];
    const m = checkGammaGammaRow(frequency[i], monetaryValue[i], w, (field) => [field, i]);
    return [frequency[i] as number, m, w ?? 1];
  });
}

/** ln f(m | x) of one row at natural parameters; unchecked (the fit's inner loop). */
export function gammaGammaRowLogLikelihood(p: number, q: number, v: number, x: number, m: number): number {
  const px = p * x;
  return (
    logGamma(px + q) -
    logGamma(px) -
    logGamma(q) +
    q * Math.log(v) +
    (px - 1) * Math.log(m) +
    px * Math.log(x) -
    (px + q) * Math.log(x * m + v)
  );
}

/**
 * The log-likelihood of one repeat buyer's mean spend m over x repeat transactions (Hardie note 025, eq. 3;
 * Fader, Hardie & Lee 2005, eq. 1): ln Γ(px + q) − ln Γ(px) − ln Γ(q) + q ln v + (px − 1) ln m + px ln x
 * − (px + q) ln(xm + v). The row's weight is not applied.
 */
export function gammaGammaLogLikelihood(params: GammaGammaParams, row: GammaGammaRow): number {
  checkGammaGammaParams(params);
  if (row === null || typeof row !== 'object') throw invalidInput([], 'row must be { frequency, monetaryValue }');
  const m = checkGammaGammaRow(row.frequency, row.monetaryValue, row.weight, (field) => [field]);
  return gammaGammaRowLogLikelihood(params.p, params.q, params.v, row.frequency, m);
}

/**
 * The total weighted log-likelihood of aggregated columns and, when `gradient` is given, its gradient with respect
 * to the log-parameters (ln p, ln q, ln v), from ψ: ∂/∂p = x (ψ(px + q) − ψ(px) + ln m + ln x − ln(xm + v)),
 * ∂/∂q = ψ(px + q) − ψ(q) + ln v − ln(xm + v), ∂/∂v = q / v − (px + q) / (xm + v).
 */
export function gammaGammaTotalLogLikelihood(
  p: number,
  q: number,
  v: number,
  columns: GammaGammaColumns,
  gradient?: Float64Array,
): number {
  const { frequency, monetaryValue, weight } = columns;
  let ll = 0;
  let gp = 0;
  let gq = 0;
  let gv = 0;
  const lnV = Math.log(v);
  const lgQ = logGamma(q);
  const psiQ = gradient ? digamma(q) : 0;
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i] as number;
    const m = monetaryValue[i] as number;
    const w = weight[i] as number;
    const px = p * x;
    const lnM = Math.log(m);
    const lnX = Math.log(x);
    const lnXmV = Math.log(x * m + v);
    ll += w * (logGamma(px + q) - logGamma(px) - lgQ + q * lnV + (px - 1) * lnM + px * lnX - (px + q) * lnXmV);
    if (gradient) {
      const psiPxQ = digamma(px + q);
      gp += w * x * (psiPxQ - digamma(px) + lnM + lnX - lnXmV);
      gq += w * (psiPxQ - psiQ + lnV - lnXmV);
      gv += w * (q / v - (px + q) / (x * m + v));
    }
  }
  if (gradient) {
    gradient[0] = gp * p;
    gradient[1] = gq * q;
    gradient[2] = gv * v;
  }
  return ll;
}

/** A Gamma-Gamma fit: the parameters at the top level with the fit's diagnostics. */
export type GammaGammaFit = FitBase & {
  /** The model. */
  readonly model: 'gamma-gamma';
  /** Fitted p. */
  readonly p: number;
  /** Fitted q. */
  readonly q: number;
  /** Fitted v. */
  readonly v: number;
};

/** Options of the Gamma-Gamma fits. */
export interface GammaGammaFitOptions extends FitOptions {
  /**
   * Above this weighted Pearson correlation between frequency and mean spend the fit warns
   * (`CORRELATED_SPEND`): the model assumes the two are independent. Default 0.3 (CDNOW's is 0.114).
   */
  readonly correlationThreshold?: number;
}

/** The weighted Pearson correlation of frequency and mean spend; 0 when either does not vary. */
export function frequencySpendCorrelation(columns: GammaGammaColumns): number {
  const { frequency, monetaryValue, weight, customers } = columns;
  let mx = 0;
  let mm = 0;
  for (let i = 0; i < frequency.length; i++) {
    mx += (weight[i] as number) * (frequency[i] as number);
    mm += (weight[i] as number) * (monetaryValue[i] as number);
  }
  mx /= customers;
  mm /= customers;
  let sxx = 0;
  let smm = 0;
  let sxm = 0;
  for (let i = 0; i < frequency.length; i++) {
    const w = weight[i] as number;
    const dx = (frequency[i] as number) - mx;
    const dm = (monetaryValue[i] as number) - mm;
    sxx += w * dx * dx;
    smm += w * dm * dm;
    sxm += w * dx * dm;
  }
  return sxx > 0 && smm > 0 ? sxm / Math.sqrt(sxx * smm) : 0;
}

/**
 * Fits the Gamma-Gamma model by maximum likelihood (Hardie note 025, eq. 3) to validated columns of repeat buyers.
 * Warns with `CORRELATED_SPEND` when frequency and mean spend correlate above `correlationThreshold`.
 */
export function fitGammaGammaColumns(
  columns: GammaGammaColumnsInput,
  options: GammaGammaFitOptions = {},
): GammaGammaFit {
  return fitAggregated(gammaGammaColumnsFrom(columns), options);
}

function fitAggregated(data: GammaGammaColumns, options: GammaGammaFitOptions): GammaGammaFit {
  if (options === null || typeof options !== 'object') throw invalidInput([], 'options must be an object');
  const threshold = options.correlationThreshold ?? 0.3;
  if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    throw invalidInput(['correlationThreshold'], 'correlationThreshold must be a number from 0 to 1');
  }
  const { correlationThreshold: _, ...fitOptions } = options;
  const fit = maximumLikelihood(
    {
      names: ['p', 'q', 'v'],
      customers: data.customers,
      rows: data.frequency.length,
      logLikelihood: (theta, gradient) =>
        gammaGammaTotalLogLikelihood(theta[0] as number, theta[1] as number, theta[2] as number, data, gradient),
      analyticGradient: true,
      defaultStarts: [
        [1, 1, 1],
        [5, 5, 10],
        [0.5, 2, 50],
        [10, 1.5, 1],
      ],
    },
    fitOptions,
  );
  const correlation = frequencySpendCorrelation(data);
  const warnings: ChurnWarning[] = [...fit.diagnostics.warnings];
  if (Math.abs(correlation) > threshold) {
    warnings.push({
      code: 'CORRELATED_SPEND',
      message:
        `frequency and mean spend correlate at ${correlation.toFixed(3)} (threshold ${threshold}): ` +
        'Gamma-Gamma assumes spend does not depend on how often a customer buys',
    });
  }
  const { params, diagnostics, ...base } = fit;
  return { model: 'gamma-gamma', ...params, ...base, diagnostics: { ...diagnostics, warnings } };
}

/**
 * Fits the Gamma-Gamma model to repeat buyers `{ frequency, monetaryValue, weight? }` (Fader, Hardie & Lee 2005;
 * Hardie note 025). Customers without repeat purchases are refused: leave them out (they get the population mean,
 * see {@link gammaGammaExpectedSpend}). Identical rows are aggregated with weights.
 */
export function fitGammaGamma(rows: readonly GammaGammaRow[], options: GammaGammaFitOptions = {}): GammaGammaFit {
  return fitAggregated(gammaGammaColumns(rows), options);
}

/**
 * The population mean spend per transaction, E[Z] = p v / (q − 1) (Hardie note 025, eq. 4): what the model expects
 * a customer without repeat purchases to spend. It exists only when q > 1; otherwise a `KehuValidationError` at `q`.
 */
export function gammaGammaMeanSpend(params: GammaGammaParams): number {
  checkGammaGammaParams(params);
  if (params.q <= 1) throw invalidInput(['q'], 'the mean spend exists only when q > 1 (the fitted q is too small)');
  return (params.p * params.v) / (params.q - 1);
}

/**
 * The conditional expected average spend per transaction of a customer with `frequency` repeat transactions of mean
 * value `monetaryValue` (Fader, Hardie & Lee 2005, eq. 2; `lifetimes`' `conditional_expected_average_profit`):
 * E[M | x, m] = p (v + x m) / (p x + q − 1), a weighted average of the population mean p v / (q − 1) and the
 * customer's own mean m, with weight p x / (p x + q − 1) on m. A customer with `frequency` 0 gets the population
 * mean (their `monetaryValue` is ignored and may be 0 or omitted). A statistic, not an amount of money.
 */
export function gammaGammaExpectedSpend(
  params: GammaGammaParams,
  row: { readonly frequency: number; readonly monetaryValue?: number | Decimal },
): number {
  checkGammaGammaParams(params);
  if (row === null || typeof row !== 'object') throw invalidInput([], 'row must be { frequency, monetaryValue }');
  const x = row.frequency;
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) {
    throw invalidInput(['frequency'], 'frequency must be a whole number of repeat transactions, 0 or more');
  }
  if (x === 0) return gammaGammaMeanSpend(params);
  const m = spendNumber(row.monetaryValue, ['monetaryValue']);
  if (!Number.isFinite(m) || m < 0) {
    throw invalidInput(['monetaryValue'], 'monetaryValue must be a finite mean spend, 0 or more');
  }
  if (params.p * x + params.q <= 1) {
    throw invalidInput(['q'], 'the expected spend exists only when p · frequency + q > 1');
  }
  return gammaGammaExpectedSpendUnchecked(params.p, params.q, params.v, x, m);
}

/** {@link gammaGammaExpectedSpend} without checks, for tables: `Infinity` where p x + q ≤ 1 (no finite mean). */
export function gammaGammaExpectedSpendUnchecked(p: number, q: number, v: number, x: number, m: number): number {
  const denominator = p * x + q - 1;
  if (denominator <= 0) return Number.POSITIVE_INFINITY;
  return (p * (v + (x === 0 ? 0 : x * m))) / denominator;
}
