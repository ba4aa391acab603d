import { invalidInput, type Label } from '@kehu/core';
import { businessDayMs, checkPipelineTable, daysText, MP3 } from './opportunity-analytics.js';
import type { OpportunityPolicy } from './opportunity-policy.js';
import type { PipelineTable } from './types.js';

/** Time in one stage over a set of opportunities, in business days. */
export interface StageDurationStats {
  /** Opportunities that entered the stage at least once. */
  entered: number;
  /** Visits to the stage (an opportunity moved back into it counts again). */
  visits: number;
  /** Mean of each opportunity's total time in the stage; NaN when none entered. */
  meanDays: number;
  /** Median (linear interpolation between order statistics); NaN when none entered. */
  medianDays: number;
  /** 90th percentile (linear interpolation); NaN when none entered. */
  p90Days: number;
  /** Business days spent in the stage, summed over the opportunities. */
  totalDays: number;
}

/** Time in one stage of the policy (rule MP-3). */
export interface StageDurationRow extends StageDurationStats {
  stage: string;
  name: Label;
  /**
   * With `split`: the same figures over the opportunities still open (their time in the current stage is still
   * running).
   */
  open?: StageDurationStats;
  /** With `split`: the same figures over the won and lost opportunities. */
  closed?: StageDurationStats;
  /** The row in words. */
  explanation: Label;
}

/** Options of {@link stageDurations}. */
export interface StageDurationsOptions {
  /** Also give each stage's figures for open and for closed opportunities apart (default false). */
  split?: boolean | undefined;
}

/** Time in each stage (rule MP-3), in business days of the policy's `businessDayHours`. */
export interface StageDurations {
  rule: typeof MP3;
  /** Open hours that make one business day. */
  businessDayHours: number;
  /** One row per stage of the policy, in its order. */
  stages: StageDurationRow[];
  /** Opportunities in the table. */
  opportunities: number;
  explanation: Label;
  /** E.g. a stage no opportunity entered (its figures are NaN). */
  warnings: string[];
}

/**
 * Time in each stage (rule MP-3): for every stage of the policy, the opportunities that entered it, their visits, and
 * the mean, median and 90th percentile of the business days each opportunity spent in the stage over all its visits
 * (as the pipeline table measured them on the business calendar: a visit lasts until the next stage, the close, or
 * the table's `asOf`; backward moves add a visit, skipped stages get none), with the sum; with `split` also for open
 * and closed opportunities apart. An open opportunity's time in its current stage is still running, so its figures
 * are lower bounds. A stage nobody entered has NaN figures and a warning. Quantiles use linear interpolation
 * between order statistics (numpy's default), found by selection in linear time, no sort.
 *
 * @param table - a pipeline table computed with `policy`
 * @param policy - the opportunity policy the table was computed with
 * @param options - `split` (default false)
 * @throws KehuValidationError at `['options', 'split']` when not a boolean, at `['table', …]` when the table does
 *   not fit the policy
 */
export function stageDurations(
  table: PipelineTable,
  policy: OpportunityPolicy,
  options: StageDurationsOptions = {},
): StageDurations {
  const split = options?.split ?? false;
  if (typeof split !== 'boolean') throw invalidInput(['options', 'split'], 'split must be a boolean', 'invalid_type');
  checkPipelineTable(table, policy);
  const S = policy.stages.length;
  const { status } = table.columns;
  const n = status.length;
  const ms = table.stageMs;
  const visits = table.stageVisits;
  const dayMs = businessDayMs(policy);
  // Entered counts per stage, open and closed, then one array laid out stage by stage, open ones first.
  const openEntered = new Float64Array(S);
  const closedEntered = new Float64Array(S);
  const openVisits = new Float64Array(S);
  const closedVisits = new Float64Array(S);
  for (let i = 0; i < n; i++) {
    const open = status[i] === 0;
    const base = i * S;
    for (let s = 0; s < S; s++) {
      const v = visits[base + s]!;
      if (v === 0) continue;
      if (open) {
        openEntered[s]! += 1;
        openVisits[s]! += v;
      } else {
        closedEntered[s]! += 1;
        closedVisits[s]! += v;
      }
    }
  }
  const start = new Int32Array(S + 1);
  for (let s = 0; s < S; s++) start[s + 1] = start[s]! + openEntered[s]! + closedEntered[s]!;
  const days = new Float64Array(start[S]!);
  const nextOpen = start.slice(0, S);
  const nextClosed = new Int32Array(S);
  for (let s = 0; s < S; s++) nextClosed[s] = start[s]! + openEntered[s]!;
  for (let i = 0; i < n; i++) {
    const open = status[i] === 0;
    const base = i * S;
    for (let s = 0; s < S; s++) {
      if (visits[base + s] === 0) continue;
      const d = ms[base + s]! / dayMs;
      if (open) days[nextOpen[s]!++] = d;
      else days[nextClosed[s]!++] = d;
    }
  }
  const warnings: string[] = [];
  if (n === 0) warnings.push('no opportunities: every stage duration is NaN');
  const rows = policy.stages.map((stage, s): StageDurationRow => {
    const a = start[s]!;
    const mid = a + openEntered[s]!;
    const b = start[s + 1]!;
    // The split parts first: selection reorders inside each part, which keeps the parts apart for the whole.
    const parts = split
      ? {
          open: statsOf(days.subarray(a, mid), openVisits[s]!),
          closed: statsOf(days.subarray(mid, b), closedVisits[s]!),
        }
      : {};
    const all = statsOf(days.subarray(a, b), openVisits[s]! + closedVisits[s]!);
    if (all.entered === 0 && n > 0)
      warnings.push(`stage ${stage.id}: no opportunity entered it, its durations are NaN`);
    return {
      stage: stage.id,
      name: stage.name,
      ...all,
      ...parts,
      explanation:
        all.entered === 0
          ? { en: `${stage.name.en}: no opportunity entered it`, zh: `${stage.name.zh}：没有商机进入该阶段` }
          : {
              en:
                `${stage.name.en}: ${all.entered} opportunities entered it (${all.visits} visits); business days ` +
                `mean ${daysText(all.meanDays)}, median ${daysText(all.medianDays)}, 90th percentile ` +
                `${daysText(all.p90Days)}`,
              zh:
                `${stage.name.zh}：${all.entered} 个商机进入（${all.visits} 次）；停留工作日平均 ` +
                `${daysText(all.meanDays)}，中位数 ${daysText(all.medianDays)}，90 分位 ${daysText(all.p90Days)}`,
            },
    };
  });
  return {
    rule: MP3,
    businessDayHours: policy.businessDayHours,
    stages: rows,
    opportunities: n,
    explanation: {
      en:
        `Time in each stage (rule MP-3) of ${n} opportunities, in business days of ${policy.businessDayHours} ` +
        'open hours on the business calendar, every visit counted (backward moves included, skipped stages not)',
      zh:
        `${n} 个商机在各阶段的停留时间（规则 MP-3），按营业日历计算，每 ${policy.businessDayHours} 个营业小时` +
        '为一个工作日，每次进入都计入（含退回，跳过的阶段不计）',
    },
    warnings,
  };
}

