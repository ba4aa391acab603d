import {
  type ApprovalFlowInput,
  approvalFlowSchema,
  type PlanEventBody,
  type PlanEventType,
  planContentSchema,
} from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { checkPlanEvent } from './plan-check.js';
import { parsePlanPolicy } from './plan-policy.js';
import {
  allowedPlanEvents,
  applyPlanEvent,
  emptyPlanSnapshot,
  PLAN_TRANSITIONS,
  pendingSigners,
  replayPlan,
} from './plan-replay.js';
import { contentOf, ev, errorOf, t, testPlan } from './test-support.js';
import { PLAN_STATES, type PlanSnapshot, type PlanState } from './types.js';

const plan = testPlan();
const content = contentOf(plan);

const flowOf = (input: ApprovalFlowInput) => approvalFlowSchema.parse(input);

const single = flowOf({
  id: 'single',
  steps: [{ id: 'mgr', name: { en: 'Manager', zh: '经理' }, mode: 'sequential', signers: ['mgr'] }],
});
const threeSteps = flowOf({
  id: 'three',
  steps: [
    { id: 'seq', name: { en: 'In order', zh: '依次' }, mode: 'sequential', signers: ['a', 'b'] },
    { id: 'all', name: { en: 'All', zh: '会签' }, mode: 'all', signers: ['c', 'd'] },
    { id: 'any', name: { en: 'Any', zh: '或签' }, mode: 'any', signers: ['e', 'f'] },
  ],
});

const drafted = ev({ type: 'drafted', at: t(0), actor: 'owner-1' });
const submit = (h: number, flow = single) => ev({ type: 'submitted', at: t(h), actor: 'owner-1', flow });
const sign = (h: number, signerId: string, actor = signerId) => ev({ type: 'signed', at: t(h), actor, signerId });

/** A log that leads to each state. */
const LOGS: Record<PlanState, PlanEventBody[]> = {
  draft: [drafted],
  submitted: [drafted, submit(1)],
  returned: [
    drafted,
    submit(1),
    ev({ type: 'returned', at: t(2), actor: 'mgr', signerId: 'mgr', reason: 'Too vague' }),
  ],
  approved: [drafted, submit(1), sign(2, 'mgr')],
  active: [drafted, submit(1), sign(2, 'mgr'), ev({ type: 'activated', at: t(3), actor: 'owner-1' })],
  evaluated: [
    drafted,
    submit(1),
    sign(2, 'mgr'),
    ev({ type: 'activated', at: t(3), actor: 'owner-1' }),
    ev({ type: 'evaluated', at: t(4), actor: 'owner-1', evaluation: { met: 3 } }),
  ],
  archived: [drafted, ev({ type: 'archived', at: t(1), actor: 'owner-1', note: 'Merged into plan 2' })],
};

/** One sample event of each type, at hour 10, fitting the logs above. */
const SAMPLES: Record<PlanEventType, PlanEventBody> = {
  drafted: ev({ type: 'drafted', at: t(10), actor: 'owner-1' }),
  revised: ev({ type: 'revised', at: t(10), actor: 'owner-1', content: planContentSchema.encode(content) }),
  submitted: submit(10),
  withdrawn: ev({ type: 'withdrawn', at: t(10), actor: 'owner-1' }),
  signed: sign(10, 'mgr'),
  returned: ev({ type: 'returned', at: t(10), actor: 'mgr', signerId: 'mgr', reason: 'Budget unclear' }),
  'signer-added': ev({ type: 'signer-added', at: t(10), actor: 'mgr', signerId: 'extra', position: 'after' }),
  delegated: ev({ type: 'delegated', at: t(10), actor: 'mgr', fromId: 'mgr', toId: 'deputy' }),
  activated: ev({ type: 'activated', at: t(10), actor: 'owner-1' }),
  evaluated: ev({ type: 'evaluated', at: t(10), actor: 'owner-1', evaluation: {} }),
  archived: ev({ type: 'archived', at: t(10), actor: 'owner-1', note: 'Done' }),
  'variance-explained': ev({
    type: 'variance-explained',
    at: t(10),
    actor: 'owner-1',
    lineId: 'maint-q1',
    category: 'maintenance',
    period: '2026-Q1',
    cause: 'price',
  }),
};

