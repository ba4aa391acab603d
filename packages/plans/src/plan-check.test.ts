import { approvalFlowSchema, Decimal, type PlanEventBodyInput, planContentSchema } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { checkPlanEvent } from './plan-check.js';
import { DEFAULT_PLAN_POLICY, parsePlanPolicy } from './plan-policy.js';
import { replayPlan } from './plan-replay.js';
import { contentOf, ev, errorOf, t, testPlan } from './test-support.js';

const plan = testPlan();
const content = contentOf(plan);
const flow = approvalFlowSchema.parse({
  id: 'two',
  steps: [
    { id: 'seq', name: { en: 'Managers', zh: '经理' }, mode: 'sequential', signers: ['a', 'b'] },
    { id: 'any', name: { en: 'Finance', zh: '财务' }, mode: 'any', signers: ['e', 'f'] },
  ],
});
const drafted = ev({ type: 'drafted', at: t(0), actor: 'owner-1' });
const submitted = ev({ type: 'submitted', at: t(1), actor: 'owner-1', flow });
const sign = (h: number, signerId: string) => ev({ type: 'signed', at: t(h), actor: signerId, signerId });
const approvedLog = [drafted, submitted, sign(2, 'a'), sign(3, 'b'), sign(4, 'e')];

/** The content with line `maint-q1` at `amount`. */
const withMaint = (amount: string) =>
  planContentSchema.encode({
    ...content,
    budgetLines: content.budgetLines.map((l) => (l.id === 'maint-q1' ? { ...l, amount: new Decimal(amount) } : l)),
  });

describe('checkPlanEvent: re-approval (MP-1)', () => {
  const approved = replayPlan(plan, approvedLog);

  it('MP-1: a line grown past the threshold needs a flow, and the error says which line by how much', () => {
    const e = errorOf(() =>
      checkPlanEvent(
        approved,
        ev({ type: 'revised', at: t(5), actor: 'o', content: withMaint('12000') }),
        DEFAULT_PLAN_POLICY,
      ),
    );
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(e.path).toEqual(['event', 'flow']);
    expect(e.message).toMatch(/line maint-q1 grew by 2000 \(20\.0%\) from 10000 to 12000/);
    expect(e.message).toMatch(/more than 10% and more than 0/);
  });

  it('MP-1: growth within the threshold applies at once; a flow is always accepted', () => {
    const small = ev({ type: 'revised', at: t(5), actor: 'o', content: withMaint('11000') });
    expect(checkPlanEvent(approved, small, DEFAULT_PLAN_POLICY).content.budgetLines[0]!.amount.toString()).toBe(
      '11000',
    );
    const big = ev({ type: 'revised', at: t(5), actor: 'o', content: withMaint('12000'), flow });
    expect(checkPlanEvent(approved, big, DEFAULT_PLAN_POLICY).state).toBe('submitted');
  });

  it('MP-1: the threshold amount counts too (more than both)', () => {
    const policy = parsePlanPolicy({ approval: { reapproval: { growthShare: 0.1, growthAmount: '5000' } } });
    const e = ev({ type: 'revised', at: t(5), actor: 'o', content: withMaint('12000') });
    expect(checkPlanEvent(approved, e, policy).state).toBe('approved');
  });

  it('MP-1: an active plan is held to the same rule', () => {
    const active = replayPlan(plan, [...approvedLog, ev({ type: 'activated', at: t(5), actor: 'o' })]);
    const e = ev({ type: 'revised', at: t(6), actor: 'o', content: withMaint('20000') });
    expect(errorOf(() => checkPlanEvent(active, e, DEFAULT_PLAN_POLICY)).message).toMatch(/an active plan/);
  });
});

describe('checkPlanEvent: 加签 limits (MP-1)', () => {
  const open = replayPlan(plan, [drafted, submitted]);
  const add = (h: number, actor: string, signerId: string) =>
    ev({ type: 'signer-added', at: t(h), actor, signerId, position: 'after' });

  it('MP-1: refused when the policy does not allow 加签', () => {
    const policy = parsePlanPolicy({ approval: { addSigner: { allowed: false } } });
    const e = errorOf(() => checkPlanEvent(open, add(2, 'a', 'x'), policy));
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(e.message).toMatch(/addSigner\.allowed/);
  });

  it('MP-1: at most maxPerStep added signers per step', () => {
    const policy = parsePlanPolicy({ approval: { addSigner: { maxPerStep: 1 } } });
    const once = checkPlanEvent(open, add(2, 'a', 'x'), policy);
    expect(once.rounds[0]!.steps[0]!.added).toEqual(['x']);
    const e = errorOf(() => checkPlanEvent(once, add(3, 'a', 'y'), policy));
    expect(e.path).toEqual(['event', 'signerId']);
    expect(e.message).toMatch(/maxPerStep 1/);
  });
});

