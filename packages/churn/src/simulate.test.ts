import { KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { frequencyColumns } from './rows.js';
import { simulateBgNbd, simulateParetoNbd } from './simulate.js';

function meanAndSe(xs: readonly number[]): { mean: number; se: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, se: Math.sqrt(variance / xs.length) };
}

describe('simulateBgNbd (FHL 2005 section 2)', () => {
  const params = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };

  it('matches the published E[X(t)] of CDNOW: 1.0437 at t = 32, 1.8576 at t = 78 (lifetimes tests)', () => {
    for (const [t, expected] of [
      [32, 1.0437],
      [78, 1.8576],
    ] as const) {
      const rows = simulateBgNbd(params, { customers: 40_000, T: t, seed: 11 });
      const { mean, se } = meanAndSe(rows.map((r) => r.frequency));
      expect(Math.abs(mean - expected)).toBeLessThan(4 * se);
    }
  });

  it('counts holdout purchases of the same customers: E[X(78)] − E[X(39)] over (39, 78]', () => {
    const rows = simulateBgNbd(params, { customers: 40_000, T: 39, holdout: 39, seed: 5 });
    const total = meanAndSe(rows.map((r) => r.frequency + r.frequencyHoldout));
    expect(Math.abs(total.mean - 1.8576)).toBeLessThan(4 * total.se);
    expect(rows.every((r) => r.durationHoldout === 39)).toBe(true);
  });

  it('gives valid frequency rows that the shared validator accepts, the same for the same seed', () => {
    const T = Array.from({ length: 500 }, (_, i) => 10 + (i % 30));
    const rows = simulateBgNbd(params, { customers: 500, T, seed: 3 });
    expect(() => frequencyColumns(rows)).not.toThrow();
    expect(rows.map((r) => r.T)).toEqual(T);
    expect(simulateBgNbd(params, { customers: 500, T, seed: 3 })).toEqual(rows);
  });

  it('refuses bad parameters and options naming the field', () => {
    const path = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(KehuValidationError);
        return (e as KehuValidationError).path;
      }
      return null;
    };
    expect(path(() => simulateBgNbd({ ...params, a: -1 }, { customers: 1, T: 1, seed: 1 }))).toEqual(['a']);
    expect(path(() => simulateBgNbd(params, { customers: 0, T: 1, seed: 1 }))).toEqual(['customers']);
    expect(path(() => simulateBgNbd(params, { customers: 2, T: [1], seed: 1 }))).toEqual(['T']);
    expect(path(() => simulateBgNbd(params, { customers: 1, T: 1, seed: 1, holdout: -1 }))).toEqual(['holdout']);
  });
});

describe('simulateParetoNbd (Schmittlein, Morrison and Colombo 1987)', () => {
  const params = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 };

  it('matches the published E[X(9)] = 0.38909 of CDNOW (R BTYD, lifetimes tests)', () => {
    const rows = simulateParetoNbd(params, { customers: 40_000, T: 9, seed: 17 });
    const { mean, se } = meanAndSe(rows.map((r) => r.frequency));
    expect(Math.abs(mean - 0.38909211)).toBeLessThan(4 * se);
  });

  it('keeps a share (β / (β + T))^s of customers alive at T', () => {
    const rows = simulateParetoNbd(params, { customers: 40_000, T: 39, seed: 19 });
    const { mean, se } = meanAndSe(rows.map((r) => (r.aliveAtT ? 1 : 0)));
    expect(Math.abs(mean - (params.beta / (params.beta + 39)) ** params.s)).toBeLessThan(4 * se);
  });
});
