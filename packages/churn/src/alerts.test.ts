import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { churnAlerts } from './alerts.js';
import { RISK_BANDS, type RiskBand, riskBandRank } from './bands.js';
import type { ChurnRisk } from './risk-score.js';
import { riskRows, riskTable } from './risk-table.js';

const asOf = new Date('2026-03-01T00:00:00Z');
const N = Number.NaN;

/**
 * Results from the real engine where only the model is measured, so the score is 100 · (1 − P(alive)):
 * each customer's score is set directly, and the band is held by the previous results (hysteresis).
 */
const run = (scores: readonly number[], previous?: readonly ChurnRisk[], owners?: readonly string[]): ChurnRisk[] => {
  const n = scores.length;
  const nan = () => scores.map(() => N);
  const zero = () => scores.map(() => 0);
  return riskRows(
    riskTable(
      {
        ids: scores.map((_, i) => `c-${i}`),
        ownerIds: owners ?? scores.map(() => 'am-1'),
        daysSinceLast: nan(),
        usualGapDays: nan(),
        recentPurchases: zero(),
        previousPurchases: zero(),
        recentSpend: zero(),
        previousSpend: zero(),
        pAlive: scores.map((s) => 1 - s / 100),
        ...(previous === undefined
          ? {}
          : { previousScore: previous.map((r) => r.score), previousBand: previous.map((r) => r.band) }),
      },
      {},
      { asOf: new Date(asOf.getTime() + n) },
    ),
  );
};

describe('churnAlerts: alerts on crossing into a band (rules CH-3, CH-6)', () => {
  it('CH-3: alerts once when a customer crosses into high, again on critical, not while staying', () => {
    const first = run([40, 40, 40]);
    const second = run([60, 45, 30], first);
    const alerts = churnAlerts(first, second, {});
    expect(alerts.map((a) => [a.customerId, a.from, a.to])).toEqual([['c-0', 'medium', 'high']]);
    const [a] = alerts;
    expect(a).toMatchObject({ ownerId: 'am-1', topReason: 'market.product-obsolete', rules: ['CH-3', 'CH-6'] });
    expect(a?.score).toBeCloseTo(60, 9);
    expect(a?.previousScore).toBeCloseTo(40, 9);
    // CH-6: the responses to the top reason come from the playbook.
    expect(a?.playbook?.reason).toBe('market.product-obsolete');
    expect(a?.playbook?.responses.length).toBeGreaterThan(0);
    expect(a?.message.en).toBe(
      'Customer c-0 rose from medium risk to high risk of churn (score 60); top suspected reason: Product outdated.',
    );
    expect(a?.message.zh).toBe('客户 c-0 的流失风险由中风险升至高风险（评分 60），首要疑似原因：产品过时。');
    expect(a?.id).toBe(`c-0:high:${second[0]?.asOf.toISOString()}`);
    // Staying in high (even dipping to 47, within the hysteresis) raises nothing; rising to critical does.
    const third = run([47, 45, 30], second);
    expect(third[0]?.band).toBe('high');
    expect(churnAlerts(second, third, {})).toEqual([]);
    const fourth = run([80, 45, 30], third);
    expect(churnAlerts(third, fourth, {}).map((x) => [x.from, x.to])).toEqual([['high', 'critical']]);
  });

  it("CH-3: alerts a customer without a previous result who enters a band from the policy's alertFrom", () => {
    const now = run([55, 30], undefined, ['am-1', 'am-2']);
    expect(churnAlerts([], now, {}).map((a) => [a.customerId, a.from, a.to])).toEqual([['c-0', null, 'high']]);
    expect(churnAlerts(new Map(), now, { alertFrom: 'medium' }).map((a) => a.to)).toEqual(['high', 'medium']);
    expect(churnAlerts([], now, {})[0]?.message.zh).toBe(
      '客户 c-0 的流失风险进入高风险（评分 55），首要疑似原因：产品过时。',
    );
  });

  it('CH-6: takes the host playbook for the responses', () => {
    const playbook = {
      reasons: {
        'market.product-obsolete': {
          responses: [
            {
              id: 'demo-new-line',
              kind: 'product-innovation' as const,
              label: { en: 'Show the new line', zh: '介绍新产品线' },
              role: 'product-manager',
              urgency: 'high' as const,
            },
          ],
        },
      },
    };
    const [a] = churnAlerts([], run([90]), {}, { playbook });
    expect(a?.playbook?.responses.map((r) => r.id)).toEqual(['demo-new-line']);
    expect(a?.playbook?.source).toBe('policy');
  });

  it('refuses malformed results with their path', () => {
    const [r] = run([60]);
    const error = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (e instanceof KehuValidationError) return e.path;
        throw e;
      }
      return null;
    };
    expect(error(() => churnAlerts([], [{ ...(r as ChurnRisk), band: 'severe' as never }], {}))).toEqual([
      'current',
      0,
      'band',
    ]);
    expect(error(() => churnAlerts([], [r as ChurnRisk, r as ChurnRisk], {}))).toEqual(['current', 1, 'customerId']);
    expect(
      error(() => churnAlerts([{ customerId: 'c-0', score: 1, band: 'bad' as never }], [r as ChurnRisk], {})),
    ).toEqual(['previous', 'c-0', 'band']);
  });

  const band = fc.constantFrom<RiskBand>(...RISK_BANDS);

  it('CH-3 (property): no alert when the band does not rise; one when it rises into high or critical', () => {
    const score = fc.double({ min: 0, max: 100, noNaN: true });
    fc.assert(
      fc.property(fc.array(fc.tuple(score, band), { minLength: 1, maxLength: 20 }), (pairs) => {
        const current = run(pairs.map(([s]) => s));
        const previous = pairs.map(([, b], i) => ({ customerId: `c-${i}`, score: 0, band: b }));
        const alerted = new Set(churnAlerts(previous, current, {}).map((a) => a.customerId));
        current.forEach((r, i) => {
          const rose = riskBandRank(r.band) > riskBandRank(previous[i]?.band as RiskBand);
          expect(alerted.has(r.customerId)).toBe(rose && riskBandRank(r.band) >= riskBandRank('high'));
        });
      }),
    );
  });

  it('CH-3 (property): the same results twice raise nothing the second time', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 20 }), (scores) => {
        const current = run(scores);
        expect(churnAlerts(current, current, {})).toEqual([]);
      }),
    );
  });

  it('CH-3 (property): a score wavering inside the hysteresis raises one alert, not one per crossing', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 45.5, max: 74, noNaN: true }), { minLength: 1, maxLength: 20 }), (path) => {
        let previous = run([30]);
        let alerts = 0;
        for (const s of [50, ...path]) {
          const current = run([s], previous);
          alerts += churnAlerts(previous, current, {}).length;
          previous = current;
        }
        expect(alerts).toBe(1);
      }),
    );
  });
});
