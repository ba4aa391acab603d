import {
  DAY_MS,
  compareCodePoints,
  compareTiers,
  Decimal,
  requireAsOf,
  TIERS,
  type GradeAssignment,
  type GradeAssignmentInput,
  type Tier,
} from '@kehu/core';
import * as z from 'zod';
import type { ContributionGrade, ContributionGrading, Cutoff } from './contribution.js';
import { parsePolicy } from './policy-error.js';

/**
 * Dynamic re-grading (rule GR-4). Upgrades apply at once; downgrades wait until the
 * current grade has been held for `downgradeGraceDays`, go one tier at a time, and only
 * when the customer is clearly past the boundary (hysteresis margins), so a customer near
 * a boundary does not flap. `minDwellDays` is the least time between two automatic
 * changes (upgrades skip it unless `upgradesWaitForDwell`). Manual overrides hold until
 * they expire.
 */
export const regradePolicySchema = z.object({
  downgradeGraceDays: z.number().int().min(0).default(90),
  minDwellDays: z.number().int().min(0).default(30),
  upgradesWaitForDwell: z.boolean().default(false),
  hysteresis: z
    .object({
      /** Extra ranks past a rank boundary before a downgrade; default 2. */
      ranks: z.number().int().min(0).default(2),
      /** Extra share (0..1) past a cumulative-share boundary; default 0.02. */
      share: z.number().min(0).max(1).default(0.02),
      /** Extra percentage points past a percentile boundary; default 1. */
      percentPoints: z.number().min(0).max(100).default(1),
      /** Fraction below an amount boundary; default 0.05. */
      amountFraction: z.number().min(0).max(1).default(0.05),
    })
    .default({ ranks: 2, share: 0.02, percentPoints: 1, amountFraction: 0.05 }),
});

/** A re-grading policy with defaults applied. */
export type RegradePolicy = z.output<typeof regradePolicySchema>;

/** A proposed grade change, to be applied (and audited) by the host or the SDK. */
export interface GradeChange {
  /** The customer. */
  customerId: string;
  /** Current tier (`null` when the customer has no grade yet). */
  from: Tier | null;
  /** Proposed tier. */
  to: Tier;
  /** `initial`, `upgrade` or `downgrade`. */
  kind: 'initial' | 'upgrade' | 'downgrade';
  /** What the evaluation said. */
  evaluated: Tier;
  /** Why, in words. */
  reason: string;
}

/** A customer whose grade stays, with why (grace, hysteresis, dwell, override, unchanged). */
export interface GradeHold {
  /** The customer. */
  customerId: string;
  /** The tier kept. */
  tier: Tier;
  /** What the evaluation said. */
  evaluated: Tier;
  /** Why it stays. */
  reason: string;
}

/** What {@link regrade} proposes. */
export interface RegradeResult {
  /** The moment of the re-grading. */
  asOf: Date;
  /** Changes to apply. */
  changes: GradeChange[];
  /** Grades kept, with reasons. */
  holds: GradeHold[];
}

/** Options of {@link regrade} and {@link gradesAsOf}. */
export interface RegradeOptions {
  /** The moment the grades in force are read at and the changes take effect. */
  asOf: Date;
}

/**
 * The grade in force at `options.asOf` per customer: the last assignment effective at or
 * before it (replaying history).
 */
export function gradesAsOf(history: Iterable<GradeAssignment>, options: RegradeOptions): Map<string, GradeAssignment> {
  const asOf = requireAsOf(options);
  const current = new Map<string, GradeAssignment>();
  for (const g of history) {
    if (g.effectiveFrom.getTime() > asOf.getTime()) continue;
    const known = current.get(g.customerId);
    if (known === undefined || g.effectiveFrom.getTime() >= known.effectiveFrom.getTime()) current.set(g.customerId, g);
  }
  return current;
}

/** Whether `g` clearly fails `cutoff` (past it by the hysteresis margin). */
function clearlyFails(g: ContributionGrade, c: Cutoff, n: number, h: RegradePolicy['hysteresis']): boolean {
  switch (c.kind) {
    case 'rank':
      return g.rank > c.maxRank + h.ranks;
    case 'percentile':
      return ((g.rank - 1) * 100) / n >= c.topPercent + h.percentPoints;
    case 'cumulative-share':
      return g.shareBefore.gte(Decimal.min(1, new Decimal(c.upTo).plus(h.share)));
    case 'amount':
      // Exact: the amount boundary is money, so no float on its way (AR-6).
      return g.contribution.lt(new Decimal(c.atLeast).times(new Decimal(1).minus(h.amountFraction)));
  }
}

