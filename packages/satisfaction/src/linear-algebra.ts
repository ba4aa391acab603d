/**
 * Small dense linear algebra for the key-driver analysis (rule SA-3): column statistics, the correlation matrix,
 * the symmetric eigen-decomposition by cyclic Jacobi rotations, and a linear solve.
 *
 * Hand-written on purpose: a domain package may import only `@kehu/core` and `@kehu/calendar`, and the matrices
 * here are the predictors' correlation matrix (seven indicators, a few dozen at most), where these textbook
 * algorithms are accurate and fast. Matrices are arrays of rows; inputs are never mutated.
 */
import { invalidInput } from '@kehu/core';

/** A dense matrix as an array of rows of equal length. */
export type Matrix = number[][];

/** The mean and sample standard deviation of one column. */
export interface ColumnStats {
  /** Arithmetic mean. */
  mean: number;
  /** Sample standard deviation (divisor n - 1); 0 for a constant column, NaN for fewer than two values. */
  sd: number;
}

/**
 * The mean and sample standard deviation of a column, by two passes (the mean first, then the squared
 * deviations from it), which keeps the variance accurate when the values sit far from zero.
 *
 * @param values - the column
 */
export function columnStats(values: ArrayLike<number>): ColumnStats {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, sd: Number.NaN };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  if (n < 2) return { mean, sd: Number.NaN };
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    ss += d * d;
  }
  return { mean, sd: Math.sqrt(ss / (n - 1)) };
}

/**
 * Standardises a column to z-scores, (x - mean) / sd, with the sample standard deviation.
 *
 * @param values - the column
 * @returns the z-scores; every value is NaN when the column is constant or shorter than two values
 */
export function standardize(values: ArrayLike<number>): Float64Array {
  const { mean, sd } = columnStats(values);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = sd > 0 ? (values[i]! - mean) / sd : Number.NaN;
  return out;
}

/**
 * The Pearson correlation matrix of columns of equal length, from centred cross-products (two passes). The
 * diagonal is exactly 1; an entry that involves a constant column is NaN.
 *
 * @param columns - the variables, one array per variable, all of the same length
 * @throws KehuValidationError when the columns differ in length
 */
export function correlationMatrix(columns: readonly ArrayLike<number>[]): Matrix {
  const p = columns.length;
  const n = p === 0 ? 0 : columns[0]!.length;
  columns.forEach((column, j) => {
    if (column.length !== n) {
      throw invalidInput([j], `every column must have ${n} values, column ${j} has ${column.length}`);
    }
  });
  const centred = columns.map((column) => {
    const { mean } = columnStats(column);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = column[i]! - mean;
    return out;
  });
  const ss = centred.map((c) => dot(c, c));
  const r: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    r[j]![j] = ss[j]! > 0 ? 1 : Number.NaN;
    for (let k = j + 1; k < p; k++) {
      const value =
        ss[j]! > 0 && ss[k]! > 0
          ? clampCorrelation(dot(centred[j]!, centred[k]!) / Math.sqrt(ss[j]! * ss[k]!))
          : Number.NaN;
      r[j]![k] = value;
      r[k]![j] = value;
    }
  }
  return r;
}

/** Rounding can push a correlation a hair past ±1; the true value cannot be. */
function clampCorrelation(r: number): number {
  return Math.max(-1, Math.min(1, r));
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** The eigen-decomposition A = V diag(values) V' of a symmetric matrix. */
export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  values: number[];
  /**
   * Eigenvectors as the columns of an orthogonal matrix (`vectors[i][k]` is component i of the k-th vector, the
   * one for `values[k]`); each is signed so that its largest-magnitude component is positive, which makes the
   * decomposition deterministic.
   */
  vectors: Matrix;
}

/**
 * The eigen-decomposition of a real symmetric matrix by the cyclic Jacobi method (Golub and Van Loan, "Matrix
 * Computations", 4th ed., section 8.5.2; the rotation formulas of Rutishauser, as in "Numerical Recipes", 3rd
 * ed., section 11.1). Sweeps of plane rotations annihilate each off-diagonal entry in turn until the
 * off-diagonal mass is negligible; the method is accurate to the last few units of precision, even for small
 * eigenvalues, which matters when deciding whether predictors are collinear.
 *
 * @param a - a square symmetric matrix of finite numbers (symmetry is checked to a relative 1e-12)
 * @throws KehuValidationError when `a` is not square, not finite or not symmetric
 */
