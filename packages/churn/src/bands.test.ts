import { describe, expect, it } from 'vitest';
import { compareRiskBands, isRiskBand, RISK_BAND_LABELS, RISK_BANDS, riskBandRank } from './bands.js';

describe('risk bands (rules CH-2, CH-3)', () => {
  it('CH-3: orders low < medium < high < critical', () => {
    expect(RISK_BANDS).toEqual(['low', 'medium', 'high', 'critical']);
    expect(RISK_BANDS.map(riskBandRank)).toEqual([0, 1, 2, 3]);
    expect(compareRiskBands('high', 'medium')).toBeGreaterThan(0);
    expect(compareRiskBands('low', 'critical')).toBeLessThan(0);
    expect(compareRiskBands('high', 'high')).toBe(0);
  });

  it('labels every band in English and Simplified Chinese', () => {
    for (const b of RISK_BANDS) {
      expect(RISK_BAND_LABELS[b].en).not.toBe('');
      expect(RISK_BAND_LABELS[b].zh).not.toBe('');
    }
    expect(RISK_BAND_LABELS.critical.zh).toBe('极高风险');
  });

  it('recognises band names only', () => {
    expect(isRiskBand('medium')).toBe(true);
    expect(isRiskBand('toString')).toBe(false);
    expect(isRiskBand(2)).toBe(false);
  });
});
