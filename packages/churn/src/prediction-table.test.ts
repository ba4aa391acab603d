import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BgNbdParams, bgNbdConditionalExpectedPurchases, bgNbdProbabilityAlive } from './bg-nbd.js';
import { mbgNbdConditionalExpectedPurchases, mbgNbdProbabilityAlive } from './mbg-nbd.js';
import { paretoNbdConditionalExpectedPurchases, paretoNbdProbabilityAlive } from './pareto-nbd.js';
import { predictionAt, predictionRows, predictionTable } from './prediction-table.js';

/** The CDNOW parameters lifetimes prints (docs/Quickstart.md; reference-values.json lifetimes_summary). */
const lifetimes: BgNbdParams = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };
const bgNbd = { model: 'bg-nbd' as const, ...lifetimes };

describe('predictionTable (columnar protocol: xTable / xAt / xRows)', () => {
  it('BG/NBD rows match FHL eqs. 10–11 computed with mpmath', () => {
    // mpmath 1.3 at 30 digits, FHL eq. 10 with mp.hyp2f1 and P(alive) = 1/(1 + a/(b+x−1)((α+T)/(α+tₓ))^(r+x)).
    const table = predictionTable(
      bgNbd,
      { ids: ['a', 'b', 'c'], frequency: [0, 2, 26], recency: [0, 30.43, 30.86], T: [38.86, 38.86, 31] },
      { horizon: 39 },
    );
    expect(table.model).toBe('bg-nbd');
    expect(table.horizon).toBe(39);
    const expected = [
      [1, 0.194780912293561],
      [0.726609102456251, 1.22591038569389],
      [0.968919714242422, 20.7505703165497],
    ];
    expected.forEach(([alive, purchases], i) => {
      expect(table.pAlive[i]).toBeCloseTo(alive as number, 12);
      expect(table.expectedPurchases[i]).toBeCloseTo(purchases as number, 11);
    });
    expect(predictionAt(table, 1)).toEqual({
      id: 'b',
      model: 'bg-nbd',
      params: lifetimes,
      frequency: 2,
      recency: 30.43,
      T: 38.86,
      horizon: 39,
      pAlive: table.pAlive[1],
      expectedPurchases: table.expectedPurchases[1],
    });
    expect(predictionRows(table).map((row) => row.id)).toEqual(['a', 'b', 'c']);
  });

  it('equals the scalar functions for every model, with repeated (x, T) pairs (property)', () => {
    const row = fc
      .record({
        frequency: fc.integer({ min: 0, max: 50 }),
        T: fc.integer({ min: 0, max: 10 }).map((t) => t * 7),
        share: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map(({ frequency, T, share }) => ({ frequency, T, recency: frequency === 0 ? 0 : share * T }));
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (rows, t) => {
          const columns = {
            ids: rows.map((_, i) => `c${i}`),
            frequency: rows.map((r) => r.frequency),
            recency: rows.map((r) => r.recency),
            T: rows.map((r) => r.T),
          };
          const mbg = { model: 'mbg-nbd' as const, r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };
          const pareto = { model: 'pareto-nbd' as const, r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
          const cases = [
            [bgNbd, bgNbdProbabilityAlive, bgNbdConditionalExpectedPurchases],
            [mbg, mbgNbdProbabilityAlive, mbgNbdConditionalExpectedPurchases],
            [pareto, paretoNbdProbabilityAlive, paretoNbdConditionalExpectedPurchases],
          ] as const;
          for (const [fit, alive, expected] of cases) {
            const table = predictionTable(fit, columns, { horizon: t });
            rows.forEach((history, i) => {
              const p = alive(fit as never, history);
              expect(table.pAlive[i]).toBeCloseTo(p, 12);
              expect(table.pAlive[i]).toBeGreaterThanOrEqual(0);
              expect(table.pAlive[i]).toBeLessThanOrEqual(1);
              expect(table.expectedPurchases[i]).toBeCloseTo(expected(fit as never, history, t), 10);
              expect(table.expectedPurchases[i]).toBeGreaterThanOrEqual(0);
            });
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('allows an empty table', () => {
    const table = predictionTable(bgNbd, { ids: [], frequency: [], recency: [], T: [] }, { horizon: 1 });
    expect(table.pAlive.length).toBe(0);
    expect(predictionRows(table)).toEqual([]);
  });

  it('refuses bad input with a KehuValidationError naming [field, rowIndex] (issue 14: bad input refused)', () => {
    const bad = (f: () => unknown, path: unknown[]) => {
      try {
        f();
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(KehuValidationError);
        expect((error as KehuValidationError).issues[0]?.path).toEqual(path);
      }
    };
    const good = { ids: ['a', 'b'], frequency: [1, 2], recency: [1, 2], T: [3, 3] };
    bad(() => predictionTable(bgNbd, { ...good, recency: [1, 4] }, { horizon: 1 }), ['recency', 1]);
    bad(() => predictionTable(bgNbd, { ...good, frequency: [1.5, 2] }, { horizon: 1 }), ['frequency', 0]);
    bad(() => predictionTable(bgNbd, { ...good, T: [3] }, { horizon: 1 }), ['T']);
    bad(() => predictionTable(bgNbd, { ...good, ids: ['a', 7 as never] }, { horizon: 1 }), ['ids', 1]);
    bad(() => predictionTable(bgNbd, good, { horizon: -1 }), ['horizon']);
    bad(() => predictionTable({ ...bgNbd, b: 0 }, good, { horizon: 1 }), ['b']);
    bad(() => predictionTable({ ...bgNbd, model: 'sbg' as never }, good, { horizon: 1 }), ['model']);
    const table = predictionTable(bgNbd, good, { horizon: 1 });
    bad(() => predictionAt(table, 2), ['index']);
  });
});
