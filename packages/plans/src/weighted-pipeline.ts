import { civilOfDay, compareCodePoints, type Decimal, decimalFromBigUnits, invalidInput, type Label } from '@kehu/core';
import { budgetPeriodKey, parseBudgetPeriod } from './budget-period.js';
import { checkPipelineTable, MP3 } from './opportunity-analytics.js';
import type { OpportunityPolicy } from './opportunity-policy.js';
import type { PipelineTable } from './types.js';

/** Options of {@link weightedPipeline}. */
export interface WeightedPipelineOptions {
  /** The period of the expected close date each row covers: a calendar month or quarter. */
  by: 'month' | 'quarter';
  /** Also split each period by salesperson (default false). */
  bySalesperson?: boolean | undefined;
}

/** The open opportunities of one period (and salesperson) of the weighted pipeline. */
export interface WeightedPipelineRow {
  /** `YYYY-MM` or `YYYY-Qn` (the budget periods' format) of the expected close date. */
  period: string;
  /** The period's first and last local dates, `YYYY-MM-DD`. */
  from: string;
  to: string;
  /** The salesperson, when split by salesperson. */
  salespersonId?: string;
  /** Open opportunities expected to close in the period. */
  open: number;
  /** Their expected revenue, exact. */
  revenue: Decimal;
  /** Σ expected revenue × probability / 100, exact. */
  weightedRevenue: Decimal;
  /** The mean probability in percent (unweighted, over the open opportunities). */
  meanProbability: number;
  /** The row in words. */
  explanation: Label;
}

/** The whole of a weighted pipeline. */
export interface WeightedPipelineTotals {
  open: number;
  revenue: Decimal;
  weightedRevenue: Decimal;
  /** Mean probability in percent; NaN when nothing is open. */
  meanProbability: number;
}

