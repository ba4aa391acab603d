import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, tCdf, tQuantile } from './distributions.js';

/**
 * Reference values of R's pnorm, qnorm, pt and qt. They were computed to 40 significant digits with
 * mpmath (ncdf, erfinv, the regularized incomplete beta) and rounded to 17; R's own functions agree
 * with them to about 1e-15 relative (e.g. qnorm(0.975) = 1.959963984540054, qt(0.975, 10) =
 * 2.228138851986274, pt(2, 5) = 0.9490302605850709).
 */
const PNORM: Array<[number, number]> = [
  [-38, 2.88542835e-316],
  [-10, 7.619853024160525e-24],
  [-5.7, 5.9903714010635345e-9],
  [-3, 0.0013498980316300946],
  [-1.96, 0.024997895148220435],
  [-0.5, 0.3085375387259869],
  [0, 0.5],
  [1e-10, 0.5000000000398942],
  [0.3, 0.6179114221889527],
  [0.6744, 0.7499714786270594],
  [0.7, 0.758036347776927],
  [2.5, 0.9937903346742238],
  [5.6, 0.9999999892824097],
  [6, 0.9999999990134123],
];

const QNORM: Array<[number, number]> = [
  [1e-20, -9.262340089798407],
  [1e-10, -6.361340902404057],
  [0.001, -3.0902323061678136],
  [0.025, -1.9599639845400543],
  [0.05, -1.6448536269514726],
  [0.1, -1.2815515655446006],
  [0.3, -0.5244005127080408],
  [0.6, 0.2533471031357998],
  [0.9, 1.2815515655446006],
  [0.975, 1.9599639845400543],
  [0.995, 2.575829303548901],
  [0.999999, 4.753424308822899],
];

const PT: Array<[number, number, number]> = [
  [-30, 3, 0.000040676402135819796],
  [-5, 1, 0.06283295818900118],
  [-2, 2, 0.09175170953613698],
  [-2.5, 3.7, 0.03591101145591339],
  [0.5, 4, 0.6783350184090684],
  [1, 10, 0.8295534338489701],
  [2, 5, 0.9490302605850708],
  [2.228138851986274, 10, 0.975],
  [3, 29, 0.9972504039330483],
  [1.96, 1000, 0.9748634075221256],
  [-1.96, 1000000, 0.024998033792634895],
  [4, 2.5, 0.9804935120793409],
  [-8, 30, 3.1329112378503795e-9],
  [0.01, 7, 0.5038498411781891],
  [-1.5, 0.5, 0.25395089532405424],
];

const QT: Array<[number, number, number]> = [
  [0.975, 1, 12.706204736174705],
  [0.975, 2, 4.302652729749464],
  [0.975, 3, 3.1824463052837095],
  [0.975, 10, 2.228138851986275],
  [0.975, 29, 2.0452296421327043],
  [0.975, 1000, 1.9623390808264085],
  [0.975, 1000000, 1.959966356814107],
  [0.025, 4.5, -2.658912347204404],
  [0.95, 17.3, 1.7378728385820268],
  [0.995, 5, 4.032142983555228],
  [1e-8, 3, -479.5250695797383],
  [0.0005, 2.5, -18.277893528130647],
  [0.9, 0.7, 5.0099479596464045],
  [0.6, 50, 0.25469934298858815],
  [1e-12, 20, -15.151149592103092],
  [0.99, 1.3, 15.269323764121088],
];

function expectRelative(actual: number, expected: number, tolerance = 1e-9): void {
  if (expected === 0) expect(Math.abs(actual)).toBeLessThan(tolerance);
  else expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(tolerance);
}

describe('distributions used by every interval (SA-1, SA-3)', () => {
  it.each(PNORM)('normalCdf(%d) matches R pnorm to 1e-9 relative', (x, expected) => {
    expectRelative(normalCdf(x), expected);
  });

  it.each(QNORM)('normalQuantile(%d) matches R qnorm to 1e-9 relative', (p, expected) => {
    expectRelative(normalQuantile(p), expected);
  });

  it.each(PT)('tCdf(%d, %d) matches R pt to 1e-9 relative', (x, df, expected) => {
    expectRelative(tCdf(x, df), expected);
  });

  it.each(QT)('tQuantile(%d, %d) matches R qt to 1e-9 relative', (p, df, expected) => {
    expectRelative(tQuantile(p, df), expected);
  });

  it('gives the limits at the ends and the normal distribution for infinite df', () => {
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(0.5)).toBe(0);
    expect(tCdf(Number.POSITIVE_INFINITY, 3)).toBe(1);
    expect(tCdf(0, 3)).toBe(0.5);
    expect(tQuantile(0, 3)).toBe(Number.NEGATIVE_INFINITY);
    expect(tQuantile(0.5, 3)).toBe(0);
    expect(tCdf(1.2, Number.POSITIVE_INFINITY)).toBe(normalCdf(1.2));
    expect(tQuantile(0.975, Number.POSITIVE_INFINITY)).toBe(normalQuantile(0.975));
  });

  it('refuses NaN, probabilities outside [0, 1] and non-positive df with a KehuValidationError', () => {
    expect(() => normalCdf(Number.NaN)).toThrow(KehuValidationError);
    expect(() => normalQuantile(1.5)).toThrow(KehuValidationError);
    expect(() => tCdf(1, 0)).toThrow(KehuValidationError);
    expect(() => tQuantile(0.5, -1)).toThrow(KehuValidationError);
    try {
      tQuantile(Number.NaN, 3);
      expect.unreachable();
    } catch (error) {
      expect((error as KehuValidationError).path).toEqual(['p']);
    }
  });

  it('quantiles invert the distribution functions (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.000001, max: 1 - 0.000001, noNaN: true }),
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        (p, df) => {
          expect(Math.abs(normalCdf(normalQuantile(p)) - p)).toBeLessThan(1e-14);
          expect(Math.abs(tCdf(tQuantile(p, df), df) - p) / Math.min(p, 1 - p)).toBeLessThan(1e-10);
        },
      ),
    );
  });

  it('are symmetric about zero (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.double({ min: 0.5, max: 10000, noNaN: true }),
        (x, df) => {
          expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 14);
          expect(tCdf(x, df) + tCdf(-x, df)).toBeCloseTo(1, 14);
        },
      ),
    );
  });
});
