import { parseOpportunity, parseOpportunityEvent } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { SAMPLE_STAGES, sampleOpportunities } from './opportunities.js';
import { createRandom } from './random.js';
import { generateSampleBusiness } from './sample-business.js';

const business = generateSampleBusiness({ seed: 42, customers: 2000 });
const end = Date.parse(business.asOfInstant);

/** The state of one sample opportunity at the end of its log. */
function walk(o: (typeof business.opportunities)[number]) {
  let stage = SAMPLE_STAGES.indexOf(o.opportunity.stage as (typeof SAMPLE_STAGES)[number]);
  let outcome: 'open' | 'won' | 'lost' = 'open';
  const moves = { forward: 0, backward: 0, skipped: 0, reopened: 0, manual: 0 };
  let lostAt = -1;
  for (const e of o.events) {
    if (e.type === 'stage-changed' || e.type === 'reopened') {
      const next = SAMPLE_STAGES.indexOf(e.stage as (typeof SAMPLE_STAGES)[number]);
      if (e.type === 'reopened') moves.reopened++;
      else if (next < stage) moves.backward++;
      else {
        moves.forward++;
        if (next > stage + 1) moves.skipped++;
      }
      stage = next;
      outcome = 'open';
    } else if (e.type === 'won' || e.type === 'lost') {
      outcome = e.type;
      if (e.type === 'lost') lostAt = stage;
    } else if (e.type === 'probability-set') moves.manual++;
  }
  return { outcome, moves, lostAt };
}

describe('sample opportunities (MP-3)', () => {
  it('MP-3: about 300 valid opportunities of sample customers, owned by their account managers', () => {
    expect(business.opportunities).toHaveLength(300);
    const customers = new Map(business.customers.map((c) => [c.id, c]));
    const ids = new Set<string>();
    for (const { opportunity, actor, events } of business.opportunities) {
      const o = parseOpportunity(opportunity);
      ids.add(o.id);
      const customer = customers.get(o.customerId);
      expect(customer).toBeDefined();
      expect(o.salespersonId).toBe(customer!.owner);
      expect(actor).toBe(o.salespersonId);
      expect(o.createdAt.getTime()).toBeGreaterThan(Date.parse(String(customer!.createdAt)));
      expect(SAMPLE_STAGES).toContain(o.stage);
      for (const e of events) parseOpportunityEvent(e);
    }
    expect(ids.size).toBe(300);
  });

  it('MP-3: events are in time order, on working days in working hours, before the as-of date', () => {
    for (const { opportunity, events } of business.opportunities) {
      let previous = Date.parse(String(opportunity.createdAt));
      for (const [i, e] of [{ at: opportunity.createdAt }, ...events].entries()) {
        const ms = Date.parse(String(e.at));
        if (i > 0) expect(ms).toBeGreaterThan(previous);
        expect(ms).toBeLessThan(end);
        const local = new Date(ms + 8 * 3_600_000);
        expect([1, 2, 3, 4, 5]).toContain(local.getUTCDay());
        expect(local.getUTCHours()).toBeGreaterThanOrEqual(9);
        expect(local.getUTCHours()).toBeLessThan(18);
        previous = ms;
      }
      const times = events.map((e) => Date.parse(String(e.at)));
      expect(new Set(times).size).toBe(times.length);
    }
  });

  it('MP-3: mostly forward, some backward and skipped moves, ~60% closed, lost mostly early, some reopened', () => {
    const walks = business.opportunities.map(walk);
    const sum = (k: keyof (typeof walks)[number]['moves']) => walks.reduce((n, w) => n + w.moves[k], 0);
    expect(sum('forward')).toBeGreaterThan(3 * sum('backward'));
    expect(sum('backward')).toBeGreaterThan(10);
    expect(sum('skipped')).toBeGreaterThan(10);
    expect(sum('reopened')).toBeGreaterThan(2);
    expect(sum('manual')).toBeGreaterThan(5);
    const closed = walks.filter((w) => w.outcome !== 'open').length / walks.length;
    expect(closed).toBeGreaterThan(0.5);
    expect(closed).toBeLessThan(0.75);
    const won = walks.filter((w) => w.outcome === 'won').length;
    expect(won).toBeGreaterThan(20);
    const lostEarly = walks.filter((w) => w.outcome === 'lost' && w.lostAt <= 1).length;
    const lostLate = walks.filter((w) => w.outcome === 'lost' && w.lostAt >= 3).length;
    expect(lostEarly).toBeGreaterThan(2 * lostLate);
  });

  it('MP-3: every outcome has a reason; lost early for budget and decisions, late for price and competitors', () => {
    const reasons = { early: new Map<string, number>(), late: new Map<string, number>() };
    for (const o of business.opportunities) {
      let stage = SAMPLE_STAGES.indexOf(o.opportunity.stage as (typeof SAMPLE_STAGES)[number]);
      for (const e of o.events) {
        if (e.type === 'stage-changed' || e.type === 'reopened')
          stage = SAMPLE_STAGES.indexOf(e.stage as (typeof SAMPLE_STAGES)[number]);
        if (e.type === 'won') expect(e.reason).toMatch(/^[a-z-]+$/);
        if (e.type === 'lost') {
          const m = stage >= 3 ? reasons.late : reasons.early;
          m.set(e.reason as string, (m.get(e.reason as string) ?? 0) + 1);
        }
      }
    }
    const share = (m: Map<string, number>, codes: string[]) =>
      codes.reduce((n, c) => n + (m.get(c) ?? 0), 0) / [...m.values()].reduce((n, v) => n + v, 0);
    expect(share(reasons.early, ['no-budget', 'no-decision', 'timing'])).toBeGreaterThan(0.4);
    expect(share(reasons.late, ['price', 'competitor'])).toBeGreaterThan(0.4);
  });

  it('MP-3: a stage change never goes to the stage it is in; nothing happens after a close but a reopening', () => {
    for (const o of business.opportunities) {
      let stage = o.opportunity.stage;
      let open = true;
      for (const e of o.events) {
        if (!open) expect(e.type).toBe('reopened');
        if (e.type === 'stage-changed') expect(e.stage).not.toBe(stage);
        if (e.type === 'stage-changed' || e.type === 'reopened') stage = e.stage;
        if (e.type === 'won' || e.type === 'lost') open = false;
        if (e.type === 'reopened') open = true;
      }
    }
  });

  it('MP-3: draws from a stream of its own, so the rest of the sample is what it was; deterministic', () => {
    const again = sampleOpportunities(createRandom(42 ^ 0x0bb0_7e11), business.customers, {
      start: end - 730 * 86_400_000,
      end,
      count: 300,
    });
    expect(JSON.stringify(again)).toBe(JSON.stringify(business.opportunities));
    const small = generateSampleBusiness({ seed: 42, customers: 200 });
    expect(small.opportunities).toHaveLength(30);
    expect(small.customers).toEqual(business.customers.slice(0, 200));
  });
});