function statsOf(values: Float64Array, visits: number): StageDurationStats {
  const entered = values.length;
  let total = 0;
  for (let k = 0; k < entered; k++) total += values[k]!;
  const [median, p90] = medianAndP90(values);
  return {
    entered,
    visits,
    meanDays: entered === 0 ? Number.NaN : total / entered,
    medianDays: median,
    p90Days: p90,
    totalDays: total,
  };
}

/** The `q` quantile of `values` with linear interpolation (type 7); reorders `values`; NaN when empty. */
export function quantile(values: Float64Array, q: number): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const x = select(values, lo, 0, n - 1);
  if (lo + 1 >= n || h === lo) return x;
  return x + (h - lo) * (minOf(values, lo + 1, n) - x);
}

/**
 * The median and the 90th percentile of `values` (type 7, as {@link quantile}) with one selection over the whole
 * and one over the upper half; reorders `values`; NaN when empty.
 */
function medianAndP90(values: Float64Array): [number, number] {
  const n = values.length;
  if (n === 0) return [Number.NaN, Number.NaN];
  const hm = (n - 1) * 0.5;
  const m = Math.floor(hm);
  const hp = (n - 1) * 0.9;
  const p = Math.floor(hp);
  const xm = select(values, m, 0, n - 1);
  if (p === m) {
    // Small n (1 to 3): both need the same next order statistic, the minimum right of m.
    const next = m + 1 < n ? minOf(values, m + 1, n) : xm;
    return [xm + (hm - m) * (next - xm), xm + (hp - p) * (next - xm)];
  }
  // Right of m every value is at least xm: select p there, then each next order statistic is a minimum of a part.
  const xp = select(values, p, m + 1, n - 1);
  const nextM = minOf(values, m + 1, p + 1);
  const nextP = p + 1 < n ? minOf(values, p + 1, n) : xp;
  return [xm + (hm - m) * (nextM - xm), xp + (hp - p) * (nextP - xp)];
}

function minOf(a: Float64Array, from: number, to: number): number {
  let y = a[from]!;
  for (let k = from + 1; k < to; k++) if (a[k]! < y) y = a[k]!;
  return y;
}

/**
 * The k-th smallest of `a` within `[left, right]`, left at index k with no larger value before it and no smaller one
 * after it within the range: Floyd and Rivest's SELECT (CACM 18 (1975) 173, Algorithm 489), which narrows the range
 * around k by selecting within a sample first, so the whole range is partitioned about once (≈ 1.5 n comparisons,
 * against ≈ 2.75 n for quickselect). Hand-written since the package depends on nothing for numerics.
 */
function select(a: Float64Array, k: number, left: number, right: number): number {
  while (right > left) {
    if (right - left > 600) {
      const n = right - left + 1;
      const m = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      select(
        a,
        k,
        Math.max(left, Math.floor(k - (m * s) / n + sd)),
        Math.min(right, Math.floor(k + ((n - m) * s) / n + sd)),
      );
    }
    const t = a[k]!;
    let i = left;
    let j = right;
    let x = a[left]!;
    a[left] = t;
    a[k] = x;
    if (a[right]! > t) {
      x = a[left]!;
      a[left] = a[right]!;
      a[right] = x;
    }
    while (i < j) {
      x = a[i]!;
      a[i] = a[j]!;
      a[j] = x;
      i++;
      j--;
      while (a[i]! < t) i++;
      while (a[j]! > t) j--;
    }
    if (a[left] === t) {
      x = a[left]!;
      a[left] = a[j]!;
      a[j] = x;
    } else {
      j++;
      x = a[j]!;
      a[j] = a[right]!;
      a[right] = x;
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
  return a[k]!;
}
