import { wilsonInterval } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPPORTUNITY_POLICY as policy } from './opportunity-policy.js';
import { stageConversion } from './stage-conversion.js';
import { dayVisits, handTable, issueOf } from './test-support.js';

describe('stageConversion (MP-3)', () => {
  const table = handTable([
    { status: 'won', visits: dayVisits('lead', 'proposal', 'lead', 'proposal') },
    { status: 'lost', visits: dayVisits('lead', 'qualified') },
    { status: 'lost', visits: dayVisits('lead', 'proposal') },
    { status: 'won', visits: dayVisits('qualified', 'negotiation') },
    // open: not counted
    { visits: dayVisits('lead', 'proposal') },
  ]);

  it('MP-3: per stage, closed that reached it, won of those, Wilson interval from core, default beside it', () => {
    const result = stageConversion(table, policy);
    expect(result.rule).toBe('MP-3');
    expect(result.z).toBe(1.96);
    expect(result).toMatchObject({ closed: 4, won: 2 });
    const [lead, qualified, needs, proposal, negotiation] = result.stages;
    // Entered twice, counted once.
    expect(lead).toMatchObject({ closed: 3, won: 1, defaultProbability: 0.1 });
    const w = wilsonInterval(1, 3, 1.96);
    expect([lead!.rate, lead!.lower, lead!.upper]).toEqual([w.rate, w.lower, w.upper]);
    expect(qualified).toMatchObject({ closed: 2, won: 1, rate: 0.5 });
    expect(needs!.closed).toBe(0);
    expect(needs!.rate).toBeNaN();
    expect(proposal).toMatchObject({ closed: 2, won: 1, defaultProbability: 0.6 });
    expect(negotiation).toMatchObject({ closed: 1, won: 1, rate: 1, upper: 1 });
    expect(result.warnings).toEqual(['stage needs-analysis: no closed opportunity entered it, its conversion is NaN']);
    expect(lead!.explanation.en).toContain('1 of 3 closed opportunities that entered it were won');
  });

  it('MP-3: z from the options or the policy', () => {
    expect(stageConversion(table, { ...policy, calibration: { bins: 10, z: 1 } }).z).toBe(1);
    const narrow = stageConversion(table, policy, { z: 0 });
    expect(narrow.stages[0]!.lower).toBeCloseTo(1 / 3, 12);
    expect(issueOf(() => stageConversion(table, policy, { z: -1 })).path).toEqual(['options', 'z']);
  });

  it('MP-3: nothing closed gives NaN rates and one warning', () => {
    const result = stageConversion(handTable([{ visits: [['lead', 1]] }]), policy);
    expect(result.closed).toBe(0);
    expect(result.stages.every((s) => Number.isNaN(s.rate) && Number.isNaN(s.lower))).toBe(true);
    expect(result.warnings).toEqual(['no closed opportunities: every conversion rate is NaN']);
  });
});
