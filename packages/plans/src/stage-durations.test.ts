import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPPORTUNITY_POLICY as policy } from './opportunity-policy.js';
import { quantile, stageDurations } from './stage-durations.js';
import { handTable, issueOf } from './test-support.js';

function sortedQuantile(xs: number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const h = (xs.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, xs.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

describe('stageDurations (MP-3)', () => {
  it('MP-3: per stage, entered, visits, mean, median, p90 and total business days, backward moves counted', () => {
    const table = handTable([
      // lead 1 + 3 (moved back), qualified 2
      {
        status: 'won',
        visits: [
          ['lead', 1],
          ['qualified', 2],
          ['lead', 3],
        ],
      },
      { status: 'lost', visits: [['lead', 2]] },
      // skips qualified and needs-analysis
      {
        visits: [
          ['lead', 6],
          ['proposal', 5],
        ],
      },
    ]);
    const result = stageDurations(table, policy, { split: true });
    expect(result.rule).toBe('MP-3');
    const [lead, qualified, needs, proposal] = result.stages;
    expect(lead).toMatchObject({ stage: 'lead', entered: 3, visits: 4, totalDays: 12, meanDays: 4, medianDays: 4 });
    // p90 of [2, 4, 6]: h = 1.8 → 4 + 0.8 × 2
    expect(lead!.p90Days).toBeCloseTo(5.6, 12);
    expect(lead!.open).toMatchObject({ entered: 1, visits: 1, meanDays: 6 });
    expect(lead!.closed).toMatchObject({ entered: 2, visits: 3, meanDays: 3, medianDays: 3, totalDays: 6 });
    expect(qualified).toMatchObject({ entered: 1, visits: 1, meanDays: 2 });
    expect(needs!.entered).toBe(0);
    expect(needs!.meanDays).toBeNaN();
    expect(needs!.medianDays).toBeNaN();
    expect(proposal).toMatchObject({ entered: 1, totalDays: 5 });
    expect(result.warnings.some((w) => w.includes('needs-analysis'))).toBe(true);
    expect(lead!.explanation.en).toContain('3 opportunities entered it (4 visits)');
    const whole = stageDurations(table, policy);
    expect(whole.stages[0]!.open).toBeUndefined();
    expect(whole.stages[0]!.p90Days).toBe(lead!.p90Days);
    expect(issueOf(() => stageDurations(table, policy, { split: 1 as unknown as boolean })).path).toEqual([
      'options',
      'split',
    ]);
  });

  it('MP-3 property: median and p90 of every stage equal the sorted quantiles, split or whole', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ days: fc.integer({ min: 0, max: 30 }), open: fc.boolean() }), { maxLength: 60 }),
        (xs) => {
          const table = handTable(xs.map((x) => ({ status: x.open ? 'open' : 'won', visits: [['lead', x.days]] })));
          const result = stageDurations(table, policy, { split: true });
          const lead = result.stages[0]!;
          const check = (values: number[], stats: { medianDays: number; p90Days: number }) => {
            expect(stats.medianDays).toBe(sortedQuantile(values, 0.5));
            if (values.length === 0) expect(stats.p90Days).toBeNaN();
            else expect(stats.p90Days).toBeCloseTo(sortedQuantile(values, 0.9), 9);
          };
          check(
            xs.map((x) => x.days),
            lead,
          );
          check(
            xs.filter((x) => x.open).map((x) => x.days),
            lead.open!,
          );
          check(
            xs.filter((x) => !x.open).map((x) => x.days),
            lead.closed!,
          );
        },
      ),
    );
  });

  it('MP-3: business days follow the policy businessDayHours', () => {
    const table = handTable([{ visits: [['lead', 1]] }]);
    // The table holds 8 business hours; a policy of 4-hour days reads them as 2 days.
    const result = stageDurations(table, { ...policy, businessDayHours: 4 });
    expect(result.stages[0]!.meanDays).toBe(2);
  });

  it('MP-3: an empty table gives NaN everywhere with a warning', () => {
    const result = stageDurations(handTable([]), policy);
    expect(result.opportunities).toBe(0);
    expect(result.stages.every((s) => s.entered === 0 && Number.isNaN(s.meanDays) && Number.isNaN(s.p90Days))).toBe(
      true,
    );
    expect(result.warnings).toEqual(['no opportunities: every stage duration is NaN']);
  });

  it('MP-3: refuses a table of another policy', () => {
    const table = handTable([{ visits: [['lead', 1]] }]);
    const other = { ...policy, stages: [...policy.stages].reverse() };
    expect(issueOf(() => stageDurations(table, other)).path).toEqual(['table', 'stages']);
  });

  it('MP-3 property: the selection quantile equals the sorted one (numpy linear)', () => {
    fc.assert(
      fc.property(
        // Past 600 values the selection samples first (Floyd-Rivest): long arrays with ties and distinct values.
        fc.oneof(
          fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 200 }),
          fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 601, maxLength: 5000 }),
          fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 601, maxLength: 5000 }),
        ),
        fc.constantFrom(0, 0.1, 0.5, 0.9, 1),
        (xs, q) => {
          const sorted = [...xs].sort((a, b) => a - b);
          const h = (xs.length - 1) * q;
          const lo = Math.floor(h);
          const hi = Math.min(lo + 1, xs.length - 1);
          const expected = sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
          expect(quantile(Float64Array.from(xs), q)).toBeCloseTo(expected, 9);
        },
      ),
    );
  });
});
