import {
  Decimal,
  KehuCurrencyMismatchError,
  KehuPolicyError,
  KehuValidationError,
  type PlanContent,
  type PlanEventBody,
  parsePlanEvent,
} from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { approvalFlowFor, budgetGrowth, revision, submission } from './approval-flow.js';
import { checkPlanEvent } from './plan-check.js';
import { DEFAULT_PLAN_POLICY, parsePlanPolicy } from './plan-policy.js';
import { replayPlan } from './plan-replay.js';
import { contentOf, t, testPlan } from './test-support.js';

const plan = testPlan({}, '5000.50');
const content = contentOf(plan);
const drafted = parsePlanEvent({ type: 'drafted', at: t(0), actor: 'owner-1' });

/** `content` with line amounts replaced and lines added. */
function changed(amounts: Record<string, string>, extra: PlanContent['budgetLines'] = []): PlanContent {
  return {
    ...content,
    budgetLines: [
      ...content.budgetLines.map((l) =>
        amounts[l.id] === undefined ? l : { ...l, amount: new Decimal(amounts[l.id]!) },
      ),
      ...extra,
    ],
  };
}

/** The log of a plan approved along the default standard flow. */
function approvedLog(): PlanEventBody[] {
  const draft = replayPlan(plan, [drafted]);
  const submitted = submission(draft, DEFAULT_PLAN_POLICY, { at: t(1), actor: 'owner-1' });
  return [
    drafted,
    submitted,
    parsePlanEvent({ type: 'signed', at: t(2), actor: 'sales-manager', signerId: 'sales-manager' }),
    parsePlanEvent({ type: 'signed', at: t(3), actor: 'finance-2', signerId: 'finance-2' }),
  ];
}

describe('approvalFlowFor (MP-1)', () => {
  it('MP-1: the flow with the largest minBudget not above the total, explained', () => {
    const choice = approvalFlowFor(content, DEFAULT_PLAN_POLICY);
    expect(choice.flow.id).toBe('standard');
    expect(choice.total.toString()).toBe('15000.5');
    expect(choice.explanation.en).toBe(
      'total budget 15000.5 CNY (2 lines): flow standard applies from 0; flow major applies from 100000 (rule MP-1)',
    );
    expect(choice.explanation.zh).toMatch(/预算合计 15000.5 CNY/);
  });

  it('MP-1: a total exactly at a minBudget takes that flow', () => {
    const choice = approvalFlowFor(changed({ 'maint-q1': '94999.50' }), DEFAULT_PLAN_POLICY);
    expect(choice.total.toString()).toBe('100000');
    expect(choice.flow.id).toBe('major');
    expect(approvalFlowFor(changed({ 'maint-q1': '94999.49' }), DEFAULT_PLAN_POLICY).flow.id).toBe('standard');
  });

  it('MP-1: no flow below the total is a policy error', () => {
    const flows = DEFAULT_PLAN_POLICY.approval.flows.map((f) => ({ ...f, minBudget: '20000' }));
    const policy = parsePlanPolicy({ approval: { flows } });
    expect(() => approvalFlowFor(content, policy)).toThrow(KehuPolicyError);
  });
});

describe('budgetGrowth (MP-1)', () => {
  it('MP-1: every line with its growth and share; new lines grow from 0, removed lines to 0', () => {
    const added = { id: 'dev-q3', category: 'development' as const, period: '2026-Q3', amount: new Decimal(300) };
    const after = { ...changed({ 'maint-q1': '11000.01' }, [added]) };
    after.budgetLines = after.budgetLines.filter((l) => l.id !== 'events-q2');
    const rows = budgetGrowth(content, after, DEFAULT_PLAN_POLICY);
    expect(
      rows.map((r) => [r.lineId, r.before.toString(), r.after.toString(), r.growth.toString(), r.exceeds]),
    ).toEqual([
      ['maint-q1', '10000', '11000.01', '1000.01', true],
      ['dev-q3', '0', '300', '300', true],
      ['events-q2', '5000.5', '0', '-5000.5', false],
    ]);
    expect(rows[0]!.share).toBeCloseTo(0.100001);
    expect(rows[1]!.share).toBe(Infinity);
    expect(rows[2]!.share).toBe(-1);
  });

  it('MP-1: exactly at the threshold share does not exceed; both share and amount must be passed', () => {
    expect(budgetGrowth(content, changed({ 'maint-q1': '11000' }), DEFAULT_PLAN_POLICY)[0]!.exceeds).toBe(false);
    const policy = parsePlanPolicy({ approval: { reapproval: { growthAmount: '2000' } } });
    expect(budgetGrowth(content, changed({ 'maint-q1': '12000' }), policy)[0]!.exceeds).toBe(false);
    expect(budgetGrowth(content, changed({ 'maint-q1': '12000.01' }), policy)[0]!.exceeds).toBe(true);
  });

  it('MP-1: different currencies are refused', () => {
    expect(() => budgetGrowth(content, { ...content, currency: 'USD' }, DEFAULT_PLAN_POLICY)).toThrow(
      KehuCurrencyMismatchError,
    );
  });
});

