import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AccountResponse, accountNps, revenueWeightedNps } from './account-nps.js';

function responsesOf(byAccount: Record<string, number[]>): AccountResponse[] {
  return Object.entries(byAccount).flatMap(([accountId, scores]) => scores.map((score) => ({ accountId, score })));
}

// Four accounts: a = +1 +1 0 −1 (sum 1 of 4), b = three promoters (3 of 3), c = −1 −1 +1 0 −1 (−2 of 5),
// d = +1 −1 (0 of 2). N = 14, NPS = 2/14 = 14.2857.
const sample = responsesOf({ a: [10, 9, 8, 3], b: [10, 10, 10], c: [2, 5, 9, 7, 6], d: [9, 6] });

describe('accountNps: cluster-robust over accounts (SA-1)', () => {
  it('matches an OLS cluster sandwich (CR1) computed by matrices in numpy (SA-1)', () => {
    // numpy: intercept-only regression, meat Σ_g (X_g'e_g)², CR1 factor G/(G − 1): se = 0.311294182,
    // t_{0.975, 3} = 3.182446; interval −84.782 to 113.353, clipped at 100. Design effect 1.50556.
    const { overall } = accountNps(sample);
    expect(overall.estimate).toBeCloseTo(100 / 7, 12);
    expect(overall.n).toBe(14);
    expect(overall.accounts).toBe(4);
    expect(overall.df).toBe(3);
    expect(overall.ci.lower).toBeCloseTo(-84.78198765178485, 8);
    expect(overall.ci.upper).toBe(100);
    expect(overall.designEffect).toBeCloseTo(1.5055583208893304, 10);
    expect(overall.warnings.map((w) => w.code)).toEqual(['SMALL_SAMPLE', 'CLIPPED']);
  });

  it('gives each account its own adjusted-Wald NPS, sorted by account id (SA-1)', () => {
    const { accounts } = accountNps([...sample].reverse());
    expect(accounts.map((a) => a.accountId)).toEqual(['a', 'b', 'c', 'd']);
    const b = accounts[1];
    expect(b?.estimate).toBe(100);
    expect(b?.promoters).toBe(3);
    expect(b?.method).toBe('adjusted-wald (MeasuringU)');
    // n' = 6, p' = 3.75/6, d' = 0.75/6: adjusted NPS 50, se² = (0.75 − 0.25)/6.
    const half = 1.959963984540054 * Math.sqrt(0.5 / 6);
    expect(b?.ci.lower).toBeCloseTo((0.5 - half) * 100, 9);
    expect(b?.ci.upper).toBe(100); // 50 + 56.58 reaches past 100: clipped, and said so
    expect(b?.warnings.map((w) => w.code)).toEqual(['SMALL_SAMPLE', 'CLIPPED']);
  });

  it("warns when an account's adjusted interval misses its observed NPS (SA-1)", () => {
    // One promoter: n' = 4, p' = 1.75/4, d' = 0.75/4, NPS' = 25, se = 0.375; upper 25 + 1.959964 × 37.5 = 98.4986
    // (scipy), under the observed 100.
    const [row] = accountNps([{ accountId: 'solo', score: 10 }]).accounts;
    expect(row?.estimate).toBe(100);
    expect(row?.ci.upper).toBeCloseTo(98.49864942025202, 9);
    expect(row?.warnings.map((w) => w.code)).toEqual(['SMALL_SAMPLE', 'ESTIMATE_OUTSIDE_INTERVAL']);
  });

  it('has design effect 1 when every account has one respondent (property, SA-1)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 3, maxLength: 80 }), (scores) => {
        const r = accountNps(scores.map((score, i) => ({ accountId: `acct-${i}`, score })));
        if (Number.isNaN(r.overall.designEffect)) return; // every answer in one bucket: no variance
        expect(r.overall.designEffect).toBeCloseTo(1, 9);
      }),
    );
  });

  it('does not depend on response order; the interval contains the estimate (property, SA-1)', () => {
    const rows = fc.array(
      fc.record({ accountId: fc.constantFrom('x', 'y', 'z', 'w', '客户'), score: fc.integer({ min: 0, max: 10 }) }),
      { minLength: 1, maxLength: 60 },
    );
    fc.assert(
      fc.property(rows, (r) => {
        const forward = accountNps(r);
        expect(accountNps([...r].reverse())).toEqual(forward);
        const { estimate, ci } = forward.overall;
        if (!Number.isNaN(ci.lower)) {
          expect(ci.lower).toBeLessThanOrEqual(estimate + 1e-9);
          expect(ci.upper).toBeGreaterThanOrEqual(estimate - 1e-9);
        }
      }),
    );
  });

  it('gives NaN with EMPTY for no responses and refuses bad scores with their path (SA-1)', () => {
    const r = accountNps([]);
    expect(r.overall.estimate).toBeNaN();
    expect(r.overall.warnings[0]?.code).toBe('EMPTY');
    expect(accountNps([{ accountId: 'a', score: 9 }]).overall.warnings.map((w) => w.code)).toContain('NO_INTERVAL');
    try {
      accountNps([
        { accountId: 'a', score: 9 },
        { accountId: 'a', score: 6.5 },
      ]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KehuValidationError);
      expect((e as KehuValidationError).path).toEqual(['responses', 1, 'score']);
    }
    expect(() => accountNps([{ accountId: '', score: 9 }])).toThrow(KehuValidationError);
  });
});