/** The state each legal (state, event type) pair leads to, written out by hand from the design. */
const EXPECTED: Record<PlanState, Partial<Record<PlanEventType, PlanState>>> = {
  draft: { revised: 'draft', submitted: 'submitted', archived: 'archived' },
  submitted: {
    signed: 'approved',
    returned: 'returned',
    'signer-added': 'submitted',
    delegated: 'submitted',
    withdrawn: 'draft',
  },
  returned: { revised: 'returned', submitted: 'submitted', archived: 'archived' },
  approved: { revised: 'approved', activated: 'active', 'variance-explained': 'approved' },
  active: { revised: 'active', evaluated: 'evaluated', 'variance-explained': 'active' },
  evaluated: { archived: 'archived', 'variance-explained': 'evaluated' },
  archived: {},
};

const anyTime = parsePlanPolicy({ approval: { delegation: 'any-time' } });

describe('the plan state machine: every state × every event type (MP-1)', () => {
  const types = Object.keys(SAMPLES) as PlanEventType[];
  for (const state of PLAN_STATES)
    for (const type of types) {
      const to = EXPECTED[state][type];
      it(`MP-1: ${state} + ${type} → ${to ?? 'INVALID_TRANSITION'}`, () => {
        const log = LOGS[state];
        expect(replayPlan(plan, log).state).toBe(state);
        const events = [...log, SAMPLES[type]];
        if (to === undefined) {
          const e = errorOf(() => replayPlan(plan, events));
          expect(e.code).toBe('INVALID_TRANSITION');
          expect(e.path).toEqual(['events', log.length, 'type']);
          const c = errorOf(() => checkPlanEvent(replayPlan(plan, log), SAMPLES[type], anyTime));
          expect(c.code).toBe('INVALID_TRANSITION');
          expect(c.path).toEqual(['event', 'type']);
          expect(allowedPlanEvents(replayPlan(plan, log))).not.toContain(type);
        } else {
          const after = replayPlan(plan, events);
          expect(after.state).toBe(to);
          expect(after.history.at(-1)).toMatchObject({ from: state, to, type, seq: events.length });
          expect(checkPlanEvent(replayPlan(plan, log), SAMPLES[type], anyTime)).toEqual(after);
          expect(allowedPlanEvents(replayPlan(plan, log))).toContain(type);
        }
      });
    }

  it('MP-1: the transition table lists exactly the hand-written legal pairs', () => {
    for (const state of PLAN_STATES)
      expect([...PLAN_TRANSITIONS[state]].sort()).toEqual(Object.keys(EXPECTED[state]).sort());
  });
});

describe('replayPlan: the log is the truth (MP-1, AR-4)', () => {
  it('MP-1: a log starts with its drafted event; an empty log is refused', () => {
    expect(errorOf(() => replayPlan(plan, [])).code).toBe('INVALID_TRANSITION');
    const e = errorOf(() => replayPlan(plan, [submit(0)]));
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(e.path).toEqual(['events', 0, 'type']);
    expect(allowedPlanEvents(emptyPlanSnapshot(plan))).toEqual(['drafted']);
  });

  it('MP-1: a draft holds the plan content and explains its first event', () => {
    const s = replayPlan(plan, [drafted]);
    expect(s).toMatchObject({ planId: 'plan-1', state: 'draft', version: 1, content, rounds: [] });
    expect(s.history[0]!.explanation).toEqual({ en: 'drafted by owner-1', zh: 'owner-1 起草了计划' });
  });

  it('MP-1: an event before the previous one is refused; the same instant is accepted', () => {
    const e = errorOf(() => replayPlan(plan, [ev({ type: 'drafted', at: t(5), actor: 'o' }), submit(4)]));
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(e.path).toEqual(['events', 1, 'at']);
    expect(e.message).toMatch(/time order/);
    expect(replayPlan(plan, [drafted, submit(0)]).state).toBe('submitted');
  });

  it('MP-1: drafted only once', () => {
    const e = errorOf(() => replayPlan(plan, [drafted, ev({ type: 'drafted', at: t(1), actor: 'o' })]));
    expect(e.code).toBe('INVALID_TRANSITION');
  });

  it('MP-1: an invalid instant is a validation error at the event', () => {
    const bad = { ...drafted, at: new Date(Number.NaN) } as PlanEventBody;
    expect(errorOf(() => replayPlan(plan, [bad])).path).toEqual(['events', 0, 'at']);
  });

  it('MP-1: applyPlanEvent is pure and needs the next seq', () => {
    const s = replayPlan(plan, [drafted]);
    const before = JSON.stringify(s);
    const after = applyPlanEvent(s, submit(1), 2);
    expect(JSON.stringify(s)).toBe(before);
    expect(after.state).toBe('submitted');
    expect(errorOf(() => applyPlanEvent(s, submit(1), 3)).path).toEqual(['seq']);
    expect(errorOf(() => applyPlanEvent(s, sign(1, 'mgr'), 2)).path).toEqual(['event', 'type']);
  });
});

