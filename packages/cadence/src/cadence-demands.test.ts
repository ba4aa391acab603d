import { dateOfDay } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { cadenceDemands } from './cadence-demands.js';
import type { PlanContext } from './context.js';
import { type DemandSink, newSink } from './sink.js';
import type { CustomerHistory, Importance, PlanCustomer } from './types.js';
import { instants, planHistory, shanghaiContext, skipLine, testCustomer } from './test-support.js';

const context = (from: string, to: string, asOf: string) => shanghaiContext(from, to, asOf);

const history = (customer: Partial<PlanCustomer>, contacts: readonly string[] = []): CustomerHistory =>
  planHistory(testCustomer(customer), { contactTimes: instants(contacts) });

function run(h: CustomerHistory, ctx: PlanContext, importance: Importance) {
  const sink: DemandSink = newSink();
  const days = h.contactTimes.map(ctx.localDay);
  cadenceDemands(h, ctx, importance, days, sink);
  return {
    demands: sink.demands.map((d) => ({
      key: d.key,
      window: `${dateOfDay(d.earliest)}..${dateOfDay(d.latest)}`,
      due: dateOfDay(d.due),
      overdueDays: d.overdueDays,
    })),
    skipped: sink.skipped.map(skipLine),
    closed: sink.closed,
    raw: sink,
  };
}

