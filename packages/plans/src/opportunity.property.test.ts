import { businessTimeBetween, chinaCalendar, createBusinessCalendar } from '@kehu/calendar';
import { Decimal, type Opportunity, type OpportunityEventBody, parseOpportunity } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { opportunityColumns } from './opportunity-columns.js';
import { DEFAULT_OPPORTUNITY_POLICY as policy } from './opportunity-policy.js';
import { opportunityState } from './opportunity-state.js';
import { pipelineRows, pipelineTable } from './pipeline-table.js';

const calendar = chinaCalendar();
const STAGES = policy.stages.map((s) => s.id);
const MINUTE = 60_000;

/** One step of a random log, made legal by {@link buildLog} for whatever state the opportunity is in. */
const stepArb = fc.record({
  kind: fc.integer({ min: 0, max: 9 }),
  stage: fc.integer({ min: 0, max: STAGES.length - 1 }),
  probability: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  minutes: fc.integer({ min: 1, max: 6 * 24 * 60 }),
  cents: fc.integer({ min: 0, max: 10_000_000_000 }),
});

interface Step {
  kind: number;
  stage: number;
  probability: number | null;
  minutes: number;
  cents: number;
}

interface Expected {
  status: 'open' | 'won' | 'lost';
  manual: number | null;
  stage: string;
}

/**
 * A legal log from random steps, with the state it should end in after each event: forward and backward moves,
 * skips, manual probabilities and their unlocking, revenue changes, won, lost and reopening.
 */
function buildLog(start: number, first: number, steps: Step[]) {
  const opportunity: Opportunity = parseOpportunity({
    id: 'o-p',
    customerId: 'c-p',
    salespersonId: 'am-01',
    expectedRevenue: '50000.25',
    currency: 'CNY',
    expectedCloseDate: '2026-12-31',
    createdAt: new Date(start).toISOString(),
    stage: STAGES[first],
  });
  const events: OpportunityEventBody[] = [
    { type: 'created', at: new Date(start), actor: 'am-01', stage: STAGES[first]! },
  ];
  const expected: Expected[] = [{ status: 'open', manual: null, stage: STAGES[first]! }];
  let t = start;
  let state: Expected = { ...expected[0]! };
  for (const step of steps) {
    t += step.minutes * MINUTE;
    const at = new Date(t);
    const base = { at, actor: 'am-01' };
    const stage = STAGES[step.stage]!;
    if (state.status !== 'open') {
      if (step.kind < 5) {
        events.push({ type: 'reopened', ...base, stage });
        state = { ...state, status: 'open', stage };
      } else {
        events.push({ type: 'revenue-changed', ...base, expectedRevenue: new Decimal(step.cents).div(100) });
      }
    } else if (step.kind <= 3) {
      const next = stage === state.stage ? STAGES[(step.stage + 1) % STAGES.length]! : stage;
      events.push({ type: 'stage-changed', ...base, stage: next });
      state = { ...state, stage: next };
    } else if (step.kind <= 5) {
      events.push({ type: 'probability-set', ...base, probability: step.probability });
      state = { ...state, manual: step.probability };
    } else if (step.kind === 6) {
      events.push({ type: 'won', ...base, reason: 'price' });
      state = { ...state, status: 'won' };
    } else if (step.kind === 7) {
      events.push({ type: 'lost', ...base, reason: 'competitor' });
      state = { ...state, status: 'lost' };
    } else if (step.kind === 8) {
      events.push({ type: 'revenue-changed', ...base, expectedRevenue: new Decimal(step.cents).div(100) });
    } else {
      events.push({ type: 'reassigned', ...base, salespersonId: `am-${step.stage}` });
    }
    expected.push(state);
  }
  return { opportunity, events, expected, end: t };
}

// Starts from mid-January to mid-October 2026, so logs cross the Spring Festival (and its 调休 Saturdays), Qingming,
// Labour Day, the Dragon Boat Festival and National Day.
const startArb = fc.integer({ min: Date.UTC(2026, 0, 15), max: Date.UTC(2026, 9, 15) }).map((t) => t - (t % MINUTE));
const logArb = fc
  .tuple(startArb, fc.integer({ min: 0, max: STAGES.length - 1 }), fc.array(stepArb, { minLength: 0, maxLength: 25 }))
  .map(([start, first, steps]) => buildLog(start, first, steps));

