import { KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { type ChurnReportCustomer, type ChurnReportExit, churnReport } from './churn-report.js';

const d = (s: string) => new Date(s);
const customers: ChurnReportCustomer[] = [
  { id: 'a', tier: 'gold', createdAt: d('2025-06-01T00:00:00Z') },
  { id: 'b', tier: 'gold', createdAt: d('2025-06-01T00:00:00Z'), status: 'active' },
  // 2026-01-01 01:00 in Shanghai: joins during January, not at its start.
  { id: 'c', tier: 'silver', createdAt: d('2025-12-31T17:00:00Z') },
  { id: 'd', tier: 'regular', createdAt: d('2025-01-01T00:00:00Z'), status: 'lost' },
  { id: 'e', tier: 'regular', createdAt: d('2025-01-01T00:00:00Z'), status: 'prospect' },
  { id: 'f', tier: 'silver', createdAt: d('2025-01-01T00:00:00Z'), status: 'lost' },
  { id: 'g', tier: null, createdAt: d('2025-01-01T00:00:00Z') },
];
const exits: ChurnReportExit[] = [
  {
    id: 'x1',
    customerId: 'a',
    leftAt: d('2026-01-15T00:00:00Z'),
    reason: 'price.too-high',
    lessons: 'Review volume prices',
  },
  { id: 'x2', customerId: 'c', leftAt: d('2026-01-20T00:00:00Z'), reason: 'service.quality' },
  // 2026-03-01 00:30 in Shanghai: a March exit.
  { id: 'x3', customerId: 'd', leftAt: d('2026-02-28T16:30:00Z'), reason: 'internal.staff', lessons: 'Coach the team' },
];
const options = {
  from: d('2026-01-01T00:00:00+08:00'),
  to: d('2026-04-01T00:00:00+08:00'),
  period: 'month',
  zone: 'Asia/Shanghai',
} as const;

describe('churnReport (rule CH-4: churn reported periodically with causes and lessons)', () => {
  const report = churnReport({ customers, exits }, options);

  it('CH-4: one row per month in the zone, with the base at the start, exits and rates', () => {
    expect(report.periods.map((p) => p.period)).toEqual(['2026-01', '2026-02', '2026-03']);
    const [jan, feb, mar] = report.periods;
    expect(jan?.start).toEqual(d('2025-12-31T16:00:00Z'));
    expect(jan?.firstDay).toBe('2026-01-01');
    expect(jan?.customersAtStart).toBe(4); // a, b, d, g; e is a prospect, f lost without an exit
    expect(jan?.newCustomers).toBe(1); // c
    expect(jan?.exits).toBe(2);
    expect(jan?.exitsFromStart).toBe(1); // c joined during January: a cause, not in the rate
    expect(jan?.churnRate.rate).toBe(0.25);
    // Wilson 95% for 1 of 4, computed in Python with z = scipy.stats.norm.ppf(0.975).
    expect(jan?.churnRate.lower).toBeCloseTo(0.04558726080970055, 12);
    expect(jan?.churnRate.upper).toBeCloseTo(0.6993581574175981, 12);
    expect(jan?.retentionRate.rate).toBe(0.75);
    expect(jan?.retentionRate.lower).toBeCloseTo(1 - 0.6993581574175981, 12);
    expect(feb?.customersAtStart).toBe(3); // b, d, g
    expect(feb?.exits).toBe(0);
    expect(feb?.churnRate.rate).toBe(0);
    expect(feb?.byReason).toEqual([]);
    expect(mar?.customersAtStart).toBe(3);
    expect(mar?.exitsFromStart).toBe(1);
    expect(mar?.churnRate.lower).toBeCloseTo(0.06149194472039615, 12);
    expect(report.lostWithoutExit).toEqual(['f']);
  });

  it('CH-4, CH-5: causes by category and reason, with the lessons recorded per reason', () => {
    const jan = report.periods[0];
    expect(jan?.byCategory.map((c) => [c.category, c.exits, c.exitsFromStart])).toEqual([
      ['service', 1, 0],
      ['price', 1, 1],
      ['market', 0, 0],
      ['internal', 0, 0],
      ['other', 0, 0],
    ]);
    expect(jan?.byReason.map((r) => [r.reason, r.exits, r.share])).toEqual([
      ['service.quality', 1, 0.5],
      ['price.too-high', 1, 0.5],
    ]);
    expect(jan?.byReason[1]?.lessons).toEqual([{ exitId: 'x1', customerId: 'a', lessons: 'Review volume prices' }]);
    expect(jan?.byReason[1]?.label.zh).toBe('价格过高');
    expect(report.periods[2]?.byReason[0]?.lessons[0]?.lessons).toBe('Coach the team');
  });

  it('CH-4: churn by tier, every tier listed, ungraded customers apart', () => {
    const jan = report.periods[0];
    expect(jan?.byTier.map((t) => [t.tier, t.customersAtStart, t.exitsFromStart])).toEqual([
      ['diamond', 0, 0],
      ['gold', 2, 1],
      ['silver', 0, 0],
      ['regular', 1, 0],
      ['ungraded', 1, 0],
    ]);
    expect(jan?.byTier[1]?.churnRate.rate).toBe(0.5);
    expect(jan?.byTier[0]?.churnRate.rate).toBeNaN();
  });

  it('CH-4: quarters; an empty period is explicit: NaN rate with EMPTY', () => {
    const q = churnReport({ customers, exits }, { ...options, period: 'quarter' });
    expect(q.periods.map((p) => p.period)).toEqual(['2026-Q1']);
    expect(q.periods[0]?.customersAtStart).toBe(4);
    expect(q.periods[0]?.exitsFromStart).toBe(2);
    expect(q.periods[0]?.exits).toBe(3);
    const early = churnReport(
      { customers, exits },
      { ...options, from: d('2024-11-15T00:00:00Z'), to: d('2025-01-01T00:00:00+08:00') },
    );
    expect(early.periods.map((p) => p.period)).toEqual(['2024-11', '2024-12']);
    expect(early.periods[1]?.churnRate.rate).toBeNaN();
    expect(early.periods[1]?.warnings.map((w) => w.code)).toEqual(['EMPTY']);
    expect(early.periods[1]?.byCategory.every((c) => Number.isNaN(c.share))).toBe(true);
  });

  it('bad input is a KehuValidationError naming the field', () => {
    const pathOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(KehuValidationError);
        return (e as KehuValidationError).path;
      }
      throw new Error('expected a KehuValidationError');
    };
    const bad = (e: Partial<ChurnReportExit>) => () =>
      churnReport({ customers, exits: [...exits, { ...(exits[0] as ChurnReportExit), ...e }] }, options);
    expect(pathOf(bad({ reason: 'price.rude' }))).toEqual(['exits', 3, 'reason']);
    expect(pathOf(bad({ customerId: 'zz' }))).toEqual(['exits', 3, 'customerId']);
    expect(pathOf(bad({ leftAt: new Date(Number.NaN) }))).toEqual(['exits', 3, 'leftAt']);
    expect(pathOf(() => churnReport({ customers: [...customers, customers[0]!], exits }, options))).toEqual([
      'customers',
      7,
      'id',
    ]);
    expect(pathOf(() => churnReport({ customers, exits }, { ...options, zone: 'Mars/Base' }))).toEqual(['zone']);
    expect(pathOf(() => churnReport({ customers, exits }, { ...options, to: options.from }))).toEqual(['to']);
    expect(pathOf(() => churnReport({ customers, exits }, { ...options, period: 'week' as never }))).toEqual([
      'period',
    ]);
  });
});
