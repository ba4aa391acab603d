import {
  Decimal,
  decimalFromBigUnits,
  decimalStringSchema,
  decimalFromUnits,
  decimalsToUnits,
  decimalToBigUnits,
  summaryAmounts,
  type SummaryTable,
  isSortedByCodePoints,
  invalidInput,
  isSummaryTable,
  KehuCurrencyMismatchError,
  orderByIntegerKeys,
  sortIndexesByCodePoints,
  type Tier,
  type TransactionSummary,
} from '@kehu/core';
import * as z from 'zod';
import { parsePolicy } from './policy-error.js';
import { apportionShareUnits, SHARE_PLACES } from './shares.js';

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
  z.object({ kind: z.literal('amount'), atLeast: decimalStringSchema }),
]);

/** A tier's rule: any of its cut-offs qualifies, and the contribution must reach `minimum` when given. */
export const tierRuleSchema = z.object({
  anyOf: z.array(cutoffSchema).min(1),
  minimum: decimalStringSchema.optional(),
});

/**
 * Grading by contribution (rules GR-1, GR-2, GR-6). The default reads the rules literally:
 * diamond = the top 10 by contribution, gold = ranks 11 to 50, silver = the rest of the
 * customers who together make up 80% of contribution, regular = everyone else.
 */
export const contributionPolicySchema = z.object({
  /** Contribution is the `net` amount (refunds and returns netted, AR-6; default) or `gross`. */
  basis: z.enum(['net', 'gross']).default('net'),
  /**
   * The trailing window the contribution covers, in days; default 365 (GR-2: the past year). Used by hosts and
   * the SDK to build the summaries.
   */
  windowDays: z.number().int().positive().default(365),
  /** Rules of the three upper tiers, checked diamond first; everyone else is regular. */
  tiers: z.object({ diamond: tierRuleSchema, gold: tierRuleSchema, silver: tierRuleSchema }).default({
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

/** Options of {@link contributionTable} and {@link gradeByContribution}. */
export interface ContributionOptions {
  /** Grade only rows in this currency; required when the summaries hold several. */
  currency?: string;
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

/**
 * A whole grading in columns, one entry per customer in rank order (contribution
 * descending, ties by customer id): what {@link contributionTable} returns for bulk work
 * such as grading a million customers, without an object per customer. Every entry
 * explains itself on demand through {@link contributionAt}; {@link contributionRows} explains them all.
 */
export interface ContributionTable {
  /** The policy used. */
  policy: ContributionPolicy;
  /** The currency graded. */
  currency: string | null;
  /** Customer ids in rank order. */
  ids: string[];
  /** The tier of each position (GR-1). */
  tiers: Tier[];
  /** Competition rank of each position (equal contributions share a rank). */
  ranks: Uint32Array;
  /**
   * Each position's contribution as exact units of 10^-`contributionScale`, when every contribution fits a safe
   * integer.
   */
  contributionUnits: Float64Array | undefined;
  /** Decimal places of `contributionUnits`. */
  contributionScale: number;
  /** Each position's contribution as a Decimal, when graded from summary objects (or when the units do not fit). */
  contributionDecimals: Decimal[] | undefined;
  /** Each position's index in the input (among the summaries iterated, or the rows of `SummaryTable`). */
  inputIndex: Uint32Array;
  /**
   * Each position's share of the total positive contribution in units of 10^-{@link SHARE_PLACES}; they sum to
   * exactly 10^SHARE_PLACES (or are all 0).
   */
  shareUnits: BigUint64Array;
  /** Cumulative share through each position's whole group of equal contributions, in the same units. */
  cumulativeUnits: BigUint64Array;
  /** The cut-off that decided each position's tier (`null` for regular). */
  decidedBy: Array<Cutoff | null>;
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

const RULES: readonly string[] = Object.freeze(['GR-1', 'GR-2']);
const RULES_SHARE: readonly string[] = Object.freeze(['GR-1', 'GR-2', 'GR-6']);
const PERCENT_UNIT = 10n ** BigInt(SHARE_PLACES - 4); // one unit of 0.01%

/** `share` (units of 10^-20) as a percentage with two places, rounded half to even, e.g. `'80'` or `'12.34'`. */
function percent(share: bigint): string {
  let p = share / PERCENT_UNIT;
  const twice = (share - p * PERCENT_UNIT) * 2n;
  if (twice > PERCENT_UNIT || (twice === PERCENT_UNIT && p % 2n === 1n)) p++;
  return decimalFromBigUnits(p, 2).toString();
}

/** Contributions as exact integers: doubles on the fast path, BigInt otherwise. */
interface Contributions {
  /** Correctly rounded (exact on the fast path) sort keys. */
  keys: Float64Array;
  /** Exact units when the doubles are not exact. */
  big: bigint[] | undefined;
  /** Decimal places of the units. */
  scale: number;
  /** The contributions as Decimals, when the input had them. */
  decimals: Decimal[] | undefined;
}

function contributionsOf(values: Decimal[]): Contributions {
  const fast = decimalsToUnits(values);
  if (fast !== undefined) return { keys: fast.units, big: undefined, scale: fast.scale, decimals: values };
  const scale = values.reduce((p, v) => Math.max(p, v.decimalPlaces()), 0);
  const big = values.map((v) => decimalToBigUnits(v, scale));
  return { keys: Float64Array.from(big, (b) => Number(b)), big, scale, decimals: values };
}

/** The customers to grade, their input indexes and contributions, one currency. */
interface Collected {
  ids: string[];
  input: number[];
  currency: string | undefined;
  contributions: Contributions;
  sortedById: boolean;
}

/** {@link Collected} from a summary table (rows already in customer-id order). */
function collectTable(summaries: SummaryTable, basis: 'net' | 'gross', wanted: string | undefined): Collected {
  const take = wanted === undefined || wanted === summaries.currency;
  const ids = take ? summaries.ids : [];
  const n = ids.length;
  const input = Array.from({ length: n }, (_, i) => i);
  if (summaries.overflow.size > 0) {
    // Rare: sums past 2^53 units take the Decimal path.
    const values = input.map((i) => summaryAmounts(summaries, i)[basis]);
    return {
      ids,
      input,
      currency: take ? summaries.currency : wanted,
      contributions: contributionsOf(values),
      sortedById: true,
    };
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++)
    keys[i] = basis === 'net' ? summaries.grossUnits[i]! - summaries.reversedUnits[i]! : summaries.grossUnits[i]!;
  // SummaryTable rows are in customer-id order by contract.
  return {
    ids,
    input,
    currency: take ? summaries.currency : wanted,
    contributions: { keys, big: undefined, scale: summaries.scale, decimals: undefined },
    sortedById: true,
  };
}

/** {@link Collected} from summary objects, in any order. */
function collectObjects(
  summaries: Iterable<TransactionSummary>,
  basis: 'net' | 'gross',
  wanted: string | undefined,
): Collected {
  let currency = wanted;
  const ids: string[] = [];
  const input: number[] = [];
  const values: Decimal[] = [];
  let index = 0;
  for (const s of summaries) {
    const at = index++;
    if (wanted !== undefined && s.currency !== wanted) continue;
    if (currency === undefined) currency = s.currency;
    else if (currency !== s.currency) throw new KehuCurrencyMismatchError([currency, s.currency]);
    ids.push(s.customerId);
    input.push(at);
    values.push(basis === 'net' ? s.netAmount : s.grossAmount);
  }
  return { ids, input, currency, contributions: contributionsOf(values), sortedById: isSortedByCodePoints(ids) };
}

/**
 * Grades customers diamond / gold / silver / regular by contribution (rules GR-1, GR-2,
 * GR-6) into a {@link ContributionTable}: the columnar form of
 * {@link gradeByContribution}, for a million customers in well under a second
 * (`pnpm bench`). Input is a `SummaryTable` of `@kehu/core` (`summaryTable`, or an
 * importer's scan); summary objects go to {@link gradeByContribution}.
 * Contributions are ranked as exact integer units, shares apportioned in BigInt and stored
 * as integer units; no Decimal or object is made per customer. Equal contributions always
 * get the same grade; customers without a positive contribution are regular. One currency
 * per call (`currency` picks one when the summaries hold several). Pure.
 */
export function contributionTable(
  summaries: SummaryTable,
  policyInput: ContributionPolicyInput = {},
  options: ContributionOptions = {},
): ContributionTable {
  if (!isSummaryTable(summaries))
    throw invalidInput([], 'expected a SummaryTable; grade summary objects with gradeByContribution', 'invalid_type');
  const policy = parsePolicy(contributionPolicySchema, policyInput, 'contribution policy');
  return grade(collectTable(summaries, policy.basis, options.currency), policy);
}

function grade(collected: Collected, policy: ContributionPolicy): ContributionTable {
  const { ids, input, currency, contributions, sortedById } = collected;
  const n = ids.length;
  const { keys, big, scale, decimals } = contributions;
  // Rank order: contribution descending, then customer id.
  const byId = sortedById ? undefined : sortIndexesByCodePoints(ids);
  let order: Uint32Array;
  if (big === undefined) order = orderByIntegerKeys(keys, { descending: true, ...(byId ? { positions: byId } : {}) });
  else {
    order = byId ?? Uint32Array.from({ length: n }, (_, i) => i);
    const idRank = new Uint32Array(n);
    order.forEach((p, k) => (idRank[p] = k));
    order.sort(
      (a, b) => keys[b]! - keys[a]! || (big[b]! > big[a]! ? 1 : big[b]! < big[a]! ? -1 : 0) || idRank[a]! - idRank[b]!,
    );
  }
  // Contributions in rank order, as exact integers.
  let units: Float64Array | bigint[];
  if (big === undefined) {
    const fast = new Float64Array(n);
    for (let k = 0; k < n; k++) fast[k] = keys[order[k]!]!;
    units = fast;
  } else units = Array.from(order, (p) => big[p]!);
  const { quotients, total } = apportionShareUnits(units);

  // Thresholds once, as the least units that reach them (a double on the fast path, else BigInt).
  const shareLimits = new Map<Cutoff, bigint>();
  const amounts = new Map<Cutoff | string, number | bigint>();
  const threshold = (amount: string) => {
    const units = decimalToBigUnits(new Decimal(amount), scale, 'ceil');
    return big === undefined ? Number(units) : units;
  };
  for (const t of ['diamond', 'gold', 'silver'] as const) {
    const rule = policy.tiers[t];
    if (rule.minimum !== undefined) amounts.set(rule.minimum, threshold(rule.minimum));
    for (const c of rule.anyOf) {
      if (c.kind === 'cumulative-share')
        shareLimits.set(c, decimalToBigUnits(new Decimal(c.upTo), SHARE_PLACES, 'ceil'));
      if (c.kind === 'amount') amounts.set(c, threshold(c.atLeast));
    }
  }
  const table: ContributionTable = {
    policy,
    currency: currency ?? null,
    ids: new Array<string>(n),
    tiers: new Array<Tier>(n),
    ranks: new Uint32Array(n),
    contributionUnits: big === undefined ? (units as Float64Array) : undefined,
    contributionScale: scale,
    contributionDecimals: decimals === undefined ? undefined : new Array<Decimal>(n),
    inputIndex: new Uint32Array(n),
    shareUnits: quotients,
    cumulativeUnits: new BigUint64Array(n),
    decidedBy: new Array<Cutoff | null>(n),
    distribution: {} as Record<Tier, TierDistribution>,
    total: decimalFromBigUnits(total, scale),
    warnings: n === 0 ? ['no customers to grade'] : [],
  };
  const sums = Object.fromEntries(
    TIER_ORDER.map((t) => [t, { customers: 0, units: new ExactSum(), last: -1 }]),
  ) as Record<Tier, { customers: number; units: ExactSum; last: number }>;
  let before = 0n;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && units[j] === units[i]) j++;
    let groupShare = quotients[i]!;
    for (let k = i + 1; k < j; k++) groupShare += quotients[k]!;
    const rank = i + 1;
    const value = units[i]!;
    let tier: Tier = 'regular';
    let decidedBy: Cutoff | null = null;
    if (units[i]! > 0) {
      for (const t of ['diamond', 'gold', 'silver'] as const) {
        const rule = policy.tiers[t];
        if (rule.minimum !== undefined && value < amounts.get(rule.minimum)!) continue;
        const hit = rule.anyOf.find((c) =>
          c.kind === 'rank'
            ? rank <= c.maxRank
            : c.kind === 'percentile'
              ? (rank - 1) * 100 < n * c.topPercent
              : c.kind === 'cumulative-share'
                ? before < shareLimits.get(c)!
                : value >= amounts.get(c)!,
        );
        if (hit !== undefined) {
          tier = t;
          decidedBy = hit;
          break;
        }
      }
    }
    const cumulative = before + groupShare;
    for (let k = i; k < j; k++) {
      table.ids[k] = ids[order[k]!]!;
      table.tiers[k] = tier;
      table.ranks[k] = rank;
      table.inputIndex[k] = input[order[k]!]!;
      if (table.contributionDecimals !== undefined) table.contributionDecimals[k] = decimals![order[k]!]!;
      table.cumulativeUnits[k] = cumulative;
      table.decidedBy[k] = decidedBy;
    }
    const d = sums[tier];
    d.customers += j - i;
    d.last = j - 1;
    d.units.add(units[i]!, j - i);
    before = cumulative;
    i = j;
  }
  // Tiers never rise with rank (every cut-off holds for a prefix of the ranking), so each
  // tier is one run of positions and its share is the difference of cumulative shares.
  let previousCumulative = 0n;
  for (const t of TIER_ORDER) {
    const d = sums[t];
    const cumulative = d.customers === 0 ? previousCumulative : table.cumulativeUnits[d.last]!;
    table.distribution[t] = {
      customers: d.customers,
      contribution: decimalFromBigUnits(d.units.value(), scale),
      share: decimalFromBigUnits(cumulative - previousCumulative, SHARE_PLACES),
    };
    previousCumulative = cumulative;
  }
  return table;
}

const TIER_ORDER: readonly Tier[] = ['diamond', 'gold', 'silver', 'regular'];

/** An exact integer sum: in a double while it stays safe, carried into a BigInt beyond. */
class ExactSum {
  private partial = 0;
  private carry = 0n;
  /** Adds `units × times`. */
  add(units: number | bigint, times: number): void {
    if (typeof units === 'number') {
      const v = units * times;
      const s = this.partial + v;
      if (Number.isSafeInteger(v) && Number.isSafeInteger(s)) {
        this.partial = s;
        return;
      }
    }
    this.carry += BigInt(units) * BigInt(times);
  }
  /** The sum. */
  value(): bigint {
    return this.carry + BigInt(this.partial);
  }
}

/**
 * The full, explained grade of the customer at `position` of a {@link ContributionTable}:
 * tier, rank, contribution, exact shares (`shareBefore`, `share`, `cumulativeShare`),
 * the cut-off and rule IDs that decided it, and the decision in words; the same object
 * {@link gradeByContribution} gives for that customer. Throws `KehuValidationError` when
 * `position` is not in the table.
 */
export function contributionAt(table: ContributionTable, position: number): ContributionGrade {
  if (!Number.isInteger(position) || position < 0 || position >= table.ids.length)
    throw invalidInput([], `position ${position} is not in the contribution table of ${table.ids.length} customers`);
  const rank = table.ranks[position]!;
  const before = rank === 1 ? 0n : table.cumulativeUnits[rank - 2]!;
  return explainAt(
    table,
    position,
    decimalFromBigUnits(before, SHARE_PLACES),
    decimalFromBigUnits(table.cumulativeUnits[position]!, SHARE_PLACES),
    before,
  );
}

function explainAt(
  table: ContributionTable,
  k: number,
  shareBefore: Decimal,
  cumulativeShare: Decimal,
  before: bigint,
): ContributionGrade {
  const tier = table.tiers[k]!;
  const rank = table.ranks[k]!;
  const decidedBy = table.decidedBy[k]!;
  const contribution =
    table.contributionDecimals?.[k] ?? decimalFromUnits(table.contributionUnits![k]!, table.contributionScale);
  const minimum = tier === 'regular' ? undefined : table.policy.tiers[tier].minimum;
  const reason =
    decidedBy === null
      ? contribution.isPositive() && !contribution.isZero()
        ? 'no upper-tier rule applies: regular'
        : 'no positive contribution in the window: regular'
      : `${tier}: ${describe(decidedBy)}${minimum ? ` and contribution ≥ ${minimum}` : ''} ` +
        `(rank ${rank}, ${percent(before)}% of contribution before this customer)`;
  return {
    customerId: table.ids[k]!,
    tier,
    rank,
    contribution,
    share: decimalFromBigUnits(table.shareUnits[k]!, SHARE_PLACES),
    shareBefore,
    cumulativeShare,
    decidedBy,
    rules: decidedBy?.kind === 'cumulative-share' ? RULES_SHARE : RULES,
    reason,
  };
}

/** Every position of a {@link ContributionTable} explained, in rank order (see {@link contributionAt}). Pure. */
export function contributionRows(table: ContributionTable): ContributionGrade[] {
  const n = table.ids.length;
  const grades: ContributionGrade[] = new Array(n);
  let before = 0n;
  let shareBefore = decimalFromBigUnits(0n, SHARE_PLACES);
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && table.ranks[j] === table.ranks[i]) j++;
    // One Decimal per group of equal contributions for the cumulative shares.
    const cumulative = table.cumulativeUnits[i]!;
    const cumulativeShare = decimalFromBigUnits(cumulative, SHARE_PLACES);
    for (let k = i; k < j; k++) grades[k] = explainAt(table, k, shareBefore, cumulativeShare, before);
    before = cumulative;
    shareBefore = cumulativeShare;
    i = j;
  }
  return grades;
}

/**
 * Grades customers diamond / gold / silver / regular by contribution (rules GR-1, GR-2,
 * GR-6) from summary objects of the trailing window, every grade explained: rank, exact
 * shares (Decimals that sum to 1), the cut-off and rule IDs that decided it, and the
 * decision in words. Equal contributions at a boundary always get the same grade;
 * customers without a positive contribution are regular. One currency per call
 * (`currency` picks one when the summaries hold several). Pure. The convenience path over
 * the engine of {@link contributionTable}, which grades a `SummaryTable` in columns.
 */
export function gradeByContribution(
  summaries: Iterable<TransactionSummary>,
  policyInput: ContributionPolicyInput = {},
  options: ContributionOptions = {},
): ContributionGrading {
  if (typeof (summaries as Iterable<unknown> | null)?.[Symbol.iterator] !== 'function')
    throw invalidInput([], 'expected summary objects; grade a SummaryTable with contributionTable', 'invalid_type');
  const policy = parsePolicy(contributionPolicySchema, policyInput, 'contribution policy');
  const table = grade(collectObjects(summaries, policy.basis, options.currency), policy);
  return {
    policy: table.policy,
    currency: table.currency,
    grades: contributionRows(table),
    distribution: table.distribution,
    total: table.total,
    warnings: table.warnings,
  };
}