describe('opportunity engine properties (MP-3)', () => {
  it('MP-3: probability sources never drift: lost 0, won 100, manual stays until changed by hand', () => {
    fc.assert(
      fc.property(logArb, ({ opportunity, events, expected }) => {
        // As of each event in turn (events after asOf are ignored), the state must be the expected one.
        for (let k = 0; k < events.length; k++) {
          const row = opportunityState(opportunity, events, policy, { asOf: events[k]!.at, calendar });
          const want = expected[k]!;
          expect(row.status).toBe(want.status);
          expect(row.stage).toBe(want.stage);
          const p = row.probability;
          if (want.status === 'won') expect([p.value, p.source]).toEqual([100, 'won']);
          else if (want.status === 'lost') expect([p.value, p.source]).toEqual([0, 'lost']);
          else if (want.manual !== null) expect([p.value, p.source]).toEqual([want.manual, 'manual']);
          else {
            const stageDefault = policy.stages.find((s) => s.id === want.stage)!.probability;
            expect([p.value, p.source]).toEqual([stageDefault, 'stage']);
          }
          expect(row.weightedRevenue.equals(row.expectedRevenue.times(p.value).div(100))).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('MP-3: stage times and closed spells add up exactly to the business time from creation to close or asOf', () => {
    fc.assert(
      fc.property(logArb, fc.integer({ min: 0, max: 30 * 24 * 60 }), ({ opportunity, events, end }, after) => {
        const asOf = new Date(end + after * MINUTE);
        const row = opportunityState(opportunity, events, policy, { asOf, calendar });
        const inStages = row.stageTimes.reduce((sum, s) => sum + s.businessMs, 0);
        expect(inStages + row.closedBusinessMs).toBe(row.businessMs);
        const until = row.closedAt ?? asOf;
        expect(row.businessMs).toBe(businessTimeBetween(calendar, opportunity.createdAt, until).ms);
        for (const s of row.stageTimes) expect(s.businessDays).toBe(s.businessMs / (8 * 3_600_000));
        // Every entry into a stage is a visit (created, stage-changed, reopened).
        const entries = events.filter(
          (e) => e.type === 'created' || e.type === 'stage-changed' || e.type === 'reopened',
        );
        expect(row.stageTimes.reduce((n, s) => n + s.visits, 0)).toBe(entries.length);
      }),
      { numRuns: 200 },
    );
  });

  it('MP-3: every row of the pipeline table equals the object path', () => {
    fc.assert(
      fc.property(fc.array(logArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 60 }), (logs, days) => {
        const asOf = new Date(Date.UTC(2026, 5, 1) + days * 86_400_000);
        const entries = logs.map((l, i) => ({
          opportunity: { ...l.opportunity, id: `o-${i}` },
          events: l.events,
        }));
        const table = pipelineTable(opportunityColumns(entries, policy, { asOf }), policy, { asOf, calendar });
        const rows = pipelineRows(table, policy);
        const kept = entries.filter((e) => e.opportunity.createdAt.getTime() <= asOf.getTime());
        expect(rows.map((r) => r.id)).toEqual(kept.map((e) => e.opportunity.id));
        kept.forEach((e, i) => {
          expect(rows[i]).toEqual(opportunityState(e.opportunity, e.events, policy, { asOf, calendar }));
        });
      }),
      { numRuns: 60 },
    );
  });

  it('MP-3: with openings inside the hour and DST changes, stage times are businessTimeBetween of the visits', () => {
    const hours: [string, string][] = [
      ['08:30', '12:15'],
      ['13:05', '17:40'],
    ];
    const berlin = createBusinessCalendar({
      name: 'Berlin office',
      timeZone: 'Europe/Berlin',
      week: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: [['10:00', '14:00']] },
      holidays: ['2026-04-03', '2026-04-06', '2026-05-01'],
    });
    fc.assert(
      fc.property(logArb, fc.integer({ min: 0, max: 30 * 24 * 60 }), ({ opportunity, events, end }, after) => {
        const asOf = new Date(end + after * MINUTE);
        const row = opportunityState(opportunity, events, policy, { asOf, calendar: berlin });
        const want = new Map<string, number>(STAGES.map((s) => [s, 0]));
        let closed = 0;
        const visits = events.filter(
          (e) => e.type === 'created' || e.type === 'stage-changed' || e.type === 'reopened',
        );
        const spells = events.filter((e) => 'stage' in e || e.type === 'won' || e.type === 'lost');
        spells.forEach((e, k) => {
          const until = spells[k + 1]?.at ?? (e.type === 'won' || e.type === 'lost' ? e.at : asOf);
          const ms = businessTimeBetween(berlin, e.at, until).ms;
          if ('stage' in e) want.set(e.stage, want.get(e.stage)! + ms);
          else closed += ms;
        });
        expect(Object.fromEntries(row.stageTimes.map((t) => [t.stage, t.businessMs]))).toEqual(
          Object.fromEntries(want),
        );
        expect(row.closedBusinessMs).toBe(closed);
        expect(row.stageTimes.reduce((n, t) => n + t.visits, 0)).toBe(visits.length);
      }),
      { numRuns: 150 },
    );
  });
});
