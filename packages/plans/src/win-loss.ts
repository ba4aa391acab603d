import { type Decimal, decimalFromBigUnits, invalidInput, type Label } from '@kehu/core';
import { checkPipelineTable, MP3, percentText } from './opportunity-analytics.js';
import type { OpportunityPolicy } from './opportunity-policy.js';
import type { PipelineTable } from './types.js';

/** One reason of one outcome (rule MP-3). */
export interface WinLossRow {
  outcome: 'won' | 'lost';
  /** The reason code of the policy's taxonomy. */
  code: string;
  label: Label;
  /** Opportunities closed with this outcome and reason (0 when none: every reason is listed). */
  count: number;
  /** count / all of the outcome; NaN when the outcome has none. */
  share: number;
  /** Their expected revenue, exact. */
  revenue: Decimal;
  /** The row in words. */
  explanation: Label;
}

/** The totals of one outcome. */
export interface WinLossOutcome {
  outcome: 'won' | 'lost';
  count: number;
  revenue: Decimal;
}

/** Won and lost opportunities by reason (rule MP-3). */
export interface WinLossByReason {
  rule: typeof MP3;
  currency: string;
  /** Won reasons in the policy's order, then lost reasons. */
  rows: WinLossRow[];
  /** Won, then lost. */
  outcomes: [WinLossOutcome, WinLossOutcome];
  explanation: Label;
  /** E.g. nothing won or nothing lost. */
  warnings: string[];
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Won and lost opportunities by reason (rule MP-3): for each outcome and each reason of the policy's taxonomy (the
 * reasons nobody gave listed with 0), the count, its share of the outcome and the expected revenue, exact (scaled
 * integers, BigInt past 2^53). Outcomes are those in effect at the table's `asOf`; a reopened opportunity that is
 * open again is not counted.
 *
 * @param table - a pipeline table computed with `policy`
 * @param policy - the opportunity policy the table was computed with
 * @throws KehuValidationError at `['table', …]` when the table does not fit the policy, or a closed row's reason is
 *   not an index of its outcome's list
 */
export function winLossByReason(table: PipelineTable, policy: OpportunityPolicy): WinLossByReason {
  checkPipelineTable(table, policy);
  const c = table.columns;
  const { status, reason, revenueUnits } = c;
  const wonList = policy.reasons.won;
  const lostList = policy.reasons.lost;
  const W = wonList.length;
  // Slot k < W: won reason k; W + k: lost reason k.
  const slots = W + lostList.length;
  const count = new Float64Array(slots);
  const revenue = new Float64Array(slots);
  const revenueBig: bigint[] = new Array<bigint>(slots).fill(0n);
  const n = status.length;
  for (let i = 0; i < n; i++) {
    const st = status[i]!;
    if (st === 0) continue;
    const r = reason[i]!;
    const size = st === 1 ? W : st === 2 ? lostList.length : -1;
    if (size < 0) throw invalidInput(['table', 'columns', 'status', i], `status must be 0, 1 or 2, got ${st}`);
    if (r < 0 || r >= size)
      throw invalidInput(
        ['table', 'columns', 'reason', i],
        `a ${st === 1 ? 'won' : 'lost'} opportunity needs a reason index 0..${size - 1} of the policy, got ${r}`,
      );
    const u = revenueUnits[i]!;
    if (!(u >= 0 && u <= MAX_SAFE && Number.isInteger(u)))
      throw invalidInput(['table', 'columns', 'revenueUnits', i], `revenue units must be a safe integer ≥ 0, got ${u}`);
    const k = st === 1 ? r : W + r;
    count[k]! += 1;
    let sum = revenue[k]! + u;
    if (sum > MAX_SAFE) {
      revenueBig[k]! += BigInt(revenue[k]!);
      sum = u;
    }
    revenue[k] = sum;
  }
  const scale = c.revenueScale;
  const currency = c.currency;
  const outcomes: [WinLossOutcome, WinLossOutcome] = [
    { outcome: 'won', count: 0, revenue: decimalFromBigUnits(0n, scale) },
    { outcome: 'lost', count: 0, revenue: decimalFromBigUnits(0n, scale) },
  ];
  const totalUnits = [0n, 0n];
  for (let k = 0; k < slots; k++) {
    const o = k < W ? 0 : 1;
    outcomes[o].count += count[k]!;
    totalUnits[o]! += revenueBig[k]! + BigInt(revenue[k]!);
  }
  outcomes[0].revenue = decimalFromBigUnits(totalUnits[0]!, scale);
  outcomes[1].revenue = decimalFromBigUnits(totalUnits[1]!, scale);
  const rows: WinLossRow[] = [];
  for (let k = 0; k < slots; k++) {
    const o = k < W ? 0 : 1;
    const entry = k < W ? wonList[k]! : lostList[k - W]!;
    const of = outcomes[o].count;
    const share = of === 0 ? Number.NaN : count[k]! / of;
    const amount = decimalFromBigUnits(revenueBig[k]! + BigInt(revenue[k]!), scale);
    const outcome = o === 0 ? 'won' : 'lost';
    rows.push({
      outcome,
      code: entry.code,
      label: entry.label,
      count: count[k]!,
      share,
      revenue: amount,
      explanation: {
        en:
          `${outcome} for "${entry.label.en}": ${count[k]} of ${of} (${percentText(share)}), ` +
          `revenue ${amount.toFixed()} ${currency}`,
        zh:
          `${o === 0 ? '赢单' : '输单'}原因「${entry.label.zh}」：${of} 个中的 ${count[k]} 个（${percentText(share)}），` +
          `预计收入 ${amount.toFixed()} ${currency}`,
      },
    });
  }
  const warnings: string[] = [];
  if (outcomes[0].count === 0) warnings.push('no won opportunities: the shares of won reasons are NaN');
  if (outcomes[1].count === 0) warnings.push('no lost opportunities: the shares of lost reasons are NaN');
  return {
    rule: MP3,
    currency,
    rows,
    outcomes,
    explanation: {
      en:
        `Win and loss by reason (rule MP-3): ${outcomes[0].count} won, ${outcomes[1].count} lost, each with its ` +
        "reason from the policy's taxonomy (every reason listed, those nobody gave with 0)",
      zh:
        `赢单与输单原因（规则 MP-3）：赢单 ${outcomes[0].count} 个，输单 ${outcomes[1].count} 个，` +
        '原因取自策略中的分类（列出所有原因，未出现的计 0）',
    },
    warnings,
  };
}
