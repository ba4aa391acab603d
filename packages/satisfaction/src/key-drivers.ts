/**
 * Key drivers of overall satisfaction (rule SA-3): which service-quality indicators move the overall score, by
 * regression of the overall score on the standardised indicator scores, with Johnson's (2000) relative weights,
 * each with a seeded percentile bootstrap interval.
 */
import { invalidInput, parserFor } from '@kehu/core';
import * as z from 'zod';
import { percentileBootstrap } from './bootstrap.js';
import type { Estimate, Interval, SatisfactionWarning } from './estimate.js';
import { type Matrix, multiplyVector, solve, spectralFunction, symmetricEigen } from './linear-algebra.js';

/** The method's source, as the result states it. */
export const RELATIVE_WEIGHTS_SOURCE =
  'Johnson, J. W. (2000). A heuristic method for estimating the relative weight of predictor variables in ' +
  'multiple regression. Multivariate Behavioral Research, 35(1), 1-19.';

/**
 * One respondent for {@link keyDrivers}: the overall satisfaction score and the indicator scores, keyed by
 * indicator id (e.g. the seven SA-3 indicators). `null`, `undefined`, an absent key or NaN is a missing value.
 */
export interface KeyDriverRow {
  /** The overall satisfaction score. */
  overall: number | null | undefined;
  /** Indicator id to score. */
  indicators: Readonly<Record<string, number | null | undefined>>;
}

/**
 * The same data as columns for {@link keyDriversFromColumns}: `overall[i]` and `indicators[id][i]` belong to
 * respondent i. `null`, `undefined` or NaN (the natural gap of a `Float64Array`) is a missing value.
 */
export interface KeyDriverColumns {
  /** The overall satisfaction scores. */
  overall: ArrayLike<number | null | undefined>;
  /** Indicator id to its column of scores, each as long as `overall`. */
  indicators: Readonly<Record<string, ArrayLike<number | null | undefined>>>;
}

