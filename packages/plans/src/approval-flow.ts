import {
  type ApprovalFlow,
  Decimal,
  KehuCurrencyMismatchError,
  KehuPolicyError,
  type Label,
  type PlanContent,
  type PlanEventBody,
} from '@kehu/core';
import { PLAN_STATE_LABELS } from './plan-labels.js';
import type { PlanPolicy } from './plan-policy.js';
import { applyPlanEvent, totalOf } from './plan-replay.js';
import type { PlanSnapshot } from './types.js';

/** The approval flow a plan's content follows (rule MP-1), with the total budget that chose it. */
export interface ApprovalFlowChoice {
  /** The chosen flow, as the policy lists it. */
  flow: ApprovalFlow;
  /** The sum of the content's budget lines, exact. */
  total: Decimal;
  /** Why this flow: the total and the flows' thresholds around it. */
  explanation: Label;
}

/** How one budget line changed between two versions of a plan's content (rule MP-1: re-approval). */
export interface BudgetLineGrowth {
  /** The budget line's id. */
  lineId: string;
  /** The amount before (0 for a new line). */
  before: Decimal;
  /** The amount after (0 for a removed line). */
  after: Decimal;
  /** `after - before` (negative when the line shrank). */
  growth: Decimal;
  /** `growth / before`; `Infinity` for a new line with an amount, 0 when both are 0. */
  share: number;
  /** True when the line grew past the policy's re-approval threshold (more than both its share and its amount). */
  exceeds: boolean;
}

/** What {@link submission} and {@link revision} record: when, who, and an optional note. */
export interface PlanEventInput {
  /** When the event happens. */
  at: Date;
  /** Who records it. */
  actor: string;
  /** A note kept with the event and shown in the history. */
  note?: string;
}

/** A revision built by {@link revision}: the event to append and why it does or does not need re-approval. */
export interface PlanRevision {
  /** The `revised` event, with the approval flow when `reapproval`. */
  event: PlanEventBody;
  /** True when the revision goes for approval before it applies. */
  reapproval: boolean;
  /** How each budget line changed against the content in effect. */
  growth: BudgetLineGrowth[];
  /** Why the revision does or does not need re-approval, with the lines and the threshold. */
  explanation: Label;
}

/**
 * The approval flow for a plan's content (rule MP-1): the flow of `policy.approval.flows` whose `minBudget` is the
 * largest not above the content's total budget (the sum of its lines; the first listed on a tie), explained. Throws
 * `KehuPolicyError` when every flow's `minBudget` is above the total.
 */
export function approvalFlowFor(content: PlanContent, policy: PlanPolicy): ApprovalFlowChoice {
  const total = totalOf(content);
  const flows = policy.approval.flows.map((f, i) => ({ ...f, min: new Decimal(f.minBudget), i }));
  let chosen: (typeof flows)[number] | undefined;
  for (const f of flows) if (f.min.lte(total) && (chosen === undefined || f.min.gt(chosen.min))) chosen = f;
  const amount = `${total.toString()} ${content.currency}`;
  if (chosen === undefined)
    throw new KehuPolicyError(
      `no approval flow applies to a total budget of ${amount}: every flow's minBudget is above it`,
      { path: ['approval', 'flows'] },
    );
  const pick = chosen;
  const above = flows.filter((f) => f.min.gt(pick.min)).sort((a, b) => a.min.comparedTo(b.min))[0];
  const next = above === undefined ? '' : `; flow ${above.flow.id} applies from ${above.minBudget}`;
  const nextZh = above === undefined ? '' : `；${above.minBudget} 起适用流程 ${above.flow.id}`;
  const lines = content.budgetLines.length;
  return {
    flow: pick.flow,
    total,
    explanation: {
      en:
        `total budget ${amount} (${lines} line${lines === 1 ? '' : 's'}): ` +
        `flow ${pick.flow.id} applies from ${pick.minBudget}${next} (rule MP-1)`,
      zh: `预算合计 ${amount}（${lines} 行）：适用流程 ${pick.flow.id}（${pick.minBudget} 起）${nextZh}（规则 MP-1）`,
    },
  };
}

/**
 * How each budget line changed from `before` to `after` (rule MP-1: re-approval when a line grows past the
 * threshold): the lines of `after` in order, then the lines only `before` has. A line exceeds when it grew by more
 * than `policy.approval.reapproval.growthShare` of its amount before and by more than its `growthAmount`; a new line
 * grew from 0. Throws `KehuCurrencyMismatchError` when the two contents have different currencies.
 */
export function budgetGrowth(before: PlanContent, after: PlanContent, policy: PlanPolicy): BudgetLineGrowth[] {
  if (before.currency !== after.currency) throw new KehuCurrencyMismatchError([before.currency, after.currency]);
  const { growthShare, growthAmount } = policy.approval.reapproval;
  const minAmount = new Decimal(growthAmount);
  const old = new Map(before.budgetLines.map((l) => [l.id, l.amount]));
  const zero = new Decimal(0);
  const row = (lineId: string, was: Decimal, now: Decimal): BudgetLineGrowth => {
    const growth = now.minus(was);
    const share = was.isZero()
      ? growth.isZero()
        ? 0
        : growth.gt(0)
          ? Infinity
          : -Infinity
      : growth.div(was).toNumber();
    return { lineId, before: was, after: now, growth, share, exceeds: growth.gt(minAmount) && share > growthShare };
  };
  const rows = after.budgetLines.map((l) => row(l.id, old.get(l.id) ?? zero, l.amount));
  const kept = new Set(after.budgetLines.map((l) => l.id));
  for (const l of before.budgetLines) if (!kept.has(l.id)) rows.push(row(l.id, l.amount, zero));
  return rows;
}

