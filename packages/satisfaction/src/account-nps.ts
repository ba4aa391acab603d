/**
 * B2B NPS (rules SA-1, SA-2): several respondents answer for one customer account, so their answers are
 * not independent and an interval that treats them as a simple random sample is too narrow. Here the
 * account is the sampling unit:
 *
 * - per account: its NPS with the adjusted-Wald interval of MeasuringU over its own respondents;
 * - overall: the ratio estimator over account totals with the cluster-robust (sandwich) variance;
 * - revenue-weighted: each account's NPS weighted by its revenue, with the same sandwich over accounts.
 *
 * Money enters only as a weight: each revenue, a plain decimal string (`"125000.50"`) or a number, is
 * checked to be finite and >= 0 and converted with `Number`; no amount is computed or returned.
 */
import { compareCodePoints, invalidInput, isDecimalString } from '@kehu/core';
import { adjustedNps } from './compare.js';
import { normalQuantile, tQuantile } from './distributions.js';
import type { Estimate, Interval, SatisfactionWarning } from './estimate.js';
import { type NpsBuckets, npsBucketOf } from './nps.js';
import { nanInterval, readLevel, readSmallSample } from './score-sample.js';

/** One answer to the 0-10 recommendation question, given for a customer account. */
export interface AccountResponse {
  /** The account (customer company) the respondent answers for. */
  accountId: string;
  /** The 0-10 answer. */
  score: number;
}

/** Options of {@link accountNps} and {@link revenueWeightedNps}. */
export interface AccountNpsOptions {
  /** Confidence level. Default 0.95. */
  level?: number;
  /**
   * Fewer respondents than this in an account, or fewer accounts than this overall, carry a
   * `SMALL_SAMPLE` warning. Default 30 (`SMALL_SAMPLE`).
   */
  smallSample?: number;
}

/** One account's NPS over its own respondents. */
export interface AccountNpsRow extends Estimate, NpsBuckets {
  /** The account. */
  accountId: string;
}

/** The overall NPS over accounts, with its cluster-robust interval. */
export interface ClusteredNps extends Estimate {
  /** The number of accounts (clusters) the interval rests on. */
  accounts: number;
  /** Degrees of freedom of the t quantile: accounts − 1. */
  df: number;
  /**
   * The design effect: the cluster-robust variance over the variance if every respondent were independent
   * (1 when accounts do not matter; above 1 when respondents of one account agree with each other).
   */
  designEffect: number;
}

/** NPS per account and overall. */
export interface AccountNps {
  /** The overall NPS of all respondents, with the cluster-robust interval. */
  overall: ClusteredNps;
  /** Each account's NPS, sorted by account id (code-point order). */
  accounts: AccountNpsRow[];
}

/** Revenue-weighted NPS. */
export interface RevenueWeightedNps extends Estimate {
  /** Accounts with responses and a positive revenue: the clusters of the interval. */
  accounts: number;
  /** Degrees of freedom of the t quantile: accounts − 1. */
  df: number;
  /** Accounts with a revenue but no responses, in code-point order: they do not enter the figure. */
  unsurveyed: string[];
  /** The share (0-100) of the total revenue held by accounts that answered. */
  surveyedRevenueShare: number;
}

interface Cluster {
  id: string;
  counts: NpsBuckets;
  n: number;
  /** Sum of +1/0/−1 scores. */
  total: number;
}

function options(o: AccountNpsOptions): { level: number; smallSample: number } {
  if (typeof o !== 'object' || o === null) throw invalidInput([], 'options must be an object', 'invalid_type');
  return { level: readLevel(o.level), smallSample: readSmallSample(o.smallSample) };
}

/** Groups the responses by account, checking each; accounts come back in code-point order of their ids. */
function clustersOf(responses: readonly AccountResponse[]): Cluster[] {
  if (!Array.isArray(responses)) throw invalidInput(['responses'], 'expected an array of responses', 'invalid_type');
  const byId = new Map<string, NpsBuckets>();
  responses.forEach((r: unknown, i) => {
    const row = r as Partial<AccountResponse> | null;
    if (typeof row !== 'object' || row === null) {
      throw invalidInput(['responses', i], 'expected { accountId, score }', 'invalid_type');
    }
    if (typeof row.accountId !== 'string' || row.accountId.length === 0) {
      throw invalidInput(['responses', i, 'accountId'], 'accountId must be a non-empty string', 'invalid_type');
    }
    const x = row.score;
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > 10) {
      throw invalidInput(['responses', i, 'score'], `a score must be an integer from 0 to 10, got ${String(x)}`);
    }
    const counts = byId.get(row.accountId) ?? { promoters: 0, passives: 0, detractors: 0 };
    counts[npsBucketOf(x)] += 1;
    byId.set(row.accountId, counts);
  });
  return [...byId.entries()]
    .sort(([a], [b]) => compareCodePoints(a, b))
    .map(([id, counts]) => ({
      id,
      counts,
      n: counts.promoters + counts.passives + counts.detractors,
      total: counts.promoters - counts.detractors,
    }));
}

