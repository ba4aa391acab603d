// Parameter recovery (issue 14, "Acceptance"): customers simulated from known BG/NBD and Pareto/NBD parameters
// are fitted back. Each estimate must lie within 3 of its own standard errors (from the inverse Hessian of the
// total negative log-likelihood) of the truth: for an efficient maximum-likelihood estimator the error is close
// to normal with that standard deviation, so a correct fit fails one parameter with probability 0.27 %, and the
// fixed seeds make the test deterministic. The standard errors themselves must be small (under a quarter of the
// parameter at 20,000 customers; Pareto/NBD's β, the least determined, is at about a fifth), so a loose
// tolerance cannot hide a wrong fit.
import { describe, expect, it } from 'vitest';
import { fitBgNbd } from './bg-nbd.js';
import { fitParetoNbd } from './pareto-nbd.js';
import { simulateBgNbd, simulateParetoNbd } from './simulate.js';

const CUSTOMERS = 20_000;
/** First purchases spread over 12 weeks of a 39-week calibration period, as in CDNOW. */
const T = Array.from({ length: CUSTOMERS }, (_, i) => 27 + (i % 85) / 7);

function expectRecovered<P extends Record<string, number>>(
  fit: P & { readonly standardErrors: Readonly<Record<string, number>> | null },
  truth: P,
): void {
  expect(fit.standardErrors).not.toBeNull();
  for (const [name, value] of Object.entries(truth)) {
    const estimate = fit[name as keyof P] as number;
    const se = (fit.standardErrors as Record<string, number>)[name] as number;
    expect(se, `${name} standard error`).toBeGreaterThan(0);
    expect(se / value, `${name} relative standard error`).toBeLessThan(0.25);
    expect(Math.abs(estimate - value), `${name}: ${estimate} ± ${se} against ${value}`).toBeLessThan(3 * se);
  }
}

describe('parameter recovery from simulated customers', () => {
  it('BG/NBD: r 0.24, α 4.4, a 0.79, b 2.4 (CDNOW-like, FHL 2005) within 3 standard errors', () => {
    const truth = { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 };
    const fit = fitBgNbd(simulateBgNbd(truth, { customers: CUSTOMERS, T, seed: 2005 }));
    expect(fit.diagnostics.converged).toBe(true);
    expectRecovered(fit, truth);
  });

  it('Pareto/NBD: r 0.55, α 10.6, s 0.61, β 11.7 (CDNOW, R BTYD) within 3 standard errors', () => {
    const truth = { r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 };
    const fit = fitParetoNbd(simulateParetoNbd(truth, { customers: CUSTOMERS, T, seed: 1987 }));
    expect(fit.diagnostics.converged).toBe(true);
    expectRecovered(fit, truth);
  });
});