export function symmetricEigen(a: Matrix): SymmetricEigen {
  const p = a.length;
  checkSquare(a, 'a');
  const scale = Math.max(1e-300, ...a.flatMap((row) => row.map(Math.abs)));
  for (let i = 0; i < p; i++) {
    for (let j = i + 1; j < p; j++) {
      if (Math.abs(a[i]![j]! - a[j]![i]!) > 1e-12 * scale) {
        throw invalidInput(['a', i, j], `the matrix must be symmetric: a[${i}][${j}] differs from a[${j}][${i}]`);
      }
    }
  }
  const m = a.map((row) => [...row]);
  const v: Matrix = identity(p);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) off += m[i]![j]! * m[i]![j]!;
    if (off === 0 || off <= 1e-32 * scale * scale) break;
    for (let i = 0; i < p; i++) {
      for (let j = i + 1; j < p; j++) {
        const aij = m[i]![j]!;
        if (aij === 0) continue;
        // The rotation angle that zeroes m[i][j]: t = tan(theta), the smaller root of t^2 + 2 t theta - 1 = 0.
        const theta = (m[j]![j]! - m[i]![i]!) / (2 * aij);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < p; k++) {
          const mki = m[k]![i]!;
          const mkj = m[k]![j]!;
          m[k]![i] = c * mki - s * mkj;
          m[k]![j] = s * mki + c * mkj;
        }
        for (let k = 0; k < p; k++) {
          const mik = m[i]![k]!;
          const mjk = m[j]![k]!;
          m[i]![k] = c * mik - s * mjk;
          m[j]![k] = s * mik + c * mjk;
        }
        for (let k = 0; k < p; k++) {
          const vki = v[k]![i]!;
          const vkj = v[k]![j]!;
          v[k]![i] = c * vki - s * vkj;
          v[k]![j] = s * vki + c * vkj;
        }
      }
    }
  }
  const order = Array.from({ length: p }, (_, k) => k).sort((x, y) => m[y]![y]! - m[x]![x]! || x - y);
  const values = order.map((k) => m[k]![k]!);
  const vectors: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  order.forEach((k, col) => {
    let largest = 0;
    for (let i = 0; i < p; i++) if (Math.abs(v[i]![k]!) > Math.abs(v[largest]![k]!)) largest = i;
    const sign = v[largest]![k]! < 0 ? -1 : 1;
    for (let i = 0; i < p; i++) vectors[i]![col] = sign * v[i]![k]!;
  });
  return { values, vectors };
}

/**
 * Solves A x = b by Gaussian elimination with partial pivoting (Golub and Van Loan, section 3.4).
 *
 * @param a - a square matrix of finite numbers
 * @param b - the right-hand side, as long as `a`
 * @returns x, or `null` when `a` is singular to working precision (a pivot under 1e-12 times the largest entry)
 * @throws KehuValidationError when the shapes do not match or an entry is not finite
 */
export function solve(a: Matrix, b: readonly number[]): number[] | null {
  const p = a.length;
  checkSquare(a, 'a');
  if (b.length !== p) throw invalidInput(['b'], `b must have ${p} values, got ${b.length}`);
  b.forEach((value, i) => {
    if (!Number.isFinite(value)) throw invalidInput(['b', i], `b[${i}] must be a finite number`);
  });
  const m = a.map((row, i) => [...row, b[i]!]);
  const scale = Math.max(0, ...a.flatMap((row) => row.map(Math.abs)));
  if (scale === 0) return p === 0 ? [] : null;
  for (let col = 0; col < p; col++) {
    let pivot = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (Math.abs(m[pivot]![col]!) <= 1e-12 * scale) return null;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = col + 1; r < p; r++) {
      const f = m[r]![col]! / m[col]![col]!;
      if (f === 0) continue;
      for (let k = col; k <= p; k++) m[r]![k] = m[r]![k]! - f * m[col]![k]!;
    }
  }
  const x = new Array<number>(p).fill(0);
  for (let r = p - 1; r >= 0; r--) {
    let s = m[r]![p]!;
    for (let k = r + 1; k < p; k++) s -= m[r]![k]! * x[k]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

/**
 * Multiplies a matrix by a vector.
 *
 * @param a - the matrix
 * @param x - the vector, as long as a row of `a`
 */
export function multiplyVector(a: Matrix, x: readonly number[]): number[] {
  return a.map((row) => {
    let s = 0;
    for (let k = 0; k < row.length; k++) s += row[k]! * x[k]!;
    return s;
  });
}

/**
 * The symmetric matrix V f(D) V' built from an eigen-decomposition and a function of the eigenvalues: the
 * square root of a correlation matrix (f = sqrt), or its pseudo-inverse (f = 1/d, with 0 for a zero eigenvalue).
 *
 * @param eigen - the decomposition
 * @param f - applied to each eigenvalue
 */
export function spectralFunction(eigen: SymmetricEigen, f: (value: number) => number): Matrix {
  const p = eigen.values.length;
  const fd = eigen.values.map(f);
  const out: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += eigen.vectors[i]![k]! * fd[k]! * eigen.vectors[j]![k]!;
      out[i]![j] = s;
      out[j]![i] = s;
    }
  }
  return out;
}

function identity(p: number): Matrix {
  return Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => (i === j ? 1 : 0)));
}

function checkSquare(a: Matrix, name: string): void {
  a.forEach((row, i) => {
    if (row.length !== a.length) {
      throw invalidInput([name, i], `${name} must be square: row ${i} has ${row.length} values, not ${a.length}`);
    }
    row.forEach((value, j) => {
      if (!Number.isFinite(value)) throw invalidInput([name, i, j], `${name}[${i}][${j}] must be a finite number`);
    });
  });
}
