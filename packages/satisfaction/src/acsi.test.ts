import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acsiIndex } from './acsi.js';

function pathOf(f: () => unknown): ReadonlyArray<string | number> {
  try {
    f();
  } catch (error) {
    if (error instanceof KehuValidationError) return error.path;
    throw error;
  }
  throw new Error('expected a KehuValidationError');
}

describe('acsiIndex: a 0-100 index from weighted items (SA-1)', () => {
  // Hand computation, checked with numpy: item 1 on 1-10, scores 8 9 7 10 6 (mean 8, rescaled 77.78), weight 2;
  // item 2 on 1-5, scores 4 5 3 4 (mean 4, rescaled 75), weight 1. Index = (2 × 77.78 + 75) / 3 = 76.85.
  // Delta method: var = (2/3)² (100/9)² 2.5/5 + (1/3)² (100/4)² (2/3)/4 = 39.009, interval 64.61 to 89.09.
  const items = [
    { scores: [8, 9, 7, 10, 6], weight: 2 },
    { scores: [4, 5, 3, 4], weight: 1, scale: { min: 1, max: 5 } },
  ];

  it('independent items: index 76.85, delta-method interval 64.61 to 89.09 (SA-1)', () => {
    const r = acsiIndex(items);
    expect(r.estimate).toBeCloseTo(76.85185185185185, 10);
    expect(r.ci.lower).toBeCloseTo(64.61048159777016, 10);
    expect(r.ci.upper).toBeCloseTo(89.09322210593353, 10);
    expect(r.n).toBe(4);
    expect(r.method).toBe('delta (independent items)');
    expect(r.rules).toEqual(['SA-1']);
    expect(r.items.map((i) => i.weight)).toEqual([2 / 3, 1 / 3]);
    expect(r.items[0]?.rescaled).toBeCloseTo(77.77777777777777, 12);
    expect(r.items[1]?.rescaled).toBe(75);
  });

  it('by respondent: the per-respondent index with a t interval, 80.56 (56.95 to 100, clipped) (SA-1)', () => {
    // Respondents: (8, 4), (9, 5), (7, 3), (10, 4); per-respondent indexes 76.85, 92.59, 62.96, 90.74;
    // mean 80.56, t(0.975, 3) interval 56.95 to 104.16, clipped to 100.
    const r = acsiIndex(
      [
        { scores: [8, 9, 7, 10], weight: 2 },
        { scores: [4, 5, 3, 4], weight: 1, scale: { min: 1, max: 5 } },
      ],
      { pairing: 'by-respondent' },
    );
    expect(r.estimate).toBeCloseTo(80.55555555555554, 10);
    expect(r.ci.lower).toBeCloseTo(56.95120428673384, 10);
    expect(r.ci.upper).toBe(100);
    expect(r.method).toBe('t (per-respondent index)');
    expect(r.warnings.map((w) => w.code)).toEqual(['SMALL_SAMPLE', 'CLIPPED']);
  });

  it('equal weights by default; an item without scores makes the index NaN with EMPTY (SA-1)', () => {
    expect(acsiIndex([{ scores: [10] }, { scores: [1] }]).estimate).toBe(50);
    function* tens() {
      yield 10;
      yield 10;
    }
    expect(acsiIndex([{ scores: tens() }, { scores: [1, 1] }], { pairing: 'by-respondent' }).estimate).toBe(50);
    const r = acsiIndex([{ scores: [10, 9] }, { scores: [] }]);
    expect(r.estimate).toBeNaN();
    expect(r.ci.lower).toBeNaN();
    expect(r.warnings.map((w) => w.code)).toEqual(['EMPTY']);
  });

  it('refuses bad scores, weights, scales and unequal paired items with their path (SA-1)', () => {
    expect(pathOf(() => acsiIndex([{ scores: [10, 11] }]))).toEqual(['items', 0, 'scores', 1]);
    expect(pathOf(() => acsiIndex([{ scores: [10] }, { scores: [5], weight: 0 }]))).toEqual(['items', 1, 'weight']);
    expect(pathOf(() => acsiIndex([{ scores: [1], scale: { min: 3, max: 3 } }]))).toEqual(['items', 0, 'scale']);
    expect(pathOf(() => acsiIndex([]))).toEqual(['items']);
    expect(pathOf(() => acsiIndex([{ scores: [1, 2] }, { scores: [3] }], { pairing: 'by-respondent' }))).toEqual([
      'items',
      1,
      'scores',
    ]);
  });

  const pairedItems = fc.integer({ min: 2, max: 60 }).chain((n) =>
    fc.array(
      fc.record({
        scores: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: n, maxLength: n }),
        weight: fc.double({ min: 0.1, max: 10, noNaN: true }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  );

  it('intervals contain the estimate and shrink when n doubles, both pairings (SA-1, property)', () => {
    fc.assert(
      fc.property(pairedItems, fc.constantFrom('independent' as const, 'by-respondent' as const), (its, pairing) => {
        const once = acsiIndex(its, { pairing });
        const twice = acsiIndex(
          its.map((i) => ({ ...i, scores: [...i.scores, ...i.scores] })),
          { pairing },
        );
        expect(twice.estimate).toBeCloseTo(once.estimate, 9);
        if (!Number.isNaN(once.ci.lower)) {
          expect(once.ci.lower).toBeLessThanOrEqual(once.estimate);
          expect(once.ci.upper).toBeGreaterThanOrEqual(once.estimate);
          expect(twice.ci.upper - twice.ci.lower).toBeLessThanOrEqual(once.ci.upper - once.ci.lower + 1e-9);
        }
      }),
    );
  });

  it('results do not depend on the order of the scores (SA-1, property)', () => {
    fc.assert(
      fc.property(pairedItems, (its) => {
        const reversed = its.map((i) => ({ ...i, scores: [...i.scores].reverse() }));
        expect(acsiIndex(reversed)).toEqual(acsiIndex(its));
        expect(acsiIndex(reversed, { pairing: 'by-respondent' })).toEqual(acsiIndex(its, { pairing: 'by-respondent' }));
      }),
    );
  });
});