describe('checkPlanEvent: delegation modes (MP-1)', () => {
  const open = replayPlan(plan, [drafted, submitted]);
  // 2026-01-05T17:00Z is 2026-01-06 01:00 in Shanghai.
  const at = new Date(Date.UTC(2026, 0, 5, 17));
  const delegated = ev({ type: 'delegated', at, actor: 'a', fromId: 'a', toId: 'z' });
  const signers = [{ id: 'a', leave: [{ from: '2026-01-06', to: '2026-01-09' }] }];

  it('MP-1: on-leave: allowed while the signer is on leave on the local date of the event', () => {
    const s = checkPlanEvent(open, delegated, DEFAULT_PLAN_POLICY, { signers, timeZone: 'Asia/Shanghai' });
    expect(s.delegations).toHaveLength(1);
    const signed = checkPlanEvent(s, ev({ type: 'signed', at, actor: 'z', signerId: 'a' }), DEFAULT_PLAN_POLICY);
    expect(signed.history.at(-1)!.explanation.en).toMatch(/signed by z for a \(delegated\)/);
  });

  it('MP-1: on-leave: refused when not on leave (the same instant is 2026-01-05 in UTC)', () => {
    const e = errorOf(() => checkPlanEvent(open, delegated, DEFAULT_PLAN_POLICY, { signers, timeZone: 'UTC' }));
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(e.path).toEqual(['event', 'fromId']);
    expect(e.message).toMatch(/not on leave on 2026-01-05/);
    const nobody = errorOf(() => checkPlanEvent(open, delegated, DEFAULT_PLAN_POLICY, { timeZone: 'Asia/Shanghai' }));
    expect(nobody.code).toBe('INVALID_TRANSITION');
  });

  it('MP-1: on-leave: the time zone is required and must be known', () => {
    const missing = errorOf(() => checkPlanEvent(open, delegated, DEFAULT_PLAN_POLICY, { signers }));
    expect(missing.code).toBe('VALIDATION_FAILED');
    expect(missing.path).toEqual(['options', 'timeZone']);
    const unknown = errorOf(() =>
      checkPlanEvent(open, delegated, DEFAULT_PLAN_POLICY, { signers, timeZone: 'Mars/Olympus' }),
    );
    expect(unknown.path).toEqual(['options', 'timeZone']);
  });

  it('MP-1: a delegate cannot sign once the delegation expired', () => {
    const until = new Date(at.getTime() + 3_600_000);
    const withUntil = ev({ type: 'delegated', at, actor: 'a', fromId: 'a', toId: 'z', until });
    const s = checkPlanEvent(open, withUntil, DEFAULT_PLAN_POLICY, { signers, timeZone: 'Asia/Shanghai' });
    const late = ev({ type: 'signed', at: until, actor: 'z', signerId: 'a' });
    expect(errorOf(() => checkPlanEvent(s, late, DEFAULT_PLAN_POLICY)).code).toBe('INVALID_TRANSITION');
  });

  it('MP-1, AR-4: a delegation is given by the signer or taken by the cover their leave names, by nobody else', () => {
    const anyTime = parsePlanPolicy({ approval: { delegation: 'any-time' } });
    const grab = ev({ type: 'delegated', at, actor: 'z', fromId: 'a', toId: 'z' });
    for (const policy of [anyTime, DEFAULT_PLAN_POLICY]) {
      const e = errorOf(() => checkPlanEvent(open, grab, policy, { signers, timeZone: 'Asia/Shanghai' }));
      expect(e).toMatchObject({ code: 'INVALID_TRANSITION', path: ['event', 'actor'] });
    }
    const covered = [{ id: 'a', leave: [{ from: '2026-01-06', to: '2026-01-09', coverId: 'z' }] }];
    const s = checkPlanEvent(open, grab, DEFAULT_PLAN_POLICY, { signers: covered, timeZone: 'Asia/Shanghai' });
    expect(s.delegations).toMatchObject([{ fromId: 'a', toId: 'z' }]);
    // The cover takes the delegation for themselves only, and only on a date of the leave.
    const toOther = ev({ type: 'delegated', at, actor: 'z', fromId: 'a', toId: 'y' });
    expect(
      errorOf(() => checkPlanEvent(open, toOther, anyTime, { signers: covered, timeZone: 'Asia/Shanghai' })).path,
    ).toEqual(['event', 'actor']);
    expect(errorOf(() => checkPlanEvent(open, grab, anyTime, { signers: covered, timeZone: 'UTC' })).path).toEqual([
      'event',
      'actor',
    ]);
  });

  it('MP-1: never refuses, any-time allows', () => {
    const never = parsePlanPolicy({ approval: { delegation: 'never' } });
    expect(errorOf(() => checkPlanEvent(open, delegated, never, { signers, timeZone: 'UTC' })).message).toMatch(
      /never/,
    );
    const anyTime = parsePlanPolicy({ approval: { delegation: 'any-time' } });
    expect(checkPlanEvent(open, delegated, anyTime).delegations).toHaveLength(1);
  });
});