describe('revenueWeightedNps (SA-1, SA-2)', () => {
  const revenue = { a: '100000', b: 250000.5, c: '50000', d: '0', e: '80000' };

  it('weights each account by its revenue, matching a weighted cluster sandwich in numpy (SA-2)', () => {
    // NPS_a = 0.25, NPS_b = 1, NPS_c = −0.4; d weighs 0; e did not answer.
    // RW = (100000·0.25 + 250000.5·1 − 50000·0.4) / 400000.5 = 63.7500453 points; V = 0.116301149.
    const r = revenueWeightedNps(sample, revenue);
    expect(r.estimate).toBeCloseTo(63.75004531244336, 10);
    expect(r.accounts).toBe(3);
    expect(r.df).toBe(2);
    expect(r.n).toBe(12);
    expect(r.ci.lower).toBeCloseTo(-82.98312411924871, 8);
    expect(r.ci.upper).toBe(100);
    expect(r.unsurveyed).toEqual(['e']);
    expect(r.surveyedRevenueShare).toBeCloseTo(83.33335069442636, 9);
    expect(r.rules).toEqual(['SA-1', 'SA-2']);
  });

  it('equals the plain per-account mean of NPS when revenues are equal (SA-2)', () => {
    const equal = revenueWeightedNps(sample, { a: 1, b: 1, c: 1, d: 1 });
    expect(equal.estimate).toBeCloseTo(((0.25 + 1 - 0.4 + 0) / 4) * 100, 12);
  });

  it('refuses a missing, negative, exponent or non-finite revenue with its path (SA-2)', () => {
    const bad = (rev: Record<string, string | number>, path: unknown[]) => {
      try {
        revenueWeightedNps(sample, rev);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(KehuValidationError);
        expect((e as KehuValidationError).path).toEqual(path);
      }
    };
    bad({ a: 1, b: 1, c: 1 }, ['revenue', 'd']);
    bad({ a: -1, b: 1, c: 1, d: 1 }, ['revenue', 'a']);
    bad({ a: '1e5', b: 1, c: 1, d: 1 }, ['revenue', 'a']);
    bad({ a: Number.POSITIVE_INFINITY, b: 1, c: 1, d: 1 }, ['revenue', 'a']);
    bad({ a: '9'.repeat(400), b: 1, c: 1, d: 1 }, ['revenue', 'a']);
  });

  it('gives NaN with EMPTY when no answering account has revenue (SA-2)', () => {
    const r = revenueWeightedNps(sample, { a: 0, b: '0', c: 0, d: 0 });
    expect(r.estimate).toBeNaN();
    expect(r.warnings[0]?.code).toBe('EMPTY');
  });
});
