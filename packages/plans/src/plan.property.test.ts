import { Decimal, type PlanContent, type PlanEventBody, type PlanEventType } from '@kehu/core';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { revision, submission } from './approval-flow.js';
import { checkPlanEvent } from './plan-check.js';
import { parsePlanPolicy } from './plan-policy.js';
import {
  allowedPlanEvents,
  applyPlanEvent,
  emptyPlanSnapshot,
  openRound,
  pendingSigners,
  replayPlan,
} from './plan-replay.js';
import { contentOf, testPlan } from './test-support.js';
import { PLAN_STATES, type PlanSnapshot } from './types.js';

const plan = testPlan({ id: 'plan-p', name: 'Property plan' });
const content = contentOf(plan);

const policy = parsePlanPolicy({
  approval: {
    delegation: 'any-time',
    addSigner: { maxPerStep: 2 },
    flows: [
      {
        minBudget: '0',
        flow: {
          id: 'three',
          steps: [
            { id: 'seq', name: { en: 'In order', zh: '依次' }, mode: 'sequential', signers: ['a', 'b'] },
            { id: 'all', name: { en: 'All', zh: '会签' }, mode: 'all', signers: ['c', 'd'] },
            { id: 'any', name: { en: 'Any', zh: '或签' }, mode: 'any', signers: ['e', 'f'] },
          ],
        },
      },
      {
        minBudget: '17000',
        flow: {
          id: 'big',
          steps: [{ id: 'gm', name: { en: 'GM', zh: '总经理' }, mode: 'sequential', signers: ['g'] }],
        },
      },
    ],
  },
});

const T0 = Date.UTC(2026, 0, 5);
const pick = <T>(items: readonly T[], r: number): T => items[r % items.length]!;

/** `content` with line maint-q1 at 10,000 plus a multiple of 1,000. */
function contentWith(r: number): PlanContent {
  return {
    ...content,
    budgetLines: content.budgetLines.map((l) =>
      l.id === 'maint-q1' ? { ...l, amount: new Decimal(10_000 + (r % 5) * 1000) } : l,
    ),
  };
}

/** The delegates of `signerId` in effect at `at`. */
function delegatesOf(s: PlanSnapshot, signerId: string, at: Date): string[] {
  const round = s.rounds.at(-1)?.round;
  return s.delegations
    .filter(
      (d) => d.fromId === signerId && d.round === round && (d.until === undefined || at.getTime() < d.until.getTime()),
    )
    .map((d) => d.toId);
}

/** One legal event of type `type` for snapshot `s`, or undefined when none can be built. */
function make(s: PlanSnapshot, type: PlanEventType, at: Date, r: number): PlanEventBody | undefined {
  const actor = 'owner-1';
  switch (type) {
    case 'drafted':
    case 'withdrawn':
    case 'activated':
      return { type, at, actor };
    case 'revised': {
      const built = revision(s, contentWith(r), policy, { at, actor }).event;
      // Sometimes a revision that needs no re-approval is still sent for approval.
      if (
        built.type === 'revised' &&
        built.flow === undefined &&
        (s.state === 'approved' || s.state === 'active') &&
        r % 7 === 0
      )
        return { ...built, flow: policy.approval.flows[0]!.flow };
      return built;
    }
    case 'submitted':
      return submission(s, policy, { at, actor });
    case 'signed':
    case 'returned': {
      const signerId = pick(pendingSigners(s), r);
      const who = pick([signerId, ...delegatesOf(s, signerId, at)], r >> 2);
      return type === 'signed'
        ? { type, at, actor: who, signerId }
        : { type, at, actor: who, signerId, reason: 'Not yet' };
    }
    case 'signer-added': {
      const round = openRound(s)!;
      const step = round.steps[round.current]!;
      const candidates = ['x', 'y', 'z'].filter((id) => !step.signers.includes(id));
      if (candidates.length === 0 || step.added.length >= policy.approval.addSigner.maxPerStep) return undefined;
      return {
        type,
        at,
        actor: pick(step.pending, r),
        signerId: pick(candidates, r >> 2),
        position: r % 2 === 0 ? 'before' : 'after',
      };
    }
    case 'delegated': {
      const round = openRound(s)!;
      const fromId = pick(
        round.steps.flatMap((st) => st.signers),
        r,
      );
      const toId = pick(['d1', 'd2'], r >> 3);
      const hours = (r >> 4) % 3;
      return hours === 0
        ? { type, at, actor: fromId, fromId, toId }
        : { type, at, actor: fromId, fromId, toId, until: new Date(at.getTime() + hours * 3_600_000) };
    }
    case 'evaluated':
      return { type, at, actor, evaluation: { score: r % 10 } };
    case 'archived':
      return s.state === 'evaluated' && r % 2 === 0 ? { type, at, actor } : { type, at, actor, note: 'Closed' };
    case 'variance-explained': {
      const cause = pick(policy.budget.causes, r).code;
      const base = { type, at, actor, category: 'maintenance' as const, period: '2026-Q1', cause };
      return r % 2 === 0 ? { ...base, lineId: 'maint-q1' } : base;
    }
  }
}

