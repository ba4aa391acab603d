import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  columnStats,
  correlationMatrix,
  type Matrix,
  multiplyVector,
  solve,
  spectralFunction,
  standardize,
  symmetricEigen,
} from './linear-algebra.js';

const symmetric = (p: number) =>
  fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: p * p, maxLength: p * p }).map((flat) => {
    const a: Matrix = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => flat[i * p + j]!));
    return a.map((row, i) => row.map((_, j) => (i <= j ? a[i]![j]! : a[j]![i]!)));
  });

describe('linear algebra for key drivers (rule SA-3)', () => {
  it('SA-3: column statistics and z-scores use the sample standard deviation', () => {
    expect(columnStats([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, sd: Math.sqrt(32 / 7) });
    expect(columnStats([3])).toEqual({ mean: 3, sd: Number.NaN });
    expect(columnStats([]).mean).toBeNaN();
    const z = standardize([1, 2, 3, 4, 5]);
    expect(columnStats(z).mean).toBeCloseTo(0, 14);
    expect(columnStats(z).sd).toBeCloseTo(1, 14);
    expect([...standardize([4, 4, 4])].every(Number.isNaN)).toBe(true);
  });

  it('SA-3: the correlation matrix matches a hand computation (r = 6 / sqrt(60))', () => {
    const r = correlationMatrix([
      [1, 2, 3, 4, 5],
      [2, 4, 5, 4, 5],
      [5, 4, 3, 2, 1],
    ]);
    expect(r[0]![0]).toBe(1);
    expect(r[0]![1]).toBeCloseTo(6 / Math.sqrt(60), 14);
    expect(r[1]![0]).toBe(r[0]![1]);
    expect(r[0]![2]).toBe(-1);
    const withConstant = correlationMatrix([
      [1, 2, 3],
      [7, 7, 7],
    ]);
    expect(withConstant[1]![1]).toBeNaN();
    expect(withConstant[0]![1]).toBeNaN();
    expect(() => correlationMatrix([[1, 2], [1]])).toThrow(KehuValidationError);
  });

  it('SA-3: Jacobi finds the known eigenvalues of the second-difference matrix (2 + sqrt 2, 2, 2 - sqrt 2)', () => {
    const { values, vectors } = symmetricEigen([
      [2, -1, 0],
      [-1, 2, -1],
      [0, -1, 2],
    ]);
    expect(values[0]).toBeCloseTo(2 + Math.SQRT2, 14);
    expect(values[1]).toBeCloseTo(2, 14);
    expect(values[2]).toBeCloseTo(2 - Math.SQRT2, 14);
    // The eigenvector for 2 is (1, 0, -1) / sqrt 2, signed with its first largest component positive.
    expect(vectors.map((row) => row[1])).toEqual([
      expect.closeTo(Math.SQRT1_2, 14),
      expect.closeTo(0, 14),
      expect.closeTo(-Math.SQRT1_2, 14),
    ]);
  });

  it("SA-3: A = V D V' with V orthogonal, for random symmetric matrices (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }).chain((p) => symmetric(p)),
        (a) => {
          const p = a.length;
          const { values, vectors } = symmetricEigen(a);
          for (let k = 1; k < p; k++) expect(values[k]!).toBeLessThanOrEqual(values[k - 1]!);
          const rebuilt = spectralFunction({ values, vectors }, (v) => v);
          for (let i = 0; i < p; i++) {
            for (let j = 0; j < p; j++) {
              expect(Math.abs(rebuilt[i]![j]! - a[i]![j]!)).toBeLessThan(1e-9);
              let vtv = 0;
              for (let k = 0; k < p; k++) vtv += vectors[k]![i]! * vectors[k]![j]!;
              expect(Math.abs(vtv - (i === j ? 1 : 0))).toBeLessThan(1e-12);
            }
          }
        },
      ),
    );
  });

  it("SA-3: the spectral square root squares back to the matrix (Johnson's Lambda: Lambda Lambda = R)", () => {
    const r = [
      [1, 0.6, 0.3],
      [0.6, 1, 0.5],
      [0.3, 0.5, 1],
    ];
    const lambda = spectralFunction(symmetricEigen(r), Math.sqrt);
    for (let i = 0; i < 3; i++) {
      const column = lambda.map((row) => row[i]!);
      expect(multiplyVector(lambda, column)).toEqual(r[i]!.map((v) => expect.closeTo(v, 13)));
    }
  });

  it('SA-3: solve matches a hand-solved system and returns null for a singular one', () => {
    // 2x + y = 5, x + 3y = 10 gives x = 1, y = 3.
    const x = solve(
      [
        [2, 1],
        [1, 3],
      ],
      [5, 10],
    );
    expect(x).toEqual([expect.closeTo(1, 14), expect.closeTo(3, 14)]);
    expect(
      solve(
        [
          [1, 2],
          [2, 4],
        ],
        [1, 2],
      ),
    ).toBeNull();
    expect(solve([], [])).toEqual([]);
  });

  it('SA-3: solve gives A x = b for diagonally dominant systems (property)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 6 })
          .chain((p) =>
            fc.tuple(
              symmetric(p),
              fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: p, maxLength: p }),
            ),
          ),
        ([a, b]) => {
          const dominant = a.map((row, i) => row.map((v, j) => (i === j ? 100 + Math.abs(v) : v)));
          const x = solve(dominant, b)!;
          multiplyVector(dominant, x).forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-9));
        },
      ),
    );
  });

  it('SA-3: refuses ragged, non-finite or asymmetric input with the path of the bad entry', () => {
    const error = (f: () => unknown): KehuValidationError => {
      try {
        f();
      } catch (e) {
        return e as KehuValidationError;
      }
      throw new Error('expected a KehuValidationError');
    };
    expect(error(() => symmetricEigen([[1, 2], [3]]))).toBeInstanceOf(KehuValidationError);
    expect(
      error(() =>
        symmetricEigen([
          [1, Number.NaN],
          [Number.NaN, 1],
        ]),
      ).path,
    ).toEqual(['a', 0, 1]);
    expect(
      error(() =>
        symmetricEigen([
          [1, 2],
          [3, 1],
        ]),
      ).path,
    ).toEqual(['a', 0, 1]);
    expect(error(() => solve([[1]], [1, 2])).path).toEqual(['b']);
    expect(error(() => solve([[1]], [Number.POSITIVE_INFINITY])).path).toEqual(['b', 0]);
  });
});
