import { KehuPolicyError, KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SERVICE_QUALITY_INDICATORS } from './dimensions.js';
import {
  DEFAULT_DEPARTMENT_LABELS,
  DEFAULT_DEPARTMENTS,
  type IndicatorMean,
  improvementItems,
  parseImprovementPolicy,
} from './improvement.js';

const asOf = new Date('2026-04-02T00:00:00Z');
const quarter = { year: 2026, quarter: 1 as const };
const mean = (estimate: number, lower: number, upper: number, n = 120): IndicatorMean => ({
  estimate,
  n,
  ci: { lower, upper, level: 0.95 },
  warnings: [],
});

describe('improvement policy (rule SA-5)', () => {
  it('SA-5: every SA-1 and SA-3 dimension has a default department with English and Chinese labels', () => {
    const p = parseImprovementPolicy();
    expect(p.defaultTarget).toBe(4);
    expect(p.scale).toEqual({ min: 1, max: 5 });
    expect(p.priority).toEqual({ highGap: 0.5 });
    for (const indicator of SERVICE_QUALITY_INDICATORS) expect(p.departments[indicator]).toBeDefined();
    expect(p.departments).toEqual(DEFAULT_DEPARTMENTS);
    expect(p.departments['response-speed']).toBe('customer-service');
    expect(p.departments.expertise).toBe('training');
    expect(p.departments.innovation).toBe('product');
    for (const d of Object.values(DEFAULT_DEPARTMENTS)) {
      expect(DEFAULT_DEPARTMENT_LABELS[d]?.en).toBeTruthy();
      expect(DEFAULT_DEPARTMENT_LABELS[d]?.zh).toBeTruthy();
    }
  });

  it('SA-5: a bad policy is a KehuPolicyError with the path', () => {
    const bad = (input: unknown, path: unknown[]) =>
      expect(() => parseImprovementPolicy(input)).toThrow(
        expect.objectContaining({ name: 'KehuPolicyError', code: 'POLICY_INVALID', path }),
      );
    bad({ defaultTarget: 6 }, ['defaultTarget']);
    bad({ targets: { attitude: 0 } }, ['targets', 'attitude']);
    bad({ targets: { weather: 4 } }, ['targets', 'weather']);
    bad({ scale: { min: 5, max: 1 } }, ['scale', 'max']);
    bad({ priority: { highGap: 0 } }, ['priority', 'highGap']);
    bad({ departments: { attitude: 'Customer Service' } }, ['departments', 'attitude']);
    expect(() => parseImprovementPolicy({ owners: {} })).toThrow(KehuPolicyError);
  });
});

