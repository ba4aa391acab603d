import { describe, expect, it } from 'vitest';
import { parseComplaintEvent } from './complaint.js';
import { parseCustomer } from './customer.js';
import { KehuPolicyError, KehuValidationError } from './errors.js';
import { parseGradeAssignment } from './grade.js';
import { parseOpportunity, parseOpportunityEvent } from './opportunity-records.js';
import { parseBudgetActual, parseMaintenancePlan, parsePlanEvent } from './plan-records.js';
import {
  checkBatchSize,
  checkBudgetActualLimits,
  checkOpportunityEventLimits,
  checkOpportunityLimits,
  checkPlanEventLimits,
  checkPlanLimits,
  checkComplaintEventLimits,
  checkCustomerLimits,
  checkGradeLimits,
  checkLimits,
  DEFAULT_LIMITS,
  parseLimitsPolicy,
  utf8ByteLength,
} from './limits.js';

const base = { id: 'c1', kind: 'person', name: '张伟', status: 'active', createdAt: '2026-01-05T09:00:00+08:00' };

function refusal(fn: () => void): KehuValidationError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KehuValidationError);
    return e as KehuValidationError;
  }
  throw new Error('expected a validation error');
}

describe('limits policy', () => {
  it('has documented defaults and is JSON data', () => {
    expect(DEFAULT_LIMITS).toEqual({
      maxTextLength: 10_000,
      maxNameLength: 200,
      maxContactsPerCustomer: 10_000,
      maxChannels: 100,
      maxEventsPerComplaint: 10_000,
      attributes: { maxBytes: 65_536, maxDepth: 8 },
      maxBatchSize: 100_000,
    });
    expect(parseLimitsPolicy(JSON.parse(JSON.stringify(DEFAULT_LIMITS)))).toEqual(DEFAULT_LIMITS);
    expect(parseLimitsPolicy({ attributes: { maxBytes: 10 } }).attributes).toEqual({ maxBytes: 10, maxDepth: 8 });
  });
  it('refuses bad policies with the path', () => {
    expect(() => parseLimitsPolicy({ maxTextLength: 0 })).toThrow(KehuPolicyError);
    expect(() => parseLimitsPolicy({ attributes: { maxDepth: 33 } })).toThrow(/at most 32/);
    expect(() => parseLimitsPolicy({ unknown: 1 })).toThrow(KehuPolicyError);
  });
  it('names the field, the limit and the size (issue code too_big)', () => {
    const limits = parseLimitsPolicy({ maxNameLength: 5, maxChannels: 1 });
    const c = parseCustomer({
      ...base,
      contacts: [
        { id: 'k1', name: 'ok' },
        {
          id: 'k2',
          name: '欧阳娜娜娜娜',
          channels: [
            { type: 'email', value: 'a@b.c' },
            { type: 'qq', value: '1' },
          ],
        },
      ],
    });
    const e = refusal(() => checkCustomerLimits(c, limits));
    expect(e.issues).toEqual([
      { path: ['contacts', 1, 'name'], message: 'too long: at most 5 characters, got 6', code: 'too_big' },
      { path: ['contacts', 1, 'channels'], message: 'too many channels: at most 1, got 2', code: 'too_big' },
    ]);
    expect(e.message).toMatch(/field "contacts.1.name"/);
  });
  it('counts characters as code points', () => {
    const limits = parseLimitsPolicy({ maxNameLength: 2 });
    expect(() => checkCustomerLimits(parseCustomer({ ...base, name: '😀😀' }), limits)).not.toThrow();
    expect(() => checkCustomerLimits(parseCustomer({ ...base, name: '😀😀😀' }), limits)).toThrow(/got 3/);
  });
  it('bounds attributes by UTF-8 bytes and depth', () => {
    const limits = parseLimitsPolicy({ attributes: { maxBytes: 20, maxDepth: 2 } });
    const big = parseCustomer({ ...base, attributes: { note: '上海华信贸易' } });
    expect(utf8ByteLength(JSON.stringify(big.attributes))).toBe(29);
    expect(refusal(() => checkCustomerLimits(big, limits)).issues[0]).toEqual({
      path: ['attributes'],
      message: 'too large: at most 20 bytes of JSON (UTF-8), got 29',
      code: 'too_big',
    });
    const deep = parseCustomer({ ...base, attributes: { a: { b: [1] } } });
    expect(refusal(() => checkCustomerLimits(deep, limits)).message).toMatch(/at most 2 levels, got 3/);
    const grade = parseGradeAssignment({
      customerId: 'c1',
      tier: 'gold',
      effectiveFrom: '2026-01-01T00:00:00Z',
      source: 'manual',
      assignedBy: 'u1',
      reason: 'x'.repeat(11),
      explanation: { a: { b: [1] } },
    });
    const e = refusal(() => checkGradeLimits(grade, { ...limits, maxTextLength: 10 }));
    expect(e.issues.map((i) => i.path)).toEqual([['reason'], ['explanation']]);
  });
  it('counts complaint events and batch sizes', () => {
    const event = parseComplaintEvent({ type: 'acknowledged', at: '2026-01-05T09:00:00Z', actor: 'u1' });
    const limits = parseLimitsPolicy({ maxEventsPerComplaint: 3, maxBatchSize: 10 });
    expect(() => checkComplaintEventLimits(event, limits, { eventsSoFar: 2 })).not.toThrow();
    expect(refusal(() => checkComplaintEventLimits(event, limits, { eventsSoFar: 3 })).message).toMatch(
      /at most 3 per complaint/,
    );
    expect(() => checkBatchSize(10, limits)).not.toThrow();
    expect(refusal(() => checkBatchSize(11, limits, ['transactions'])).path).toEqual(['transactions']);
  });
  it('passes records within the defaults', () => {
    expect(() => checkLimits('customer', parseCustomer(base), DEFAULT_LIMITS)).not.toThrow();
  });

  it('MP-1 to MP-3: checks the free texts and attributes of plans, plan events, actuals and opportunities', () => {
    const tight = parseLimitsPolicy({ maxTextLength: 5, maxNameLength: 3, attributes: { maxBytes: 10 } });
    const plan = parseMaintenancePlan({
      id: 'p-1',
      name: 'Gold care',
      ownerId: 'am-1',
      group: { segments: ['champions'] },
      period: { from: '2026-01-01', to: '2026-12-31' },
      currency: 'CNY',
      measures: [{ id: 'm-1', kind: 'visit', description: 'quarterly', metric: 'contacts-done', target: 4 }],
      attributes: { region: 'east china' },
    });
    expect(() => checkPlanLimits(plan)).not.toThrow();
    expect(refusal(() => checkPlanLimits(plan, tight)).issues.map((i) => i.path)).toEqual([
      ['name'],
      ['group', 'segments', 0],
      ['measures', 0, 'description'],
      ['attributes'],
    ]);
    const { id: _id, ...content } = plan;
    const revised = parsePlanEvent({
      type: 'revised',
      at: '2026-01-05T09:00:00Z',
      actor: 'a',
      note: 'longer',
      content,
    });
    expect(refusal(() => checkPlanEventLimits(revised, tight)).issues.map((i) => i.path)).toContainEqual([
      'content',
      'name',
    ]);
    const returned = parsePlanEvent({
      type: 'returned',
      at: '2026-01-05T09:00:00Z',
      actor: 'a',
      signerId: 'b',
      reason: 'too much',
    });
    expect(refusal(() => checkPlanEventLimits(returned, tight)).issues.map((i) => i.path)).toEqual([['reason']]);
    const actual = parseBudgetActual({
      id: 'a-1',
      planId: 'p-1',
      category: 'events',
      spentOn: '2026-02-01',
      amount: '-5',
      currency: 'CNY',
      description: 'refund of a gift',
    });
    expect(refusal(() => checkBudgetActualLimits(actual, tight)).issues.map((i) => i.path)).toEqual([['description']]);
    const opportunity = parseOpportunity({
      id: 'o-1',
      customerId: 'c-1',
      salespersonId: 's-1',
      name: 'Renewal',
      expectedRevenue: '10',
      currency: 'CNY',
      expectedCloseDate: '2026-06-30',
      source: 'referral',
      createdAt: '2026-01-05T09:00:00Z',
      stage: 'qualified',
    });
    expect(refusal(() => checkOpportunityLimits(opportunity, tight)).issues.map((i) => i.path)).toEqual([
      ['name'],
      ['source'],
    ]);
    const won = parseOpportunityEvent({
      type: 'won',
      at: '2026-01-05T09:00:00Z',
      actor: 'a',
      reason: 'price',
      note: 'signed today',
    });
    expect(refusal(() => checkOpportunityEventLimits(won, tight)).issues.map((i) => i.path)).toEqual([['note']]);
  });
});
