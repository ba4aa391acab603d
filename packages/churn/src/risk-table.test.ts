import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RISK_BANDS } from './bands.js';
import { RISK_FACTORS } from './risk-policy.js';
import {
  checkRiskColumns,
  NO_BAND,
  NO_REASON,
  riskAt,
  riskRows,
  type RiskSignalColumns,
  riskTable,
} from './risk-table.js';
import { CHURN_REASON_CODES } from './taxonomy.js';

const asOf = new Date('2026-03-01T00:00:00Z');
const N = Number.NaN;

/** One customer per row; the first is worked by hand in the tests below. */
const base = (): RiskSignalColumns => ({
  ids: ['c-1', 'c-2', 'c-3'],
  ownerIds: ['am-1', null, undefined],
  tiers: ['gold', null, 'regular'],
  daysSinceLast: [60, 60, N],
  usualGapDays: [20, 20, N],
  recentPurchases: [2, 2, 0],
  previousPurchases: [4, 4, 0],
  recentSpend: [30000, 30000, 0],
  previousSpend: [100000, 100000, 0],
  satisfactionLatest: [2, N, N],
  satisfactionPrevious: [4, N, N],
  satisfactionMin: [1, N, N],
  satisfactionMax: [5, N, N],
  openComplaints: [1, 1, N],
  slaBreaches: [1, 1, N],
  pAlive: [0.4, N, N],
});

const validationError = (f: () => unknown): KehuValidationError => {
  try {
    f();
  } catch (e) {
    if (e instanceof KehuValidationError) return e;
    throw e;
  }
  throw new Error('expected a KehuValidationError');
};

