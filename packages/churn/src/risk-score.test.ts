import { KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { churnRisk, riskSignalColumns } from './risk-score.js';
import type { RiskSignals } from './risk-signals.js';
import { riskRows, riskTable } from './risk-table.js';

const asOf = new Date('2026-03-01T00:00:00Z');
const signal = (patch: Partial<RiskSignals> = {}): RiskSignals => ({
  customerId: 'c-1',
  ownerId: 'am-1',
  lastPurchaseAt: new Date(asOf.getTime() - 60 * 86_400_000),
  usualGapDays: 20,
  recentPurchases: 2,
  previousPurchases: 4,
  recentSpend: '300.00',
  previousSpend: '1000.00',
  satisfaction: { latest: 2, previous: 4, min: 1, max: 5 },
  openComplaints: 1,
  slaBreaches: 1,
  pAlive: 0.4,
  ...patch,
});

describe('churnRisk: the object path over the risk engine (rules CH-1, CH-2, CH-3, CH-5)', () => {
  it('CH-2: scores a customer exactly as the table does', () => {
    const signals = [signal(), signal({ customerId: 'c-2', satisfaction: null, pAlive: null })];
    const rows = churnRisk(signals, {}, { asOf });
    expect(rows[0]?.score).toBeCloseTo(25 + 7.5 + 10.5 + 11.25 + 5 + 10 / 3 + 2.5 + 6, 12);
    expect(rows).toEqual(riskRows(riskTable(riskSignalColumns(signals, { asOf }), {}, { asOf })));
    expect(rows[1]?.missing).toEqual(['satisfactionLevel', 'satisfactionDrop', 'modelDropout']);
  });

  it('keeps the spend drop exact for amounts beyond 2^53 minor units and for many decimal places', () => {
    const huge = churnRisk(
      [signal({ recentSpend: '30000000000000000000000.01', previousSpend: '100000000000000000000000.01' })],
      {},
      { asOf },
    );
    expect(huge[0]?.factors.find((f) => f.factor === 'spendDrop')?.value).toBeCloseTo(0.7, 12);
    const fine = churnRisk(
      [signal({ recentSpend: '0.0000000000000000003', previousSpend: '0.000000000000000001' })],
      {},
      { asOf },
    );
    expect(fine[0]?.factors.find((f) => f.factor === 'spendDrop')?.value).toBeCloseTo(0.7, 12);
  });

  it('CH-3: reports the trend and holds the previous band within the hysteresis', () => {
    const [now] = churnRisk([signal()], {}, { asOf, previous: [{ customerId: 'c-1', score: 76, band: 'critical' }] });
    expect(now?.band).toBe('critical'); // 71.08 is within 5 points of the critical bound 75
    expect(now?.trend?.direction).toBe('down');
    expect(now?.trend?.change).toBeCloseTo((now?.score as number) - 76, 12);
    const [flat] = churnRisk(
      [signal()],
      {},
      { asOf, previous: new Map([['c-1', { score: 71, band: 'high' as const }]]) },
    );
    expect(flat?.trend?.direction).toBe('flat');
  });

  it('is plain JSON-serialisable data', () => {
    const [r] = churnRisk([signal()], {}, { asOf });
    expect(JSON.parse(JSON.stringify(r))).toEqual({ ...r, asOf: asOf.toISOString() });
  });

  it('refuses bad signals with their index and field', () => {
    const path = (s: Partial<RiskSignals>, previous?: never) => {
      try {
        churnRisk([signal(s)], {}, { asOf, previous });
      } catch (e) {
        if (e instanceof KehuValidationError) return e.path;
        throw e;
      }
      return null;
    };
    expect(path({ lastPurchaseAt: new Date(asOf.getTime() + 1) })).toEqual([0, 'lastPurchaseAt']);
    expect(path({ recentSpend: '-1' })).toEqual([0, 'recentSpend']);
    expect(path({ previousSpend: 'ten' })).toEqual([0, 'previousSpend']);
    expect(path({ recentPurchases: 1.5 })).toEqual([0, 'recentPurchases']);
    expect(path({ usualGapDays: 0 })).toEqual([0, 'usualGapDays']);
    expect(path({ pAlive: Number.NaN })).toEqual([0, 'pAlive']);
    expect(path({ satisfaction: { latest: { score: 9 }, previous: null, scale: { min: 1, max: 5 } } })).toEqual([
      0,
      'satisfaction',
      'latest',
    ]);
    expect(path({}, [{ customerId: 'c-1', score: 10, band: 'severe' }] as never)).toEqual(['previous', 'c-1', 'band']);
    expect(() => churnRisk([signal(), signal()], {}, { asOf })).toThrow(/listed twice/);
  });
});