describe('cadence by importance (rule CA-1)', () => {
  it('CA-1: an important customer last contacted 2026-05-20 is due every 30 days from it: 06-19, 07-19, 08-18', () => {
    const ctx = context('2026-06-01', '2026-08-31', '2026-06-01T09:00:00+08:00');
    const h = history({ tier: 'gold' }, ['2026-04-02T10:00:00+08:00', '2026-05-20T23:30:00+08:00']);
    const { demands, skipped, raw } = run(h, ctx, 'important');
    expect(demands).toEqual([
      { key: 'c1|cadence|2026-06-19', window: '2026-06-12..2026-06-19', due: '2026-06-19', overdueDays: 0 },
      { key: 'c1|cadence|2026-07-19', window: '2026-07-12..2026-07-19', due: '2026-07-19', overdueDays: 0 },
      { key: 'c1|cadence|2026-08-18', window: '2026-08-11..2026-08-18', due: '2026-08-18', overdueDays: 0 },
    ]);
    expect(skipped).toEqual([]);
    const first = raw.demands[0];
    expect(first?.rules).toEqual(['CA-1']);
    expect(first?.kind).toBe('cadence');
    expect(first?.reason.en).toBe(
      'CA-1: important customer, at least every 30 days, since the last contact on 2026-05-20',
    );
    expect(first?.reason.zh).toBe('CA-1：重要客户至少每 30 天回访一次，自 2026-05-20 的上次联系起');
    expect(raw.demands[1]?.reason.en).toContain('since the planned call of 2026-06-19');
    expect(first).toMatchObject({ purpose: 'emotional', channel: 'phone', basePriority: 40 });
  });

  it('CA-1: a contact after asOf has not happened and does not move the anchor', () => {
    const ctx = context('2026-06-01', '2026-06-30', '2026-06-01T09:00:00+08:00');
    const h = history({ tier: 'gold' }, ['2026-05-20T10:00:00+08:00', '2026-06-05T10:00:00+08:00']);
    expect(run(h, ctx, 'important').demands.map((d) => d.key)).toEqual(['c1|cadence|2026-06-19']);
  });

  it('CA-1: a general customer never contacted, no longer new, is owed the general cadence from createdAt', () => {
    // Created 2025-12-01, never called, no longer new on 06-01 (new for 90 days): owed a call every 90 days from
    // creation, so since 2026-03-02 (due 03-01), 92 days at the plan's start 06-01; the next call counts from that
    // planned (moved) date 06-01: 08-30.
    const ctx = context('2026-06-01', '2026-09-30', '2026-06-01T09:00:00+08:00');
    const h = history({ tier: 'silver', createdAt: new Date('2025-12-01T10:00:00+08:00') });
    const { demands, raw } = run(h, ctx, 'general');
    expect(demands).toEqual([
      { key: 'c1|cadence|2026-03-01', window: '2026-06-01..2026-06-15', due: '2026-06-01', overdueDays: 92 },
      { key: 'c1|cadence|2026-08-30', window: '2026-08-16..2026-08-30', due: '2026-08-30', overdueDays: 0 },
    ]);
    expect(raw.demands[0]?.reason.en).toBe(
      'CA-1: general customer, at least every 90 days, since becoming a customer on 2025-12-01 ' +
        '(overdue since 2026-03-02)',
    );
  });

  it('CA-1: a cadence call never passes: due 52 days before the plan, it is overdue at once, not window-passed', () => {
    // Last contact 2026-01-10: due 04-10, 52 days before 06-01 (past the 30-day grace of other windows); "at least
    // every 90 days" is still owed: overdue at 06-01, and the chain continues from there: 08-30.
    const ctx = context('2026-06-01', '2026-09-30', '2026-06-01T09:00:00+08:00');
    const h = history({ tier: 'silver' }, ['2026-01-10T10:00:00+08:00']);
    const { demands, skipped, closed, raw } = run(h, ctx, 'general');
    expect(skipped).toEqual([]);
    expect(closed).toEqual({ 'satisfied-by-contact': 0, 'window-passed': 0 });
    expect(demands).toEqual([
      { key: 'c1|cadence|2026-04-10', window: '2026-06-01..2026-06-15', due: '2026-06-01', overdueDays: 52 },
      { key: 'c1|cadence|2026-08-30', window: '2026-08-16..2026-08-30', due: '2026-08-30', overdueDays: 0 },
    ]);
    expect(raw.demands[0]?.reason.en).toBe(
      'CA-1: general customer, at least every 90 days, since the last contact on 2026-01-10 (overdue since 2026-04-11)',
    );
  });

  it('CA-1: an important customer silent for two years gets one overdue call, not one per missed month', () => {
    const ctx = context('2026-06-01', '2026-07-31', '2026-06-01T09:00:00+08:00');
    const { demands, skipped, closed } = run(
      history({ tier: 'gold' }, ['2024-06-01T10:00:00+08:00']),
      ctx,
      'important',
    );
    expect(skipped).toEqual([]);
    expect(closed).toEqual({ 'satisfied-by-contact': 0, 'window-passed': 0 });
    expect(demands).toHaveLength(3);
    // Owed since the first missed call (2024-07-01, 30 days after the contact): 700 days at the start.
    expect(demands[0]?.key).toBe('c1|cadence|2024-07-01');
    expect(demands[0]?.overdueDays).toBe(700);
    expect(demands[0]?.due).toBe('2026-06-01');
    expect(demands.slice(1).map((d) => d.due)).toEqual(['2026-07-01', '2026-07-31']);
  });

  it('CA-1: a new customer (created 2026-05-10) is called every 14 days until 2026-08-08, then every 30 days', () => {
    const ctx = context('2026-06-01', '2026-09-30', '2026-06-01T09:00:00+08:00');
    const h = history({ tier: 'gold', createdAt: new Date('2026-05-10T12:00:00+08:00') });
    const { demands, raw } = run(h, ctx, 'important');
    expect(demands).toEqual([
      { key: 'c1|new-customer|2026-05-24', window: '2026-06-01..2026-06-04', due: '2026-06-01', overdueDays: 8 },
      { key: 'c1|new-customer|2026-06-15', window: '2026-06-12..2026-06-15', due: '2026-06-15', overdueDays: 0 },
      { key: 'c1|new-customer|2026-06-29', window: '2026-06-26..2026-06-29', due: '2026-06-29', overdueDays: 0 },
      { key: 'c1|new-customer|2026-07-13', window: '2026-07-10..2026-07-13', due: '2026-07-13', overdueDays: 0 },
      { key: 'c1|new-customer|2026-07-27', window: '2026-07-24..2026-07-27', due: '2026-07-27', overdueDays: 0 },
      { key: 'c1|cadence|2026-08-26', window: '2026-08-19..2026-08-26', due: '2026-08-26', overdueDays: 0 },
      { key: 'c1|cadence|2026-09-25', window: '2026-09-18..2026-09-25', due: '2026-09-25', overdueDays: 0 },
    ]);
    expect(raw.demands[1]).toMatchObject({ kind: 'new-customer', rules: ['CA-1'], purpose: 'guidance' });
    expect(raw.demands[1]?.reason.en).toBe(
      'CA-1: new customer (since 2026-05-10), every 14 days during the first 90 days, ' +
        'since the planned call of 2026-06-01',
    );
    expect(raw.demands[1]?.reason.zh).toBe(
      'CA-1：新客户（2026-05-10 起）前 90 天内每 14 天回访，自 2026-06-01 的计划回访起',
    );
  });

  it('CA-1: the chain stops at the plan end and is the same for the same input (deterministic)', () => {
    const ctx = context('2026-06-01', '2026-06-18', '2026-06-01T09:00:00+08:00');
    const h = history({ tier: 'gold' }, ['2026-05-20T10:00:00+08:00']);
    expect(run(h, ctx, 'important').demands).toEqual([]);
    const wide = context('2026-06-01', '2026-12-31', '2026-06-01T09:00:00+08:00');
    expect(run(h, wide, 'important').raw).toEqual(run(h, wide, 'important').raw);
  });
});