/** How often each allowed type is drawn: mostly forward, so that logs reach every state. */
const WEIGHTS: Readonly<Record<PlanEventType, number>> = {
  drafted: 1,
  revised: 2,
  submitted: 4,
  withdrawn: 1,
  signed: 10,
  returned: 1,
  'signer-added': 2,
  delegated: 2,
  activated: 4,
  evaluated: 3,
  archived: 1,
  'variance-explained': 2,
};

/** The type of weight position `r` among `allowed`. */
function weighted(allowed: readonly PlanEventType[], r: number): PlanEventType {
  let left = r % allowed.reduce((sum, type) => sum + WEIGHTS[type], 0);
  for (const type of allowed) {
    left -= WEIGHTS[type];
    if (left < 0) return type;
  }
  return allowed[0]!;
}

/** A random legal log: each event's type drawn from what the state allows, checked as it is built. */
function legalLog(choices: readonly number[]): { events: PlanEventBody[]; folded: PlanSnapshot } {
  let snapshot = emptyPlanSnapshot(plan);
  const events: PlanEventBody[] = [];
  let ms = T0;
  for (const c of choices) {
    const allowed = allowedPlanEvents(snapshot);
    if (allowed.length === 0) break;
    ms += ((c >> 5) % 3) * 1_800_000;
    const event = make(snapshot, weighted(allowed, c), new Date(ms), c >> 7);
    if (event === undefined) continue;
    snapshot = checkPlanEvent(snapshot, event, policy);
    events.push(event);
  }
  return { events, folded: snapshot };
}

const choicesArb = fc.array(fc.nat({ max: 1 << 20 }), { minLength: 1, maxLength: 80, size: 'max' });

describe('plan replay properties (MP-1, AR-4)', () => {
  it('MP-1: replayPlan equals folding checkPlanEvent over random legal logs, inputs never mutated', () => {
    fc.assert(
      fc.property(choicesArb, (choices) => {
        const { events, folded } = legalLog(choices);
        const planJson = JSON.stringify(plan);
        const eventsJson = JSON.stringify(events);
        const replayed = replayPlan(plan, events);
        expect(replayed).toEqual(folded);
        let s = replayPlan(plan, events.slice(0, 1));
        for (let i = 1; i < events.length; i++) {
          const before = JSON.stringify(s);
          const next = checkPlanEvent(s, events[i]!, policy);
          expect(JSON.stringify(s)).toBe(before);
          expect(applyPlanEvent(s, events[i]!, i + 1)).toEqual(next);
          s = next;
        }
        expect(s).toEqual(replayed);
        expect(JSON.stringify(plan)).toBe(planJson);
        expect(JSON.stringify(events)).toBe(eventsJson);
      }),
      { numRuns: 150 },
    );
  });

  it('MP-1: the state is always one of PLAN_STATES and the snapshot stays consistent', () => {
    fc.assert(
      fc.property(choicesArb, (choices) => {
        const { events, folded } = legalLog(choices);
        expect(PLAN_STATES).toContain(folded.state);
        expect(folded.version).toBe(events.length);
        expect(folded.history.map((h) => h.seq)).toEqual(events.map((_, i) => i + 1));
        for (const h of folded.history) {
          expect(PLAN_STATES).toContain(h.from);
          expect(PLAN_STATES).toContain(h.to);
          expect(h.explanation.en).not.toBe('');
          expect(h.explanation.zh).not.toBe('');
        }
        for (let i = 1; i < folded.history.length; i++) expect(folded.history[i]!.from).toBe(folded.history[i - 1]!.to);
        const round = openRound(folded);
        expect(folded.pendingRevision !== undefined).toBe(round?.reapproval === true);
        if (round !== undefined) expect(pendingSigners(folded).length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });
});
