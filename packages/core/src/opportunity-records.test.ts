import { describe, expect, it } from 'vitest';
import { KehuValidationError } from './errors.js';
import {
  opportunityEventToJson,
  opportunityToJson,
  parseOpportunity,
  parseOpportunityEvent,
} from './opportunity-records.js';

function pathOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    if (e instanceof KehuValidationError) return e.path;
    throw e;
  }
  throw new Error('expected a KehuValidationError');
}

const opportunity = {
  id: 'o-1',
  customerId: 'c-1',
  salespersonId: 'am-01',
  expectedRevenue: '125000.00',
  currency: 'CNY',
  expectedCloseDate: '2026-06-30',
  createdAt: '2026-01-05T02:00:00Z',
  stage: 'lead',
};

describe('opportunity records (MP-3)', () => {
  it('MP-3: an opportunity round-trips with its exact expected revenue', () => {
    const parsed = parseOpportunity(opportunity);
    expect(parsed.expectedRevenue.toString()).toBe('125000');
    expect(parseOpportunity(opportunityToJson(parsed))).toEqual(parsed);
  });

  it('MP-3: stage ids and reason codes are lower-case codes; probabilities are whole percents 0..100', () => {
    expect(pathOf(() => parseOpportunity({ ...opportunity, stage: 'Lead' }))).toEqual(['stage']);
    const at = '2026-01-06T02:00:00Z';
    expect(pathOf(() => parseOpportunityEvent({ type: 'probability-set', at, actor: 'a', probability: 101 }))).toEqual([
      'probability',
    ]);
    expect(pathOf(() => parseOpportunityEvent({ type: 'probability-set', at, actor: 'a', probability: 33.5 }))).toEqual(
      ['probability'],
    );
    expect(pathOf(() => parseOpportunityEvent({ type: 'lost', at, actor: 'a' }))).toEqual(['reason']);
    const unlock = parseOpportunityEvent({ type: 'probability-set', at, actor: 'a', probability: null });
    expect(opportunityEventToJson(unlock)).toMatchObject({ probability: null });
  });
});
