/**
 * One-sided tests of a figure against a benchmark or target (rules SA-1, SA-5): is this NPS, share or mean
 * shown to be above (or below) a given value? Each test states its direction before looking at the data;
 * the verdict is that direction when the one-sided p-value is under 1 − level, and `not-shown` otherwise.
 * The one-sided confidence bound at the level is returned beside it and agrees with the verdict: the
 * verdict is `above` exactly when the lower bound exceeds the benchmark (`below`: the upper bound is under).
 */
import { invalidInput, type Label } from '@kehu/core';
import { DEFAULT_AVERAGE_SCALE } from './average-score.js';
import {
  adjustedNps,
  type MeanSample,
  meanSummaryOf,
  type NpsSample,
  npsCountsOf,
  type ProportionSample,
  successesOf,
} from './compare.js';
import { readTopBox } from './csat.js';
import { normalCdf, normalQuantile, tCdf, tQuantile } from './distributions.js';
import type { SatisfactionWarning } from './estimate.js';
import { wilsonInterval } from './proportion-interval.js';
import { readLevel, readScale, readSmallSample, type ScoreScale } from './score-sample.js';

/** What a benchmark test concludes: shown above, shown below, or not shown (in the tested direction). */
export type BenchmarkVerdict = 'above' | 'below' | 'not-shown';

/** The direction a one-sided test looks in, fixed before the data are seen. */
export type BenchmarkDirection = 'above' | 'below';

/** Options of every benchmark test. */
export interface BenchmarkOptions {
  /** Confidence level of the one-sided bound, above 0.5; the test's significance level is `1 - level`. Default 0.95. */
  level?: number;
  /** The alternative hypothesis: the figure is above (default) or below the benchmark. */
  direction?: BenchmarkDirection;
  /** Samples smaller than this carry a `SMALL_SAMPLE` warning. Default 30 (`SMALL_SAMPLE`). */
  smallSample?: number;
}

/** Options of {@link shareBenchmark}. */
export interface ShareBenchmarkOptions extends BenchmarkOptions {
  /** The scale raw scores are on. Default 1-5. */
  scale?: ScoreScale;
  /** How many of the highest scale values count as satisfied. Default 2 (top-2-box). */
  topBox?: number;
}

/** Options of {@link meanBenchmark}. */
export interface MeanBenchmarkOptions extends BenchmarkOptions {
  /** The scale raw scores are on; scores outside it are refused. Default 1-5. */
  scale?: ScoreScale;
}

/** The result of a one-sided test against a benchmark. */
export interface BenchmarkTest {
  /** The observed figure (NPS −100..100, share 0-100, or mean); NaN when there is no data. */
  estimate: number;
  /** The benchmark, in the same units. */
  benchmark: number;
  /** The sample size. */
  n: number;
  /** The tested direction. */
  direction: BenchmarkDirection;
  /** The test statistic (z or t); NaN when it cannot be computed. */
  statistic: number;
  /** Which statistic `statistic` is. */
  statisticName: 'z' | 't';
  /** Degrees of freedom of a t statistic (n − 1); undefined for z. */
  df?: number;
  /** One-sided p-value in the tested direction, in [0, 1]; NaN when the test cannot be computed. */
  pValue: number;
  /** The one-sided confidence bound at `level`: a lower bound when testing `above`, an upper bound for `below`. */
  bound: number;
  /** The confidence level. */
  level: number;
  /** `direction` when `pValue < 1 - level`, else `not-shown`. */
  verdict: BenchmarkVerdict;
  /** The verdict as a sentence in English and Simplified Chinese (numbers rounded for display only). */
  text: Label;
  /** The test used. */
  method: string;
  /** What a reader must know: empty or small sample, no variance. */
  warnings: SatisfactionWarning[];
  /** Rule ids the test serves. */
  rules: string[];
}

interface Common {
  level: number;
  direction: BenchmarkDirection;
  smallSample: number;
}

function commonOptions(options: BenchmarkOptions): Common {
  if (typeof options !== 'object' || options === null) {
    throw invalidInput([], 'options must be an object', 'invalid_type');
  }
  const direction = options.direction ?? 'above';
  if (direction !== 'above' && direction !== 'below') {
    throw invalidInput(['direction'], `direction must be 'above' or 'below', got ${String(direction)}`);
  }
  const level = readLevel(options.level);
  // A one-sided bound at level L is a two-sided one at 2L - 1, which must be a level too.
  if (!(level > 0.5)) throw invalidInput(['level'], `a one-sided test needs a level above 0.5, got ${level}`);
  return { level, direction, smallSample: readSmallSample(options.smallSample) };
}