describe('approval steps: sequential, 会签 and 或签 (MP-1)', () => {
  const base = [drafted, submit(1, threeSteps)];

  it('MP-1: sequential signers sign in the listed order', () => {
    const s = replayPlan(plan, base);
    expect(pendingSigners(s)).toEqual(['a']);
    const e = errorOf(() => replayPlan(plan, [...base, sign(2, 'b')]));
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(e.path).toEqual(['events', 2, 'signerId']);
    expect(e.message).toMatch(/pending: a/);
    const afterA = replayPlan(plan, [...base, sign(2, 'a')]);
    expect(pendingSigners(afterA)).toEqual(['b']);
    expect(afterA.rounds[0]!.current).toBe(0);
  });

  it('MP-1: 会签 (all) needs every signer, in any order; a signer signs once', () => {
    const log = [...base, sign(2, 'a'), sign(3, 'b')];
    const s = replayPlan(plan, log);
    expect(s.rounds[0]!.current).toBe(1);
    expect(pendingSigners(s)).toEqual(['c', 'd']);
    expect(s.history.at(-1)!.explanation.en).toMatch(/step seq \(In order\) completed/);
    const afterD = replayPlan(plan, [...log, sign(4, 'd')]);
    expect(pendingSigners(afterD)).toEqual(['c']);
    expect(errorOf(() => replayPlan(plan, [...log, sign(4, 'd'), sign(5, 'd')])).code).toBe('INVALID_TRANSITION');
    expect(replayPlan(plan, [...log, sign(4, 'd'), sign(5, 'c')]).rounds[0]!.current).toBe(2);
  });

  it('MP-1: 或签 (any) is done by one signature; the last step approves', () => {
    const log = [...base, sign(2, 'a'), sign(3, 'b'), sign(4, 'c'), sign(5, 'd')];
    const s = replayPlan(plan, log);
    expect(pendingSigners(s)).toEqual(['e', 'f']);
    const approved = replayPlan(plan, [...log, sign(6, 'f')]);
    expect(approved.state).toBe('approved');
    expect(approved.approvedAt).toEqual(t(6));
    expect(approved.rounds[0]).toMatchObject({ outcome: 'approved', current: 3 });
    expect(approved.rounds[0]!.steps.every((st) => st.done)).toBe(true);
    expect(approved.rounds[0]!.steps[2]!.signatures.map((x) => x.signerId)).toEqual(['f']);
    expect(pendingSigners(approved)).toEqual([]);
    expect(approved.history.at(-1)!.explanation.en).toMatch(/every step done: the plan is approved/);
    expect(approved.history.at(-1)!.explanation.zh).toMatch(/计划已批准/);
  });

  it('MP-1: a signer of a later step cannot sign early', () => {
    expect(errorOf(() => replayPlan(plan, [...base, sign(2, 'e')])).path).toEqual(['events', 2, 'signerId']);
  });

  it('MP-1: returned by a pending signer with a reason; resubmitted as a new round', () => {
    const ret = ev({ type: 'returned', at: t(2), actor: 'a', signerId: 'a', reason: 'Add the Q3 events' });
    const s = replayPlan(plan, [...base, ret]);
    expect(s.state).toBe('returned');
    expect(s.rounds[0]!.outcome).toBe('returned');
    expect(s.history.at(-1)!.explanation.en).toBe('returned by a in step seq (In order): Add the Q3 events');
    const again = replayPlan(plan, [...base, ret, submit(3, single)]);
    expect(again.rounds.map((r) => r.round)).toEqual([1, 2]);
    expect(pendingSigners(again)).toEqual(['mgr']);
    const notPending = ev({ type: 'returned', at: t(2), actor: 'b', signerId: 'b', reason: 'No' });
    expect(errorOf(() => replayPlan(plan, [...base, notPending])).path).toEqual(['events', 2, 'signerId']);
  });

  it('MP-1: withdrawn returns a submitted plan to draft and closes its round', () => {
    const s = replayPlan(plan, [...base, sign(2, 'a'), ev({ type: 'withdrawn', at: t(3), actor: 'owner-1' })]);
    expect(s.state).toBe('draft');
    expect(s.rounds[0]!.outcome).toBe('withdrawn');
    expect(pendingSigners(s)).toEqual([]);
    expect(s.history.at(-1)!.explanation.zh).toMatch(/撤回/);
  });
});

