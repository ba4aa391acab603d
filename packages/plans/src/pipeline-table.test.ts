import { businessTimeBetween, chinaCalendar } from '@kehu/calendar';
import {
  KehuValidationError,
  type OpportunityEventBodyInput,
  parseOpportunity,
  parseOpportunityEvent,
} from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { opportunityColumns } from './opportunity-columns.js';
import { DEFAULT_OPPORTUNITY_POLICY as policy, parseOpportunityPolicy } from './opportunity-policy.js';
import { opportunityState } from './opportunity-state.js';
import { pipelineAt, pipelineRows, pipelineTable } from './pipeline-table.js';

const calendar = chinaCalendar();
const HOUR = 3_600_000;

function opp(id: string, createdAt: string, extra: Record<string, unknown> = {}) {
  return parseOpportunity({
    id,
    customerId: `c-${id}`,
    salespersonId: 'am-01',
    expectedRevenue: '100000.05',
    currency: 'CNY',
    expectedCloseDate: '2026-06-30',
    createdAt,
    stage: 'lead',
    ...extra,
  });
}

function e(type: string, at: string, body: Record<string, unknown> = {}) {
  return parseOpportunityEvent({ type, at, actor: 'am-01', ...body } as OpportunityEventBodyInput);
}

// Fri 13 Feb 2026 09:00 in Shanghai; Sat 14 Feb is a make-up workday (调休) of the Spring Festival, 15-23 Feb closed.
const spring = {
  opportunity: opp('o-spring', '2026-02-13T01:00:00Z'),
  events: [
    e('created', '2026-02-13T01:00:00Z', { stage: 'lead' }),
    e('stage-changed', '2026-02-14T04:00:00Z', { stage: 'qualified' }),
    e('won', '2026-02-24T02:00:00Z', { reason: 'relationship' }),
  ],
};