function checkBenchmark(value: unknown, min: number, max: number, open: boolean): number {
  const ok = typeof value === 'number' && (open ? value > min && value < max : value >= min && value <= max);
  if (!ok) {
    const range = open ? `strictly between ${min} and ${max}` : `from ${min} to ${max}`;
    throw invalidInput(['benchmark'], `benchmark must be a number ${range}, got ${String(value)}`);
  }
  return value as number;
}

function format(x: number): string {
  return Number.isFinite(x) ? (Math.round(x * 10) / 10).toFixed(1) : String(x);
}

function textOf(verdict: BenchmarkVerdict, r: Omit<BenchmarkTest, 'text' | 'verdict'>): Label {
  const pct = `${Math.round(r.level * 1000) / 10}%`;
  const p = Number.isNaN(r.pValue) ? 'n/a' : r.pValue < 0.001 ? '< 0.001' : `= ${r.pValue.toFixed(3)}`;
  const up = r.direction === 'above';
  const detailEn = `one-sided ${pct} ${up ? 'lower' : 'upper'} bound ${format(r.bound)}, p ${p}`;
  const detailZh = `单侧 ${pct} 置信${up ? '下限' : '上限'} ${format(r.bound)}，p ${p}`;
  const e = format(r.estimate);
  const b = format(r.benchmark);
  if (verdict !== 'not-shown') {
    return {
      en: `${e} is ${up ? 'above' : 'below'} the benchmark ${b} (${detailEn}).`,
      zh: `${e} ${up ? '高于' : '低于'}基准 ${b}（${detailZh}）。`,
    };
  }
  return {
    en: `${e} is not shown to be ${up ? 'above' : 'below'} the benchmark ${b} (${detailEn}).`,
    zh: `未能表明 ${e} ${up ? '高于' : '低于'}基准 ${b}（${detailZh}）。`,
  };
}

function finish(r: Omit<BenchmarkTest, 'text' | 'verdict'>): BenchmarkTest {
  const verdict: BenchmarkVerdict = r.pValue < 1 - r.level ? r.direction : 'not-shown';
  return { ...r, verdict, text: textOf(verdict, r) };
}

function sizeWarnings(n: number, smallSample: number): SatisfactionWarning[] {
  if (n === 0) return [{ code: 'EMPTY', message: 'no responses; nothing can be tested' }];
  if (n < smallSample) return [{ code: 'SMALL_SAMPLE', message: `${n} responses, fewer than ${smallSample}` }];
  return [];
}

/** One-sided p-value of a statistic that is standard normal (or t with df) under the null. */
function oneSidedP(statistic: number, direction: BenchmarkDirection, df?: number): number {
  const x = direction === 'above' ? -statistic : statistic;
  return df === undefined ? normalCdf(x) : tCdf(x, df);
}

/**
 * Tests an NPS against a benchmark, one-sided, with MeasuringU's adjusted-Wald standard error (Lewis and
 * Sauro, "Confidence Intervals for Net Promoter Scores", MeasuringU 2021): n' = n + 3, p' = (P + 3/4)/n',
 * d' = (D + 3/4)/n', se = √((p' + d' − (p' − d')²)/n'), z = ((p' − d') − benchmark/100)/se; for `above`
 * p = 1 − Φ(z) and the bound is 100 (p' − d' − z_level se) (for `below`, p = Φ(z), bound + z_level se).
 *
 * @param sample - `{ scores }` on 0-10 or `{ promoters, passives, detractors }`
 * @param benchmark - the benchmark NPS, from −100 to 100
 * @param options - `direction` (default `above`), `level` (default 0.95), `smallSample`
 * @throws KehuValidationError for a bad score (path `['sample', 'scores', i]`) or benchmark
 */
export function npsBenchmark(sample: NpsSample, benchmark: number, options: BenchmarkOptions = {}): BenchmarkTest {
  const { level, direction, smallSample } = commonOptions(options);
  checkBenchmark(benchmark, -100, 100, false);
  const g = adjustedNps(npsCountsOf(sample, ['sample']));
  const base = {
    estimate: g.nps * 100,
    benchmark,
    n: g.n,
    direction,
    statisticName: 'z' as const,
    level,
    method: 'adjusted-wald one-sided z (MeasuringU)',
    warnings: sizeWarnings(g.n, smallSample),
    rules: ['SA-1', 'SA-5'],
  };
  if (g.n === 0) return finish({ ...base, statistic: Number.NaN, pValue: Number.NaN, bound: Number.NaN });
  const se = Math.sqrt(g.variance);
  const z = (g.adjusted - benchmark / 100) / se;
  const margin = normalQuantile(level) * se;
  const bound = direction === 'above' ? g.adjusted - margin : g.adjusted + margin;
  return finish({ ...base, statistic: z, pValue: oneSidedP(z, direction), bound: bound * 100 });
}