/** The weighted pipeline (rule MP-3): open opportunities by expected close period, weighted by probability. */
export interface WeightedPipeline {
  rule: typeof MP3;
  by: 'month' | 'quarter';
  bySalesperson: boolean;
  currency: string;
  /** Periods in time order (each salesperson of a period in code-point order); only periods with open ones. */
  rows: WeightedPipelineRow[];
  totals: WeightedPipelineTotals;
  /** What the table shows, in words. */
  explanation: Label;
  /** E.g. nothing open. */
  warnings: string[];
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** `year × 12 + month − 1` of a day number. */
function monthIndexOfDay(day: number): number {
  const { year, month } = civilOfDay(day);
  return year * 12 + month - 1;
}

function periodOf(index: number, by: 'month' | 'quarter'): { period: string; from: string; to: string } {
  const first = index * (by === 'month' ? 1 : 3);
  const year = Math.floor(first / 12);
  const p = parseBudgetPeriod(budgetPeriodKey(year, first - year * 12 + 1, by));
  return { period: p.key, from: p.firstDate, to: p.lastDate };
}

/**
 * The weighted pipeline (rule MP-3): the open opportunities of a pipeline table grouped by the month or quarter of
 * their expected close date (and by salesperson with `bySalesperson`), with their count, expected revenue, weighted
 * revenue Σ revenue × probability / 100 and mean probability, and the totals. Won and lost opportunities are left
 * out (their revenue is no longer a forecast). The probability is the table's, whatever its source.
 *
 * Money is exact: revenue is summed as scaled integers (in doubles while the sum stays a safe integer, in BigInt
 * beyond), the weighted revenue as units × percent at two more decimal places, so every Decimal equals the sum of
 * the rows' own Decimals. One pass over the rows, no object per row.
 *
 * @param table - a pipeline table computed with `policy`
 * @param policy - the opportunity policy the table was computed with
 * @param options - `by` month or quarter, `bySalesperson`
 * @throws KehuValidationError at `['options', …]` for bad options, at `['table', …]` when the table does not fit the
 *   policy or holds a revenue that is not a non-negative safe integer or a probability above 100
 */
export function weightedPipeline(
  table: PipelineTable,
  policy: OpportunityPolicy,
  options: WeightedPipelineOptions,
): WeightedPipeline {
  const by = options?.by;
  if (by !== 'month' && by !== 'quarter')
    throw invalidInput(['options', 'by'], `by must be 'month' or 'quarter', got ${String(by)}`);
  const split = options.bySalesperson ?? false;
  if (typeof split !== 'boolean')
    throw invalidInput(['options', 'bySalesperson'], 'bySalesperson must be a boolean', 'invalid_type');
  checkPipelineTable(table, policy);
  const c = table.columns;
  const { status, revenueUnits, expectedCloseDay, salespersonIds } = c;
  const probability = table.probability;
  const n = status.length;

  // Group accumulators, one entry per (period, salesperson) met, in order of first appearance.
  const groupOf = new Map<number, number>();
  const personOf = new Map<string, number>();
  const persons: string[] = [];
  const periodIndex: number[] = [];
  const personIndex: number[] = [];
  const count: number[] = [];
  const probSum: number[] = [];
  const revenue: number[] = [];
  const weighted: number[] = [];
  const revenueBig: bigint[] = [];
  const weightedBig: bigint[] = [];
  let lastDay = Number.NaN;
  let lastPeriod = 0;
  for (let i = 0; i < n; i++) {
    if (status[i] !== 0) continue;
    const u = revenueUnits[i]!;
    if (!(u >= 0 && u <= MAX_SAFE && Number.isInteger(u)))
      throw invalidInput(['table', 'columns', 'revenueUnits', i], `revenue units must be a safe integer ≥ 0, got ${u}`);
    const p = probability[i]!;
    if (p > 100) throw invalidInput(['table', 'probability', i], `probability must be 0..100, got ${p}`);
    const day = expectedCloseDay[i]!;
    if (day !== lastDay) {
      lastDay = day;
      const m = monthIndexOfDay(day);
      lastPeriod = by === 'month' ? m : Math.floor(m / 3);
    }
    let person = 0;
    if (split) {
      const id = salespersonIds[i]!;
      let k = personOf.get(id);
      if (k === undefined) {
        k = persons.length;
        personOf.set(id, k);
        persons.push(id);
      }
      person = k;
    }
    // Periods span far less than 2^31 and persons are fewer than 2^21, so the key is an exact double.
    const key = lastPeriod * 2_097_152 + person;
    let g = groupOf.get(key);
    if (g === undefined) {
      g = count.length;
      groupOf.set(key, g);
      periodIndex.push(lastPeriod);
      personIndex.push(person);
      count.push(0);
      probSum.push(0);
      revenue.push(0);
      weighted.push(0);
      revenueBig.push(0n);
      weightedBig.push(0n);
    }
    count[g]! += 1;
    probSum[g]! += p;
    // Sums of safe integers stay exact while below 2^53; past it the partial sum moves into the BigInt.
    let r = revenue[g]! + u;
    if (r > MAX_SAFE) {
      revenueBig[g]! += BigInt(revenue[g]!);
      r = u;
    }
    revenue[g] = r;
    const w = u * p;
    if (w > MAX_SAFE) weightedBig[g]! += BigInt(u) * BigInt(p);
    else {
      let s = weighted[g]! + w;
      if (s > MAX_SAFE) {
        weightedBig[g]! += BigInt(weighted[g]!);
        s = w;
      }
      weighted[g] = s;
    }
  }
  if (persons.length > 2_097_152)
    throw invalidInput(['table', 'columns', 'salespersonIds'], 'at most 2,097,152 salespeople can be split');

  const scale = c.revenueScale;
  const currency = c.currency;
  const order = count.map((_, g) => g);
  order.sort(
    (a, b) =>
      periodIndex[a]! - periodIndex[b]! ||
      compareCodePoints(persons[personIndex[a]!] ?? '', persons[personIndex[b]!] ?? ''),
  );
  let totalCount = 0;
  let totalProb = 0;
  let totalRevenue = 0n;
  let totalWeighted = 0n;
  const rows: WeightedPipelineRow[] = order.map((g) => {
    const rev = revenueBig[g]! + BigInt(revenue[g]!);
    const wt = weightedBig[g]! + BigInt(weighted[g]!);
    totalCount += count[g]!;
    totalProb += probSum[g]!;
    totalRevenue += rev;
    totalWeighted += wt;
    const { period, from, to } = periodOf(periodIndex[g]!, by);
    const revenueDecimal = decimalFromBigUnits(rev, scale);
    const weightedDecimal = decimalFromBigUnits(wt, scale + 2);
    const mean = probSum[g]! / count[g]!;
    const who = split ? ` ${persons[personIndex[g]!]}` : '';
    const row: WeightedPipelineRow = {
      period,
      from,
      to,
      open: count[g]!,
      revenue: revenueDecimal,
      weightedRevenue: weightedDecimal,
      meanProbability: mean,
      explanation: {
        en:
          `${period}${who}: ${count[g]} open, revenue ${revenueDecimal.toFixed()} ${currency}, weighted ` +
          `${weightedDecimal.toFixed()} ${currency} (mean probability ${round1(mean)}%)`,
        zh:
          `${period}${who}：进行中 ${count[g]} 个，预计收入 ${revenueDecimal.toFixed()} ${currency}，加权 ` +
          `${weightedDecimal.toFixed()} ${currency}（平均赢单概率 ${round1(mean)}%）`,
      },
    };
    if (split) row.salespersonId = persons[personIndex[g]!]!;
    return row;
  });
  const warnings: string[] = [];
  if (totalCount === 0) warnings.push('no open opportunities: the weighted pipeline is empty');
  const unit = by === 'month' ? { en: 'month', zh: '月' } : { en: 'quarter', zh: '季度' };
  const totals: WeightedPipelineTotals = {
    open: totalCount,
    revenue: decimalFromBigUnits(totalRevenue, scale),
    weightedRevenue: decimalFromBigUnits(totalWeighted, scale + 2),
    meanProbability: totalCount === 0 ? Number.NaN : totalProb / totalCount,
  };
  return {
    rule: MP3,
    by,
    bySalesperson: split,
    currency,
    rows,
    totals,
    explanation: {
      en:
        `Weighted pipeline by expected close ${unit.en}${split ? ' and salesperson' : ''} (rule MP-3): ` +
        `${totalCount} open opportunities, revenue ${totals.revenue.toFixed()} ${currency}, weighted by their ` +
        `probability ${totals.weightedRevenue.toFixed()} ${currency}; won and lost ones are left out`,
      zh:
        `按预计成交${unit.zh}${split ? '和销售人员' : ''}的加权销售漏斗（规则 MP-3）：进行中商机 ${totalCount} 个，` +
        `预计收入 ${totals.revenue.toFixed()} ${currency}，按赢单概率加权 ${totals.weightedRevenue.toFixed()} ` +
        `${currency}；已赢单和已输单的不计入`,
    },
    warnings,
  };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