/**
 * Compares the grades in force at `options.asOf` (from `history`) with a fresh evaluation
 * (`gradeByContribution`) and proposes changes (rule GR-4); every change and hold says
 * why. Customers graded before but absent from the evaluation are evaluated as regular.
 * Pure: replaying the same history and evaluation as of the same date gives the same result.
 */
export function regrade(
  history: Iterable<GradeAssignment>,
  evaluation: ContributionGrading,
  policyInput: z.input<typeof regradePolicySchema>,
  options: RegradeOptions,
): RegradeResult {
  const asOf = requireAsOf(options);
  const policy = parsePolicy(regradePolicySchema, policyInput, 're-grading policy');
  const current = gradesAsOf(history, options);
  const evaluated = new Map(evaluation.grades.map((g) => [g.customerId, g]));
  const ids = [...new Set([...current.keys(), ...evaluated.keys()])].sort(compareCodePoints);
  const n = evaluation.grades.length;
  const result: RegradeResult = { asOf: new Date(asOf.getTime()), changes: [], holds: [] };
  for (const id of ids) {
    const now = current.get(id);
    const e = evaluated.get(id);
    const target: Tier = e?.tier ?? 'regular';
    const hold = (reason: string) => result.holds.push({ customerId: id, tier: now!.tier, evaluated: target, reason });
    if (now === undefined) {
      result.changes.push({
        customerId: id,
        from: null,
        to: target,
        kind: 'initial',
        evaluated: target,
        reason: e?.reason ?? 'first grade',
      });
      continue;
    }
    if (now.source === 'override' && now.expiresAt !== undefined && now.expiresAt.getTime() > asOf.getTime()) {
      hold(`manual override until ${now.expiresAt.toISOString()}: ${now.reason}`);
      continue;
    }
    const order = compareTiers(target, now.tier);
    const heldDays = Math.floor((asOf.getTime() - now.effectiveFrom.getTime()) / DAY_MS);
    if (order === 0) {
      hold(`evaluation confirms ${now.tier}`);
      continue;
    }
    if (order < 0) {
      if (policy.upgradesWaitForDwell && heldDays < policy.minDwellDays) {
        hold(
          `upgrade to ${target} waits: ${heldDays} days since the last change < minDwellDays ${policy.minDwellDays}`,
        );
        continue;
      }
      result.changes.push({
        customerId: id,
        from: now.tier,
        to: target,
        kind: 'upgrade',
        evaluated: target,
        reason: `upgrade at once: ${e?.reason ?? ''}`,
      });
      continue;
    }
    if (heldDays < Math.max(policy.downgradeGraceDays, policy.minDwellDays)) {
      const limit =
        policy.downgradeGraceDays >= policy.minDwellDays
          ? `downgradeGraceDays ${policy.downgradeGraceDays}`
          : `minDwellDays ${policy.minDwellDays}`;
      hold(`downgrade to ${target} waits: ${now.tier} held ${heldDays} days < ${limit}`);
      continue;
    }
    // Hysteresis: the customer must clearly fail every way of keeping the current tier.
    if (now.tier !== 'regular' && e !== undefined) {
      const rule = evaluation.policy.tiers[now.tier];
      const near = rule.anyOf.find((c) => !clearlyFails(e, c, n, policy.hysteresis));
      if (near !== undefined) {
        hold(`within the hysteresis margin of ${now.tier} (${near.kind}); no downgrade yet`);
        continue;
      }
    }
    const oneDown = TIERS[TIERS.indexOf(now.tier) + 1]!;
    result.changes.push({
      customerId: id,
      from: now.tier,
      to: oneDown,
      kind: 'downgrade',
      evaluated: target,
      reason: `downgrade one tier (evaluated ${target}) after ${heldDays} days at ${now.tier}`,
    });
  }
  return result;
}

/**
 * A change as a grade assignment to store (rule GR-4: with its reason), effective at
 * `options.asOf` and assigned by `options.assignedBy`.
 */
export function toGradeAssignment(
  change: GradeChange,
  options: RegradeOptions & { assignedBy: string },
): GradeAssignmentInput {
  const asOf = requireAsOf(options);
  const { assignedBy } = options;
  return {
    customerId: change.customerId,
    tier: change.to,
    effectiveFrom: new Date(asOf.getTime()),
    source: 'evaluation',
    assignedBy,
    reason: change.reason,
    explanation: { kind: change.kind, from: change.from, evaluated: change.evaluated, rule: 'GR-4' },
  };
}