const optionsSchema = z
  .object({
    /** Confidence level of the bootstrap intervals. */
    level: z.number().gt(0).lt(1).default(0.95),
    /** Bootstrap resamples; 0 computes no intervals. */
    bootstrap: z.number().int().min(0).max(100_000).default(500),
    /** Seed of the resampling generator. */
    seed: z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).default(1),
    /** Complete responses under this carry SMALL_SAMPLE; default 10 per predictor. */
    minN: z.number().int().min(0).optional(),
    /** The indicators to analyse; default every indicator id found in the data. */
    indicators: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();

/**
 * Options of {@link keyDrivers} and {@link keyDriversFromColumns}. Every field is optional; unknown fields are
 * refused with their path.
 */
export interface KeyDriversOptions {
  /** Confidence level of the bootstrap intervals, strictly between 0 and 1 (default 0.95). */
  level?: number;
  /** Number of bootstrap resamples, 0 to 100,000 (default 500); 0 gives NaN intervals and a NO_INTERVAL warning. */
  bootstrap?: number;
  /** Seed of the resampling generator, a safe integer (default 1): the same seed gives the same intervals. */
  seed?: number;
  /** Complete responses under this carry a SMALL_SAMPLE warning (default 10 times the number of indicators). */
  minN?: number;
  /**
   * The indicators to analyse (other keys are ignored). Default: every indicator id found in the data; a row
   * without one of them is a row with a missing value.
   */
  indicators?: readonly string[];
}

const parseOptions = parserFor(optionsSchema, 'key-driver options');

/** One indicator's part in overall satisfaction (rule SA-3). */
export interface KeyDriver {
  /** The indicator id. */
  indicator: string;
  /** Pearson correlation of the indicator with the overall score. */
  correlation: number;
  /**
   * Standardised regression coefficient (beta) in the regression of the standardised overall score on all
   * standardised indicators. When the indicators are collinear it is the minimum-norm solution, one of many.
   */
  beta: number;
  /**
   * Johnson's relative weight: the part of R² attributable to this indicator, on the 0-1 scale of R². The
   * weights of all indicators sum to R².
   */
  weight: number;
  /** The weight as a percentage of R² (0-100); the shares sum to 100 (NaN when R² is 0). */
  share: number;
  /** Percentile bootstrap interval of `weight`. */
  ci: Interval;
  /** 1 for the largest weight; equal weights share a rank (1, 2, 2, 4); `null` when the weight is NaN. */
  rank: number | null;
}

/**
 * The key-driver analysis: an {@link Estimate} of R² (the share of the overall score's variance the indicators
 * explain, on 0-1, with its bootstrap interval) with one {@link KeyDriver} per indicator.
 */
export interface KeyDriversResult extends Estimate {
  /** The indicators, largest weight first (ties and NaN weights in indicator-id order, NaN last). */
  drivers: KeyDriver[];
  /** Rows left out because the overall score or an indicator was missing. */
  excluded: number;
  /** The resampling behind the intervals. */
  bootstrap: {
    /** Resamples asked for. */
    resamples: number;
    /** Resamples the intervals rest on (the others had a constant column). */
    used: number;
    /** The seed. */
    seed: number;
  };
  /** The method's published source. */
  source: string;
}

/**
 * Key drivers of overall satisfaction (rule SA-3) from one object per respondent. Rows with a missing value
 * are left out and counted; the rest go to the engine shared with {@link keyDriversFromColumns}.
 *
 * The method (Johnson 2000): with R the correlation matrix of the indicators and r the correlations of the
 * indicators with the overall score, decompose R = V D V' (Jacobi), take Lambda = V D^(1/2) V' (the
 * correlations of the indicators with their closest orthogonal counterparts), beta* = Lambda^-1 r, and
 * weight_j = sum_k Lambda_jk² beta*_k². The weights sum to R² = r' R^-1 r. Standardised betas are R^-1 r. Each
 * weight and R² get a seeded percentile bootstrap interval. The rows are put in a canonical order first, so
 * neither the point estimates nor the intervals depend on the order of the input. Each resample costs one pass
 * over the distinct rows (survey scores repeat, so there are usually far fewer than n): 100,000 responses on seven
 * 1-5 indicators with 500 resamples take about 2 s.
 *
 * Warnings: EMPTY (no complete row; every figure NaN), SMALL_SAMPLE (fewer complete rows than `minN`),
 * NO_VARIANCE (the overall score or named indicators constant: those indicators get NaN figures and stay out
 * of the model; or bootstrap resamples left out), COLLINEAR (named indicators are exact linear combinations of
 * each other: their weights split the shared variance and their betas are not unique), NO_INTERVAL.
 *
 * @param rows - one object per respondent (an array or any iterable); a columns object is refused
 * @param options - level, bootstrap resamples, seed, minN and the indicators to analyse
 * @throws KehuValidationError for a score that is not a finite number (with its path), bad options, or columns
 */
export function keyDrivers(rows: Iterable<KeyDriverRow>, options: KeyDriversOptions = {}): KeyDriversResult {
  if (rows === null || typeof rows !== 'object' || typeof (rows as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw invalidInput([], 'keyDrivers takes an array or iterable of rows; pass columns to keyDriversFromColumns');
  }
  const parsed = parseOptions(options);
  const list = [...rows];
  list.forEach((row, i) => {
    if (row === null || typeof row !== 'object') throw invalidInput([i], `row ${i} must be an object`);
    if (row.indicators === null || typeof row.indicators !== 'object') {
      throw invalidInput([i, 'indicators'], `row ${i} must have an indicators object`);
    }
  });
  const names = parsed.indicators ?? list.flatMap((row) => Object.keys(row.indicators));
  const sortedNames = uniqueSorted(names);
  const overall = list.map((row, i) => score(row.overall, [i, 'overall']));
  const columns = sortedNames.map((name) =>
    list.map((row, i) =>
      Object.hasOwn(row.indicators, name) ? score(row.indicators[name], [i, 'indicators', name]) : Number.NaN,
    ),
  );
  return analyse(overall, columns, sortedNames, parsed);
}

/**
 * Key drivers of overall satisfaction (rule SA-3) from columns: the same engine and result as
 * {@link keyDrivers}, without building one object per respondent.
 *
 * @param columns - the overall column and one column per indicator, all of the same length
 * @param options - as for {@link keyDrivers}
 * @throws KehuValidationError for columns of different lengths, a score that is not a finite number (with its
 *   path), bad options, or an array of rows
 */
export function keyDriversFromColumns(columns: KeyDriverColumns, options: KeyDriversOptions = {}): KeyDriversResult {
  if (columns === null || typeof columns !== 'object' || Symbol.iterator in columns) {
    throw invalidInput([], 'keyDriversFromColumns takes a columns object; pass rows to keyDrivers');
  }
  if (columns.overall === null || typeof columns.overall !== 'object' || typeof columns.overall.length !== 'number') {
    throw invalidInput(['overall'], 'overall must be an array of scores');
  }
  if (columns.indicators === null || typeof columns.indicators !== 'object') {
    throw invalidInput(['indicators'], 'indicators must be an object of columns');
  }
  const parsed = parseOptions(options);
  const n = columns.overall.length;
  const sortedNames = uniqueSorted(parsed.indicators ?? Object.keys(columns.indicators));
  const overall = Array.from(columns.overall, (value, i) => score(value, ['overall', i]));
  const indicatorColumns = sortedNames.map((name) => {
    const column = Object.hasOwn(columns.indicators, name) ? columns.indicators[name] : undefined;
    if (column === undefined || column === null || typeof column.length !== 'number') {
      throw invalidInput(['indicators', name], `indicators.${name} must be an array of scores`);
    }
    if (column.length !== n) {
      throw invalidInput(['indicators', name], `indicators.${name} has ${column.length} values, overall has ${n}`);
    }
    return Array.from(column, (value, i) => score(value, ['indicators', name, i]));
  });
  return analyse(overall, indicatorColumns, sortedNames, parsed);
}

/** A score as a number, NaN for missing; anything else that is not a finite number is refused. */
function score(value: unknown, path: (string | number)[]): number {
  if (value === null || value === undefined) return Number.NaN;
  if (typeof value !== 'number') throw invalidInput(path, `a score must be a number or null, got ${typeof value}`);
  if (value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY) {
    throw invalidInput(path, 'a score must be finite');
  }
  return value;
}

/** Unique names in code-point order, so results do not depend on key order. */
function uniqueSorted(names: readonly string[]): string[] {
  return [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

type ParsedOptions = z.output<typeof optionsSchema>;

/** One fit of the model: R², the weights, betas and correlations of the active indicators, collinear ones. */
interface Fit {
  r2: number;
  weights: number[];
  betas: number[];
  correlations: number[];
  collinear: number[];
}

/** Eigenvalues of the indicators' correlation matrix under this (times the number of indicators) count as 0. */
const SINGULAR_TOLERANCE = 1e-10;

function analyse(overall: number[], columns: number[][], names: string[], options: ParsedOptions): KeyDriversResult {
  const p = names.length;
  if (p === 0) throw invalidInput(['indicators'], 'there are no indicators to analyse');
  const warnings: SatisfactionWarning[] = [];
  // Complete cases, in a canonical order (lexicographic by overall, then the indicators in id order).
  const complete: number[] = [];
  for (let i = 0; i < overall.length; i++) {
    if (!Number.isNaN(overall[i]!) && columns.every((column) => !Number.isNaN(column[i]!))) complete.push(i);
  }
  const excluded = overall.length - complete.length;
  complete.sort((a, b) => {
    if (overall[a] !== overall[b]) return overall[a]! - overall[b]!;
    for (const column of columns) if (column[a] !== column[b]) return column[a]! - column[b]!;
    return 0;
  });
  const n = complete.length;
  const y = Float64Array.from(complete, (i) => overall[i]!);
  const xs = columns.map((column) => Float64Array.from(complete, (i) => column[i]!));
  const minN = options.minN ?? 10 * p;
  const nan: Interval = { lower: Number.NaN, upper: Number.NaN, level: options.level };
  const result = (r2: number, ci: Interval, drivers: KeyDriver[], used: number): KeyDriversResult => ({
    estimate: r2,
    n,
    ci,
    warnings,
    method: 'relative weights (Johnson 2000), percentile bootstrap',
    rules: ['SA-3'],
    drivers,
    excluded,
    bootstrap: { resamples: options.bootstrap, used, seed: options.seed },
    source: RELATIVE_WEIGHTS_SOURCE,
  });
  const missingDriver = (indicator: string): KeyDriver => ({
    indicator,
    correlation: Number.NaN,
    beta: Number.NaN,
    weight: Number.NaN,
    share: Number.NaN,
    ci: nan,
    rank: null,
  });
  const nothing = () => result(Number.NaN, nan, names.map(missingDriver), 0);
  if (n === 0) {
    warnings.push({ code: 'EMPTY', message: `no complete response (${excluded} with a missing value)` });
    return nothing();
  }
  if (n < minN) {
    warnings.push({
      code: 'SMALL_SAMPLE',
      message:
        `${n} complete responses for ${p} indicators, under ${minN}` +
        (n <= p + 1 ? '; with this few, the regression fits exactly and R² is 1 whatever the data' : ''),
    });
  }
  if (isConstant(y)) {
    warnings.push({ code: 'NO_VARIANCE', message: 'the overall score does not vary, so nothing can explain it' });
    return nothing();
  }
  const active = names.map((_, j) => j).filter((j) => !isConstant(xs[j]!));
  const constant = names.filter((_, j) => !active.includes(j));
  if (constant.length > 0) {
    warnings.push({
      code: 'NO_VARIANCE',
      message:
        constant.length === 1
          ? `${constant[0]} does not vary and is left out of the model`
          : `${constant.join(', ')} do not vary and are left out of the model`,
    });
  }
  if (active.length === 0) return nothing();
  // z-scores of the full sample, as distinct rows with multiplicities (the sort made duplicates adjacent);
  // resamples reuse them, since correlations do not change under linear rescaling.
  const design = distinctRows([...active.map((j) => zScores(xs[j]!)), zScores(y)]);
  const point = fit(design, design.multiplicity)!;
  if (point.collinear.length > 0) {
    const which = point.collinear.map((k) => names[active[k]!]!);
    warnings.push({
      code: 'COLLINEAR',
      message:
        `${which.join(', ')} are exact linear combinations of each other (their correlation matrix is singular): ` +
        'their weights split the variance they share and their betas are the minimum-norm solution, not unique',
    });
  }
  const q = active.length;
  const resampleWeights = new Float64Array(design.multiplicity.length);
  const statistic = (counts: Uint32Array): number[] | null => {
    resampleWeights.fill(0);
    for (let i = 0; i < n; i++) resampleWeights[design.rowPattern[i]!]! += counts[i]!;
    const f = fit(design, resampleWeights);
    return f === null ? null : [f.r2, ...f.weights];
  };
  const boot = percentileBootstrap(n, q + 1, statistic, {
    resamples: options.bootstrap,
    seed: options.seed,
    level: options.level,
  });
  if (options.bootstrap === 0) {
    warnings.push({ code: 'NO_INTERVAL', message: 'no bootstrap resamples were asked for, so there are no intervals' });
  } else if (boot.used === 0) {
    warnings.push({ code: 'NO_INTERVAL', message: `all ${boot.skipped} bootstrap resamples had a constant column` });
  } else if (boot.skipped > 0) {
    warnings.push({
      code: 'NO_VARIANCE',
      message: `${boot.skipped} of ${options.bootstrap} bootstrap resamples had a constant column and were left out`,
    });
  }
  const ranks = competitionRanks(point.weights);
  const activeDrivers: KeyDriver[] = active.map((j, k) => ({
    indicator: names[j]!,
    correlation: point.correlations[k]!,
    beta: point.betas[k]!,
    weight: point.weights[k]!,
    share: (100 * point.weights[k]!) / point.r2,
    ci: boot.intervals[k + 1]!,
    rank: ranks[k]!,
  }));
  activeDrivers.sort((a, b) => a.rank! - b.rank! || (a.indicator < b.indicator ? -1 : 1));
  return result(
    point.r2,
    boot.intervals[0]!,
    [...activeDrivers, ...constant.map((name) => missingDriver(name))],
    boot.used,
  );
}

function isConstant(values: Float64Array): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

function zScores(values: Float64Array): Float64Array {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  const sd = Math.sqrt(ss / values.length);
  return values.map((v) => (v - mean) / sd);
}

/** The standardised data as distinct rows: `values` holds `m` columns per row, row-major. */
interface Design {
  m: number;
  values: Float64Array;
  multiplicity: Float64Array;
  /** The distinct row of each input row. */
  rowPattern: Uint32Array;
}

/** Collapses adjacent equal rows of the columns into distinct rows with multiplicities. */
function distinctRows(columns: Float64Array[]): Design {
  const m = columns.length;
  const n = columns[0]!.length;
  const values: number[] = [];
  const multiplicity: number[] = [];
  const rowPattern = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const same = i > 0 && columns.every((column) => column[i] === column[i - 1]);
    if (same) {
      multiplicity[multiplicity.length - 1]!++;
    } else {
      for (const column of columns) values.push(column[i]!);
      multiplicity.push(1);
    }
    rowPattern[i] = multiplicity.length - 1;
  }
  return { m, values: Float64Array.from(values), multiplicity: Float64Array.from(multiplicity), rowPattern };
}

/**
 * Fits the model on the distinct rows (the active indicators, then the overall score last), each weighted (its
 * multiplicity, or how often a resample drew it). One pass of weighted moments suffices: the columns are z-scores,
 * so their means are near 0 and centring afterwards loses nothing. Returns `null` when a column is constant among
 * the rows with positive weight.
 */
function fit(design: Design, rowWeights: Float64Array): Fit | null {
  const { m, values } = design;
  const q = m - 1;
  const u = rowWeights.length;
  let first = -1;
  const varies = new Uint8Array(m);
  const sums = new Float64Array(m);
  const s = new Float64Array(m * m);
  let total = 0;
  for (let i = 0; i < u; i++) {
    const w = rowWeights[i]!;
    if (w === 0) continue;
    const base = i * m;
    if (first < 0) first = base;
    total += w;
    for (let j = 0; j < m; j++) {
      const x = values[base + j]!;
      if (x !== values[first + j]) varies[j] = 1;
      const wx = w * x;
      sums[j] = sums[j]! + wx;
      const row = j * m;
      for (let k = j; k < m; k++) s[row + k] = s[row + k]! + wx * values[base + k]!;
    }
  }
  if (varies.some((v) => v === 0)) return null;
  const cov = (j: number, k: number): number => s[j * m + k]! - (sums[j]! * sums[k]!) / total;
  const corr = (j: number, k: number): number =>
    j === k ? 1 : Math.max(-1, Math.min(1, cov(j, k) / Math.sqrt(cov(j, j) * cov(k, k))));
  const rxx: Matrix = Array.from({ length: q }, (_, j) =>
    Array.from({ length: q }, (_, k) => (j <= k ? corr(j, k) : corr(k, j))),
  );
  const rxy = Array.from({ length: q }, (_, j) => corr(j, q));
  const eigen = symmetricEigen(rxx);
  const tolerance = SINGULAR_TOLERANCE * q;
  const lambda = spectralFunction(eigen, (v) => (v > tolerance ? Math.sqrt(v) : 0));
  const lambdaInverse = spectralFunction(eigen, (v) => (v > tolerance ? 1 / Math.sqrt(v) : 0));
  const betaStar = multiplyVector(lambdaInverse, rxy);
  const weights = lambda.map((row) => row.reduce((sum, l, k) => sum + l * l * betaStar[k]! * betaStar[k]!, 0));
  const r2 = weights.reduce((sum, w) => sum + w, 0);
  const singular = eigen.values.some((v) => v <= tolerance);
  const collinear: number[] = [];
  if (singular) {
    for (let j = 0; j < q; j++) {
      if (eigen.values.some((v, k) => v <= tolerance && Math.abs(eigen.vectors[j]![k]!) > 1e-8)) collinear.push(j);
    }
  }
  const betas =
    (!singular && solve(rxx, rxy)) ||
    multiplyVector(
      spectralFunction(eigen, (v) => (v > tolerance ? 1 / v : 0)),
      rxy,
    );
  return { r2, weights, betas, correlations: rxy, collinear };
}

/** Competition ranks, largest first: equal values share the best rank (1, 2, 2, 4). */
function competitionRanks(values: readonly number[]): number[] {
  return values.map((v) => 1 + values.filter((other) => other > v).length);
}
