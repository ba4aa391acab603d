/**
 * Two periods or two groups compared (rules SA-1, SA-4): the signed difference B − A with its interval,
 * its test statistic, the two-sided p-value and a plain verdict in English and Simplified Chinese.
 *
 * - NPS: the adjusted-Wald two-sample z-test of MeasuringU (Lewis and Sauro, "How to Statistically
 *   Compare Two Net Promoter Scores", measuringu.com/nps-significance-test, 2021).
 * - Shares: the two-proportion z-test with the pooled standard error, and Newcombe's hybrid score
 *   interval for the difference (Newcombe 1998, method 10).
 * - Means: Welch's t-test with Welch-Satterthwaite degrees of freedom (Welch 1947).
 *
 * The sign is always kept: a negative difference means B is below A. (R's `NPS::nps_test` reports
 * `abs(nps.x - nps.y)` and an interval around it, which hides a decline; these functions never do.)
 */
import { type ErrorPath, invalidInput, type Label } from '@kehu/core';
import { DEFAULT_AVERAGE_SCALE } from './average-score.js';
import { readTopBox } from './csat.js';
import { normalCdf, normalQuantile, tCdf, tQuantile } from './distributions.js';
import type { Interval, SatisfactionWarning } from './estimate.js';
import { NPS_SCALE, type NpsBuckets, npsBucketOf } from './nps.js';
import { wilsonInterval } from './proportion-interval.js';
import {
  countAtLeast,
  momentsOf,
  nanInterval,
  readLevel,
  readScale,
  readScores,
  readSmallSample,
  type ScoreScale,
} from './score-sample.js';

/** What a comparison concludes at its confidence level: B above A, B below A, or no detectable difference. */
export type Verdict = 'higher' | 'lower' | 'no-detectable-difference';

/** One group of a comparison: its own estimate and size. */
export interface ComparedGroup {
  /** The group's own estimate (NPS -100..100, share 0-100, or mean); NaN when the group is empty. */
  estimate: number;
  /** The group's sample size. */
  n: number;
}

/** The names the verdict text uses for the two groups (default `A` and `B`), e.g. last and this quarter. */
export interface GroupNames {
  /** The baseline group. */
  a?: Label;
  /** The group compared with the baseline. */
  b?: Label;
}

/** Options every comparison takes. */
export interface CompareOptions {
  /** Confidence level of the interval; the test's significance level is `1 - level`. Default 0.95. */
  level?: number;
  /** Groups smaller than this carry a `SMALL_SAMPLE` warning. Default 30 (`SMALL_SAMPLE`). */
  smallSample?: number;
  /** The names the verdict text gives A and B. */
  names?: GroupNames;
}

/**
 * The signed comparison of B with A. `difference` is B − A in the estimates' units (NPS points, percentage
 * points, or scale points); `ci` is its interval at `ci.level`; `pValue` is two-sided; `verdict` is `higher`
 * or `lower` when `pValue < 1 - level` (in the direction of the statistic), else `no-detectable-difference`.
 * Swapping A and B negates `difference`, `ci` and `statistic` and flips the verdict; `pValue` is unchanged.
 */
export interface Comparison {
  /** B − A, observed, in the estimates' units; NaN when a group is empty. */
  difference: number;
  /** The interval of the difference at `ci.level` (see `method` for how it is built). */
  ci: Interval;
  /** The test statistic (z or Welch's t); NaN when it cannot be computed. */
  statistic: number;
  /** Which statistic `statistic` is. */
  statisticName: 'z' | 't';
  /** Degrees of freedom of a t statistic (Welch-Satterthwaite); undefined for z. */
  df?: number;
  /** Two-sided p-value in [0, 1]; NaN when the test cannot be computed (see `warnings`). */
  pValue: number;
  /** The plain verdict at the level. */
  verdict: Verdict;
  /** The verdict as a sentence with the difference, interval and p-value, in English and Simplified Chinese. */
  text: Label;
  /** The baseline group. */
  a: ComparedGroup;
  /** The compared group. */
  b: ComparedGroup;
  /** What `difference` is measured in. */
  unit: DifferenceUnit;
  /** The names the text gives A and B. */
  names: Required<GroupNames>;
  /** The test and interval used, e.g. `'adjusted-wald z (MeasuringU)'`. */
  method: string;
  /** What a reader must know: an empty or small group, no variance. */
  warnings: SatisfactionWarning[];
  /** Rule ids the comparison serves. */
  rules: string[];
}