describe('riskTable: the explainable churn-risk score (rules CH-1, CH-2, CH-3, CH-5)', () => {
  it('CH-2: combines frequency, spend, satisfaction, complaints and the model by the default weights', () => {
    // By hand with the default weights (25, 15, 15, 15, 5, 10, 5, 10): recency 60/20 = 3 → 1; purchases
    // 4 → 2 → 0.5; spend 1000.00 → 300.00 → 0.7; satisfaction 2 on 1-5 → 0.75, fall 2/4 over 0.5 → 1;
    // 1 of 3 open complaints → 1/3; 1 of 2 breaches → 0.5; P(alive) 0.4 → 0.6.
    const t = riskTable(base(), {}, { asOf });
    const expected = 25 + 7.5 + 10.5 + 11.25 + 5 + 10 / 3 + 2.5 + 6;
    expect(t.scores[0]).toBeCloseTo(expected, 12);
    expect(RISK_BANDS[t.bands[0] as number]).toBe('high');
    expect(t.contributions.recency[0]).toBe(25);
    expect(t.contributions.spendDrop[0]).toBeCloseTo(10.5, 12);
    expect(t.missing[0]).toBe(0);
    // CH-5: recency, frequency and the model point to the market (38.5 points), the most of any reason.
    expect(CHURN_REASON_CODES[t.topReasons[0] as number]).toBe('market.product-obsolete');
  });

  it('CH-2: leaves an unmeasured factor out and renormalises the weights of the rest', () => {
    const t = riskTable(base(), {}, { asOf });
    // Without satisfaction and model the weights 25 + 15 + 15 + 10 + 5 = 70 fill the 100 points.
    expect(t.scores[1]).toBeCloseTo(((25 + 7.5 + 10.5 + 10 / 3 + 2.5) * 100) / 70, 12);
    const missing = RISK_FACTORS.filter((_, k) => ((t.missing[1] as number) & (1 << k)) !== 0);
    expect(missing).toEqual(['satisfactionLevel', 'satisfactionDrop', 'modelDropout']);
    const row = riskAt(t, 1);
    expect(row.missing).toEqual(missing);
    expect(row.warnings.map((w) => w.code)).toEqual(['MISSING_FACTORS']);
    expect(row.factors.reduce((s, f) => s + f.weight, 0)).toBeCloseTo(1, 12);
  });

  it('gives a customer with nothing measurable a score of 0 with the EMPTY warning, never NaN', () => {
    const t = riskTable(base(), {}, { asOf });
    expect(t.scores[2]).toBe(0);
    expect(t.topReasons[2]).toBe(NO_REASON);
    const row = riskAt(t, 2);
    expect(row.band).toBe('low');
    expect(row.topReason).toBeNull();
    expect(row.warnings.map((w) => w.code)).toEqual(['EMPTY', 'MISSING_FACTORS']);
  });

  it('explains each factor with its raw measure, unit, weight, points, rules and suspected reason', () => {
    const row = riskAt(riskTable(base(), {}, { asOf }), 0);
    expect(row).toMatchObject({ customerId: 'c-1', ownerId: 'am-1', tier: 'gold', band: 'high', trend: null });
    expect(row.bandLabel).toEqual({ en: 'High risk', zh: '高风险' });
    expect(row.factors[0]).toMatchObject({ factor: 'recency', value: 3, unit: 'ratio', risk: 1, weight: 0.25 });
    expect(row.factors[0]?.detail).toBe('60 days since the last purchase, usual gap 20 days (ratio 3)');
    const spend = row.factors.find((f) => f.factor === 'spendDrop');
    expect(spend).toMatchObject({ unit: 'share', reason: 'price.competitor-cheaper', rules: ['CH-1', 'CH-2'] });
    expect(spend?.value).toBeCloseTo(0.7, 12);
    expect(row.factors.reduce((s, f) => s + f.contribution, 0)).toBeCloseTo(row.score, 12);
    expect(row.reasons.map((r) => r.code)).toEqual([
      'market.product-obsolete',
      'service.quality',
      'price.competitor-cheaper',
      'service.after-sales',
      'service.slow-response',
    ]);
    expect(row.reasons[0]?.label.zh).toBe('产品过时');
    expect(row.rules).toEqual(['CH-1', 'CH-2', 'CH-3', 'CH-5']);
    expect(JSON.parse(JSON.stringify(row))).toEqual({ ...row, asOf: asOf.toISOString() });
  });

  it('reads recency on a log curve when the policy says so, and the usual gap of the policy for one purchase', () => {
    const columns = { ...base(), usualGapDays: [30, N, N], daysSinceLast: [60, 180, N] };
    const t = riskTable(columns, { recency: { curve: 'log' } }, { asOf });
    expect(riskAt(t, 0).factors.find((f) => f.factor === 'recency')?.risk).toBeCloseTo(Math.log(2) / Math.log(3), 12);
    // 180 days against the fallback gap of 90 days: ratio 2, linear risk (2 − 1)/(3 − 1) = 0.5.
    const linear = riskAt(riskTable(columns, {}, { asOf }), 1).factors.find((f) => f.factor === 'recency');
    expect(linear).toMatchObject({ value: 2, risk: 0.5 });
    const without = riskAt(riskTable(columns, { recency: { fallbackGapDays: null } }, { asOf }), 1);
    expect(without.missing).toContain('recency');
  });

  it('compares daily rates when the windows differ in length', () => {
    // 3 purchases in 30 days against 6 in 90: the rate rose from 1/15 to 1/10 a day, a drop of −0.5.
    const columns = { ...base(), recentPurchases: [3, 2, 0], previousPurchases: [6, 4, 0] };
    const t = riskTable(columns, { windows: { recentDays: 30, previousDays: 90 } }, { asOf });
    const f = riskAt(t, 0).factors.find((x) => x.factor === 'frequencyDrop');
    expect(f?.value).toBeCloseTo(-0.5, 12);
    expect(f?.risk).toBe(0);
  });

  it('CH-3: keeps a band until the score falls below its lower bound minus the hysteresis', () => {
    // Row 0 scores 71.08 and row 1 69.76: under critical (75), around its hysteresis floor (70).
    const bands = (previousBand: RiskSignalColumns['previousBand']) =>
      Array.from(riskTable({ ...base(), previousBand }, {}, { asOf }).bands, (b) => RISK_BANDS[b]);
    expect(bands(['critical', 'critical', null])).toEqual(['critical', 'high', 'low']);
    expect(bands(['medium', 'low', 'low'])).toEqual(['high', 'high', 'low']);
    expect(bands(Uint8Array.of(3, NO_BAND, 1))).toEqual(['critical', 'high', 'low']);
    // The band before can come from the previous score alone.
    const t = riskTable({ ...base(), previousScore: [80, 80, 26] }, {}, { asOf });
    expect(Array.from(t.bands, (b) => RISK_BANDS[b])).toEqual(['critical', 'high', 'low']);
    expect(riskAt(t, 0).trend).toEqual({ previousScore: 80, change: (t.scores[0] as number) - 80, direction: 'down' });
  });

  it('refuses bad columns with the column and row', () => {
    const bad = (patch: Partial<RiskSignalColumns>) =>
      validationError(() => riskTable({ ...base(), ...patch }, {}, { asOf }));
    expect(bad({ recentSpend: [300.5, 1, 0] }).path).toEqual(['recentSpend', 0]);
    expect(bad({ previousPurchases: [4, N, 0] }).path).toEqual(['previousPurchases', 1]);
    expect(bad({ recentPurchases: [1, 2] }).path).toEqual(['recentPurchases']);
    expect(bad({ daysSinceLast: [-1, 0, 0] }).path).toEqual(['daysSinceLast', 0]);
    expect(bad({ usualGapDays: [0, 1, 1] }).path).toEqual(['usualGapDays', 0]);
    expect(bad({ pAlive: [1.5, N, N] }).path).toEqual(['pAlive', 0]);
    expect(bad({ openComplaints: [0.5, N, N] }).path).toEqual(['openComplaints', 0]);
    expect(bad({ satisfactionLatest: [6, N, N] }).path).toEqual(['satisfactionLatest', 0]);
    expect(bad({ satisfactionPrevious: [4, 3, N] }).path).toEqual(['satisfactionPrevious', 1]);
    expect(bad({ satisfactionMax: undefined }).path).toEqual(['satisfactionMin']);
    expect(bad({ previousBand: ['high', 'severe' as never, null] }).path).toEqual(['previousBand', 1]);
    expect(bad({ previousScore: [101, N, N] }).path).toEqual(['previousScore', 0]);
    expect(bad({ tiers: ['gold', 'platinum' as never, null] }).path).toEqual(['tiers', 1]);
    expect(bad({ recentSpend: [Number.POSITIVE_INFINITY, 0, 0] }).path).toEqual(['recentSpend', 0]);
    expect(validationError(() => riskTable(base(), {}, {} as never)).path).toEqual(['asOf']);
    expect(validationError(() => riskAt(riskTable(base(), {}, { asOf }), 3)).path).toEqual(['index']);
  });

  it('does not mutate its input and keeps Float64Array columns by reference', () => {
    const columns = { ...base(), daysSinceLast: Float64Array.of(60, 60, N) };
    const checked = checkRiskColumns(columns);
    expect(checked.daysSinceLast).toBe(columns.daysSinceLast);
    expect(Array.from(columns.daysSinceLast)).toEqual([60, 60, N]);
  });

  const row = fc.record({
    days: fc.oneof(fc.constant(N), fc.double({ min: 0, max: 1e5, noNaN: true })),
    gap: fc.oneof(fc.constant(N), fc.double({ min: 1e-6, max: 1e4, noNaN: true })),
    recent: fc.nat(1000),
    previous: fc.nat(1000),
    recentSpend: fc.nat(),
    previousSpend: fc.nat(),
    latest: fc.oneof(fc.constant(N), fc.integer({ min: 1, max: 5 })),
    before: fc.oneof(fc.constant(N), fc.integer({ min: 1, max: 5 })),
    open: fc.oneof(fc.constant(N), fc.nat(20)),
    breaches: fc.oneof(fc.constant(N), fc.nat(20)),
    alive: fc.oneof(fc.constant(N), fc.double({ min: 0, max: 1, noNaN: true })),
    band: fc.integer({ min: 0, max: 4 }),
  });
  const columnsOf = (rows: (typeof row extends fc.Arbitrary<infer T> ? T : never)[]): RiskSignalColumns => ({
    ids: rows.map((_, i) => `c-${i}`),
    daysSinceLast: rows.map((r) => r.days),
    usualGapDays: rows.map((r) => r.gap),
    recentPurchases: rows.map((r) => r.recent),
    previousPurchases: rows.map((r) => r.previous),
    recentSpend: rows.map((r) => r.recentSpend),
    previousSpend: rows.map((r) => r.previousSpend),
    satisfactionLatest: rows.map((r) => r.latest),
    satisfactionPrevious: rows.map((r) => (Number.isNaN(r.latest) ? N : r.before)),
    satisfactionMin: rows.map(() => 1),
    satisfactionMax: rows.map(() => 5),
    openComplaints: rows.map((r) => r.open),
    slaBreaches: rows.map((r) => r.breaches),
    pAlive: rows.map((r) => r.alive),
    previousBand: Uint8Array.from(rows, (r) => (r.band === 4 ? NO_BAND : r.band)),
  });

  it('CH-2 (property): every score is in [0, 100], never NaN, and equals the sum of its contributions', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), (rows) => {
        const t = riskTable(columnsOf(rows), {}, { asOf });
        for (const [i, r] of riskRows(t).entries()) {
          const s = t.scores[i] as number;
          expect(s >= 0 && s <= 100).toBe(true);
          const sum = RISK_FACTORS.reduce((a, f) => a + (t.contributions[f][i] as number), 0);
          expect(Math.abs(sum - s)).toBeLessThan(1e-9);
          expect(r.score).toBe(s);
          for (const f of r.factors) expect(f.risk >= 0 && f.risk <= 1 && Number.isFinite(f.value)).toBe(true);
        }
      }),
    );
  });

  it("CH-3 (property): the band is at least the score's and above it only to hold a previous band", () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), (rows) => {
        const t = riskTable(columnsOf(rows), {}, { asOf });
        t.scores.forEach((s, i) => {
          const raw = s >= 75 ? 3 : s >= 50 ? 2 : s >= 25 ? 1 : 0;
          const band = t.bands[i] as number;
          const previous = rows[i]?.band as number;
          expect(band).toBeGreaterThanOrEqual(raw);
          if (band > raw) {
            expect(band).toBeLessThanOrEqual(previous);
            expect(s).toBeGreaterThanOrEqual(([0, 25, 50, 75][band] as number) - 5);
          }
        });
      }),
    );
  });

  it('CH-1 (property): more open complaints or SLA breaches never lower the score', () => {
    fc.assert(
      fc.property(row, fc.nat(5), (r, more) => {
        const measured = {
          ...r,
          open: !Number.isNaN(r.open) ? r.open : 0,
          breaches: !Number.isNaN(r.breaches) ? r.breaches : 0,
        };
        const worse = { ...measured, open: measured.open + more, breaches: measured.breaches + more };
        const t = riskTable(columnsOf([measured, worse]), {}, { asOf });
        expect(t.scores[1] as number).toBeGreaterThanOrEqual((t.scores[0] as number) - 1e-12);
      }),
    );
  });
});
