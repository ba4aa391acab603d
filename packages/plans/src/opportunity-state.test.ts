import { chinaCalendar } from '@kehu/calendar';
import { KehuValidationError, parseOpportunity, parseOpportunityEvent } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPPORTUNITY_POLICY as policy } from './opportunity-policy.js';
import { opportunityState, opportunityStates } from './opportunity-state.js';

const calendar = chinaCalendar();
const opportunity = parseOpportunity({
  id: 'o-1',
  customerId: 'c-1',
  salespersonId: 'am-01',
  expectedRevenue: '8000',
  currency: 'CNY',
  expectedCloseDate: '2026-06-30',
  createdAt: '2026-03-02T01:00:00Z',
  stage: 'qualified',
});
const lost = parseOpportunityEvent({ type: 'lost', at: '2026-03-03T01:00:00Z', actor: 'am-01', reason: 'no-budget' });

function pathOf(f: () => unknown) {
  try {
    f();
  } catch (e) {
    if (e instanceof KehuValidationError) return e.path;
    throw e;
  }
  return undefined;
}

describe('opportunityState (MP-3)', () => {
  it('MP-3: explains the outcome with its reason label and a lost probability of 0', () => {
    const row = opportunityState(opportunity, [lost], policy, { asOf: new Date('2026-04-01T00:00:00Z'), calendar });
    expect(row).toMatchObject({
      status: 'lost',
      stage: 'qualified',
      reason: { code: 'no-budget', label: { en: 'No budget', zh: '无预算' } },
      probability: { value: 0, source: 'lost' },
      expectedCloseDate: '2026-06-30',
      businessMs: 8 * 3_600_000,
    });
    expect(row.weightedRevenue.isZero()).toBe(true);
    expect(row.stageTimes.map((t) => t.stage)).toEqual(policy.stages.map((s) => s.id));
  });

  it('MP-3: errors of the object path name the event; created after asOf and a missing asOf are refused', () => {
    const bad = { ...lost, reason: 'weather' };
    const asOf = new Date('2026-04-01T00:00:00Z');
    expect(pathOf(() => opportunityState(opportunity, [bad], policy, { asOf, calendar }))).toEqual([
      'events',
      0,
      'reason',
    ]);
    expect(
      pathOf(() => opportunityState(opportunity, [], policy, { asOf: new Date('2026-01-01T00:00:00Z'), calendar })),
    ).toEqual(['asOf']);
    expect(pathOf(() => opportunityState(opportunity, [], policy, { calendar } as never))).toEqual(['asOf']);
    expect(pathOf(() => opportunityStates([{ opportunity, events: [bad] }], policy, { asOf, calendar }))).toEqual([
      'entries',
      0,
      'events',
      0,
      'reason',
    ]);
  });
});