describe('加签: adding a signer before or after oneself (MP-1)', () => {
  const add = (h: number, actor: string, signerId: string, position: 'before' | 'after') =>
    ev({ type: 'signer-added', at: t(h), actor, signerId, position });
  const base = [drafted, submit(1, threeSteps)];

  it('MP-1: sequential, before: the added signer signs first', () => {
    const s = replayPlan(plan, [...base, add(2, 'a', 'x', 'before')]);
    const step = s.rounds[0]!.steps[0]!;
    expect(step.signers).toEqual(['x', 'a', 'b']);
    expect(step.added).toEqual(['x']);
    expect(pendingSigners(s)).toEqual(['x']);
    expect(s.history.at(-1)!.explanation.en).toMatch(/added signer x before themselves/);
    expect(errorOf(() => replayPlan(plan, [...base, add(2, 'a', 'x', 'before'), sign(3, 'a')])).code).toBe(
      'INVALID_TRANSITION',
    );
    expect(pendingSigners(replayPlan(plan, [...base, add(2, 'a', 'x', 'before'), sign(3, 'x')]))).toEqual(['a']);
  });

  it('MP-1: sequential, after: the added signer signs right after the one who added', () => {
    const s = replayPlan(plan, [...base, add(2, 'a', 'x', 'after'), sign(3, 'a')]);
    expect(s.rounds[0]!.steps[0]!.signers).toEqual(['a', 'x', 'b']);
    expect(pendingSigners(s)).toEqual(['x']);
  });

  it('MP-1: 会签, before and after: the added signer joins those who all sign', () => {
    const toAll = [...base, sign(2, 'a'), sign(3, 'b')];
    for (const position of ['before', 'after'] as const) {
      const s = replayPlan(plan, [...toAll, add(4, 'd', 'x', position)]);
      const step = s.rounds[0]!.steps[1]!;
      expect(step.signers).toEqual(position === 'before' ? ['c', 'x', 'd'] : ['c', 'd', 'x']);
      expect(pendingSigners(s).sort()).toEqual(['c', 'd', 'x']);
      const done = replayPlan(plan, [...toAll, add(4, 'd', 'x', position), sign(5, 'c'), sign(6, 'd')]);
      expect(done.rounds[0]!.current).toBe(1);
      expect(
        replayPlan(plan, [...toAll, add(4, 'd', 'x', position), sign(5, 'c'), sign(6, 'd'), sign(7, 'x')]).rounds[0]!
          .current,
      ).toBe(2);
    }
  });

  it('MP-1: 或签, before and after: the added signer is one more alternative', () => {
    const toAny = [...base, sign(2, 'a'), sign(3, 'b'), sign(4, 'c'), sign(5, 'd')];
    for (const position of ['before', 'after'] as const) {
      const s = replayPlan(plan, [...toAny, add(6, 'e', 'x', position)]);
      expect(pendingSigners(s).sort()).toEqual(['e', 'f', 'x']);
      expect(replayPlan(plan, [...toAny, add(6, 'e', 'x', position), sign(7, 'x')]).state).toBe('approved');
    }
  });

  it('MP-1: only a pending signer adds, and not someone already in the step', () => {
    expect(errorOf(() => replayPlan(plan, [...base, add(2, 'b', 'x', 'after')])).path).toEqual(['events', 2, 'actor']);
    expect(errorOf(() => replayPlan(plan, [...base, add(2, 'a', 'b', 'after')])).path).toEqual([
      'events',
      2,
      'signerId',
    ]);
  });
});

