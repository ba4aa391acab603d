/**
 * Which customers a maintenance plan serves (rule MP-1: the graded roster): a customer of one of the group's tiers,
 * of one of its segments, or named by id belongs, and the membership says which of them matched.
 */
import {
  compareCodePoints,
  type ErrorPath,
  invalidInput,
  type Label,
  type PlanGroup,
  type Tier,
  TIER_LABELS,
  TIERS,
} from '@kehu/core';

/** A customer as the group reads it (core's customer works as it is, with its grade tier and segments added). */
export interface PlanGroupCustomer {
  /** The customer's id. */
  readonly id: string;
  /** The customer's grade tier (rule GR-1), when graded. */
  readonly tier?: Tier | undefined;
  /** The segments the customer is in (RFM segments or the host's). */
  readonly segments?: readonly string[] | undefined;
}

/** What made a customer a member: its tier, one of its segments, or its id named in the group. */
export type PlanGroupMatch = 'tier' | 'segment' | 'customer-id';

/** Whether one customer belongs to a plan's group, and why (rule MP-1). */
export interface PlanGroupMembership {
  /** The customer's id. */
  readonly customerId: string;
  /** True when at least one of tier, segment or id matched. */
  readonly member: boolean;
  /** What matched, in the order tier, segment, customer-id (empty when not a member). */
  readonly matchedBy: readonly PlanGroupMatch[];
  /** The customer's tier when it is one of the group's tiers, else `null`. */
  readonly tier: Tier | null;
  /** The customer's segments that are among the group's segments, in the customer's order. */
  readonly segments: readonly string[];
  /** The explanation in English and Chinese. */
  readonly explanation: Label;
}

const TIER_SET: ReadonlySet<string> = new Set(TIERS);

function stringList(value: unknown, path: ErrorPath, check?: (s: string) => boolean): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidInput(path, `${path.join('.')} must be an array`, 'invalid_type');
  value.forEach((s, i) => {
    if (typeof s !== 'string' || s.length === 0 || (check !== undefined && !check(s)))
      throw invalidInput([...path, i], `${[...path, i].join('.')} is not a valid entry`, 'invalid_type');
  });
  return value as string[];
}

/** The group's tiers, segments and ids as sets, checked once. */
interface GroupSets {
  readonly tiers: ReadonlySet<string>;
  readonly segments: ReadonlySet<string>;
  readonly ids: ReadonlySet<string>;
}

function groupSets(group: PlanGroup): GroupSets {
  if (group === null || typeof group !== 'object')
    throw invalidInput(['group'], 'group must be an object', 'invalid_type');
  const tiers = stringList(group.tiers, ['group', 'tiers'], (s) => TIER_SET.has(s));
  const segments = stringList(group.segments, ['group', 'segments']);
  const ids = stringList(group.customerIds, ['group', 'customerIds']);
  if (tiers.length + segments.length + ids.length === 0)
    throw invalidInput(['group'], 'a plan group names at least one tier, segment or customer');
  return { tiers: new Set(tiers), segments: new Set(segments), ids: new Set(ids) };
}

function membership(sets: GroupSets, customer: PlanGroupCustomer, path: ErrorPath): PlanGroupMembership {
  if (customer === null || typeof customer !== 'object')
    throw invalidInput(path, 'a customer must be an object', 'invalid_type');
  const { id, tier } = customer;
  if (typeof id !== 'string' || id.length === 0)
    throw invalidInput([...path, 'id'], 'id must be a non-empty string', 'invalid_type');
  if (tier !== undefined && !TIER_SET.has(tier))
    throw invalidInput([...path, 'tier'], `tier must be one of ${TIERS.join(', ')}`, 'invalid_value');
  const segments = stringList(customer.segments, [...path, 'segments']);
  const matchedBy: PlanGroupMatch[] = [];
  const inTier = tier !== undefined && sets.tiers.has(tier);
  if (inTier) matchedBy.push('tier');
  const matchedSegments = segments.filter((s) => sets.segments.has(s));
  if (matchedSegments.length > 0) matchedBy.push('segment');
  if (sets.ids.has(id)) matchedBy.push('customer-id');
  const en: string[] = [];
  const zh: string[] = [];
  if (inTier) {
    en.push(`tier ${TIER_LABELS[tier as Tier].en}`);
    zh.push(`等级 ${TIER_LABELS[tier as Tier].zh}`);
  }
  if (matchedSegments.length > 0) {
    en.push(`segment ${matchedSegments.join(', ')}`);
    zh.push(`细分 ${matchedSegments.join('、')}`);
  }
  if (sets.ids.has(id)) {
    en.push('named in the group');
    zh.push('客户群中点名');
  }
  const explanation: Label =
    matchedBy.length > 0
      ? { en: `in the plan's group by ${en.join('; ')} (MP-1)`, zh: `属于计划客户群：${zh.join('；')}（MP-1）` }
      : {
          en: "not in the plan's group: no tier, segment or id matched (MP-1)",
          zh: '不属于计划客户群：等级、细分与客户编号均不匹配（MP-1）',
        };
  return {
    customerId: id,
    member: matchedBy.length > 0,
    matchedBy,
    tier: inTier ? (tier as Tier) : null,
    segments: matchedSegments,
    explanation,
  };
}

/**
 * Whether `customer` belongs to the plan's `group`, and why (rule MP-1): which of the group's tiers, segments or
 * named ids matched, with an explanation.
 *
 * @throws KehuValidationError naming the bad field (`['group', 'tiers', 0]`, `['customer', 'id']`, …)
 */
export function planGroupMembership(group: PlanGroup, customer: PlanGroupCustomer): PlanGroupMembership {
  return membership(groupSets(group), customer, ['customer']);
}

/**
 * True when `customer` belongs to the plan's `group` (rule MP-1): its tier is one of the group's tiers, one of its
 * segments is one of the group's segments, or the group names its id. {@link planGroupMembership} says which.
 *
 * @throws KehuValidationError naming the bad field
 */
export function isInPlanGroup(group: PlanGroup, customer: PlanGroupCustomer): boolean {
  return planGroupMembership(group, customer).member;
}

/**
 * The ids of the customers of `customers` that belong to the plan's `group` (rule MP-1), each once, in code-point
 * order. `customers` is the roster: an id the group names but the roster lacks is not returned (the plan cannot
 * reach a customer the archive does not hold). A customer listed more than once is a member when any of its
 * entries matches.
 *
 * @throws KehuValidationError naming the bad field (`['customers', 3, 'tier']`, …)
 */
export function planGroupMembers(group: PlanGroup, customers: Iterable<PlanGroupCustomer>): string[] {
  const sets = groupSets(group);
  if (customers === null || typeof customers !== 'object' || !(Symbol.iterator in customers))
    throw invalidInput(['customers'], 'customers must be an iterable', 'invalid_type');
  const members = new Set<string>();
  let i = 0;
  for (const customer of customers) {
    const m = membership(sets, customer, ['customers', i]);
    if (m.member) members.add(m.customerId);
    i += 1;
  }
  return [...members].sort(compareCodePoints);
}
