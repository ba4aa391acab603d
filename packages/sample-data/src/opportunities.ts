import type { CustomerInput, OpportunityEventBodyInput, OpportunityInput } from '@kehu/core';
import { dateOfDay, weekdayOf } from '@kehu/core';
import type { Random } from './random.js';

/** An opportunity as opened, with the events that followed its creation (rule MP-3). */
export interface SampleOpportunity {
  /** The opportunity as opened (its `created` event is written when it is stored, at `createdAt`). */
  opportunity: OpportunityInput;
  /** Who opened it: its salesperson. */
  actor: string;
  /** Events after `created`, oldest first, each at a different instant on a working day. */
  events: OpportunityEventBodyInput[];
}

/**
 * The stage ids of `DEFAULT_OPPORTUNITY_POLICY` in `@kehu/plans` (forward order), copied as literals because the
 * sample depends on `@kehu/core` only; a test checks them against the policy.
 */
export const SAMPLE_STAGES = ['lead', 'qualified', 'needs-analysis', 'proposal', 'negotiation'] as const;

/** The won reason codes of `DEFAULT_OPPORTUNITY_POLICY` the sample uses, with their weights. */
export const SAMPLE_WON_REASONS = [
  ['product-fit', 30],
  ['relationship', 25],
  ['price', 15],
  ['service', 15],
  ['brand', 12],
  ['other', 3],
] as const;

/**
 * The lost reason codes of `DEFAULT_OPPORTUNITY_POLICY` with their weights early (lead to needs analysis) and late
 * (proposal, negotiation): early deals die of no budget, no decision and timing; late ones of price and competitors.
 */
export const SAMPLE_LOST_REASONS = [
  ['price', 6, 35],
  ['competitor', 8, 30],
  ['no-budget', 28, 6],
  ['no-decision', 24, 10],
  ['product-fit', 14, 6],
  ['timing', 14, 6],
  ['relationship', 2, 3],
  ['service', 2, 3],
  ['other', 2, 1],
] as const;

/** Chance, per step in each stage, that the deal is lost, won, or moves back (the rest moves forward). */
const LOST = [0.5, 0.4, 0.3, 0.22, 0.16];
const WON = [0, 0.02, 0.05, 0.12, 0.42];
const BACK = [0, 0.06, 0.08, 0.1, 0.1];
/** The stage defaults, to draw manual probabilities near them. */
const DEFAULT_PROBABILITY = [10, 20, 40, 60, 80];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BEIJING = 8 * HOUR;

/** Options of {@link sampleOpportunities}. */
export interface SampleOpportunitiesOptions {
  /** The first and the end (exclusive) instant of the sample period, epoch ms. */
  start: number;
  end: number;
  /** How many opportunities. */
  count: number;
}

/** An instant as ISO-8601 in Beijing time (`+08:00`), to the second. */
function beijing(ms: number): string {
  return new Date(ms + BEIJING).toISOString().replace('.000Z', '+08:00');
}

/** Beijing day number of an instant. */
const localDay = (ms: number) => Math.floor((ms + BEIJING) / DAY);

/**
 * An instant on a working day (Monday to Friday, 09:00–18:00 Beijing) `days` days after `after` (or the next
 * working day), strictly after `after`.
 */