describe('pipelineTable (MP-3)', () => {
  it('MP-3: time in stage in business time on chinaCalendar, a 调休 Saturday and the Spring Festival included', () => {
    const asOf = new Date('2026-03-01T00:00:00Z');
    const table = pipelineTable(opportunityColumns([spring], policy, { asOf }), policy, { asOf, calendar });
    const row = pipelineAt(table, 0, policy);
    // Lead: Friday 8 h + Saturday (make-up workday) 09:00-12:00 3 h. Qualified: Saturday 13:00-18:00 5 h, closed 15-23
    // Feb, Tuesday 24 Feb 09:00-10:00 1 h.
    expect(row.stageTimes[0]).toMatchObject({ stage: 'lead', businessMs: 11 * HOUR, businessDays: 11 / 8, visits: 1 });
    expect(row.stageTimes[1]).toMatchObject({ stage: 'qualified', businessMs: 6 * HOUR, visits: 1 });
    expect(row.businessMs).toBe(17 * HOUR);
    expect(row.closedBusinessMs).toBe(0);
    expect(row).toMatchObject({ status: 'won', stage: 'qualified', reason: { code: 'relationship' } });
    expect(row.probability).toMatchObject({ value: 100, source: 'won' });
    expect(row.weightedRevenue.toString()).toBe('100000.05');
    expect(row.closedAt?.toISOString()).toBe('2026-02-24T02:00:00.000Z');
  });

  it('MP-3: backward moves, skips and a closed spell add up to the time from creation to asOf', () => {
    const o = opp('o-back', '2026-03-02T01:00:00Z');
    const events = [
      e('stage-changed', '2026-03-03T01:00:00Z', { stage: 'proposal' }),
      e('stage-changed', '2026-03-04T01:00:00Z', { stage: 'qualified' }),
      e('stage-changed', '2026-03-05T01:00:00Z', { stage: 'proposal' }),
      e('lost', '2026-03-06T01:00:00Z', { reason: 'price' }),
      e('reopened', '2026-03-09T01:00:00Z', { stage: 'negotiation' }),
    ];
    const asOf = new Date('2026-03-10T01:00:00Z');
    const row = opportunityState(o, events, policy, { asOf, calendar });
    const byStage = Object.fromEntries(row.stageTimes.map((t) => [t.stage, [t.businessMs / HOUR, t.visits]]));
    expect(byStage).toEqual({
      lead: [8, 1],
      qualified: [8, 1],
      'needs-analysis': [0, 0],
      proposal: [16, 2],
      negotiation: [8, 1],
    });
    // Friday 6 Mar 09:00 to Monday 9 Mar 09:00: 8 open hours while lost.
    expect(row.closedBusinessMs).toBe(8 * HOUR);
    expect(row.businessMs).toBe(48 * HOUR);
    expect(row.status).toBe('open');
    expect(row.closedAt).toBeUndefined();
    expect(row.probability).toMatchObject({ value: 80, source: 'stage' });
    expect(row.weightedRevenue.toString()).toBe('80000.04');
  });

  it('MP-3: the table row equals the object path; events after asOf are ignored', () => {
    const o = opp('o-late', '2026-03-02T01:00:00Z');
    const events = [
      e('probability-set', '2026-03-03T01:00:00Z', { probability: 33 }),
      e('won', '2026-03-20T01:00:00Z', { reason: 'price' }),
    ];
    const asOf = new Date('2026-03-10T00:00:00Z');
    const entries = [spring, { opportunity: o, events }];
    const table = pipelineTable(opportunityColumns(entries, policy, { asOf }), policy, { asOf, calendar });
    const rows = pipelineRows(table, policy);
    expect(rows[1]).toEqual(opportunityState(o, events, policy, { asOf, calendar }));
    expect(rows[0]).toEqual(opportunityState(spring.opportunity, spring.events, policy, { asOf, calendar }));
    expect(rows[1]).toMatchObject({ status: 'open', probability: { value: 33, source: 'manual' } });
    expect(rows[1]!.weightedRevenue.toString()).toBe('33000.0165');
    expect(table.asOf).toBe(asOf.getTime());
  });

  it('MP-3: refuses columns that break their invariants, naming the column and entry', () => {
    const asOf = new Date('2026-03-01T00:00:00Z');
    const columns = opportunityColumns([spring], policy, { asOf });
    const path = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        if (err instanceof KehuValidationError) return err.path;
        throw err;
      }
      return undefined;
    };
    const run = (c: typeof columns) => () => pipelineTable(c, policy, { asOf, calendar });
    expect(path(run({ ...columns, visitStage: Int16Array.from([0, 9, -1]) }))).toEqual(['columns', 'visitStage', 1]);
    expect(path(run({ ...columns, status: Uint8Array.from([0]) }))).toEqual(['columns', 'status', 0]);
    expect(path(run({ ...columns, reason: Int16Array.from([99]) }))).toEqual(['columns', 'reason', 0]);
    expect(path(run({ ...columns, revenueUnits: Float64Array.from([0.5]) }))).toEqual(['columns', 'revenueUnits', 0]);
    const early = new Date('2026-02-20T00:00:00Z');
    expect(path(() => pipelineTable(columns, policy, { asOf: early, calendar }))).toEqual(['columns', 'visitAt', 2]);
    expect(path(() => pipelineTable(columns, policy, { asOf: undefined as unknown as Date, calendar }))).toEqual([
      'asOf',
    ]);
    const table = pipelineTable(columns, policy, { asOf, calendar });
    expect(path(() => pipelineAt(table, 1, policy))).toEqual(['i']);
    const other = parseOpportunityPolicy({ stages: [{ id: 'x', name: { en: 'X', zh: 'X' }, probability: 5 }] });
    expect(path(() => pipelineAt(table, 0, other))).toEqual(['policy', 'stages']);
  });

  it('MP-3: the model source applies only with enough closed opportunities for the stage', () => {
    const modelPolicy = parseOpportunityPolicy({ probability: { source: 'model', minClosed: 10 } });
    const o = opp('o-m', '2026-03-02T01:00:00Z');
    const events = [e('stage-changed', '2026-03-03T01:00:00Z', { stage: 'proposal' })];
    const asOf = new Date('2026-03-10T00:00:00Z');
    const model = {
      asOf,
      stages: { proposal: { closed: 12, won: 5, probability: 42 }, lead: { closed: 3, won: 1, probability: 33 } },
    };
    const row = opportunityState(o, events, modelPolicy, { asOf, calendar, model });
    expect(row.probability).toMatchObject({ value: 42, source: 'model' });
    const lead = opportunityState(o, [], modelPolicy, { asOf, calendar, model });
    expect(lead.probability).toMatchObject({ value: 10, source: 'stage' });
    expect(lead.probability.explanation.en).toMatch(/no model estimate from at least 10 closed/);
  });

  it("MP-3: an empty table, and a span too long to memoise by the hour, give the clock's exact times", () => {
    const asOf = new Date('2026-03-10T00:00:00Z');
    const empty = pipelineTable(opportunityColumns([], policy, { asOf }), policy, { asOf, calendar });
    expect(empty.businessMs.length).toBe(0);
    expect(pipelineRows(empty, policy)).toEqual([]);
    const old = { opportunity: opp('o-old', '1990-03-05T01:00:00Z'), events: [] };
    const entries = [old, { opportunity: opp('o-new', '2026-03-02T01:00:00Z'), events: [] }];
    const table = pipelineTable(opportunityColumns(entries, policy, { asOf }), policy, { asOf, calendar });
    expect(table.businessMs[0]).toBe(businessTimeBetween(calendar, old.opportunity.createdAt, asOf).ms);
    expect(table.businessMs[1]).toBe(6 * 8 * HOUR);
  });
});