/**
 * Tests a share (e.g. CSAT top-2-box) against a benchmark percentage, one-sided, by the score test
 * z = (p̂ − p₀)/√(p₀(1 − p₀)/n) (the test the Wilson interval inverts; Wilson 1927, Agresti and Coull
 * 1998). The bound is the one-sided Wilson bound at the level, so the verdict is `above` exactly when the
 * lower bound exceeds the benchmark.
 *
 * @param sample - `{ scores }` on the scale or `{ successes, n }`
 * @param benchmark - the benchmark share in percent, strictly between 0 and 100
 * @param options - `direction`, `level`, `smallSample`, `scale` (default 1-5), `topBox` (default 2)
 * @throws KehuValidationError for a bad score, count or benchmark
 */
export function shareBenchmark(
  sample: ProportionSample,
  benchmark: number,
  options: ShareBenchmarkOptions = {},
): BenchmarkTest {
  const { level, direction, smallSample } = commonOptions(options);
  checkBenchmark(benchmark, 0, 100, true);
  const scale = readScale(options.scale, DEFAULT_AVERAGE_SCALE);
  const { successes, n } = successesOf(sample, scale, readTopBox(options.topBox, 2, scale), ['sample']);
  const base = {
    estimate: n === 0 ? Number.NaN : (successes / n) * 100,
    benchmark,
    n,
    direction,
    statisticName: 'z' as const,
    level,
    method: 'one-sample score z; one-sided Wilson bound',
    warnings: sizeWarnings(n, smallSample),
    rules: ['SA-1', 'SA-5'],
  };
  if (n === 0) return finish({ ...base, statistic: Number.NaN, pValue: Number.NaN, bound: Number.NaN });
  const p0 = benchmark / 100;
  const z = (successes / n - p0) / Math.sqrt((p0 * (1 - p0)) / n);
  const wilson = wilsonInterval(successes, n, 2 * level - 1);
  const bound = direction === 'above' ? wilson.lower : wilson.upper;
  return finish({ ...base, statistic: z, pValue: oneSidedP(z, direction), bound: bound * 100 });
}

/**
 * Tests a mean score against a benchmark, one-sided, by the one-sample t-test (Student 1908):
 * t = (x̄ − μ₀)/(s/√n) with n − 1 degrees of freedom, as R's `t.test(x, mu = μ₀, alternative = 'greater')`;
 * the bound is x̄ − t_{level, n−1} s/√n (for `below`, x̄ + …).
 *
 * @param sample - `{ scores }` on the scale or `{ mean, sd, n }`
 * @param benchmark - the benchmark mean (a finite number)
 * @param options - `direction`, `level`, `smallSample`, `scale` (default 1-5)
 * @throws KehuValidationError for a bad score, summary or benchmark
 */
export function meanBenchmark(
  sample: MeanSample,
  benchmark: number,
  options: MeanBenchmarkOptions = {},
): BenchmarkTest {
  const { level, direction, smallSample } = commonOptions(options);
  checkBenchmark(benchmark, -Number.MAX_VALUE, Number.MAX_VALUE, false);
  const scale = readScale(options.scale, DEFAULT_AVERAGE_SCALE);
  const summary = meanSummaryOf(sample, scale, ['sample']);
  const warnings = sizeWarnings(summary.n, smallSample);
  const base = {
    estimate: summary.mean,
    benchmark,
    n: summary.n,
    direction,
    statisticName: 't' as const,
    level,
    method: 'one-sample t',
    warnings,
    rules: ['SA-1', 'SA-5'],
  };
  const undefinedTest = { ...base, statistic: Number.NaN, pValue: Number.NaN, bound: Number.NaN };
  if (summary.n === 0) return finish(undefinedTest);
  if (summary.n === 1) {
    warnings.push({ code: 'NO_INTERVAL', message: 'a single response has no variance; no t-test' });
    return finish(undefinedTest);
  }
  if (summary.sd === 0) {
    warnings.push({ code: 'NO_VARIANCE', message: 'every response is the same; no t-test' });
    return finish(undefinedTest);
  }
  const df = summary.n - 1;
  const se = summary.sd / Math.sqrt(summary.n);
  const t = (summary.mean - benchmark) / se;
  const margin = tQuantile(level, df) * se;
  const bound = direction === 'above' ? summary.mean - margin : summary.mean + margin;
  return finish({ ...base, statistic: t, df, pValue: oneSidedP(t, direction, df), bound });
}