function workingInstant(r: Random, after: number, days: number): number {
  let day = localDay(after) + days;
  for (;;) {
    const wd = weekdayOf(day);
    if (wd !== 0 && wd !== 6) {
      const midnight = day * DAY - BEIJING;
      const at = midnight + 9 * HOUR + r.int(0, 9 * 60 - 1) * 60_000;
      if (at > after) return at;
    }
    day++;
  }
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Generates the sample's sales opportunities (rule MP-3) from a random stream of their own: for customers of the
 * sample (organizations more often), owned by the customer's account manager, each with a realistic history:
 * mostly forward moves, some backward moves and skipped stages, about 60% closed, lost more often at early
 * stages (with early reasons such as no budget) and won mostly late, a few reopened, some manual probabilities,
 * changed amounts and close dates. Events fall in working hours, in time order, before `end`.
 */
export function sampleOpportunities(
  r: Random,
  customers: readonly CustomerInput[],
  options: SampleOpportunitiesOptions,
): SampleOpportunity[] {
  const { start, end, count } = options;
  const orgs = customers.filter((c) => c.kind === 'organization');
  const persons = customers.filter((c) => c.kind !== 'organization');
  const out: SampleOpportunity[] = [];
  for (let attempt = 0; out.length < count && attempt < count * 4; attempt++) {
    const i = out.length + 1;
    const pool = orgs.length > 0 && (persons.length === 0 || r.chance(0.65)) ? orgs : persons;
    const customer = r.pick(pool);
    const isOrg = customer.kind === 'organization';
    const salesperson = String(customer.owner ?? 'am-01');
    const born = Math.max(start, Date.parse(String(customer.createdAt)) + DAY);
    // Opened in the last year of the period, more of them lately (density rising linearly), at least a week
    // before its end; a customer too new for that gets none.
    const from = Math.max(born, end - 365 * DAY);
    if (from >= end - 7 * DAY) continue;
    const createdAt = workingInstant(r, from + Math.sqrt(r.next()) * (end - 7 * DAY - from), 0);
    if (createdAt >= end) continue;
    let stage: number = r.weighted([
      [0, 70],
      [1, 20],
      [2, 10],
    ] as const);
    const [product, price] = isOrg
      ? r.pick([
          ['商用净水系统 Commercial system', 18_800],
          ['年度维护合同 Annual maintenance', 6_800],
        ] as const)
      : r.pick([
          ['智能净水器 Water purifier', 2_999],
          ['空气净化器 Air purifier', 1_899],
        ] as const);
    const units = isOrg ? r.int(1, 12) : r.int(1, 3);
    const id = `o-${pad(i, 5)}`;
    const opportunity: OpportunityInput = {
      id,
      customerId: customer.id,
      salespersonId: salesperson,
      name: `${product} × ${units}`,
      expectedRevenue: `${price * units}.00`,
      currency: 'CNY',
      expectedCloseDate: dateOfDay(localDay(createdAt) + r.int(30, 120)),
      source: r.pick(['referral', 'exhibition', 'website', 'walk-in', 'existing-customer']),
      createdAt: beijing(createdAt),
      stage: SAMPLE_STAGES[stage]!,
    };
    const events: OpportunityEventBodyInput[] = [];
    let at = createdAt;
    let open = true;
    let reopened = false;
    let manual = false;
    const add = (body: Record<string, unknown>, days: number): boolean => {
      const next = workingInstant(r, at, days);
      if (next >= end) return false;
      at = next;
      events.push({ ...body, at: beijing(at), actor: salesperson } as OpportunityEventBodyInput);
      return true;
    };
    for (let step = 0; step < 30; step++) {
      const days = r.int(10, 60);
      if (!open) {
        // A few closed deals come back (a lost customer returns, a won deal is reopened for a change of scope).
        if (reopened || !r.chance(0.05)) break;
        reopened = true;
        stage = r.pick([2, 3]);
        if (!add({ type: 'reopened', stage: SAMPLE_STAGES[stage] }, r.int(5, 20))) break;
        open = true;
        continue;
      }
      if (!manual && r.chance(0.03)) {
        // A manual probability near the stage's default, locked until set again by hand.
        manual = true;
        const p = Math.max(5, Math.min(95, DEFAULT_PROBABILITY[stage]! + r.pick([-15, -10, 10, 15, 20])));
        if (!add({ type: 'probability-set', probability: p }, r.int(0, 3))) break;
        continue;
      }
      if (manual && r.chance(0.04)) {
        manual = false;
        if (!add({ type: 'probability-set', probability: null }, r.int(1, 5))) break;
        continue;
      }
      if (r.chance(0.03)) {
        const revenue = Math.round(price * units * (0.7 + r.next() * 0.6));
        if (!add({ type: 'revenue-changed', expectedRevenue: `${revenue}.00` }, r.int(1, 5))) break;
        continue;
      }
      if (r.chance(0.03)) {
        const body = { type: 'close-date-changed', expectedCloseDate: dateOfDay(localDay(at) + r.int(20, 90)) };
        if (!add(body, r.int(1, 5))) break;
        continue;
      }
      const u = r.next();
      if (u < LOST[stage]!) {
        const late = stage >= 3;
        const reason = r.weighted(SAMPLE_LOST_REASONS.map(([code, e, l]) => [code, late ? l : e] as const));
        if (!add({ type: 'lost', reason }, days)) break;
        open = false;
      } else if (u < LOST[stage]! + WON[stage]!) {
        if (!add({ type: 'won', reason: r.weighted(SAMPLE_WON_REASONS) }, days)) break;
        open = false;
      } else if (u < LOST[stage]! + WON[stage]! + BACK[stage]!) {
        stage = Math.max(0, stage - (stage >= 2 && r.chance(0.3) ? 2 : 1));
        if (!add({ type: 'stage-changed', stage: SAMPLE_STAGES[stage] }, days)) break;
      } else if (stage < SAMPLE_STAGES.length - 1) {
        stage = Math.min(SAMPLE_STAGES.length - 1, stage + (stage <= 2 && r.chance(0.15) ? 2 : 1));
        if (!add({ type: 'stage-changed', stage: SAMPLE_STAGES[stage] }, days)) break;
      }
    }
    out.push({ opportunity, actor: salesperson, events });
  }
  return out;
}
