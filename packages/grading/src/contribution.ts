import { compareCodePoints, Decimal, KehuCurrencyMismatchError, type Tier, type TransactionSummary } from '@kehu/core';
import * as z from 'zod';
import { parsePolicy } from './policy-error.js';
import { sharesAndTotal } from './shares.js';

const decimalString = z.string().regex(/^\d+(\.\d+)?$/, 'expected a non-negative decimal string');

/**
 * One way to draw a tier boundary (rule GR-2): by rank, by percentile of customers, by
 * cumulative share of contribution, or by an absolute amount. Ties always fall on the same
 * side: ranks are competition ranks (1, 2, 2, 4) and shares are counted before a group of
 * equal contributions.
 */
export const cutoffSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rank'), maxRank: z.number().int().positive() }),
  z.object({ kind: z.literal('percentile'), topPercent: z.number().gt(0).max(100) }),
  z.object({ kind: z.literal('cumulative-share'), upTo: z.number().gt(0).max(1) }),
  z.object({ kind: z.literal('amount'), atLeast: decimalString }),
]);

/** A tier's rule: any of its cut-offs qualifies, and the contribution must reach `minimum` when given. */
export const tierRuleSchema = z.object({
  anyOf: z.array(cutoffSchema).min(1),
  minimum: decimalString.optional(),
});

/**
 * Grading by contribution (rules GR-1, GR-2, GR-6). The default reads the rules literally:
 * diamond = the top 10 by contribution, gold = ranks 11 to 50, silver = the rest of the
 * customers who together make up 80% of contribution, regular = everyone else.
 */
export const contributionPolicySchema = z.object({
  /** Contribution is the `net` amount (refunds and returns netted, AR-6; default) or `gross`. */
  basis: z.enum(['net', 'gross']).default('net'),
  /** The trailing window the contribution covers, in days; default 365 (GR-2: the past year). Used by hosts and the SDK to build the summaries. */
  windowDays: z.number().int().positive().default(365),
  /** Rules of the three upper tiers, checked diamond first; everyone else is regular. */
  tiers: z
    .object({ diamond: tierRuleSchema, gold: tierRuleSchema, silver: tierRuleSchema })
    .default({
      diamond: { anyOf: [{ kind: 'rank', maxRank: 10 }] },
      gold: { anyOf: [{ kind: 'rank', maxRank: 50 }] },
      silver: { anyOf: [{ kind: 'cumulative-share', upTo: 0.8 }] },
    }),
});

/** A cut-off. */
export type Cutoff = z.output<typeof cutoffSchema>;
/** A contribution grading policy with defaults applied. */
export type ContributionPolicy = z.output<typeof contributionPolicySchema>;
/** What {@link gradeByContribution} accepts as policy. */
export type ContributionPolicyInput = z.input<typeof contributionPolicySchema>;

/** The default policy (see {@link contributionPolicySchema}). */
export const DEFAULT_CONTRIBUTION_POLICY: ContributionPolicy = contributionPolicySchema.parse({});

/** One customer's grade with what decided it. */
export interface ContributionGrade {
  /** The customer. */
  customerId: string;
  /** The tier (GR-1). */
  tier: Tier;
  /** Competition rank by contribution (equal contributions share a rank). */
  rank: number;
  /** The contribution (net or gross by policy). */
  contribution: Decimal;
  /** Share of the total positive contribution (shares sum to exactly 1). */
  share: Decimal;
  /** Share of all customers ranked strictly before this one's group. */
  shareBefore: Decimal;
  /** Cumulative share including this customer's whole group of equal contributions. */
  cumulativeShare: Decimal;
  /** The cut-off that decided the tier (`null` for regular). */
  decidedBy: Cutoff | null;
  /** Rule IDs behind the decision (shared, frozen arrays). */
  rules: readonly string[];
  /** The decision in words. */
  reason: string;
}

/** Customers and contribution per tier. */
export interface TierDistribution {
  /** Customers in the tier. */
  customers: number;
  /** Their contribution. */
  contribution: Decimal;
  /** Their share of the total. */
  share: Decimal;
}

/** What {@link gradeByContribution} returns. */
export interface ContributionGrading {
  /** The policy used. */
  policy: ContributionPolicy;
  /** The currency graded. */
  currency: string | null;
  /** Grades in rank order (ties by customer id). */
  grades: ContributionGrade[];
  /** Per tier: customers, contribution, share. */
  distribution: Record<Tier, TierDistribution>;
  /** The total positive contribution. */
  total: Decimal;
  /** Notes, e.g. that there was nothing to grade. */
  warnings: string[];
}