function accountRow(c: Cluster, level: number, smallSample: number): AccountNpsRow {
  const g = adjustedNps(c.counts);
  const half = normalQuantile(1 - (1 - level) / 2) * Math.sqrt(g.variance);
  const warnings: SatisfactionWarning[] = [];
  if (c.n < smallSample) {
    warnings.push({ code: 'SMALL_SAMPLE', message: `${c.n} respondents in this account, fewer than ${smallSample}` });
  }
  const lower = Math.max(-1, g.adjusted - half);
  const upper = Math.min(1, g.adjusted + half);
  if (lower !== g.adjusted - half || upper !== g.adjusted + half) {
    warnings.push({ code: 'CLIPPED', message: 'the interval reaches past -100..100; it is clipped to that range' });
  }
  if (g.nps < lower || g.nps > upper) {
    warnings.push({
      code: 'ESTIMATE_OUTSIDE_INTERVAL',
      message: 'the interval is centred on the adjusted NPS and does not contain the observed one (tiny account)',
    });
  }
  return {
    accountId: c.id,
    ...c.counts,
    estimate: g.nps * 100,
    n: c.n,
    ci: { lower: lower * 100, upper: upper * 100, level },
    warnings,
    method: 'adjusted-wald (MeasuringU)',
    rules: ['SA-1'],
  };
}

/**
 * The t interval of a ratio estimate from its cluster-robust variance, clipped to −1..1, with the warnings
 * a reader needs (one cluster: no interval; few clusters: small sample; no variance: zero width).
 */
function clusteredInterval(
  estimate: number,
  variance: number,
  k: number,
  level: number,
  smallSample: number,
  warnings: SatisfactionWarning[],
): Interval {
  if (k < smallSample) {
    warnings.push({ code: 'SMALL_SAMPLE', message: `${k} accounts, fewer than ${smallSample}: few clusters` });
  }
  if (k < 2) {
    warnings.push({ code: 'NO_INTERVAL', message: 'one account: a cluster-robust interval needs at least two' });
    return nanInterval(level);
  }
  if (variance === 0) {
    warnings.push({ code: 'NO_VARIANCE', message: 'every account has the same NPS; the interval has no width' });
  }
  const half = tQuantile(1 - (1 - level) / 2, k - 1) * Math.sqrt(variance);
  const lower = Math.max(-1, estimate - half);
  const upper = Math.min(1, estimate + half);
  if (lower !== estimate - half || upper !== estimate + half) {
    warnings.push({ code: 'CLIPPED', message: 'the interval reaches past -100..100; it is clipped to that range' });
  }
  return { lower: lower * 100, upper: upper * 100, level };
}

/**
 * NPS per account and overall, for B2B surveys where several people answer for one account.
 *
 * Overall: with y_g the sum of +1 (promoter), 0 (passive), −1 (detractor) over account g's m_g
 * respondents and G accounts, NPS = R = Σy_g / Σm_g (the ratio estimator; Cochran, Sampling Techniques,
 * 3rd ed., 1977, §6.4 and ch. 9 on cluster samples of unequal size), with the cluster-robust sandwich
 * variance V = G/(G − 1) · Σ(y_g − R m_g)² / (Σm_g)² (Liang and Zeger 1986; the CR1 correction of Cameron
 * and Miller, "A practitioner's guide to cluster-robust inference", Journal of Human Resources 50 (2015)
 * 317-372; the same as Stata's `regress nps, vce(cluster account)`) and the interval
 * R ± t_{1−α/2, G−1} √V, in NPS points. `designEffect` is V over the simple-random-sample variance s²/N.
 * Per account: the account's NPS with MeasuringU's adjusted-Wald interval over its own respondents.
 *
 * @param responses - `{ accountId, score }` rows, score an integer 0-10, in any order
 * @param opts - `level` (default 0.95), `smallSample` (default 30, applied to respondents per account
 *   and to the number of accounts)
 * @throws KehuValidationError at `['responses', i, 'score']` or `['responses', i, 'accountId']`
 */
export function accountNps(responses: readonly AccountResponse[], opts: AccountNpsOptions = {}): AccountNps {
  const { level, smallSample } = options(opts);
  const clusters = clustersOf(responses);
  const accounts = clusters.map((c) => accountRow(c, level, smallSample));
  const k = clusters.length;
  let n = 0;
  let total = 0;
  let squares = 0;
  for (const c of clusters) {
    n += c.n;
    total += c.total;
    squares += c.counts.promoters + c.counts.detractors;
  }
  const base = { n, accounts: k, df: k - 1, method: 'cluster-robust ratio over accounts (CR1), t', rules: ['SA-1'] };
  if (n === 0) {
    return {
      overall: {
        ...base,
        df: Number.NaN,
        estimate: Number.NaN,
        ci: nanInterval(level),
        designEffect: Number.NaN,
        warnings: [{ code: 'EMPTY', message: 'no responses' }],
      },
      accounts,
    };
  }
  const r = total / n;
  let residuals = 0;
  for (const c of clusters) residuals += (c.total - r * c.n) ** 2;
  const variance = k < 2 ? Number.NaN : ((k / (k - 1)) * residuals) / (n * n);
  const warnings: SatisfactionWarning[] = [];
  const ci = clusteredInterval(r, variance, k, level, smallSample, warnings);
  const srsVariance = n < 2 ? Number.NaN : (squares - n * r * r) / (n - 1) / n;
  return {
    overall: {
      ...base,
      df: k < 2 ? Number.NaN : k - 1,
      estimate: r * 100,
      ci,
      designEffect: srsVariance > 0 ? variance / srsVariance : Number.NaN,
      warnings,
    },
    accounts,
  };
}