describe('submission and revision builders (MP-1)', () => {
  it('MP-1: submission records the flow the policy chooses', () => {
    const draft = replayPlan(plan, [drafted]);
    const event = submission(draft, DEFAULT_PLAN_POLICY, { at: t(1), actor: 'owner-1', note: 'Q1 start' });
    expect(event).toMatchObject({ type: 'submitted', actor: 'owner-1', note: 'Q1 start' });
    expect(event.type === 'submitted' && event.flow.id).toBe('standard');
    expect(checkPlanEvent(draft, event, DEFAULT_PLAN_POLICY).state).toBe('submitted');
  });

  it('MP-1: submission in a state that does not allow it is refused', () => {
    const approved = replayPlan(plan, approvedLog());
    expect(() => submission(approved, DEFAULT_PLAN_POLICY, { at: t(9), actor: 'o' })).toThrow(KehuValidationError);
  });

  it('MP-1: a revision of a draft applies at once, without a flow', () => {
    const draft = replayPlan(plan, [drafted]);
    const r = revision(draft, changed({ 'maint-q1': '90000' }), DEFAULT_PLAN_POLICY, { at: t(1), actor: 'o' });
    expect(r.reapproval).toBe(false);
    expect(r.event.type === 'revised' && r.event.flow).toBeUndefined();
    expect(r.explanation.zh).toMatch(/草稿/);
  });

  it('MP-1: a revision of an approved plan past the threshold carries the flow for the new total', () => {
    const approved = replayPlan(plan, approvedLog());
    const r = revision(approved, changed({ 'maint-q1': '95000' }), DEFAULT_PLAN_POLICY, { at: t(5), actor: 'o' });
    expect(r.reapproval).toBe(true);
    expect(r.event.type === 'revised' && r.event.flow?.id).toBe('major');
    expect(r.explanation.en).toMatch(/^re-approval needed \(rule MP-1\): line maint-q1 grew by 85000 \(850\.0%\)/);
    const after = checkPlanEvent(approved, r.event, DEFAULT_PLAN_POLICY);
    expect(after.state).toBe('submitted');
    expect(after.rounds.at(-1)!.reapproval).toBe(true);
  });

  it('MP-1: a revision within the threshold applies without re-approval', () => {
    const approved = replayPlan(plan, approvedLog());
    const r = revision(approved, changed({ 'maint-q1': '10500' }), DEFAULT_PLAN_POLICY, { at: t(5), actor: 'o' });
    expect(r.reapproval).toBe(false);
    expect(r.explanation.en).toMatch(/no budget line grew by more than 10% and more than 0/);
    expect(checkPlanEvent(approved, r.event, DEFAULT_PLAN_POLICY).content.budgetLines[0]!.amount.toString()).toBe(
      '10500',
    );
  });

  it('MP-1: a revision of a submitted plan is refused', () => {
    const submitted = replayPlan(plan, approvedLog().slice(0, 2));
    const e = (() => {
      try {
        revision(submitted, content, DEFAULT_PLAN_POLICY, { at: t(5), actor: 'o' });
      } catch (error) {
        return error as KehuValidationError;
      }
      return undefined;
    })();
    expect(e?.code).toBe('INVALID_TRANSITION');
  });
});
