import { type OpportunityEventBodyInput, parseOpportunity, parseOpportunityEvent } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { checkOpportunityEvent, replayOpportunity } from './opportunity-check.js';
import { DEFAULT_OPPORTUNITY_POLICY as policy } from './opportunity-policy.js';
import { errorOf } from './test-support.js';

const opportunity = parseOpportunity({
  id: 'o-1',
  customerId: 'c-1',
  salespersonId: 'am-01',
  expectedRevenue: '125000.50',
  currency: 'CNY',
  expectedCloseDate: '2026-06-30',
  createdAt: '2026-03-02T01:00:00Z',
  stage: 'lead',
});

let minute = 0;
function ev(body: Record<string, unknown>) {
  minute++;
  const at = new Date(Date.UTC(2026, 2, 2, 2, minute)).toISOString();
  return parseOpportunityEvent({ at, actor: 'am-01', ...body } as OpportunityEventBodyInput);
}

function refusal(f: () => unknown): { code: string; path: readonly (string | number)[] } {
  const { code, path } = errorOf(f);
  return { code, path };
}

describe('replayOpportunity (MP-3)', () => {
  it('MP-3: folds stage moves (forward, backward, skipping), outcome, reopening, revenue, date and salesperson', () => {
    const log = [
      parseOpportunityEvent({ type: 'created', at: '2026-03-02T01:00:00Z', actor: 'am-01', stage: 'lead' }),
      ev({ type: 'stage-changed', stage: 'proposal' }),
      ev({ type: 'stage-changed', stage: 'qualified' }),
      ev({ type: 'probability-set', probability: 35 }),
      ev({ type: 'revenue-changed', expectedRevenue: '99000.10' }),
      ev({ type: 'close-date-changed', expectedCloseDate: '2026-07-15' }),
      ev({ type: 'reassigned', salespersonId: 'am-02' }),
      ev({ type: 'lost', reason: 'price' }),
      ev({ type: 'reopened', stage: 'negotiation' }),
    ];
    const state = replayOpportunity(opportunity, log);
    expect(state).toMatchObject({
      status: 'open',
      stage: 'negotiation',
      manualProbability: 35,
      expectedCloseDate: '2026-07-15',
      salespersonId: 'am-02',
      version: 9,
    });
    expect(state.expectedRevenue.toString()).toBe('99000.1');
    expect(state.reason).toBeUndefined();
    expect(state.visits.map((v) => v.stage)).toEqual(['lead', 'proposal', 'qualified', null, 'negotiation']);
  });

  it('MP-3: events after asOf are ignored; an opportunity created after asOf is refused', () => {
    minute = 0;
    const log = [ev({ type: 'stage-changed', stage: 'qualified' }), ev({ type: 'won', reason: 'price' })];
    const state = replayOpportunity(opportunity, log, { asOf: log[0]!.at });
    expect(state.status).toBe('open');
    expect(state.stage).toBe('qualified');
    expect(refusal(() => replayOpportunity(opportunity, log, { asOf: new Date('2026-03-01T00:00:00Z') })).path).toEqual(
      ['asOf'],
    );
  });

  it('MP-3: refused events carry INVALID_TRANSITION and the path of the event in the log', () => {
    minute = 0;
    const won = ev({ type: 'won', reason: 'price' });
    const cases: [ReturnType<typeof ev>[], (string | number)[]][] = [
      [
        [won, ev({ type: 'stage-changed', stage: 'proposal' })],
        ['events', 1],
      ],
      [
        [won, ev({ type: 'won', reason: 'price' })],
        ['events', 1],
      ],
      [
        [won, ev({ type: 'lost', reason: 'price' })],
        ['events', 1],
      ],
      [
        [won, ev({ type: 'probability-set', probability: 50 })],
        ['events', 1],
      ],
      [[ev({ type: 'reopened', stage: 'lead' })], ['events', 0]],
      [[ev({ type: 'stage-changed', stage: 'lead' })], ['events', 0, 'stage']],
      [
        [won, won],
        ['events', 1],
      ],
    ];
    for (const [log, path] of cases) {
      const r = refusal(() => replayOpportunity(opportunity, log));
      expect(r.code).toBe('INVALID_TRANSITION');
      expect(r.path).toEqual(path);
    }
  });

  it('MP-3: created only first; events in time order', () => {
    minute = 0;
    const created = parseOpportunityEvent({
      type: 'created',
      at: '2026-03-02T01:00:00Z',
      actor: 'am-01',
      stage: 'lead',
    });
    const later = ev({ type: 'stage-changed', stage: 'qualified' });
    const r1 = refusal(() => replayOpportunity(opportunity, [created, later, created]));
    expect(r1).toEqual({ code: 'INVALID_TRANSITION', path: ['events', 2, 'at'] });
    const r2 = refusal(() => replayOpportunity(opportunity, [later, { ...created, at: later.at }]));
    expect(r2).toEqual({ code: 'INVALID_TRANSITION', path: ['events', 1] });
    const early = { ...later, at: new Date('2026-03-01T00:00:00Z') };
    expect(refusal(() => replayOpportunity(opportunity, [early])).path).toEqual(['events', 0, 'at']);
    expect(
      refusal(() => replayOpportunity(opportunity, [{ ...created, stage: 'proposal' } as typeof created])).path,
    ).toEqual(['events', 0, 'stage']);
  });
});

describe('checkOpportunityEvent (MP-3)', () => {
  it('MP-3: checks stage ids and reasons against the policy, paths under event', () => {
    minute = 0;
    const state = replayOpportunity(opportunity, []);
    const unknownStage = refusal(() =>
      checkOpportunityEvent(state, ev({ type: 'stage-changed', stage: 'demo' }), policy),
    );
    expect(unknownStage).toEqual({ code: 'VALIDATION_FAILED', path: ['event', 'stage'] });
    const unknownReason = refusal(() => checkOpportunityEvent(state, ev({ type: 'lost', reason: 'weather' }), policy));
    expect(unknownReason).toEqual({ code: 'VALIDATION_FAILED', path: ['event', 'reason'] });
    const wonReason = refusal(() => checkOpportunityEvent(state, ev({ type: 'won', reason: 'no-budget' }), policy));
    expect(wonReason.path).toEqual(['event', 'reason']);
    const same = refusal(() => checkOpportunityEvent(state, ev({ type: 'stage-changed', stage: 'lead' }), policy));
    expect(same).toEqual({ code: 'INVALID_TRANSITION', path: ['event', 'stage'] });
    const reopen = refusal(() => checkOpportunityEvent(state, ev({ type: 'reopened', stage: 'lead' }), policy));
    expect(reopen).toEqual({ code: 'INVALID_TRANSITION', path: ['event'] });
  });

  it('MP-3: returns the next state, leaving the one given unchanged; a refusal says what the state allows', () => {
    minute = 0;
    const state = replayOpportunity(opportunity, []);
    const next = checkOpportunityEvent(state, ev({ type: 'lost', reason: 'competitor' }), policy);
    expect(next.status).toBe('lost');
    expect(state.status).toBe('open');
    expect(state.visits).toHaveLength(1);
    expect(next.visits).toHaveLength(2);
    expect(() => checkOpportunityEvent(next, ev({ type: 'stage-changed', stage: 'proposal' }), policy)).toThrow(
      /closed opportunity allows reopened/,
    );
    const reopened = checkOpportunityEvent(next, ev({ type: 'reopened', stage: 'proposal' }), policy);
    expect(reopened).toMatchObject({ status: 'open', stage: 'proposal', version: 2 });
  });
});
