import { describe, expect, it } from 'vitest';
import { normalQuantile } from './normal-quantile.js';

// Values of qnorm(p) (computed with scipy.stats.norm.ppf, which agrees with R to the last digit).
const QNORM: Array<[number, number]> = [
  [0.975, 1.959963984540054],
  [0.5, 0],
  [0.025, -1.959963984540054],
  [0.9, 1.2815515655446004],
  [1e-10, -6.3613409024040557],
  [0.999999, 4.753424308817087],
];

describe('normalQuantile (Wichura AS 241)', () => {
  it.each(QNORM)('normalQuantile(%d) matches R qnorm to 1e-12 relative', (p, expected) => {
    const x = normalQuantile(p);
    if (expected === 0) expect(x).toBe(0);
    else expect(Math.abs(x - expected) / Math.abs(expected)).toBeLessThan(1e-12);
  });

  it('gives the infinities at 0 and 1 and refuses what is not a probability', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    for (const bad of [-0.1, 1.1, Number.NaN]) expect(() => normalQuantile(bad)).toThrow(/probability/);
  });
});