/** One exceeding line as text. */
export function describeGrowth(g: BudgetLineGrowth): Label {
  const share = Number.isFinite(g.share) ? `${(g.share * 100).toFixed(1)}%` : 'a new line';
  const shareZh = Number.isFinite(g.share) ? `${(g.share * 100).toFixed(1)}%` : '新增预算行';
  return {
    en: `line ${g.lineId} grew by ${g.growth} (${share}) from ${g.before} to ${g.after}`,
    zh: `预算行 ${g.lineId} 增加 ${g.growth}（${shareZh}），由 ${g.before} 增至 ${g.after}`,
  };
}

/** The policy's re-approval threshold as text. */
export function reapprovalThreshold(policy: PlanPolicy): Label {
  const { growthShare, growthAmount } = policy.approval.reapproval;
  return {
    en: `more than ${growthShare * 100}% and more than ${growthAmount}`,
    zh: `超过 ${growthShare * 100}% 且超过 ${growthAmount}`,
  };
}

/** Copies the optional note of `input` onto an event body. */
function withNote<T extends object>(event: T, input: PlanEventInput): T & { note?: string } {
  return input.note === undefined ? event : { ...event, note: input.note };
}

/**
 * The `submitted` event that sends a draft or returned plan for approval (rule MP-1), along the flow
 * {@link approvalFlowFor} chooses for its content. Throws `KehuValidationError` (code `INVALID_TRANSITION`) when
 * the plan's state does not allow a submission or `at` is before its last event.
 */
export function submission(snapshot: PlanSnapshot, policy: PlanPolicy, input: PlanEventInput): PlanEventBody {
  const { flow } = approvalFlowFor(snapshot.content, policy);
  const event: PlanEventBody = withNote({ type: 'submitted' as const, at: input.at, actor: input.actor, flow }, input);
  applyPlanEvent(snapshot, event, snapshot.version + 1);
  return event;
}

/**
 * The `revised` event that replaces a plan's content (rule MP-1). A draft or returned plan takes it at once. In an
 * approved or active plan it carries the flow {@link approvalFlowFor} chooses for the new content when a budget line
 * grows past the policy's re-approval threshold (then it waits for approval, and the approved content stays in
 * effect until then); otherwise it applies at once. Throws `KehuValidationError` (code `INVALID_TRANSITION`) when
 * the state does not allow a revision, and `KehuCurrencyMismatchError` when the currency changes after approval.
 */
export function revision(
  snapshot: PlanSnapshot,
  content: PlanContent,
  policy: PlanPolicy,
  input: PlanEventInput,
): PlanRevision {
  const base = { type: 'revised' as const, at: input.at, actor: input.actor, content };
  if (snapshot.state !== 'approved' && snapshot.state !== 'active') {
    const event: PlanEventBody = withNote(base, input);
    applyPlanEvent(snapshot, event, snapshot.version + 1);
    const growth =
      snapshot.content.currency === content.currency ? budgetGrowth(snapshot.content, content, policy) : [];
    return {
      event,
      reapproval: false,
      growth,
      explanation: {
        en: `a revision of a ${snapshot.state} plan applies at once, without approval`,
        zh: `${PLAN_STATE_LABELS[snapshot.state].zh}计划的修订立即生效，无需审批`,
      },
    };
  }
  const growth = budgetGrowth(snapshot.content, content, policy);
  const exceeding = growth.filter((g) => g.exceeds);
  const threshold = reapprovalThreshold(policy);
  if (exceeding.length === 0) {
    const event: PlanEventBody = withNote(base, input);
    applyPlanEvent(snapshot, event, snapshot.version + 1);
    return {
      event,
      reapproval: false,
      growth,
      explanation: {
        en: `no budget line grew by ${threshold.en}: the revision applies without re-approval (rule MP-1)`,
        zh: `无预算行增加${threshold.zh}：修订无需重新审批，立即生效（规则 MP-1）`,
      },
    };
  }
  const choice = approvalFlowFor(content, policy);
  const event: PlanEventBody = withNote({ ...base, flow: choice.flow }, input);
  applyPlanEvent(snapshot, event, snapshot.version + 1);
  const why = exceeding.map(describeGrowth);
  return {
    event,
    reapproval: true,
    growth,
    explanation: {
      en:
        `re-approval needed (rule MP-1): ${why.map((w) => w.en).join('; ')}, past the threshold of ` +
        `${threshold.en}; ${choice.explanation.en}`,
      zh:
        `需要重新审批（规则 MP-1）：${why.map((w) => w.zh).join('；')}，超过阈值（${threshold.zh}）；` +
        choice.explanation.zh,
    },
  };
}
