import { seededRandom, wilsonInterval } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { probabilityCalibration } from './calibration.js';
import { DEFAULT_OPPORTUNITY_POLICY as policy } from './opportunity-policy.js';
import { fitStageModel } from './stage-model.js';
import { dayVisits, type HandOpportunity, handTable, issueOf } from './test-support.js';

/** `closed` opportunities that entered only `stage`, `won` of them won. */
function cohort(stage: string, closed: number, won: number): HandOpportunity[] {
  return Array.from({ length: closed }, (_, k) => ({
    status: k < won ? ('won' as const) : ('lost' as const),
    visits: [[stage, 1]] as const,
  }));
}

describe('probabilityCalibration (MP-3)', () => {
  it('MP-3: a perfectly calibrated set has gap 0 and Brier = Σ p(1 − p) / n', () => {
    const rows = policy.stages.flatMap((s) => cohort(s.id, 100, s.probability));
    const result = probabilityCalibration(handTable(rows), policy);
    expect(result.rule).toBe('MP-3');
    expect(result.n).toBe(500);
    expect(result.gap).toBe(0);
    const expected = policy.stages.reduce((sum, s) => sum + 100 * (s.probability / 100) * (1 - s.probability / 100), 0);
    expect(result.brier).toBeCloseTo(expected / 500, 12);
    expect(result.baseRate).toBeCloseTo(210 / 500, 12);
    expect(result.baseRateBrier).toBeCloseTo(0.42 * 0.58, 12);
    expect(result.skill).toBeGreaterThan(0);
    expect(result.bins).toHaveLength(10);
    expect(result.bins.filter((b) => b.n > 0).map((b) => b.from)).toEqual([10, 20, 40, 60, 80]);
    expect(result.bins.every((b) => b.verdict === 'ok')).toBe(true);
    expect(result.explanation.en).toContain('every bin within its interval');
    expect(result.prediction.en).toContain('one prediction per closed opportunity and stage it entered');
  });

  it('MP-3: a seeded random set drawn at the stage probabilities is calibrated within a small gap', () => {
    const random = seededRandom(16);
    const next = () => random.next();
    const rows: HandOpportunity[] = [];
    for (let k = 0; k < 20_000; k++) {
      const stage = policy.stages[Math.floor(next() * policy.stages.length)]!;
      rows.push({ status: next() * 100 < stage.probability ? 'won' : 'lost', visits: [[stage.id, 1]] });
    }
    const result = probabilityCalibration(handTable(rows), policy);
    expect(result.gap).toBeLessThan(0.02);
    expect(result.bins.filter((b) => b.verdict !== 'ok').length).toBeLessThanOrEqual(1);
  });

  it('MP-3: a bin whose prediction lies above its Wilson interval is explained as too high', () => {
    const rows = [...cohort('proposal', 100, 41), ...cohort('lead', 100, 10)];
    const result = probabilityCalibration(handTable(rows), policy);
    const bin = result.bins[6]!;
    const w = wilsonInterval(41, 100, 1.96);
    expect(bin).toMatchObject({
      from: 60,
      to: 70,
      n: 100,
      won: 41,
      predicted: 0.6,
      observed: 0.41,
      verdict: 'too-high',
    });
    expect([bin.lower, bin.upper]).toEqual([w.lower, w.upper]);
    expect(bin.gap).toBeCloseTo(-0.19, 12);
    expect(result.explanation.en).toContain('predictions too high in 60-70%: observed 41%');
    expect(result.explanation.zh).toContain('偏高');
  });

  it('MP-3: one prediction per stage entered (re-entry counted once), open ones left out; bins from the policy', () => {
    const table = handTable([
      { status: 'won', visits: dayVisits('lead', 'proposal', 'lead') },
      { visits: dayVisits('lead') },
    ]);
    const result = probabilityCalibration(table, { ...policy, calibration: { bins: 4, z: 1.96 } });
    expect(result.n).toBe(2);
    expect(result.won).toBe(2);
    // (1 − 0.1)² + (1 − 0.6)² over 2
    expect(result.brier).toBeCloseTo((0.81 + 0.16) / 2, 12);
    expect(result.bins.map((b) => [b.from, b.n])).toEqual([
      [0, 1],
      [25, 0],
      [50, 1],
      [75, 0],
    ]);
    expect(result.baseRateBrier).toBe(0);
    expect(result.skill).toBeNaN();
  });

  it('MP-3: basis model uses the model where it has minClosed closed, warns about in-sample outcomes', () => {
    const rows = [...cohort('proposal', 40, 30), ...cohort('lead', 5, 5)];
    const table = handTable(rows);
    const model = fitStageModel(table, policy, { asOf: new Date('2027-01-01T00:00:00Z') });
    const result = probabilityCalibration(table, policy, { basis: 'model', model });
    expect(result.basis).toBe('model');
    const lead = result.stages[0]!;
    const proposal = result.stages[3]!;
    expect(proposal).toMatchObject({ predicted: 0.75, source: 'model', n: 40, won: 30 });
    // Five closed is below minClosed 30: the default applies.
    expect(lead).toMatchObject({ predicted: 0.1, source: 'stage-default' });
    expect(result.warnings[0]).toContain('45 of 45 outcomes closed at or before the model');
    const before = fitStageModel(table, policy, { asOf: new Date('2025-01-01T00:00:00Z') });
    expect(probabilityCalibration(table, policy, { basis: 'model', model: before }).warnings).toEqual([]);
  });

  it('MP-3: nothing closed gives NaN figures and a warning; bad options are refused with their paths', () => {
    const result = probabilityCalibration(handTable([]), policy);
    expect(result.n).toBe(0);
    expect(result.brier).toBeNaN();
    expect(result.gap).toBeNaN();
    expect(result.warnings[0]).toContain('no closed opportunities');
    const table = handTable([]);
    expect(issueOf(() => probabilityCalibration(table, policy, { basis: 'model' })).path).toEqual(['options', 'model']);
    expect(issueOf(() => probabilityCalibration(table, policy, { basis: 'x' as 'model' })).path).toEqual([
      'options',
      'basis',
    ]);
    const model = { asOf: new Date(0), stages: { lead: { closed: 50, won: 1, probability: 101 } } };
    expect(issueOf(() => probabilityCalibration(table, policy, { basis: 'model', model })).path).toEqual([
      'options',
      'model',
      'stages',
      'lead',
      'probability',
    ]);
  });
});