function describe(c: Cutoff): string {
  switch (c.kind) {
    case 'rank':
      return `rank ≤ ${c.maxRank}`;
    case 'percentile':
      return `top ${c.topPercent}% of customers`;
    case 'cumulative-share':
      return `within the customers making up ${c.upTo * 100}% of contribution`;
    case 'amount':
      return `contribution ≥ ${c.atLeast}`;
  }
}

/**
 * Grades customers diamond / gold / silver / regular by contribution (rules GR-1, GR-2,
 * GR-6) from summaries of the trailing window. Equal contributions at a boundary always
 * get the same grade; customers without a positive contribution are regular. Shares are
 * exact Decimals that sum to 1. One currency per call (`currency` picks one when the
 * summaries hold several). Pure.
 */
export function gradeByContribution(summaries: Iterable<TransactionSummary>, policyInput: ContributionPolicyInput = {}, options: { currency?: string } = {}): ContributionGrading {
  const policy = parsePolicy(contributionPolicySchema, policyInput, 'contribution policy');
  let currency: string | undefined = options.currency;
  const rows: Array<{ id: string; value: Decimal; key: number }> = [];
  for (const s of summaries) {
    if (options.currency !== undefined && s.currency !== options.currency) continue;
    if (currency === undefined) currency = s.currency;
    else if (currency !== s.currency) throw new KehuCurrencyMismatchError([currency, s.currency]);
    const value = policy.basis === 'net' ? s.netAmount : s.grossAmount;
    rows.push({ id: s.customerId, value, key: value.toNumber() });
  }
  // Descending by contribution; the float key is monotone, equal keys compare exactly.
  rows.sort((a, b) => b.key - a.key || b.value.comparedTo(a.value) || compareCodePoints(a.id, b.id));
  const n = rows.length;
  const { shares, total } = sharesAndTotal(rows.map((r) => r.value), rows.map((r) => r.key));
  const grades: ContributionGrade[] = new Array(n);
  const zero = new Decimal(0);
  const distribution = Object.fromEntries((['diamond', 'gold', 'silver', 'regular'] as const).map((t) => [t, { customers: 0, contribution: zero, share: zero }])) as Record<Tier, TierDistribution>;
  const RULES: readonly string[] = Object.freeze(['GR-1', 'GR-2']);
  const RULES_SHARE: readonly string[] = Object.freeze(['GR-1', 'GR-2', 'GR-6']);
  let before = zero;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    // Equal floats first (cheap); only then the exact comparison.
    while (j < n && rows[j]!.key === rows[i]!.key && rows[j]!.value.eq(rows[i]!.value)) j++;
    let groupShare = shares[i]!;
    for (let k = i + 1; k < j; k++) groupShare = groupShare.plus(shares[k]!);
    const rank = i + 1;
    const value = rows[i]!.value;
    const positive = value.isPositive() && !value.isZero();
    let tier: Tier = 'regular';
    let decidedBy: Cutoff | null = null;
    if (positive) {
      for (const t of ['diamond', 'gold', 'silver'] as const) {
        const rule = policy.tiers[t];
        if (rule.minimum !== undefined && value.lt(rule.minimum)) continue;
        const hit = rule.anyOf.find((c) =>
          c.kind === 'rank' ? rank <= c.maxRank : c.kind === 'percentile' ? (rank - 1) * 100 < n * c.topPercent : c.kind === 'cumulative-share' ? before.lt(c.upTo) : value.gte(c.atLeast),
        );
        if (hit !== undefined) {
          tier = t;
          decidedBy = hit;
          break;
        }
      }
    }
    const cumulativeShare = before.plus(groupShare);
    const minimum = tier === 'regular' ? undefined : policy.tiers[tier].minimum;
    // One reason per group of equal contributions (the percentage is for display only).
    const reason = decidedBy === null
      ? positive ? 'no upper-tier rule applies: regular' : 'no positive contribution in the window: regular'
      : `${tier}: ${describe(decidedBy)}${minimum ? ` and contribution ≥ ${minimum}` : ''} (rank ${rank}, ${before.times(100).toDecimalPlaces(2).toString()}% of contribution before this customer)`;
    const rules = decidedBy?.kind === 'cumulative-share' ? RULES_SHARE : RULES;
    for (let k = i; k < j; k++) {
      grades[k] = { customerId: rows[k]!.id, tier, rank, contribution: value, share: shares[k]!, shareBefore: before, cumulativeShare, decidedBy, rules, reason };
    }
    const d = distribution[tier];
    d.customers += j - i;
    d.contribution = d.contribution.plus(j - i === 1 ? value : value.times(j - i));
    d.share = d.share.plus(groupShare);
    before = cumulativeShare;
    i = j;
  }
  return { policy, currency: currency ?? null, grades, distribution, total, warnings: n === 0 ? ['no customers to grade'] : [] };
}
