import { invalidInput, type Label } from '@kehu/core';
import { isRiskBand, RISK_BAND_LABELS, type RiskBand, riskBandRank } from './bands.js';
import { type Playbook, type PlaybookPolicyInput, playbookFor } from './playbook.js';
import { parseRiskPolicy, type RiskPolicy, type RiskPolicyInput } from './risk-policy.js';
import { type ChurnRisk, type PreviousRisks, previousLookup } from './risk-score.js';
import { CHURN_REASONS, type ChurnReasonCode, isChurnReasonCode } from './taxonomy.js';

/**
 * An alert that a customer's churn risk rose into a band at or above the policy's `alertFrom` (rule
 * CH-3), for the people responsible, with the responses of rule CH-6 to the top suspected reason.
 */
export interface ChurnAlert {
  /** A stable id: `<customerId>:<band>:<asOf ISO>`, so storing the same alert twice is idempotent. */
  readonly id: string;
  /** The customer. */
  readonly customerId: string;
  /** The account manager to notify (`null`: no owner known; the host routes it). */
  readonly ownerId: string | null;
  /** The band before (`null`: the customer had no previous score). */
  readonly from: RiskBand | null;
  /** The band entered. */
  readonly to: RiskBand;
  /** The score now. */
  readonly score: number;
  /** The previous score (`null`: none). */
  readonly previousScore: number | null;
  /** The top suspected reason (rule CH-5), or `null` when no factor added points. */
  readonly topReason: ChurnReasonCode | null;
  /** The responses to the top reason (rule CH-6), or `null` without a reason. */
  readonly playbook: Playbook | null;
  /** The alert in words, English and Simplified Chinese. */
  readonly message: Label;
  /** The rules the alert serves. */
  readonly rules: readonly ['CH-3', 'CH-6'];
  /** The moment of the score that raised it. */
  readonly asOf: Date;
  /** The version of the risk policy. */
  readonly policyVersion: string;
}

/** Options of {@link churnAlerts}. */
export interface ChurnAlertOptions {
  /** The CH-6 playbook policy for the responses (the default playbook when absent). */
  readonly playbook?: PlaybookPolicyInput;
}

function messageOf(r: ChurnRisk, from: RiskBand | null, to: RiskBand): Label {
  const score = Math.round(r.score);
  const toLabel = RISK_BAND_LABELS[to];
  const reason = r.topReason === null ? null : CHURN_REASONS[r.topReason].label;
  const id = r.customerId;
  const toText = toLabel.en.toLowerCase();
  const en =
    from === null
      ? `Customer ${id} entered ${toText} of churn (score ${score})`
      : `Customer ${id} rose from ${RISK_BAND_LABELS[from].en.toLowerCase()} to ${toText} of churn (score ${score})`;
  const zh =
    from === null
      ? `客户 ${id} 的流失风险进入${toLabel.zh}（评分 ${score}）`
      : `客户 ${id} 的流失风险由${RISK_BAND_LABELS[from].zh}升至${toLabel.zh}（评分 ${score}）`;
  return {
    en: reason === null ? `${en}.` : `${en}; top suspected reason: ${reason.en}.`,
    zh: reason === null ? `${zh}。` : `${zh}，首要疑似原因：${reason.zh}。`,
  };
}

/**
 * The churn alerts of one run (rule CH-3, with the responses of CH-6): one alert per customer whose
 * band rose into a band at or above `policy.alertFrom` since `previous`, and none for a customer who
 * stays in their band or falls. A customer who rises further (high → critical) is alerted again. A
 * customer without a previous result who enters such a band is alerted with `from: null`.
 *
 * Hysteresis comes from the bands themselves: score the current run with `churnRisk(..., { previous })`
 * (or `riskTable` with `previousBand`), so that a customer keeps a band until the score falls below
 * its lower bound minus `policy.hysteresis`; a score wavering around a bound then raises one alert.
 * Calling this twice with the same results (`churnAlerts(current, current, …)`) raises nothing.
 *
 * @param previous - the results of the previous run (a list or a lookup by customer id)
 * @param current - the results of this run; alerts follow its order
 * @param policy - the risk policy (`alertFrom`, `version`)
 * @param options - the CH-6 playbook policy
 * @throws KehuValidationError for a malformed result (path `['current', i, field]` or `['previous', …]`),
 *   a customer listed twice; KehuPolicyError for a bad policy
 */
export function churnAlerts(
  previous: PreviousRisks,
  current: readonly ChurnRisk[],
  policy: RiskPolicyInput | RiskPolicy,
  options: ChurnAlertOptions = {},
): ChurnAlert[] {
  const p = parseRiskPolicy(policy);
  const before = previousLookup(previous);
  if (!Array.isArray(current)) throw invalidInput(['current'], 'current must be an array of results', 'invalid_type');
  const threshold = riskBandRank(p.alertFrom);
  const seen = new Set<string>();
  const alerts: ChurnAlert[] = [];
  current.forEach((r, i) => {
    const at = (field: string) => ['current', i, field];
    if (r === null || typeof r !== 'object' || typeof r.customerId !== 'string')
      throw invalidInput(at('customerId'), 'a result needs a customerId', 'invalid_type');
    if (seen.has(r.customerId))
      throw invalidInput(at('customerId'), `customer ${JSON.stringify(r.customerId)} is listed twice`);
    seen.add(r.customerId);
    if (!isRiskBand(r.band)) throw invalidInput(at('band'), 'band must be low, medium, high or critical');
    if (typeof r.score !== 'number' || !Number.isFinite(r.score))
      throw invalidInput(at('score'), 'score must be a finite number', 'invalid_type');
    if (r.topReason !== null && !isChurnReasonCode(r.topReason))
      throw invalidInput(at('topReason'), 'topReason must be a CH-5 reason code or null');
    if (!(r.asOf instanceof Date) || Number.isNaN(r.asOf.getTime()))
      throw invalidInput(at('asOf'), 'asOf must be a valid Date', 'invalid_type');
    const prior = before.get(r.customerId);
    if (prior !== undefined && !isRiskBand(prior.band))
      throw invalidInput(['previous', r.customerId, 'band'], 'band must be low, medium, high or critical');
    const rank = riskBandRank(r.band);
    if (rank < threshold) return;
    if (prior !== undefined && rank <= riskBandRank(prior.band)) return;
    const from = prior?.band ?? null;
    alerts.push({
      id: `${r.customerId}:${r.band}:${r.asOf.toISOString()}`,
      customerId: r.customerId,
      ownerId: r.ownerId ?? null,
      from,
      to: r.band,
      score: r.score,
      previousScore: prior === undefined || typeof prior.score !== 'number' ? null : prior.score,
      topReason: r.topReason,
      playbook: r.topReason === null ? null : playbookFor(r.topReason, options.playbook),
      message: messageOf(r, from, r.band),
      rules: ['CH-3', 'CH-6'],
      asOf: new Date(r.asOf.getTime()),
      policyVersion: p.version,
    });
  });
  return alerts;
}
