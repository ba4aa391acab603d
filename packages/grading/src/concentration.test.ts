import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { valueConcentration } from './concentration.js';
import { gradeByContribution } from './contribution.js';
import { summaryRow as row } from './test-support.js';

describe('valueConcentration (rule GR-6)', () => {
  it('gives the share the top 20% of buying customers bring, from the exact shares', () => {
    // Ten buyers: two bring 80 of 100; two more customers bought nothing net.
    const nets = [50, 30, 5, 5, 2, 2, 2, 2, 1, 1, 0, -3];
    const c = valueConcentration(gradeByContribution(nets.map((n, i) => row(`c-${String(i).padStart(2, '0')}`, n))));
    expect(c?.buyers).toBe(10);
    expect(c?.top.customers).toBe(2);
    expect(c?.top.valueShare.toString()).toBe('0.8');
    expect(c?.points.map((p) => p.customers)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(c?.points.at(-1)?.valueShare.toString()).toBe('1');
  });

  it('is null without a buying customer and refuses bad options with their path', () => {
    expect(valueConcentration(gradeByContribution([row('c-1', 0)]))).toBeNull();
    const g = gradeByContribution([row('c-1', 5)]);
    expect(() => valueConcentration(g, { topShare: 0 })).toThrow(KehuValidationError);
    expect(() => valueConcentration(g, { maxPoints: 0.5 })).toThrow(
      expect.objectContaining({ path: ['maxPoints'] }) as Error,
    );
  });

  it('rises from 0 to 1, never below the diagonal (customers are ranked by value), within maxPoints', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 100_000 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 50 }),
        (nets, maxPoints) => {
          const g = gradeByContribution(nets.map((n, i) => row(`c-${String(i).padStart(3, '0')}`, n)));
          const c = valueConcentration(g, { maxPoints });
          if (c === null) {
            expect(nets.every((n) => n <= 0)).toBe(true);
            return;
          }
          expect(c.points.length).toBeLessThanOrEqual(maxPoints + 1);
          expect(c.points[0]!.valueShare.isZero()).toBe(true);
          expect(c.points.at(-1)!.valueShare.equals(1)).toBe(true);
          for (const [i, p] of c.points.entries()) {
            if (i > 0) expect(p.valueShare.greaterThanOrEqualTo(c.points[i - 1]!.valueShare)).toBe(true);
            expect(p.valueShare.times(c.buyers).greaterThanOrEqualTo(p.customers - 1e-9)).toBe(true);
          }
          expect(c.top.valueShare.times(c.buyers).greaterThanOrEqualTo(c.top.customers - 1e-9)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});
