import { KehuPolicyError, KehuValidationError, type PlanContent, type PlanMeasure } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluatePlan, evaluationFromJson, evaluationToJson, PLAN_METRIC_LABELS } from './evaluate-plan.js';
import type { PlanObservations } from './plan-observations.js';
import { DEFAULT_PLAN_POLICY } from './plan-policy.js';

const asOf = new Date('2027-01-05T10:00:00+08:00');
const measure = (id: string, metric: PlanMeasure['metric'], target: number, over: Partial<PlanMeasure> = {}) =>
  ({ id, kind: 'visit', description: id, metric, direction: 'at-least', target, rules: [], ...over }) as PlanMeasure;

const content = (measures: PlanMeasure[]): PlanContent =>
  ({
    name: 'Gold care 2026',
    ownerId: 'owner-1',
    group: { tiers: ['gold'], segments: [], customerIds: [] },
    period: { from: '2026-01-01', to: '2026-12-31' },
    currency: 'CNY',
    measures,
    budgetLines: [],
    rules: ['CA-1'],
    attributes: {},
  }) as PlanContent;

const cadence = { en: 'revisits done (CA-9)', zh: '已完成回访（CA-9）' };

describe('evaluatePlan', () => {
  it('MP-1: at-least and at-most targets, met and missed', () => {
    const e = evaluatePlan(
      content([
        measure('visits', 'contacts-done', 120, { rules: ['CA-1'] }),
        measure('visits-ok', 'contacts-done', 90),
        measure('churn', 'churned-customers', 3, { direction: 'at-most', kind: 'other' }),
        measure('churn-ok', 'churned-customers', 5, { direction: 'at-most', kind: 'other' }),
      ]),
      {
        'contacts-done': { value: 96, source: cadence },
        'churned-customers': { value: 4, source: { en: 'churn (CH-4)', zh: '流失（CH-4）' } },
      },
      undefined,
      { asOf },
    );
    expect(e.measures.map((m) => [m.measureId, m.met, m.gap])).toEqual([
      ['visits', false, -24],
      ['visits-ok', true, 6],
      ['churn', false, 1],
      ['churn-ok', true, -1],
    ]);
    expect(e.measures[0]?.rules).toEqual(['MP-1', 'CA-1']);
    expect(e.measures[0]?.source).toEqual(cadence);
    expect(e.summary).toEqual({ met: 2, missed: 2, unobserved: 0 });
    expect(e.rules).toEqual(['MP-1']);
  });

  it('MP-1: improvements only for missed targets, with the policy action and the reason', () => {
    const e = evaluatePlan(
      content([measure('visits', 'contacts-done', 120), measure('rev', 'revenue', 1000)]),
      { 'contacts-done': { value: 96, source: cadence }, revenue: { value: 1500, source: cadence } },
      DEFAULT_PLAN_POLICY,
      { asOf },
    );
    expect(e.improvements).toEqual([
      {
        measureId: 'visits',
        metric: 'contacts-done',
        action: DEFAULT_PLAN_POLICY.evaluation.improvements['contacts-done'],
        reason: {
          en: 'contacts done 96 < target 120 (80% of the target)',
          zh: '已完成回访 96 < 目标 120（达到目标的 80%）',
        },
      },
    ]);
  });

  it('MP-1: shares show as percentages; at-most misses read ">"; a host policy gives the action', () => {
    const e = evaluatePlan(
      content([
        measure('rate', 'repurchase-rate', 0.4),
        measure('down', 'downgrades', 2, { direction: 'at-most', kind: 'other' }),
      ]),
      { 'repurchase-rate': { value: 0.3, source: cadence, n: 50 }, downgrades: { value: 3, source: cadence } },
      { evaluation: { improvements: { downgrades: { en: 'Call them', zh: '致电' } } } },
      { asOf },
    );
    expect(e.improvements.map((i) => i.reason.en)).toEqual([
      'repurchase rate 30% < target 40% (75% of the target)',
      'downgrades 3 > target 2 (150% of the target)',
    ]);
    expect(e.improvements[1]?.action).toEqual({ en: 'Call them', zh: '致电' });
    expect(e.measures[0]?.n).toBe(50);
  });

  it('MP-1: an unobserved measure is null with a warning, never met or missed', () => {
    const e = evaluatePlan(
      content([measure('sat', 'satisfaction-change', 0.2), measure('rr', 'repurchase-rate', 0.3)]),
      { 'repurchase-rate': { value: Number.NaN, source: { en: 'planResults (MP-2)', zh: 'planResults（MP-2）' } } },
      undefined,
      { asOf },
    );
    expect(e.measures.map((m) => m.met)).toEqual([null, null]);
    expect(e.measures[0]?.actual).toBeNaN();
    expect(e.measures[0]?.gap).toBeNaN();
    expect(e.measures[0]?.source.en).toBe('not observed');
    expect(e.measures[1]?.source.en).toBe('planResults (MP-2)');
    expect(e.summary).toEqual({ met: 0, missed: 0, unobserved: 2 });
    expect(e.improvements).toEqual([]);
    expect(e.warnings).toHaveLength(2);
    expect(e.warnings[1]).toContain('is NaN');
  });

  it('MP-1: custom measures take the host value by measure id; unused observations are warned about', () => {
    const e = evaluatePlan(
      content([measure('nps', 'custom', 30, { kind: 'other' })]),
      { custom: { nps: 25, other: 1 }, revenue: { value: 5, source: cadence } },
      undefined,
      { asOf },
    );
    expect(e.measures[0]).toMatchObject({ actual: 25, met: false, source: { en: 'value given by the host' } });
    expect(e.improvements[0]?.reason.en).toBe('custom measure 25 < target 30 (83% of the target)');
    expect(e.warnings.some((w) => w.includes('revenue'))).toBe(true);
    expect(e.warnings.some((w) => w.includes('other'))).toBe(true);
  });

  it('MP-1: bad input is a typed error naming the field', () => {
    const path = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as KehuValidationError).path;
      }
    };
    const c = content([measure('v', 'contacts-done', 1)]);
    expect(path(() => evaluatePlan(c, { revenue: { value: 1, source: 'x' as never } }, undefined, { asOf }))).toEqual([
      'observations',
      'revenue',
      'source',
    ]);
    expect(path(() => evaluatePlan(c, { bogus: { value: 1, source: cadence } } as never, undefined, { asOf }))).toEqual(
      ['observations', 'bogus'],
    );
    expect(path(() => evaluatePlan(c, {}, undefined, {} as never))).toEqual(['asOf']);
    expect(() => evaluatePlan(c, {}, { evaluation: { improvements: { revenue: 5 } } } as never, { asOf })).toThrow(
      KehuPolicyError,
    );
  });

  it('MP-1: every metric has an English and a Chinese label', () => {
    for (const label of Object.values(PLAN_METRIC_LABELS)) {
      expect(label.en.length).toBeGreaterThan(0);
      expect(label.zh.length).toBeGreaterThan(0);
    }
  });
});

