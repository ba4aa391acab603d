import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareProportions } from './compare.js';
import { type AdjustmentMethod, adjustComparisons, adjustPValues } from './multiplicity.js';

const methods: AdjustmentMethod[] = ['holm', 'benjamini-hochberg'];

describe('adjustPValues (SA-3, SA-4)', () => {
  it("matches R's p.adjust(c(.01, .02, .03, .04, .05), 'holm') and 'BH' (SA-4)", () => {
    const p = [0.01, 0.02, 0.03, 0.04, 0.05];
    const holm = adjustPValues(p, { method: 'holm' });
    expect(holm.adjusted.map((x) => Number(x.toFixed(12)))).toEqual([0.05, 0.08, 0.09, 0.09, 0.09]);
    expect(holm.method).toBe('holm');
    expect(holm.label.en).toBe('Holm (family-wise error rate)');
    expect(holm.significant).toEqual([false, false, false, false, false]);
    const bh = adjustPValues(p, { method: 'benjamini-hochberg' });
    expect(bh.adjusted.map((x) => Number(x.toFixed(12)))).toEqual([0.05, 0.05, 0.05, 0.05, 0.05]);
  });

  it('keeps input order, leaves NaN out of m as R does (SA-4)', () => {
    const p = [0.04, 0.001, 0.03, 0.2, Number.NaN];
    const holm = adjustPValues(p, { method: 'holm' });
    expect(holm.m).toBe(4);
    expect(holm.adjusted[0]).toBeCloseTo(0.09, 14);
    expect(holm.adjusted[1]).toBeCloseTo(0.004, 14);
    expect(holm.adjusted[2]).toBeCloseTo(0.09, 14);
    expect(holm.adjusted[3]).toBeCloseTo(0.2, 14);
    expect(holm.adjusted[4]).toBeNaN();
    // scipy.stats.false_discovery_control([0.04, 0.001, 0.03, 0.2]) = [0.0533, 0.004, 0.0533, 0.2]
    const bh = adjustPValues(p, { method: 'benjamini-hochberg' });
    expect(bh.adjusted[0]).toBeCloseTo(0.16 / 3, 14);
    expect(bh.adjusted[1]).toBeCloseTo(0.004, 14);
    expect(bh.adjusted[2]).toBeCloseTo(0.16 / 3, 14);
    expect(bh.adjusted[3]).toBeCloseTo(0.2, 14);
    expect(bh.significant).toEqual([false, true, false, false, false]);
  });

  it('refuses p-values outside [0, 1] and an unnamed method (SA-4)', () => {
    expect(() => adjustPValues([0.5, 1.2], { method: 'holm' })).toThrow(KehuValidationError);
    expect(() => adjustPValues([0.5], { method: 'bonferroni' as AdjustmentMethod })).toThrow(KehuValidationError);
    expect(adjustPValues([], { method: 'holm' }).adjusted).toEqual([]);
  });

  it('is >= raw, <= 1, monotone in the raw p-values and order-independent (property, SA-4)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.constantFrom(...methods),
        (p, method) => {
          const r = adjustPValues(p, { method });
          r.adjusted.forEach((q, i) => {
            expect(q).toBeGreaterThanOrEqual(p[i] as number);
            expect(q).toBeLessThanOrEqual(1);
            for (let j = 0; j < p.length; j += 1) {
              if ((p[i] as number) <= (p[j] as number)) expect(q).toBeLessThanOrEqual(r.adjusted[j] as number);
            }
          });
          const reversed = adjustPValues([...p].reverse(), { method });
          expect([...reversed.adjusted].reverse()).toEqual(r.adjusted);
        },
      ),
    );
  });

  it('Benjamini-Hochberg never exceeds Holm (property, SA-4)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }), (p) => {
        const holm = adjustPValues(p, { method: 'holm' }).adjusted;
        adjustPValues(p, { method: 'benjamini-hochberg' }).adjusted.forEach((q, i) => {
          expect(q).toBeLessThanOrEqual((holm[i] as number) + 1e-15);
        });
      }),
    );
  });
});

describe('adjustComparisons (SA-4)', () => {
  it('re-reads each verdict at its adjusted p-value and says so (SA-4)', () => {
    const team = (successes: number) => compareProportions({ successes: 60, n: 100 }, { successes, n: 100 });
    const family = [team(75), team(62), team(58), team(64)];
    expect(family[0]?.verdict).toBe('higher');
    expect(family[0]?.pValue).toBeCloseTo(0.02354, 5);
    const adjusted = adjustComparisons(family, { method: 'holm' });
    expect(adjusted[0]?.rawPValue).toBe(family[0]?.pValue);
    expect(adjusted[0]?.adjustedPValue).toBeCloseTo(Math.min(1, 4 * (family[0]?.pValue as number)), 12);
    expect(adjusted[0]?.verdict).toBe('no-detectable-difference');
    expect(adjusted[0]?.method).toMatch(/p adjusted by holm$/);
    expect(adjusted[0]?.text.en).toMatch(/^No detectable difference/);
    for (const c of adjusted) expect(c.pValue).toBeGreaterThanOrEqual(c.rawPValue);
  });
});
