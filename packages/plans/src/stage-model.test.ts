import { describe, expect, it } from 'vitest';
import { DEFAULT_OPPORTUNITY_POLICY as policy } from './opportunity-policy.js';
import { fitStageModel } from './stage-model.js';
import { dayVisits, handTable, issueOf } from './test-support.js';

describe('fitStageModel (MP-3)', () => {
  const table = handTable([
    { status: 'won', visits: dayVisits('lead', 'proposal', 'lead') },
    { status: 'lost', visits: dayVisits('lead') },
    { status: 'lost', visits: dayVisits('lead', 'proposal') },
    { visits: dayVisits('lead', 'negotiation') },
  ]);
  const asOf = new Date('2027-01-01T00:00:00Z');

  it('MP-3: win rate per stage among closed ones that reached it, in whole percent rounded half up', () => {
    const model = fitStageModel(table, policy, { asOf });
    expect(model.asOf).toEqual(asOf);
    expect(model.stages.lead).toEqual({ closed: 3, won: 1, probability: 33 });
    expect(model.stages.proposal).toEqual({ closed: 2, won: 1, probability: 50 });
    // No closed opportunity reached it: closed 0 and the stage default (the engine needs minClosed anyway).
    expect(model.stages.negotiation).toEqual({ closed: 0, won: 0, probability: 80 });
    expect(Object.keys(model.stages)).toEqual(policy.stages.map((s) => s.id));
    const half = fitStageModel(
      handTable([
        ...Array.from({ length: 3 }, () => ({ status: 'won' as const, visits: [['lead', 1]] as const })),
        ...Array.from({ length: 197 }, () => ({ status: 'lost' as const, visits: [['lead', 1]] as const })),
      ]),
      policy,
      { asOf },
    );
    // 3 / 200 = 1.5% rounds up to 2
    expect(half.stages.lead!.probability).toBe(2);
  });

  it('MP-3: outcomes after asOf are left out', () => {
    // handTable creates row i on 2026-01-01 + i days and closes it a day per visit later: row 1 (lost) closes on
    // 2026-01-03, row 0 (won) on 2026-01-04, row 2 on 2026-01-05.
    const model = fitStageModel(table, policy, { asOf: new Date('2026-01-03T00:00:00Z') });
    expect(model.stages.lead).toEqual({ closed: 1, won: 0, probability: 0 });
    expect(model.stages.proposal).toEqual({ closed: 0, won: 0, probability: 60 });
  });

  it('MP-3: asOf is required', () => {
    expect(issueOf(() => fitStageModel(table, policy, {} as { asOf: Date })).path).toEqual(['asOf']);
  });
});