describe('checkPlanEvent: variance causes and abandoning (MP-1, MP-2)', () => {
  const approved = replayPlan(plan, approvedLog);
  const variance = (fields: Partial<PlanEventBodyInput>) =>
    ev({
      type: 'variance-explained',
      at: t(6),
      actor: 'o',
      lineId: 'maint-q1',
      category: 'maintenance',
      period: '2026-Q1',
      cause: 'price',
      ...fields,
    } as PlanEventBodyInput);

  it('MP-2: a cause of the taxonomy for a line of the content is recorded', () => {
    expect(checkPlanEvent(approved, variance({}), DEFAULT_PLAN_POLICY).causes).toHaveLength(1);
  });

  it('MP-2: an unknown cause, line or a line of another category is refused', () => {
    expect(errorOf(() => checkPlanEvent(approved, variance({ cause: 'weather' }), DEFAULT_PLAN_POLICY)).path).toEqual([
      'event',
      'cause',
    ]);
    expect(errorOf(() => checkPlanEvent(approved, variance({ lineId: 'nope' }), DEFAULT_PLAN_POLICY)).path).toEqual([
      'event',
      'lineId',
    ]);
    expect(errorOf(() => checkPlanEvent(approved, variance({ category: 'events' }), DEFAULT_PLAN_POLICY)).path).toEqual(
      ['event', 'category'],
    );
  });

  it('MP-1: abandoning a draft or a returned plan needs a note; archiving an evaluated plan does not', () => {
    const draft = replayPlan(plan, [drafted]);
    const bare = ev({ type: 'archived', at: t(1), actor: 'o' });
    const e = errorOf(() => checkPlanEvent(draft, bare, DEFAULT_PLAN_POLICY));
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(e.path).toEqual(['event', 'note']);
    const noted = ev({ type: 'archived', at: t(1), actor: 'o', note: 'Customer group dissolved' });
    expect(checkPlanEvent(draft, noted, DEFAULT_PLAN_POLICY).state).toBe('archived');
    const returned = replayPlan(plan, [
      drafted,
      submitted,
      ev({ type: 'returned', at: t(2), actor: 'a', signerId: 'a', reason: 'No' }),
    ]);
    expect(errorOf(() => checkPlanEvent(returned, { ...bare, at: t(3) }, DEFAULT_PLAN_POLICY)).path).toEqual([
      'event',
      'note',
    ]);
    const evaluated = replayPlan(plan, [
      ...approvedLog,
      ev({ type: 'activated', at: t(5), actor: 'o' }),
      ev({ type: 'evaluated', at: t(6), actor: 'o', evaluation: {} }),
    ]);
    expect(checkPlanEvent(evaluated, { ...bare, at: t(7) }, DEFAULT_PLAN_POLICY).state).toBe('archived');
  });

  it('MP-1: checking never changes the snapshot it is given', () => {
    const before = JSON.stringify(approved);
    checkPlanEvent(approved, variance({}), DEFAULT_PLAN_POLICY);
    expect(() => checkPlanEvent(approved, variance({ cause: 'x' }), DEFAULT_PLAN_POLICY)).toThrow();
    expect(JSON.stringify(approved)).toBe(before);
  });

  it('MP-1: time order is checked too', () => {
    const e = errorOf(() =>
      checkPlanEvent(approved, variance({ at: t(1) } as Partial<PlanEventBodyInput>), DEFAULT_PLAN_POLICY),
    );
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(e.path).toEqual(['event', 'at']);
  });
});
