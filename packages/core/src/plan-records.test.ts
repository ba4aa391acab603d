import { describe, expect, it } from 'vitest';
import { KehuValidationError } from './errors.js';
import {
  budgetActualToJson,
  maintenancePlanToJson,
  parseBudgetActual,
  parseMaintenancePlan,
  parsePlanEvent,
  planEventToJson,
} from './plan-records.js';

const plan = {
  id: 'p-1',
  name: 'Gold care 2026',
  ownerId: 'am-01',
  group: { tiers: ['gold'] },
  period: { from: '2026-01-01', to: '2026-12-31' },
  currency: 'CNY',
  measures: [{ id: 'm-1', kind: 'visit', description: 'Monthly visits', metric: 'contacts-done', target: 120 }],
  budgetLines: [
    { id: 'b-1', category: 'maintenance', period: '2026-Q1', amount: '3000.10', quantity: '10', unitPrice: '300.01' },
  ],
  rules: ['GR-3', 'CA-1'],
};

function pathOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    if (e instanceof KehuValidationError) return e.path;
    throw e;
  }
  throw new Error('expected a KehuValidationError');
}

describe('maintenance plan records (MP-1, MP-2)', () => {
  it('MP-1: a plan round-trips through its exact JSON form, money as decimal strings', () => {
    const parsed = parseMaintenancePlan(plan);
    expect(parsed.budgetLines[0]?.amount.toString()).toBe('3000.1');
    expect(parsed.measures[0]?.direction).toBe('at-least');
    const json = maintenancePlanToJson(parsed);
    expect(json.budgetLines?.[0]?.amount).toBe('3000.1');
    expect(parseMaintenancePlan(json)).toEqual(parsed);
  });

  it('MP-1: a plan refuses an empty group, a period ending before it starts and duplicate ids, with paths', () => {
    expect(pathOf(() => parseMaintenancePlan({ ...plan, group: {} }))).toEqual(['group']);
    expect(pathOf(() => parseMaintenancePlan({ ...plan, period: { from: '2026-02-01', to: '2026-01-31' } }))).toEqual([
      'period',
      'to',
    ]);
    expect(
      pathOf(() => parseMaintenancePlan({ ...plan, budgetLines: [plan.budgetLines[0], plan.budgetLines[0]] })),
    ).toEqual(['budgetLines', 1, 'id']);
    expect(pathOf(() => parseMaintenancePlan({ ...plan, rules: ['gr-3'] }))).toEqual(['rules', 0]);
  });

  it('MP-2: a budget line with units has amount = quantity × unit price exactly, and both or neither', () => {
    const line = plan.budgetLines[0];
    expect(pathOf(() => parseMaintenancePlan({ ...plan, budgetLines: [{ ...line, amount: '3000' }] }))).toEqual([
      'budgetLines',
      0,
      'amount',
    ]);
    expect(pathOf(() => parseMaintenancePlan({ ...plan, budgetLines: [{ ...line, quantity: undefined }] }))).toEqual([
      'budgetLines',
      0,
      'quantity',
    ]);
    expect(pathOf(() => parseMaintenancePlan({ ...plan, budgetLines: [{ ...line, period: '2026-Q5' }] }))).toEqual([
      'budgetLines',
      0,
      'period',
    ]);
  });

  it('MP-1: plan events are a closed union; a return needs a reason that is not blank', () => {
    const at = '2026-01-05T02:00:00Z';
    const signed = parsePlanEvent({ type: 'signed', at, actor: 'li', signerId: 'zhang' });
    expect(planEventToJson(signed)).toEqual({
      type: 'signed',
      at: '2026-01-05T02:00:00.000Z',
      actor: 'li',
      signerId: 'zhang',
    });
    expect(pathOf(() => parsePlanEvent({ type: 'returned', at, actor: 'li', signerId: 'li', reason: '  ' }))).toEqual([
      'reason',
    ]);
    expect(pathOf(() => parsePlanEvent({ type: 'approved', at, actor: 'li' }))).toEqual(['type']);
    expect(parsePlanEvent({ type: 'signer-added', at, actor: 'li', signerId: 'wang' })).toMatchObject({
      position: 'after',
    });
  });

  it('MP-2: an actual spend entry keeps a signed exact amount (a credit is negative)', () => {
    const actual = parseBudgetActual({
      id: 'a-1',
      planId: 'p-1',
      category: 'events',
      spentOn: '2026-03-31',
      amount: '-120.50',
      currency: 'CNY',
    });
    expect(actual.amount.toString()).toBe('-120.5');
    expect(budgetActualToJson(actual).amount).toBe('-120.5');
    expect(pathOf(() => parseBudgetActual({ ...budgetActualToJson(actual), quantity: '-1' }))).toEqual(['quantity']);
  });
});