/** One NPS group: raw 0-10 answers (`{ scores }`) or their counts `{ promoters, passives, detractors }`. */
export type NpsSample = { scores: readonly number[] } | NpsBuckets;

/** Shares as counts: `successes` of `n` (e.g. satisfied respondents of all respondents). */
export interface ProportionCounts {
  /** Respondents in the top box (satisfied). */
  successes: number;
  /** All respondents. */
  n: number;
}

/** One share group: raw scores on a scale (`{ scores }`, counted by the top-box rule) or counts. */
export type ProportionSample = { scores: readonly number[] } | ProportionCounts;

/** Summary statistics of one group of scores. */
export interface MeanSummary {
  /** The mean. */
  mean: number;
  /** The sample standard deviation (n − 1 in the denominator). */
  sd: number;
  /** The sample size. */
  n: number;
}

/** One mean group: raw scores (`{ scores }`, checked against the scale) or their summary. */
export type MeanSample = { scores: readonly number[] } | MeanSummary;

/** Options of {@link compareProportions}. */
export interface CompareProportionsOptions extends CompareOptions {
  /** The scale raw scores are on. Default 1-5. */
  scale?: ScoreScale;
  /** How many of the highest scale values count as a success (top-2-box by default: 4 and 5 on 1-5). */
  topBox?: number;
}

/** Options of {@link compareMeans}. */
export interface CompareMeansOptions extends CompareOptions {
  /** The scale raw scores are on; scores outside it are refused. Default 1-5. */
  scale?: ScoreScale;
}

type Path = ErrorPath;

/** Refuses anything but a non-negative safe integer count, at `path`. */
export function checkCount(value: unknown, path: Path): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidInput(path, `expected a count (a non-negative integer), got ${String(value)}`);
  }
  return value;
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

/**
 * The promoter, passive and detractor counts of one NPS group, after checking its input: raw scores must
 * be integers from 0 to 10; counts must be non-negative integers.
 *
 * @param sample - `{ scores }` or `{ promoters, passives, detractors }`
 * @param path - where the sample is, for error paths
 */
export function npsCountsOf(sample: NpsSample, path: Path = []): NpsBuckets {
  if (!isObject(sample)) throw invalidInput(path, 'expected { scores } or NPS counts', 'invalid_type');
  if ('scores' in sample) {
    const counts: NpsBuckets = { promoters: 0, passives: 0, detractors: 0 };
    for (const [value, c] of readScores(sample.scores, NPS_SCALE, [...path, 'scores']).counts) {
      counts[npsBucketOf(value)] += c;
    }
    return counts;
  }
  return {
    promoters: checkCount(sample.promoters, [...path, 'promoters']),
    passives: checkCount(sample.passives, [...path, 'passives']),
    detractors: checkCount(sample.detractors, [...path, 'detractors']),
  };
}

/** The adjusted-Wald figures of one NPS group, as proportions (MeasuringU). */
export interface AdjustedNps {
  /** Respondents. */
  n: number;
  /** The observed NPS as a proportion (−1..1); NaN when n is 0. */
  nps: number;
  /** The adjusted NPS p' − d' with p' = (P + 3/4)/(n + 3), d' = (D + 3/4)/(n + 3). */
  adjusted: number;
  /** The squared standard error of the adjusted NPS: (p' + d' − (p' − d')²) / (n + 3). */
  variance: number;
}

/**
 * The adjusted-Wald NPS of one group (Lewis and Sauro, "Confidence Intervals for Net Promoter Scores",
 * MeasuringU 2021, after Rocks 2016): add 3 to n and 3/4 to both promoters and detractors, then
 * se² = (p' + d' − (p' − d')²) / n'.
 */
