import { Decimal } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPPORTUNITY_POLICY as policy } from './opportunity-policy.js';
import { handTable, issueOf } from './test-support.js';
import { weightedPipeline } from './weighted-pipeline.js';

describe('weightedPipeline (MP-3)', () => {
  const table = handTable([
    { salespersonId: 'b', revenue: '1000.10', closeDate: '2026-03-31', visits: [['proposal', 2]] },
    { salespersonId: 'a', revenue: '500', closeDate: '2026-03-01', visits: [['lead', 1]], probability: 33 },
    { salespersonId: 'a', revenue: '200', closeDate: '2026-04-02', visits: [['negotiation', 1]] },
    { salespersonId: 'a', revenue: '9999', closeDate: '2026-03-10', status: 'won', visits: [['proposal', 1]] },
    { salespersonId: 'b', revenue: '7777', closeDate: '2026-02-10', status: 'lost', visits: [['lead', 1]] },
  ]);

  it('MP-3: groups open opportunities by close month with exact revenue and weighted revenue', () => {
    const result = weightedPipeline(table, policy, { by: 'month' });
    expect(result.rule).toBe('MP-3');
    expect(result.rows.map((r) => r.period)).toEqual(['2026-03', '2026-04']);
    const march = result.rows[0]!;
    expect(march).toMatchObject({ from: '2026-03-01', to: '2026-03-31', open: 2 });
    expect(march.revenue.toFixed()).toBe('1500.1');
    // 1000.10 × 60% + 500 × 33% = 600.06 + 165
    expect(march.weightedRevenue.toFixed()).toBe('765.06');
    expect(march.meanProbability).toBe(46.5);
    expect(march.explanation.en).toContain('2026-03: 2 open');
    expect(result.rows[1]!.weightedRevenue.toFixed()).toBe('160');
    expect(result.totals.open).toBe(3);
    expect(result.totals.revenue.toFixed()).toBe('1700.1');
    expect(result.totals.weightedRevenue.toFixed()).toBe('925.06');
    expect(result.warnings).toEqual([]);
    expect(result.explanation.zh).toContain('规则 MP-3');
  });

  it('MP-3: by quarter and salesperson, salespeople in code-point order within a period', () => {
    const result = weightedPipeline(table, policy, { by: 'quarter', bySalesperson: true });
    expect(result.rows.map((r) => [r.period, r.salespersonId, r.open])).toEqual([
      ['2026-Q1', 'a', 1],
      ['2026-Q1', 'b', 1],
      ['2026-Q2', 'a', 1],
    ]);
    expect(result.rows[0]).toMatchObject({ from: '2026-01-01', to: '2026-03-31' });
    expect(result.rows[2]).toMatchObject({ from: '2026-04-01', to: '2026-06-30' });
  });

  it('MP-3: an empty table or nothing open gives empty rows, NaN mean and a warning', () => {
    const empty = weightedPipeline(handTable([]), policy, { by: 'month' });
    expect(empty.rows).toEqual([]);
    expect(empty.totals.open).toBe(0);
    expect(empty.totals.revenue.isZero()).toBe(true);
    expect(empty.totals.meanProbability).toBeNaN();
    expect(empty.warnings).toHaveLength(1);
    const closed = weightedPipeline(handTable([{ status: 'won', visits: [['lead', 1]] }]), policy, { by: 'month' });
    expect(closed.rows).toEqual([]);
    expect(closed.warnings[0]).toContain('no open');
  });

  it('MP-3: refuses bad options and a table of another policy with their paths', () => {
    expect(issueOf(() => weightedPipeline(table, policy, { by: 'week' as 'month' })).path).toEqual(['options', 'by']);
    expect(
      issueOf(() => weightedPipeline(table, policy, { by: 'month', bySalesperson: 'yes' as unknown as boolean })).path,
    ).toEqual(['options', 'bySalesperson']);
    const other = { ...policy, stages: policy.stages.slice(1) };
    expect(issueOf(() => weightedPipeline(table, other, { by: 'month' })).path).toEqual(['table', 'stages']);
    const bad = handTable([{ visits: [['lead', 1]] }]);
    bad.columns.revenueUnits[0] = 1.5;
    expect(issueOf(() => weightedPipeline(bad, policy, { by: 'month' })).path).toEqual([
      'table',
      'columns',
      'revenueUnits',
      0,
    ]);
  });

  it('MP-3: sums past 2^53 units stay exact (BigInt)', () => {
    const big = '90071992547409.91'; // (2^53 − 1) units at scale 2
    const t = handTable([
      { revenue: big, visits: [['negotiation', 1]] },
      { revenue: big, visits: [['negotiation', 1]] },
      { revenue: '0.01', visits: [['negotiation', 1]], probability: 99 },
    ]);
    const result = weightedPipeline(t, policy, { by: 'month' });
    const b = new Decimal(big);
    expect(result.totals.revenue.toFixed()).toBe(b.times(2).plus('0.01').toFixed());
    expect(result.totals.weightedRevenue.toFixed()).toBe(b.times(1.6).plus('0.0099').toFixed());
  });

  it('MP-3 property: each row and the totals equal the Decimal sums of the rows behind them', () => {
    const row = fc.record({
      revenue: fc.oneof(
        fc.integer({ min: 0, max: 10_000_000 }).map((u) => new Decimal(u).div(100).toFixed()),
        fc.bigInt({ min: 0n, max: 9_007_199_254_740_991n }).map((u) => new Decimal(u.toString()).div(100).toFixed()),
      ),
      month: fc.integer({ min: 1, max: 12 }),
      status: fc.constantFrom('open', 'open', 'won', 'lost') as fc.Arbitrary<'open' | 'won' | 'lost'>,
      probability: fc.integer({ min: 0, max: 100 }),
      salespersonId: fc.constantFrom('a', 'b', 'c'),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.boolean(), (rows, split) => {
        const t = handTable(
          rows.map((r) => ({
            revenue: r.revenue,
            closeDate: `2026-${String(r.month).padStart(2, '0')}-15`,
            status: r.status,
            probability: r.status === 'open' ? r.probability : undefined,
            salespersonId: r.salespersonId,
            visits: [['lead', 1]] as const,
          })),
        );
        const result = weightedPipeline(t, policy, { by: 'month', bySalesperson: split });
        const open = rows.filter((r) => r.status === 'open');
        let revenue = new Decimal(0);
        let weighted = new Decimal(0);
        for (const r of open) {
          revenue = revenue.plus(r.revenue);
          weighted = weighted.plus(new Decimal(r.revenue).times(r.probability).div(100));
        }
        expect(result.totals.revenue.equals(revenue)).toBe(true);
        expect(result.totals.weightedRevenue.equals(weighted)).toBe(true);
        expect(result.totals.open).toBe(open.length);
        for (const out of result.rows) {
          const mine = open.filter(
            (r) =>
              `2026-${String(r.month).padStart(2, '0')}` === out.period &&
              (!split || r.salespersonId === out.salespersonId),
          );
          const w = mine.reduce((s, r) => s.plus(new Decimal(r.revenue).times(r.probability).div(100)), new Decimal(0));
          expect(out.open).toBe(mine.length);
          expect(out.weightedRevenue.equals(w)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