describe('delegation in the log (MP-1, AR-4)', () => {
  const base = [drafted, submit(1, threeSteps)];
  const delegate = (h: number, fromId: string, toId: string, until?: Date) =>
    ev({ type: 'delegated', at: t(h), actor: fromId, fromId, toId, ...(until === undefined ? {} : { until }) });

  it('MP-1: a delegate signs for the signer and the history says so', () => {
    const s = replayPlan(plan, [...base, delegate(2, 'a', 'z'), sign(3, 'a', 'z')]);
    const sig = s.rounds[0]!.steps[0]!.signatures[0]!;
    expect(sig).toMatchObject({ signerId: 'a', actor: 'z', seq: 4 });
    expect(s.history.at(-1)!.explanation.en).toMatch(/^signed by z for a \(delegated\)/);
    expect(s.history.at(-1)!.explanation.zh).toMatch(/z 代 a/);
    expect(s.delegations).toEqual([{ fromId: 'a', toId: 'z', at: t(2), round: 1 }]);
  });

  it('MP-1: nobody signs for another without a delegation', () => {
    const e = errorOf(() => replayPlan(plan, [...base, sign(2, 'a', 'z')]));
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(e.path).toEqual(['events', 2, 'actor']);
  });

  it('MP-1: a delegation ends at its until', () => {
    const log = [...base, delegate(2, 'a', 'z', t(5))];
    expect(replayPlan(plan, [...log, sign(4, 'a', 'z')]).rounds[0]!.steps[0]!.signatures).toHaveLength(1);
    const e = errorOf(() => replayPlan(plan, [...log, sign(5, 'a', 'z')]));
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(e.message).toMatch(/ended/);
  });

  it('MP-1: a delegation serves the round it was given in, not a later submission', () => {
    const withdrawn = ev({ type: 'withdrawn', at: t(3), actor: 'owner-1' });
    const log = [...base, delegate(2, 'a', 'z'), withdrawn, submit(4, threeSteps)];
    const e = errorOf(() => replayPlan(plan, [...log, sign(5, 'a', 'z')]));
    expect(e).toMatchObject({ code: 'INVALID_TRANSITION', path: ['events', 5, 'actor'] });
    expect(e.message).toMatch(/round 2/);
    expect(replayPlan(plan, [...log, delegate(5, 'a', 'z'), sign(6, 'a', 'z')]).rounds[1]!.steps[0]!.done).toBe(false);
  });

  it('MP-1: a delegate also returns for the signer', () => {
    const ret = ev({ type: 'returned', at: t(3), actor: 'z', signerId: 'a', reason: 'Missing targets' });
    const s = replayPlan(plan, [...base, delegate(2, 'a', 'z'), ret]);
    expect(s.state).toBe('returned');
    expect(s.history.at(-1)!.explanation.en).toMatch(/z for a \(delegated\)/);
  });

  it('MP-1: delegation from a non-signer, to oneself, or ending before it starts is refused', () => {
    expect(errorOf(() => replayPlan(plan, [...base, delegate(2, 'q', 'z')])).path).toEqual(['events', 2, 'fromId']);
    expect(errorOf(() => replayPlan(plan, [...base, delegate(2, 'a', 'a')])).path).toEqual(['events', 2, 'toId']);
    expect(errorOf(() => replayPlan(plan, [...base, delegate(2, 'a', 'z', t(2))])).path).toEqual([
      'events',
      2,
      'until',
    ]);
  });
});

