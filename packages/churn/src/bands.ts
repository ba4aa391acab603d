import { CHURN_BANDS, type ChurnBand, type Label } from '@kehu/core';

/**
 * The churn-risk bands, lowest first (rules CH-2, CH-3): a score of 0..100 falls in one of them by the
 * lower bounds of the risk policy (`bands`), and alerts fire when a customer crosses into a higher one.
 * The same list as core's `CHURN_BANDS`, which the stored churn score records use.
 */
export const RISK_BANDS: typeof CHURN_BANDS = CHURN_BANDS;

/** A churn-risk band: `low`, `medium`, `high` or `critical`. */
export type RiskBand = ChurnBand;

/** Band labels for end users, English and Simplified Chinese (rule CH-3). */
export const RISK_BAND_LABELS: Readonly<Record<RiskBand, Label>> = {
  low: { en: 'Low risk', zh: '低风险' },
  medium: { en: 'Medium risk', zh: '中风险' },
  high: { en: 'High risk', zh: '高风险' },
  critical: { en: 'Critical risk', zh: '极高风险' },
};

const RANK: Readonly<Record<string, number>> = { low: 0, medium: 1, high: 2, critical: 3 };

/** True when `value` is one of {@link RISK_BANDS}. */
export function isRiskBand(value: unknown): value is RiskBand {
  return typeof value === 'string' && Object.hasOwn(RANK, value);
}

/** The position of a band in {@link RISK_BANDS}: 0 for `low` up to 3 for `critical`. */
export function riskBandRank(band: RiskBand): number {
  return RANK[band] as number;
}

/** Orders bands from low to critical: negative when `a` is lower than `b`, 0 when equal, positive when higher. */
export function compareRiskBands(a: RiskBand, b: RiskBand): number {
  return riskBandRank(a) - riskBandRank(b);
}