describe('evaluationToJson / evaluationFromJson', () => {
  it('MP-1: plain JSON for the evaluated event, NaN as null, read back equal', () => {
    const e = evaluatePlan(
      content([measure('visits', 'contacts-done', 120), measure('sat', 'satisfaction-change', 0.2)]),
      { 'contacts-done': { value: 96, source: cadence } },
      undefined,
      { asOf },
    );
    const json = evaluationToJson(e);
    const text = JSON.stringify(json);
    expect(JSON.parse(text)).toEqual(json);
    expect((json.measures as Array<Record<string, unknown>>)[1]).toMatchObject({ actual: null, gap: null, met: null });
    expect(evaluationFromJson(JSON.parse(text))).toEqual(e);
  });

  it('MP-1: malformed evaluation JSON is a typed error', () => {
    expect(() => evaluationFromJson({ asOf: 'yesterday' })).toThrow(KehuValidationError);
  });

  it('MP-1 (property): met + missed + unobserved = measures; improvements = missed; JSON round-trips', () => {
    const metric = fc.constantFrom('contacts-done', 'revenue', 'upgrades', 'repurchase-rate' as const);
    const m = fc.record({
      metric,
      target: fc.integer({ min: -5, max: 100 }),
      atMost: fc.boolean(),
    });
    const obs = fc.option(fc.oneof(fc.integer({ min: -5, max: 100 }), fc.constant(Number.NaN)), { nil: undefined });
    fc.assert(
      fc.property(fc.array(m, { maxLength: 8 }), obs, obs, obs, obs, (ms, a, b, c, d) => {
        const observations: PlanObservations = {};
        const values = [a, b, c, d];
        (['contacts-done', 'revenue', 'upgrades', 'repurchase-rate'] as const).forEach((k, i) => {
          const v = values[i];
          if (v !== undefined) observations[k] = { value: v, source: cadence };
        });
        const e = evaluatePlan(
          content(
            ms.map((x, i) => measure(`m${i}`, x.metric, x.target, { direction: x.atMost ? 'at-most' : 'at-least' })),
          ),
          observations,
          undefined,
          { asOf },
        );
        expect(e.summary.met + e.summary.missed + e.summary.unobserved).toBe(ms.length);
        expect(e.improvements.map((i) => i.measureId)).toEqual(
          e.measures.filter((x) => x.met === false).map((x) => x.measureId),
        );
        expect(evaluationFromJson(JSON.parse(JSON.stringify(evaluationToJson(e))))).toEqual(e);
      }),
    );
  });
});