/**
 * Checks one revenue and converts it to a weight: a plain decimal string (`"1250.50"`, no exponent) or a
 * finite number, >= 0. `Number` is used only after the checks, and only to weigh (a float is exact enough
 * for a weight; no amount is returned).
 */
function revenueWeight(value: unknown, accountId: string): number {
  const path = ['revenue', accountId];
  if (typeof value === 'string') {
    if (!isDecimalString(value)) {
      throw invalidInput(path, `revenue must be a non-negative decimal string such as "1250.50", got "${value}"`);
    }
    const weight = Number(value);
    if (!Number.isFinite(weight)) throw invalidInput(path, `revenue is too large to weigh: ${value}`);
    return weight;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalidInput(path, `revenue must be a finite number >= 0 or a decimal string, got ${String(value)}`);
  }
  return value;
}

/**
 * Revenue-weighted NPS: each account's NPS weighted by its revenue, so that the answer of a large account
 * counts for more than that of a small one. With NPS_g the account's NPS (as a proportion) and w_g its
 * revenue over the G accounts that answered and have a positive revenue:
 * RW = Σ w_g NPS_g / Σ w_g, with the sandwich variance over accounts of this ratio,
 * V = G/(G − 1) · Σ w_g² (NPS_g − RW)² / (Σ w_g)² (the linearization variance of a weighted ratio
 * estimator with the account as cluster; Cochran 1977 §6.4, CR1 as in {@link accountNps}), and the interval
 * RW ± t_{1−α/2, G−1} √V, in NPS points.
 *
 * Accounts with a revenue but no responses are listed in `unsurveyed` and left out, and
 * `surveyedRevenueShare` says how much of the revenue the figure covers. An account with responses but no
 * revenue is an error (it would otherwise be dropped silently).
 *
 * @param responses - `{ accountId, score }` rows, score an integer 0-10
 * @param revenue - each account's revenue: a non-negative decimal string or finite number, by account id
 * @param opts - `level` (default 0.95), `smallSample` (default 30 accounts)
 * @throws KehuValidationError at `['revenue', accountId]` for a missing or invalid revenue, or at the bad
 *   response's path
 */
export function revenueWeightedNps(
  responses: readonly AccountResponse[],
  revenue: Readonly<Record<string, string | number>>,
  opts: AccountNpsOptions = {},
): RevenueWeightedNps {
  const { level, smallSample } = options(opts);
  const clusters = clustersOf(responses);
  if (typeof revenue !== 'object' || revenue === null) {
    throw invalidInput(['revenue'], 'expected revenue by account id', 'invalid_type');
  }
  const weights = new Map<string, number>();
  for (const id of Object.keys(revenue).sort(compareCodePoints)) weights.set(id, revenueWeight(revenue[id], id));
  const surveyed = new Set(clusters.map((c) => c.id));
  for (const c of clusters) {
    if (!weights.has(c.id)) throw invalidInput(['revenue', c.id], `no revenue for account ${c.id}, which answered`);
  }
  const unsurveyed = [...weights.keys()].filter((id) => !surveyed.has(id));
  let allRevenue = 0;
  for (const w of weights.values()) allRevenue += w;
  const used = clusters
    .map((c) => ({ w: weights.get(c.id) as number, nps: c.total / c.n, n: c.n }))
    .filter((c) => c.w > 0);
  let weightSum = 0;
  let weighted = 0;
  let n = 0;
  for (const c of used) {
    weightSum += c.w;
    weighted += c.w * c.nps;
    n += c.n;
  }
  const k = used.length;
  const base = {
    n,
    accounts: k,
    unsurveyed,
    surveyedRevenueShare: allRevenue > 0 ? (weightSum / allRevenue) * 100 : Number.NaN,
    method: 'revenue-weighted ratio, cluster-robust over accounts (CR1), t',
    rules: ['SA-1', 'SA-2'],
  };
  if (k === 0) {
    return {
      ...base,
      df: Number.NaN,
      estimate: Number.NaN,
      ci: nanInterval(level),
      warnings: [{ code: 'EMPTY', message: 'no account with responses has a positive revenue' }],
    };
  }
  const rw = weighted / weightSum;
  let residuals = 0;
  for (const c of used) residuals += (c.w * (c.nps - rw)) ** 2;
  const variance = k < 2 ? Number.NaN : ((k / (k - 1)) * residuals) / (weightSum * weightSum);
  const warnings: SatisfactionWarning[] = [];
  const ci = clusteredInterval(rw, variance, k, level, smallSample, warnings);
  return { ...base, df: k < 2 ? Number.NaN : k - 1, estimate: rw * 100, ci, warnings };
}