export function adjustedNps(counts: NpsBuckets): AdjustedNps {
  const n = counts.promoters + counts.passives + counts.detractors;
  const nAdj = n + 3;
  const p = (counts.promoters + 0.75) / nAdj;
  const d = (counts.detractors + 0.75) / nAdj;
  return {
    n,
    nps: n === 0 ? Number.NaN : (counts.promoters - counts.detractors) / n,
    adjusted: p - d,
    variance: (p + d - (p - d) ** 2) / nAdj,
  };
}

function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const rounded = Math.round(x * 10) / 10;
  return `${rounded > 0 ? '+' : ''}${rounded === 0 ? '0.0' : rounded.toFixed(1)}`;
}

function formatP(p: number): string {
  if (Number.isNaN(p)) return 'n/a';
  return p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`;
}

/** The units a verdict sentence speaks in. */
export type DifferenceUnit = 'points' | 'percentage-points' | 'scale-points';

const UNIT_TEXT: Readonly<Record<DifferenceUnit, Label>> = {
  points: { en: 'points', zh: '分' },
  'percentage-points': { en: 'percentage points', zh: '个百分点' },
  'scale-points': { en: 'scale points', zh: '分' },
};

/** The group names with the defaults A and B filled in. */
export function withDefaultNames(names: GroupNames = {}): Required<GroupNames> {
  return { a: names.a ?? { en: 'A', zh: 'A' }, b: names.b ?? { en: 'B', zh: 'B' } };
}

/** The verdict of a two-sided test at `level`, in the direction of the statistic. */
export function verdictOf(statistic: number, pValue: number, level: number): Verdict {
  if (!(pValue < 1 - level)) return 'no-detectable-difference';
  return statistic > 0 ? 'higher' : statistic < 0 ? 'lower' : 'no-detectable-difference';
}

/**
 * The verdict sentence in English and Simplified Chinese, numbers rounded for display only.
 *
 * @param verdict - the verdict to state
 * @param difference - B − A
 * @param ci - the interval of the difference
 * @param pValue - the p-value to print (raw or adjusted)
 * @param unit - what the difference is measured in
 * @param names - the groups' names (default A and B)
 */
export function verdictText(
  verdict: Verdict,
  difference: number,
  ci: Interval,
  pValue: number,
  unit: DifferenceUnit,
  names: GroupNames = {},
): Label {
  const { a, b } = withDefaultNames(names);
  const pct = `${Math.round(ci.level * 1000) / 10}%`;
  const u = UNIT_TEXT[unit];
  const [d, lower, upper, p] = [
    formatNumber(difference),
    formatNumber(ci.lower),
    formatNumber(ci.upper),
    formatP(pValue),
  ];
  const detailEn = `difference ${d} ${u.en}, ${pct} CI ${lower} to ${upper}, p ${p}`;
  const detailZh = `差值 ${d} ${u.zh}，${pct} 置信区间 ${lower} 至 ${upper}，p ${p}`;
  if (verdict === 'higher') {
    return { en: `${b.en} is higher than ${a.en} (${detailEn}).`, zh: `${b.zh}高于${a.zh}（${detailZh}）。` };
  }
  if (verdict === 'lower') {
    return { en: `${b.en} is lower than ${a.en} (${detailEn}).`, zh: `${b.zh}低于${a.zh}（${detailZh}）。` };
  }
  return {
    en: `No detectable difference between ${a.en} and ${b.en} at the ${pct} level (${detailEn}).`,
    zh: `在 ${pct} 置信水平下未发现${a.zh}与${b.zh}之间的差异（${detailZh}）。`,
  };
}

function sizeWarnings(nA: number, nB: number, smallSample: number, names: GroupNames): SatisfactionWarning[] {
  const warnings: SatisfactionWarning[] = [];
  const groups: Array<[string, number]> = [
    [names.a?.en ?? 'A', nA],
    [names.b?.en ?? 'B', nB],
  ];
  for (const [name, n] of groups) {
    if (n === 0) warnings.push({ code: 'EMPTY', message: `group ${name} has no responses; nothing can be compared` });
    else if (n < smallSample) {
      warnings.push({ code: 'SMALL_SAMPLE', message: `group ${name} has ${n} responses, fewer than ${smallSample}` });
    }
  }
  return warnings;
}

function clip(x: number, bound: number): number {
  return Math.min(bound, Math.max(-bound, x));
}

interface Assembled {
  difference: number;
  ci: Interval;
  statistic: number;
  statisticName: 'z' | 't';
  df?: number;
  pValue: number;
  a: ComparedGroup;
  b: ComparedGroup;
  method: string;
  warnings: SatisfactionWarning[];
  unit: DifferenceUnit;
  level: number;
  names: GroupNames;
}

/** The comparison when a group is empty: every figure NaN (the warnings say which group). */
function emptyComparison(common: Omit<Assembled, 'difference' | 'ci' | 'statistic' | 'pValue'>): Comparison {
  const nan = Number.NaN;
  return assemble({ ...common, difference: nan, ci: nanInterval(common.level), statistic: nan, pValue: nan });
}

function assemble(x: Assembled): Comparison {
  const verdict = verdictOf(x.statistic, x.pValue, x.level);
  const result: Comparison = {
    difference: x.difference,
    ci: x.ci,
    statistic: x.statistic,
    statisticName: x.statisticName,
    pValue: x.pValue,
    verdict,
    text: verdictText(verdict, x.difference, x.ci, x.pValue, x.unit, x.names),
    a: x.a,
    b: x.b,
    unit: x.unit,
    names: withDefaultNames(x.names),
    method: x.method,
    warnings: x.warnings,
    rules: ['SA-1', 'SA-4'],
  };
  if (x.df !== undefined) result.df = x.df;
  return result;
}

function commonOptions(options: CompareOptions): { level: number; smallSample: number; names: GroupNames } {
  if (!isObject(options)) throw invalidInput([], 'options must be an object', 'invalid_type');
  return {
    level: readLevel(options.level),
    smallSample: readSmallSample(options.smallSample),
    names: options.names ?? {},
  };
}

/** Two-sided p-value of a standard normal statistic: 2 Φ(−|z|). */
function twoSidedNormalP(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z)));
}

/**
 * Compares the NPS of B with A by MeasuringU's adjusted-Wald two-sample z-test (Lewis and Sauro, "How to
 * Statistically Compare Two Net Promoter Scores", measuringu.com/nps-significance-test, 2021): each group
 * is adjusted as for its interval (n' = n + 3, p' = (P + 3/4)/n', d' = (D + 3/4)/n', NPS' = p' − d',
 * se² = (p' + d' − NPS'²)/n'), then z = (NPS'_B − NPS'_A) / √(se_A² + se_B²), p = 2Φ(−|z|), and the interval
 * is (NPS'_B − NPS'_A) ± z_{1−α/2} √(se_A² + se_B²), in NPS points (−200..200).
 *
 * `difference` is the observed B − A (unadjusted); the interval is centred on the adjusted difference, as
 * MeasuringU's is, and an `ESTIMATE_OUTSIDE_INTERVAL` warning says when it misses the observed one (a group of
 * a few responses). The sign is kept (R's `NPS` package reports the absolute difference).
 *
 * @param a - the baseline group: `{ scores }` on 0-10 or `{ promoters, passives, detractors }`
 * @param b - the compared group, same forms
 * @param options - `level` (default 0.95), `smallSample` (default 30), `names` for the verdict text
 * @throws KehuValidationError at `['a', 'scores', i]` (and so on) for a score that is not an integer 0-10
 */
export function compareNps(a: NpsSample, b: NpsSample, options: CompareOptions = {}): Comparison {
  const { level, smallSample, names } = commonOptions(options);
  const groupA = adjustedNps(npsCountsOf(a, ['a']));
  const groupB = adjustedNps(npsCountsOf(b, ['b']));
  const warnings = sizeWarnings(groupA.n, groupB.n, smallSample, names);
  const common = {
    statisticName: 'z' as const,
    a: { estimate: groupA.nps * 100, n: groupA.n },
    b: { estimate: groupB.nps * 100, n: groupB.n },
    method: 'adjusted-wald z (MeasuringU)',
    warnings,
    unit: 'points' as const,
    level,
    names,
  };
  if (groupA.n === 0 || groupB.n === 0) return emptyComparison(common);
  const diff = groupB.adjusted - groupA.adjusted;
  const se = Math.sqrt(groupA.variance + groupB.variance);
  const z = diff / se;
  const half = normalQuantile(1 - (1 - level) / 2) * se;
  const difference = (groupB.nps - groupA.nps) * 100;
  const ci = { lower: clip((diff - half) * 100, 200), upper: clip((diff + half) * 100, 200), level };
  // The interval and z are centred on the adjusted difference; with a tiny group the observed difference can
  // fall outside it, even on the other side of 0 from z (as `nps` warns for one group).
  if (difference < ci.lower || difference > ci.upper) {
    warnings.push({
      code: 'ESTIMATE_OUTSIDE_INTERVAL',
      message:
        `the interval is centred on the adjusted difference ${(diff * 100).toFixed(1)} ` +
        `and does not contain the observed ${difference.toFixed(1)}`,
    });
  }
  return assemble({ ...common, difference, ci, statistic: z, pValue: twoSidedNormalP(z) });
}

/**
 * The successes and n of one share group, after checking its input: raw scores must be integers on the
 * scale (counted when in the top `topBox` values); counts must be integers with successes <= n.
 *
 * @param sample - `{ scores }` or `{ successes, n }`
 * @param scale - the scale of raw scores
 * @param topBox - how many of the highest scale values count
 * @param path - where the sample is, for error paths
 */
export function successesOf(sample: ProportionSample, scale: ScoreScale, topBox: number, path: Path): ProportionCounts {
  if (!isObject(sample)) throw invalidInput(path, 'expected { scores } or { successes, n }', 'invalid_type');
  if ('scores' in sample) {
    const scores = readScores(sample.scores, scale, [...path, 'scores']);
    return { successes: countAtLeast(scores, scale.max - topBox + 1), n: scores.n };
  }
  const n = checkCount(sample.n, [...path, 'n']);
  const successes = checkCount(sample.successes, [...path, 'successes']);
  if (successes > n) throw invalidInput([...path, 'successes'], `successes (${successes}) exceed n (${n})`);
  return { successes, n };
}

/**
 * Compares the share of B with A (e.g. CSAT top-2-box, SA-1). The test is the two-proportion z-test with
 * the pooled proportion p̄ = (x_A + x_B)/(n_A + n_B): z = (p_B − p_A) / √(p̄(1 − p̄)(1/n_A + 1/n_B)),
 * p = 2Φ(−|z|) (equal to Pearson's chi-squared test without continuity correction, R's
 * `prop.test(correct = FALSE)`). The interval is Newcombe's hybrid score interval (Newcombe, "Interval
 * estimation for the difference between independent proportions: comparison of eleven methods",
 * Statistics in Medicine 17 (1998) 873-890, method 10), built from the Wilson intervals (l, u) of each
 * group: d − √((p_B − l_B)² + (u_A − p_A)²) to d + √((u_B − p_B)² + (p_A − l_A)²), in percentage points.
 * It keeps inside −100..100 and behaves at 0% and 100%, where the unpooled Wald interval collapses.
 * Because test and interval are different methods, at the very edge of significance the interval may
 * touch 0 while p is just under α (or the reverse); the verdict follows the test.
 *
 * @param a - the baseline group: `{ scores }` on the scale or `{ successes, n }`
 * @param b - the compared group, same forms
 * @param options - `scale` (default 1-5), `topBox` (default 2), `level`, `smallSample`, `names`
 * @throws KehuValidationError with the path of a bad score or count
 */
export function compareProportions(
  a: ProportionSample,
  b: ProportionSample,
  options: CompareProportionsOptions = {},
): Comparison {
  const { level, smallSample, names } = commonOptions(options);
  const scale = readScale(options.scale, DEFAULT_AVERAGE_SCALE);
  const topBox = readTopBox(options.topBox, 2, scale);
  const groupA = successesOf(a, scale, topBox, ['a']);
  const groupB = successesOf(b, scale, topBox, ['b']);
  const warnings = sizeWarnings(groupA.n, groupB.n, smallSample, names);
  const pA = groupA.n === 0 ? Number.NaN : groupA.successes / groupA.n;
  const pB = groupB.n === 0 ? Number.NaN : groupB.successes / groupB.n;
  const common = {
    statisticName: 'z' as const,
    a: { estimate: pA * 100, n: groupA.n },
    b: { estimate: pB * 100, n: groupB.n },
    method: 'two-proportion z (pooled); Newcombe hybrid score interval',
    warnings,
    unit: 'percentage-points' as const,
    level,
    names,
  };
  if (groupA.n === 0 || groupB.n === 0) return emptyComparison(common);
  const pooled = (groupA.successes + groupB.successes) / (groupA.n + groupB.n);
  const seTest = Math.sqrt(pooled * (1 - pooled) * (1 / groupA.n + 1 / groupB.n));
  const d = pB - pA;
  // Both groups all-success or all-failure: identical shares, nothing to detect.
  const z = seTest === 0 ? 0 : d / seTest;
  const wA = wilsonInterval(groupA.successes, groupA.n, level);
  const wB = wilsonInterval(groupB.successes, groupB.n, level);
  const lower = d - Math.sqrt((pB - wB.lower) ** 2 + (wA.upper - pA) ** 2);
  const upper = d + Math.sqrt((wB.upper - pB) ** 2 + (pA - wA.lower) ** 2);
  return assemble({
    ...common,
    difference: d * 100,
    ci: { lower: lower * 100, upper: upper * 100, level },
    statistic: z,
    pValue: twoSidedNormalP(z),
  });
}

/** Welch's difference of two means: the figures {@link welchDifference} returns. */
export interface WelchResult {
  /** mean_B − mean_A. */
  difference: number;
  /** √(s_A²/n_A + s_B²/n_B). */
  se: number;
  /** Welch-Satterthwaite degrees of freedom. */
  df: number;
  /** t = difference / se. */
  t: number;
  /** Two-sided p-value, 2 P(T_df > |t|). */
  pValue: number;
  /** difference ± t_{1−α/2, df} se. */
  ci: Interval;
}

/**
 * Welch's unequal-variance t for B − A (B. L. Welch, "The generalization of Student's problem when several
 * different population variances are involved", Biometrika 34 (1947) 28-35; Satterthwaite 1946):
 * se² = s_A²/n_A + s_B²/n_B, df = se⁴ / ((s_A²/n_A)²/(n_A − 1) + (s_B²/n_B)²/(n_B − 1)), t = (m_B − m_A)/se,
 * p = 2 P(T_df > |t|), interval (m_B − m_A) ± t_{1−α/2, df} se. Matches R's `t.test(b, a)` (Welch is R's
 * default). Returns NaN for the test and interval when a group has fewer than 2 values or both groups have
 * no variance (the statistic is undefined), and the difference itself whenever both groups have values.
 *
 * @param a - baseline summary `{ mean, sd, n }`
 * @param b - compared summary
 * @param level - confidence level of the interval (default 0.95)
 * @throws KehuValidationError when a summary is not finite, an sd is negative or n is not a count
 */
export function welchDifference(a: MeanSummary, b: MeanSummary, level = 0.95): WelchResult {
  readLevel(level);
  checkSummary(a, ['a']);
  checkSummary(b, ['b']);
  const difference = a.n === 0 || b.n === 0 ? Number.NaN : b.mean - a.mean;
  const undefinedResult: WelchResult = {
    difference,
    se: Number.NaN,
    df: Number.NaN,
    t: Number.NaN,
    pValue: Number.NaN,
    ci: nanInterval(level),
  };
  if (a.n < 2 || b.n < 2) return undefinedResult;
  const vA = (a.sd * a.sd) / a.n;
  const vB = (b.sd * b.sd) / b.n;
  const se = Math.sqrt(vA + vB);
  if (se === 0) return undefinedResult;
  const df = (vA + vB) ** 2 / ((vA * vA) / (a.n - 1) + (vB * vB) / (b.n - 1));
  const t = difference / se;
  const half = tQuantile(1 - (1 - level) / 2, df) * se;
  return {
    difference,
    se,
    df,
    t,
    pValue: Math.min(1, 2 * tCdf(-Math.abs(t), df)),
    ci: { lower: difference - half, upper: difference + half, level },
  };
}

function checkSummary(s: MeanSummary, path: Path): void {
  if (!isObject(s)) throw invalidInput(path, 'expected { mean, sd, n }', 'invalid_type');
  const n = checkCount(s.n, [...path, 'n']);
  if (n === 0) return;
  if (typeof s.mean !== 'number' || !Number.isFinite(s.mean)) {
    throw invalidInput([...path, 'mean'], `mean must be a finite number, got ${String(s.mean)}`);
  }
  if (n >= 2 && (typeof s.sd !== 'number' || !Number.isFinite(s.sd) || s.sd < 0)) {
    throw invalidInput([...path, 'sd'], `sd must be a finite number >= 0, got ${String(s.sd)}`);
  }
}

/**
 * The summary of one mean group, after checking its input: raw scores must be integers on the scale; a
 * summary needs a finite mean and (from two responses) a finite sd >= 0.
 *
 * @param sample - `{ scores }` or `{ mean, sd, n }`
 * @param scale - the scale of raw scores
 * @param path - where the sample is, for error paths
 */
export function meanSummaryOf(sample: MeanSample, scale: ScoreScale, path: Path): MeanSummary {
  if (!isObject(sample)) throw invalidInput(path, 'expected { scores } or { mean, sd, n }', 'invalid_type');
  if ('scores' in sample) {
    const scores = readScores(sample.scores, scale, [...path, 'scores']);
    return { ...momentsOf(scores), n: scores.n };
  }
  checkSummary(sample, path);
  return { mean: sample.mean, sd: sample.sd, n: sample.n };
}

/**
 * Compares the mean score of B with A by Welch's t-test ({@link welchDifference}): the signed difference
 * B − A in scale points, its t interval with Welch-Satterthwaite df, and the two-sided p-value.
 *
 * @param a - the baseline group: `{ scores }` on the scale or `{ mean, sd, n }`
 * @param b - the compared group, same forms
 * @param options - `scale` (default 1-5), `level`, `smallSample`, `names`
 * @throws KehuValidationError with the path of a bad score or summary field
 */
export function compareMeans(a: MeanSample, b: MeanSample, options: CompareMeansOptions = {}): Comparison {
  const { level, smallSample, names } = commonOptions(options);
  const scale = readScale(options.scale, DEFAULT_AVERAGE_SCALE);
  const sA = meanSummaryOf(a, scale, ['a']);
  const sB = meanSummaryOf(b, scale, ['b']);
  const warnings = sizeWarnings(sA.n, sB.n, smallSample, names);
  const w = welchDifference(sA, sB, level);
  if (sA.n > 0 && sB.n > 0 && Number.isNaN(w.t)) {
    warnings.push(
      sA.n < 2 || sB.n < 2
        ? { code: 'NO_INTERVAL', message: 'a group has a single response, so its variance and the test are undefined' }
        : { code: 'NO_VARIANCE', message: 'every response in both groups is the same within its group; no t-test' },
    );
  }
  return assemble({
    difference: w.difference,
    ci: w.ci,
    statistic: w.t,
    statisticName: 't',
    df: w.df,
    pValue: w.pValue,
    a: { estimate: sA.mean, n: sA.n },
    b: { estimate: sB.mean, n: sB.n },
    method: 'welch t (Welch-Satterthwaite df)',
    warnings,
    unit: 'scale-points',
    level,
    names,
  });
}