describe('revisions and re-approval (MP-1)', () => {
  const grown = planContentSchema.encode({
    ...content,
    budgetLines: content.budgetLines.map((l) =>
      l.id === 'maint-q1' ? { ...l, amount: l.amount.plus(2000) } : { ...l },
    ),
  });
  const approved = LOGS.approved;
  const reviseWithFlow = ev({ type: 'revised', at: t(5), actor: 'owner-1', content: grown, flow: single });

  it('MP-1: a draft revision replaces the content at once; a flow on it is refused', () => {
    const s = replayPlan(plan, [drafted, ev({ type: 'revised', at: t(1), actor: 'o', content: grown })]);
    expect(s.content.budgetLines[0]!.amount.toString()).toBe('12000');
    expect(s.history.at(-1)!.explanation.en).toMatch(/budget total 15000 → 17000 CNY/);
    const e = errorOf(() => replayPlan(plan, [drafted, { ...reviseWithFlow, at: t(1) }]));
    expect(e.path).toEqual(['events', 1, 'flow']);
  });

  it('MP-1, MP-2: while a revision waits for re-approval, variances of the approved content still get causes', () => {
    const waiting = replayPlan(plan, [...approved, reviseWithFlow]);
    expect(allowedPlanEvents(waiting)).toContain('variance-explained');
    const cause = ev({
      type: 'variance-explained',
      at: t(6),
      actor: 'owner-1',
      lineId: 'maint-q1',
      category: 'maintenance',
      period: '2026-Q1',
      cause: 'price',
    });
    const s = replayPlan(plan, [...approved, reviseWithFlow, cause]);
    expect(s.state).toBe('submitted');
    expect(s.causes).toHaveLength(1);
    expect(s.history.at(-1)!.explanation.en).toBe(
      'variance cause price recorded by owner-1 for line maint-q1 (maintenance) in 2026-Q1 (rule MP-2)',
    );
    expect(s.history.at(-1)!.explanation.zh).toBe(
      'owner-1 记录了 2026-Q1 预算行 maint-q1（维护）的差异原因：price（规则 MP-2）',
    );
    // A first submission is not a re-approval: nothing is in effect yet to explain.
    expect(allowedPlanEvents(replayPlan(plan, LOGS.submitted))).not.toContain('variance-explained');
  });

  it('MP-1: a revision with a flow waits for approval; the approved content stays in effect', () => {
    const s = replayPlan(plan, [...approved, reviseWithFlow]);
    expect(s.state).toBe('submitted');
    expect(s.content.budgetLines[0]!.amount.toString()).toBe('10000');
    expect(s.pendingRevision!.content.budgetLines[0]!.amount.toString()).toBe('12000');
    expect(s.rounds.at(-1)).toMatchObject({ round: 2, reapproval: true });
    expect(s.history.at(-1)!.explanation.en).toMatch(/re-approval .* maint-q1 \+2000 \(10000 → 12000\)/);
  });

  it('MP-1: an approved re-approval applies the revision and returns to approved', () => {
    const s = replayPlan(plan, [...approved, reviseWithFlow, sign(6, 'mgr')]);
    expect(s.state).toBe('approved');
    expect(s.pendingRevision).toBeUndefined();
    expect(s.content.budgetLines[0]!.amount.toString()).toBe('12000');
    expect(s.history.at(-1)!.explanation.en).toMatch(/revision is approved and applies/);
  });

  it('MP-1: an approved re-approval of an active plan returns to active', () => {
    const log = [...LOGS.active, { ...reviseWithFlow, at: t(5) }, sign(6, 'mgr')];
    const s = replayPlan(plan, log);
    expect(s.state).toBe('active');
    expect(s.content.budgetLines[0]!.amount.toString()).toBe('12000');
  });

  it('MP-1: a returned re-approval keeps the approved content and state', () => {
    const ret = ev({ type: 'returned', at: t(6), actor: 'mgr', signerId: 'mgr', reason: 'Too costly' });
    for (const log of [approved, LOGS.active]) {
      const before = replayPlan(plan, log);
      const s = replayPlan(plan, [...log, reviseWithFlow, ret]);
      expect(s.state).toBe(before.state);
      expect(s.content).toEqual(before.content);
      expect(s.pendingRevision).toBeUndefined();
      expect(s.rounds.at(-1)!.outcome).toBe('returned');
      expect(s.history.at(-1)!.explanation.en).toMatch(/approved content stays in effect/);
    }
  });

  it('MP-1: a withdrawn re-approval keeps the approved content and state', () => {
    const s = replayPlan(plan, [...LOGS.active, reviseWithFlow, ev({ type: 'withdrawn', at: t(6), actor: 'owner-1' })]);
    expect(s.state).toBe('active');
    expect(s.content.budgetLines[0]!.amount.toString()).toBe('10000');
  });

  it('MP-1, AR-4: only the submitter or the plan owner withdraws; a signer cannot bypass returning', () => {
    const other = ev({ type: 'submitted', at: t(1), actor: 'assistant', flow: single });
    const withdraw = (actor: string, h = 2) => ev({ type: 'withdrawn', at: t(h), actor });
    const e = errorOf(() => replayPlan(plan, [drafted, other, withdraw('mgr')]));
    expect(e).toMatchObject({ code: 'INVALID_TRANSITION', path: ['events', 2, 'actor'] });
    expect(e.message).toMatch(/only its submitter assistant or the plan's owner owner-1/);
    expect(replayPlan(plan, [drafted, other, withdraw('assistant')]).state).toBe('draft');
    expect(replayPlan(plan, [drafted, other, withdraw('owner-1')]).state).toBe('draft');
    expect(replayPlan(plan, [drafted, other]).rounds[0]!.submittedBy).toBe('assistant');
    // A re-approval round is withdrawn by whoever revised (or the owner), not by its signer.
    expect(() => replayPlan(plan, [...LOGS.active, reviseWithFlow, withdraw('mgr', 6)])).toThrow(/cannot withdraw/);
  });

  it('MP-1: a revision without a flow applies at once in an approved plan (replay trusts the log)', () => {
    const s = replayPlan(plan, [...approved, ev({ type: 'revised', at: t(5), actor: 'o', content: grown })]);
    expect(s.state).toBe('approved');
    expect(s.content.budgetLines[0]!.amount.toString()).toBe('12000');
    expect(s.history.at(-1)!.explanation.en).toMatch(/without re-approval/);
  });
});

describe('the rest of the life: activation, evaluation, archive, variance causes (MP-1, MP-2)', () => {
  it('MP-1: milestones are recorded', () => {
    const s = replayPlan(plan, [...LOGS.evaluated, ev({ type: 'archived', at: t(9), actor: 'owner-1' })]);
    expect(s).toMatchObject({
      state: 'archived',
      submittedAt: t(1),
      approvedAt: t(2),
      activatedAt: t(3),
      evaluatedAt: t(4),
      archivedAt: t(9),
      evaluation: { met: 3 },
    });
    expect(s.history.map((h) => `${h.from}>${h.to}`)).toEqual([
      'draft>draft',
      'draft>submitted',
      'submitted>approved',
      'approved>active',
      'active>evaluated',
      'evaluated>archived',
    ]);
    expect(allowedPlanEvents(s)).toEqual([]);
  });

  it('MP-1: abandoning a draft or returned plan archives it, explained with the note', () => {
    const s = replayPlan(plan, LOGS.archived);
    expect(s.history.at(-1)!.explanation.en).toBe('abandoned by owner-1 while draft and archived (Merged into plan 2)');
  });

  it('MP-2: variance causes are recorded in approved, active and evaluated plans', () => {
    for (const state of ['approved', 'active', 'evaluated'] as const) {
      const s: PlanSnapshot = replayPlan(plan, [...LOGS[state], SAMPLES['variance-explained']]);
      expect(s.state).toBe(state);
      expect(s.causes).toEqual([
        {
          lineId: 'maint-q1',
          category: 'maintenance',
          period: '2026-Q1',
          cause: 'price',
          actor: 'owner-1',
          at: t(10),
          seq: LOGS[state].length + 1,
        },
      ]);
      expect(s.history.at(-1)!.explanation.en).toMatch(/variance cause price .* line maint-q1/);
    }
  });
});