describe('improvementItems (rule SA-5)', () => {
  it('SA-5: indicators below target give items for the responsible department, by priority', () => {
    const r = improvementItems(
      {
        // below target, interval wholly below, gap 0.8: high
        'response-speed': mean(3.2, 3.0, 3.4),
        // below target, interval wholly below, gap 0.2: medium
        expertise: mean(3.8, 3.7, 3.9),
        // below target, interval reaches it, gap 0.6: medium
        innovation: { ...mean(3.4, 2.7, 4.1, 12), warnings: [{ code: 'SMALL_SAMPLE', message: 'n = 12 < 30' }] },
        // below target, interval reaches it, gap 0.1: low
        communication: mean(3.9, 3.7, 4.1),
        attitude: mean(4.0, 3.9, 4.1),
        'problem-solving': mean(4.5, 4.4, 4.6),
        continuity: { estimate: Number.NaN, n: 0, ci: { lower: Number.NaN, upper: Number.NaN, level: 0.95 } },
      },
      undefined,
      { asOf, quarter },
    );
    expect(r.quarter).toBe('2026-Q1');
    expect(r.items.map((i) => [i.indicator, i.status, i.priority])).toEqual([
      ['response-speed', 'confirmed', 'high'],
      ['innovation', 'possible', 'medium'],
      ['expertise', 'confirmed', 'medium'],
      ['communication', 'possible', 'low'],
    ]);
    expect(r.met).toEqual(['attitude', 'problem-solving']);
    expect(r.unmeasured).toEqual(['continuity']);
    expect(r.rules).toEqual(['SA-5']);
    const first = r.items[0];
    expect(first).toMatchObject({
      id: '2026-Q1:response-speed',
      indicatorLabel: { en: 'Response speed', zh: '响应速度' },
      department: 'customer-service',
      departmentLabel: { en: 'Customer service', zh: '客户服务部' },
      quarter: '2026-Q1',
      raisedAt: asOf,
      target: 4,
      estimate: 3.2,
      n: 120,
      ci: { lower: 3.0, upper: 3.4, level: 0.95 },
      statusLabel: { zh: '低于目标（已确认）' },
      priorityLabel: { en: 'High', zh: '高' },
      rules: ['SA-5', 'SA-3'],
    });
    expect(first?.gap).toBeCloseTo(0.8, 12);
    expect(first?.explanation).toBe(
      'response-speed mean 3.20 (n = 120, 95% interval 3.00 to 3.40) is 0.80 below the target 4; ' +
        'the whole interval is below the target',
    );
    expect(r.items[1]?.warnings).toEqual([{ code: 'SMALL_SAMPLE', message: 'n = 12 < 30' }]);
    expect(r.items.find((i) => i.indicator === 'expertise')?.department).toBe('training');
  });

  it('SA-5: a mean without an interval is a possible shortfall', () => {
    const r = improvementItems(
      { price: { estimate: 2, n: 1, ci: { lower: Number.NaN, upper: Number.NaN, level: 0.95 } } },
      {},
      { asOf, quarter },
    );
    expect(r.items[0]).toMatchObject({
      status: 'possible',
      priority: 'medium',
      department: 'sales',
      rules: ['SA-5', 'SA-1'],
    });
    expect(r.items[0]?.explanation).toContain('no interval');
  });

  it('SA-5: the policy sets targets, departments (also of a host indicator), scale and priority', () => {
    const r = improvementItems(
      { 'response-speed': mean(6.0, 5.8, 6.2), 'billing-accuracy': mean(5.0, 4.0, 6.0) },
      {
        departments: { ...DEFAULT_DEPARTMENTS, 'response-speed': 'call-centre', 'billing-accuracy': 'finance' },
        departmentLabels: { 'call-centre': { en: 'Call centre', zh: '呼叫中心' } },
        targets: { 'response-speed': 6.5 },
        defaultTarget: 5.5,
        scale: { min: 1, max: 7 },
        priority: { highGap: 0.4 },
      },
      { asOf, quarter: { year: 2025, quarter: 4 } },
    );
    expect(r.items.map((i) => [i.indicator, i.department, i.target, i.priority])).toEqual([
      ['response-speed', 'call-centre', 6.5, 'high'],
      ['billing-accuracy', 'finance', 5.5, 'medium'],
    ]);
    expect(r.items[0]?.departmentLabel).toEqual({ en: 'Call centre', zh: '呼叫中心' });
    expect(r.items[1]).toMatchObject({
      id: '2025-Q4:billing-accuracy',
      indicatorLabel: { en: 'billing-accuracy', zh: 'billing-accuracy' },
      departmentLabel: { en: 'finance', zh: 'finance' },
      rules: ['SA-5'],
    });
  });

  it('SA-5: bad input is a KehuValidationError with the path', () => {
    const bad = (means: unknown, path: unknown[], opts: Record<string, unknown> = {}) =>
      expect(() => improvementItems(means as never, {}, { asOf, quarter, ...opts } as never)).toThrow(
        expect.objectContaining({ name: 'KehuValidationError', path }),
      );
    bad({ weather: mean(3, 2, 4) }, ['weather']);
    bad({ attitude: mean(6, 5, 7) }, ['attitude', 'estimate']);
    bad({ attitude: mean(Number.POSITIVE_INFINITY, 2, 4) }, ['attitude', 'estimate']);
    bad({ attitude: { ...mean(3, 2, 4), n: -1 } }, ['attitude', 'n']);
    bad({ attitude: { ...mean(3, 2, 4), n: 1.5 } }, ['attitude', 'n']);
    bad({ attitude: mean(3, 4, 2) }, ['attitude', 'ci', 'upper']);
    bad({ attitude: { estimate: 3, n: 5 } }, ['attitude', 'ci']);
    bad({ attitude: { ...mean(3, 2, 4), ci: { lower: 2, upper: 4, level: 95 } } }, ['attitude', 'ci', 'level']);
    bad({ attitude: null }, ['attitude']);
    bad([], []);
    bad({}, ['asOf'], { asOf: 'yesterday' });
    bad({}, ['quarter'], { quarter: { year: 2026, quarter: 5 } });
    expect(() => improvementItems({}, { defaultTarget: 9 }, { asOf, quarter })).toThrow(KehuPolicyError);
    expect(() => improvementItems(null as never, {}, { asOf, quarter })).toThrow(KehuValidationError);
  });

  it('SA-5 property: items are exactly the indicators below target, in an order that ignores key order', () => {
    const arbMean = fc
      .tuple(fc.double({ min: 1, max: 5, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([e, w]) => mean(e, Math.max(1, e - w), Math.min(5, e + w)));
    const arb = fc.dictionary(fc.constantFrom(...SERVICE_QUALITY_INDICATORS), arbMean);
    fc.assert(
      fc.property(arb, (means) => {
        const r = improvementItems(means, {}, { asOf, quarter });
        const reversed = Object.fromEntries(Object.entries(means).reverse());
        expect(improvementItems(reversed, {}, { asOf, quarter })).toEqual(r);
        const below = Object.entries(means)
          .filter(([, m]) => m.estimate < 4)
          .map(([k]) => k);
        expect(r.items.map((i) => i.indicator).sort()).toEqual(below.sort());
        expect(r.items.length + r.met.length + r.unmeasured.length).toBe(Object.keys(means).length);
        for (const i of r.items) {
          expect(i.gap).toBeGreaterThan(0);
          expect(i.status === 'confirmed').toBe(i.ci.upper < i.target);
        }
      }),
    );
  });
});
