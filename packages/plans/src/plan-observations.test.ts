import { Decimal, KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { evaluatePlan } from './evaluate-plan.js';
import { observationsFrom } from './plan-observations.js';
import { planResults } from './plan-results.js';

describe('observationsFrom', () => {
  it('MP-1: contacts (CA-9), satisfaction (SA-4), grades (GR-4), churn (CH-4), events and gifts (CA-7)', () => {
    const o = observationsFrom({
      contacts: { done: 96, onTime: 90, planned: 120 },
      satisfaction: { before: 4.1, after: 4.4, n: 80 },
      grades: { upgrades: 3, downgrades: 1 },
      churned: 2,
      events: 4,
      gifts: 150,
    });
    expect(o['contacts-done']?.value).toBe(96);
    expect(o['contacts-done']?.source.en).toContain('CA-9');
    expect(o['contact-completion-rate']).toMatchObject({ value: 0.75, n: 120 });
    expect(o['contact-completion-rate']?.source.en).toContain('on time');
    expect(o['satisfaction-change']?.value).toBeCloseTo(0.3, 12);
    expect(o['satisfaction-change']?.source.en).toContain('SA-4');
    expect(o['satisfaction-change']?.n).toBe(80);
    expect(o.upgrades?.source.en).toContain('GR-4');
    expect(o.downgrades?.value).toBe(1);
    expect(o['churned-customers']?.source.zh).toContain('CH-4');
    expect(o['events-held']?.source.en).toContain('CA-7');
    expect(o['gifts-given']?.value).toBe(150);
    expect(o.revenue).toBeUndefined();
  });

  it('MP-1: without onTime the completion rate is done / planned; nothing planned gives NaN, unobserved', () => {
    expect(observationsFrom({ contacts: { done: 30, planned: 40 } })['contact-completion-rate']?.value).toBe(0.75);
    const none = observationsFrom({ contacts: { done: 0, planned: 0 } });
    expect(none['contact-completion-rate']?.value).toBeNaN();
    expect(observationsFrom({ contacts: { done: 3 } })['contact-completion-rate']).toBeUndefined();
  });

  it('MP-2: results give new customers, repurchase, revenue and campaign response of all periods', () => {
    const at = (s: string) => new Date(`${s}T10:00:00+08:00`);
    const results = planResults(
      {
        customerIds: ['a', 'b'],
        transactions: [
          { customerId: 'a', occurredAt: at('2025-12-01'), kind: 'purchase', amount: new Decimal(10), currency: 'CNY' },
          { customerId: 'a', occurredAt: at('2026-01-05'), kind: 'purchase', amount: new Decimal(25), currency: 'CNY' },
          { customerId: 'b', occurredAt: at('2026-02-05'), kind: 'purchase', amount: new Decimal(5), currency: 'CNY' },
        ],
        campaigns: [{ id: 'c1', period: '2026-01', contacted: 20, responded: 5 }],
      },
      {
        periods: 'month',
        from: '2026-01-01',
        to: '2026-02-28',
        asOf: at('2026-03-01'),
        timeZone: 'Asia/Shanghai',
        currency: 'CNY',
      },
    );
    const o = observationsFrom({ results });
    expect(o['new-customers']?.value).toBe(1);
    expect(o['repurchase-rate']).toMatchObject({ value: 1, n: 1 });
    expect(o.revenue?.value).toBe(30);
    expect(o['campaign-response-rate']).toMatchObject({ value: 0.25, n: 20 });
    expect(o.revenue?.source.en).toContain('MP-2');
    expect(o.revenue?.source.en).toContain('2026-01-01..2026-02-28');
  });

  it('MP-1: observations feed the evaluation with their sources', () => {
    const e = evaluatePlan(
      {
        name: 'p',
        ownerId: 'o',
        group: { tiers: ['gold'], segments: [], customerIds: [] },
        period: { from: '2026-01-01', to: '2026-12-31' },
        currency: 'CNY',
        measures: [
          {
            id: 'v',
            kind: 'visit',
            description: 'visits',
            metric: 'contacts-done',
            direction: 'at-least',
            target: 120,
            rules: [],
          },
        ],
        budgetLines: [],
        rules: [],
        attributes: {},
      },
      observationsFrom({ contacts: { done: 96 } }),
      undefined,
      { asOf: new Date('2027-01-05T00:00:00Z') },
    );
    expect(e.improvements[0]?.reason.en).toBe('contacts done 96 < target 120 (80% of the target)');
    expect(e.measures[0]?.source.en).toContain('CA-9');
  });

  it('MP-1: bad counts are typed errors naming the field', () => {
    const path = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(KehuValidationError);
        return (e as KehuValidationError).path;
      }
    };
    expect(path(() => observationsFrom({ contacts: { done: -1 } }))).toEqual(['contacts', 'done']);
    expect(path(() => observationsFrom({ contacts: { done: 5, onTime: 6 } }))).toEqual(['contacts', 'onTime']);
    expect(path(() => observationsFrom({ contacts: { done: 5, planned: 4 } }))).toEqual(['contacts', 'done']);
    expect(path(() => observationsFrom({ satisfaction: { before: Number.NaN, after: 1 } }))).toEqual([
      'satisfaction',
      'before',
    ]);
    expect(path(() => observationsFrom({ churned: 1.5 }))).toEqual(['churned']);
  });
});
