import { chinaCalendar } from '@kehu/calendar';
import { Decimal, type OpportunityEventBodyInput, parseOpportunity, parseOpportunityEvent } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { probabilityCalibration } from './calibration.js';
import { opportunityColumns } from './opportunity-columns.js';
import { DEFAULT_OPPORTUNITY_POLICY as policy } from './opportunity-policy.js';
import { pipelineRows, pipelineTable } from './pipeline-table.js';
import { stageConversion } from './stage-conversion.js';
import { stageDurations } from './stage-durations.js';
import { fitStageModel } from './stage-model.js';
import { weightedPipeline } from './weighted-pipeline.js';
import { winLossByReason } from './win-loss.js';

const calendar = chinaCalendar();
const asOf = new Date('2026-06-01T00:00:00Z');

function entry(id: string, revenue: string, closeDate: string, events: Array<[string, string, object?]>) {
  return {
    opportunity: parseOpportunity({
      id,
      customerId: `c-${id}`,
      salespersonId: id < 'o-3' ? 'am-01' : 'am-02',
      expectedRevenue: revenue,
      currency: 'CNY',
      expectedCloseDate: closeDate,
      createdAt: events[0]![1],
      stage: 'lead',
    }),
    events: events.map(([type, at, body]) =>
      parseOpportunityEvent({ type, at, actor: 'am-01', ...body } as OpportunityEventBodyInput),
    ),
  };
}

const entries = [
  entry('o-1', '120000.50', '2026-06-30', [
    ['created', '2026-03-02T01:00:00Z', { stage: 'lead' }],
    ['stage-changed', '2026-03-05T02:00:00Z', { stage: 'proposal' }],
  ]),
  entry('o-2', '80000', '2026-07-15', [
    ['created', '2026-03-02T01:00:00Z', { stage: 'lead' }],
    ['probability-set', '2026-03-03T01:00:00Z', { probability: 35 }],
  ]),
  entry('o-3', '50000', '2026-04-30', [
    ['created', '2026-03-02T01:00:00Z', { stage: 'lead' }],
    ['stage-changed', '2026-03-09T02:00:00Z', { stage: 'negotiation' }],
    ['stage-changed', '2026-03-16T02:00:00Z', { stage: 'proposal' }],
    ['won', '2026-04-01T02:00:00Z', { reason: 'price' }],
  ]),
  entry('o-4', '30000', '2026-04-30', [
    ['created', '2026-03-02T01:00:00Z', { stage: 'lead' }],
    ['lost', '2026-03-20T02:00:00Z', { reason: 'no-budget' }],
  ]),
];

describe('opportunity analytics over the pipeline engine (MP-3)', () => {
  const table = pipelineTable(opportunityColumns(entries, policy, { asOf }), policy, { asOf, calendar });
  const rows = pipelineRows(table, policy);

  it('MP-3: the weighted pipeline equals the Decimal sum of the engine rows weighted revenue', () => {
    const result = weightedPipeline(table, policy, { by: 'month', bySalesperson: true });
    const open = rows.filter((r) => r.status === 'open');
    const sum = open.reduce((s, r) => s.plus(r.weightedRevenue), new Decimal(0));
    expect(result.totals.weightedRevenue.equals(sum)).toBe(true);
    expect(result.rows.map((r) => [r.period, r.salespersonId, r.open])).toEqual([
      ['2026-06', 'am-01', 1],
      ['2026-07', 'am-01', 1],
    ]);
    // 120000.50 × 60% and 80000 × 35% (manual)
    expect(result.rows[0]!.weightedRevenue.toFixed()).toBe('72000.3');
    expect(result.rows[1]!.weightedRevenue.toFixed()).toBe('28000');
  });

  it('MP-3: durations add up to the engine stage times; conversion, reasons and model from the same table', () => {
    const durations = stageDurations(table, policy);
    const dayMs = policy.businessDayHours * 3_600_000;
    policy.stages.forEach((_stage, s) => {
      const times = rows.map((r) => r.stageTimes[s]!).filter((t) => t.visits > 0);
      expect(durations.stages[s]!.entered).toBe(times.length);
      expect(durations.stages[s]!.totalDays).toBeCloseTo(times.reduce((x, t) => x + t.businessMs, 0) / dayMs, 9);
    });
    const conversion = stageConversion(table, policy);
    expect(conversion.stages[0]).toMatchObject({ closed: 2, won: 1, rate: 0.5 });
    expect(conversion.stages[3]).toMatchObject({ closed: 1, won: 1 });
    const reasons = winLossByReason(table, policy);
    expect(reasons.rows.find((r) => r.outcome === 'lost' && r.code === 'no-budget')!.revenue.toFixed()).toBe('30000');
    const model = fitStageModel(table, policy, { asOf });
    expect(model.stages.negotiation).toEqual({ closed: 1, won: 1, probability: 100 });
    expect(probabilityCalibration(table, policy).n).toBe(4);
  });
});
