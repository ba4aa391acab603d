import {
  type BudgetActual,
  budgetActualToJson,
  type MaintenancePlan,
  maintenancePlanToJson,
  type Opportunity,
  type OpportunityEventBody,
  opportunityToJson,
  parseBudgetActual,
  parseMaintenancePlan,
  parseOpportunity,
  parseOpportunityEvent,
  parsePlanEvent,
  type PlanEventBody,
} from '@kehu/core';
import { type KehuRepositories, opportunityLogToJson, planLogToJson, rebuildRecord } from '@kehu/storage';
import { describe, expect, it } from 'vitest';
import {
  codePointSort,
  collect,
  expectConflict,
  expectInvalid,
  expectNotFound,
  TRICKY_IDS,
  walk,
} from './expect-error.js';
import { fixtureInstant, sampleAuditContext } from './fixtures.js';
import type { Harness } from './harness.js';

/** A valid maintenance plan owned by `ownerId`, with exact budget lines; `overrides` before parsing. */
export function samplePlan(id: string, ownerId = 'am-1', overrides: Record<string, unknown> = {}): MaintenancePlan {
  return parseMaintenancePlan({
    id,
    name: `Gold care 2026 ${id} 金卡维护`,
    ownerId,
    group: { tiers: ['gold'], customerIds: ['c-1'] },
    period: { from: '2026-01-01', to: '2026-12-31' },
    currency: 'CNY',
    measures: [
      { id: 'm-1', kind: 'visit', description: 'quarterly visit 季度拜访', metric: 'contacts-done', target: 4 },
    ],
    budgetLines: [
      { id: 'b-1', category: 'maintenance', period: '2026-Q1', amount: '1234.50' },
      { id: 'b-2', category: 'events', period: '2026-03', amount: '0.30', quantity: '3', unitPrice: '0.10' },
      { id: 'b-3', category: 'development', period: '2026-12', amount: '99999999999999999999.9999999999' },
    ],
    rules: ['GR-3', 'CA-1'],
    attributes: { region: '华东', nested: { list: [1.5, null] } },
    ...overrides,
  });
}

/** A valid plan event body; `overrides` before parsing. */
export function samplePlanEvent(overrides: Record<string, unknown> = {}, minutes = 10): PlanEventBody {
  return parsePlanEvent({ type: 'activated', at: fixtureInstant(minutes), actor: 'am-1', ...overrides });
}

/** A valid actual spend entry against `planId`; `overrides` before parsing. */
export function sampleBudgetActual(id: string, planId = 'p-1', overrides: Record<string, unknown> = {}): BudgetActual {
  return parseBudgetActual({
    id,
    planId,
    category: 'maintenance',
    spentOn: '2026-02-03',
    amount: '-12.30',
    currency: 'CNY',
    ...overrides,
  });
}

/** A valid opportunity; `overrides` before parsing. */
export function sampleOpportunity(
  id: string,
  customerId = 'c-1',
  salespersonId = 'sp-1',
  overrides: Record<string, unknown> = {},
): Opportunity {
  return parseOpportunity({
    id,
    customerId,
    salespersonId,
    name: 'Renewal 续约',
    expectedRevenue: '150000.00',
    currency: 'CNY',
    expectedCloseDate: '2026-06-30',
    source: 'referral',
    createdAt: fixtureInstant(-60),
    stage: 'qualified',
    ...overrides,
  });
}

/** A valid opportunity event body; `overrides` before parsing. */
export function sampleOpportunityEvent(overrides: Record<string, unknown> = {}, minutes = 10): OpportunityEventBody {
  const stage = overrides.type === undefined ? { stage: 'proposal' } : {};
  return parseOpportunityEvent({
    type: 'stage-changed',
    at: fixtureInstant(minutes),
    actor: 'sp-1',
    ...stage,
    ...overrides,
  });
}

/** A plan's content (its JSON form without the id), as a `revised` event carries it. */
function planContent(plan: MaintenancePlan): Record<string, unknown> {
  const { id: _id, ...content } = maintenancePlanToJson(plan) as Record<string, unknown>;
  return content;
}

/** What the plan, actual and opportunity repositories hold, for before/after comparisons. */
async function snapshot(s: KehuRepositories) {
  const plans = await collect(s.plans.streamLogs());
  const opportunities = await collect(s.opportunities.streamLogs());
  return {
    plans: plans.map((e) => [e.plan.record.id, e.plan.version, e.events.length]),
    actuals: (await collect(s.budgetActuals.stream())).map((a) => a.id),
    opportunities: opportunities.map((e) => [e.opportunity.record.id, e.opportunity.version, e.events.length]),
    audit: (await collect(s.audit.stream()))
      .filter((e) => ['maintenance-plan', 'budget-actual', 'opportunity'].includes(e.entity))
      .map((e) => [e.entity, e.entityId, e.action, e.version]),
  };
}

/**
 * Maintenance plans (rule MP-1), budget actuals (rule MP-2) and sales opportunities (rule MP-3) with their
 * append-only event logs, each write audited in its transaction (rule AR-4).
 */
export function plansSuite(h: Harness): void {
  const ctx = sampleAuditContext('plan work');

  describe('maintenance plans (rules MP-1, MP-2, AR-4)', () => {
    it('MP-1: opens a plan with its drafted event, round-trips it exactly and audits the create', async () => {
      const s = await h.open();
      expect(await s.plans.get('p-1')).toBeNull();
      expect(await s.plans.events('p-1')).toEqual([]);
      expect(await s.plans.list()).toEqual({ items: [], nextCursor: null });
      const plan = samplePlan('p-1');
      const stored = await s.plans.open(plan, ctx);
      expect(stored.version).toBe(1);
      expect(maintenancePlanToJson(stored.record)).toEqual(maintenancePlanToJson(plan));
      const back = await s.plans.get('p-1');
      expect(back?.version).toBe(1);
      expect(maintenancePlanToJson(back!.record)).toEqual(maintenancePlanToJson(plan));
      // MP-2: money is exact, digit for digit, trailing zeros kept.
      expect(back!.record.budgetLines.map((l) => l.amount.toString())).toEqual([
        '1234.5',
        '0.3',
        '99999999999999999999.9999999999',
      ]);
      const events = await s.plans.events('p-1');
      expect(events).toEqual([{ type: 'drafted', at: ctx.at, actor: ctx.actor, planId: 'p-1', seq: 1 }]);
      expect(await s.plans.count()).toBe(1);
      const audit = await collect(s.audit.stream({ entity: 'maintenance-plan', entityId: 'p-1' }));
      expect(audit.map((e) => [e.action, e.version, e.actor, e.reason])).toEqual([
        ['create', 1, 'tester', 'plan work'],
      ]);
      expect(rebuildRecord(audit, 1)).toEqual(planLogToJson(plan, events));
    });

    it('MP-1: opening an existing id conflicts and changes nothing', async () => {
      const s = await h.open();
      await s.plans.open(samplePlan('p-1'), ctx);
      const before = await snapshot(s);
      await expectConflict(s.plans.open(samplePlan('p-1', 'am-2'), ctx), 'maintenance-plan', 'p-1');
      expect(await snapshot(s)).toEqual(before);
    });

    it('MP-1: numbers appended events after the version, audits each, and keeps the plan as opened', async () => {
      const s = await h.open();
      const plan = samplePlan('p-1');
      await s.plans.open(plan, ctx);
      const flow = {
        id: 'f-1',
        steps: [{ id: 's-1', name: { en: 'Lead', zh: '主管' }, mode: 'all', signers: ['a', 'b'] }],
      };
      const revised = samplePlanEvent({ type: 'revised', content: planContent(plan) }, 1);
      const appended = await s.plans.appendEvents(
        'p-1',
        1,
        [
          revised,
          samplePlanEvent({ type: 'submitted', flow }, 2),
          samplePlanEvent({ type: 'signed', signerId: 'a' }, 3),
        ],
        sampleAuditContext('approval', 'lead'),
      );
      expect(appended.map((e) => [e.type, e.seq, e.planId])).toEqual([
        ['revised', 2, 'p-1'],
        ['submitted', 3, 'p-1'],
        ['signed', 4, 'p-1'],
      ]);
      const more = await s.plans.appendEvents(
        'p-1',
        4,
        [samplePlanEvent({ type: 'returned', signerId: 'b', reason: 'budget too high 预算过高' }, 4)],
        ctx,
      );
      expect(more.map((e) => e.seq)).toEqual([5]);
      expect((await s.plans.get('p-1'))?.version).toBe(5);
      expect(maintenancePlanToJson((await s.plans.get('p-1'))!.record)).toEqual(maintenancePlanToJson(plan));
      const events = await s.plans.events('p-1');
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(events.slice(1, 4)).toEqual(appended);
      expect(events[1]).toMatchObject({ type: 'revised', content: { budgetLines: [{}, {}, {}] } });
      // An empty append checks the version and writes nothing.
      expect(await s.plans.appendEvents('p-1', 5, [], ctx)).toEqual([]);
      const audit = await collect(s.audit.stream({ entity: 'maintenance-plan', entityId: 'p-1' }));
      expect(audit.map((e) => [e.action, e.version, e.actor])).toEqual([
        ['create', 1, 'tester'],
        ['update', 2, 'lead'],
        ['update', 3, 'lead'],
        ['update', 4, 'lead'],
        ['update', 5, 'tester'],
      ]);
      for (let v = 1; v <= 5; v++) expect(rebuildRecord(audit, v)).toEqual(planLogToJson(plan, events.slice(0, v)));
    });

    it('MP-1: a stale version appends nothing; a missing plan is not found; bad versions are refused', async () => {
      const s = await h.open();
      await s.plans.open(samplePlan('p-1'), ctx);
      await s.plans.appendEvents('p-1', 1, [samplePlanEvent()], ctx);
      const before = await snapshot(s);
      const two = [samplePlanEvent({ type: 'archived' }, 20), samplePlanEvent({ type: 'archived' }, 21)];
      await expectConflict(s.plans.appendEvents('p-1', 1, two, ctx), 'maintenance-plan', 'p-1');
      await expectConflict(s.plans.appendEvents('p-1', 3, two, ctx), 'maintenance-plan', 'p-1');
      await expectConflict(s.plans.appendEvents('p-1', 1, [], ctx), 'maintenance-plan', 'p-1');
      await expectNotFound(s.plans.appendEvents('p-9', 1, two, ctx));
      for (const bad of [0, 1.5, Number.NaN, -1, '2', null]) {
        await expectInvalid(s.plans.appendEvents('p-1', bad as number, two, ctx));
      }
      expect(await snapshot(s)).toEqual(before);
    });

    it('MP-1: lists by id and by owner (at open) in code-point order, by keyset; streams, counts', async () => {
      const s = await h.open();
      await s.withTransaction(async (tx) => {
        for (const [i, id] of TRICKY_IDS.entries())
          await tx.plans.open(samplePlan(id, i % 2 === 0 ? 'am-1' : 'am-2'), ctx);
      });
      const expected = codePointSort(TRICKY_IDS);
      expect((await walk((r) => s.plans.list(r), 3)).map((v) => v.record.id)).toEqual(expected);
      expect((await collect(s.plans.stream())).map((v) => v.record.id)).toEqual(expected);
      const evens = codePointSort(TRICKY_IDS.filter((_, i) => i % 2 === 0));
      expect((await walk((r) => s.plans.listByOwner('am-1', r), 2)).map((v) => v.record.id)).toEqual(evens);
      expect((await s.plans.listByOwner('nobody')).items).toEqual([]);
      expect(await s.plans.count()).toBe(TRICKY_IDS.length);
      // A revision naming another owner does not move the plan between owners' lists.
      const moved = samplePlanEvent({
        type: 'revised',
        content: planContent(samplePlan('x', 'am-2')),
      });
      await s.plans.appendEvents(evens[0]!, 1, [moved], ctx);
      expect((await walk((r) => s.plans.listByOwner('am-1', r), 50)).map((v) => v.record.id)).toEqual(evens);
      await expectInvalid(s.plans.list({ limit: 0 }));
      await expectInvalid(s.plans.list({ cursor: 'not a cursor' }));
    });

    it('MP-1: streams logs in id order across batches, each a consistent snapshot', async () => {
      const s = await h.open();
      const n = 1_050;
      await s.withTransaction(async (tx) => {
        for (let i = 0; i < n; i++) {
          const id = `p-${String(i).padStart(5, '0')}`;
          await tx.plans.open(samplePlan(id), ctx);
          if (i % 3 === 0)
            await tx.plans.appendEvents(id, 1, [samplePlanEvent(), samplePlanEvent({ type: 'archived' })], ctx);
        }
      });
      const logs = await collect(s.plans.streamLogs());
      expect(logs.map((l) => l.plan.record.id)).toEqual(
        Array.from({ length: n }, (_, i) => `p-${String(i).padStart(5, '0')}`),
      );
      for (const [i, l] of logs.entries()) {
        expect(l.events.length).toBe(l.plan.version);
        expect(l.events.map((e) => e.seq)).toEqual(i % 3 === 0 ? [1, 2, 3] : [1]);
        expect(l.events.every((e) => e.planId === l.plan.record.id)).toBe(true);
      }
    });
  });

  describe('budget actuals (rules MP-2, AR-4)', () => {
    it('MP-2: records an entry once, exactly, with one create audit entry; a repeat changes nothing', async () => {
      const s = await h.open();
      expect(await s.budgetActuals.get('a-1')).toBeNull();
      const entry = sampleBudgetActual('a-1', 'p-1', {
        lineId: 'b-1',
        quantity: '2.500',
        description: 'gifts 礼品',
        attributes: { invoice: 'F-1' },
      });
      const first = await s.budgetActuals.record(entry, ctx);
      expect(first.created).toBe(true);
      expect(budgetActualToJson(first.record)).toEqual(budgetActualToJson(entry));
      const back = await s.budgetActuals.get('a-1');
      expect(budgetActualToJson(back!)).toEqual(budgetActualToJson(entry));
      expect([back!.amount.toString(), back!.quantity?.toString()]).toEqual(['-12.3', '2.5']);
      const again = await s.budgetActuals.record(back!, sampleAuditContext('retry'));
      expect(again.created).toBe(false);
      expect(budgetActualToJson(again.record)).toEqual(budgetActualToJson(entry));
      const audit = await collect(s.audit.stream({ entity: 'budget-actual', entityId: 'a-1' }));
      expect(audit.map((e) => [e.action, e.version, e.reason])).toEqual([['create', 1, 'plan work']]);
      expect(rebuildRecord(audit, 1)).toEqual(budgetActualToJson(entry));
    });

    it('MP-2: different content under a stored id conflicts; the same amount written anew is a repeat', async () => {
      const s = await h.open();
      await s.budgetActuals.record(sampleBudgetActual('a-1'), ctx);
      const before = await snapshot(s);
      expect(
        (await s.budgetActuals.record(sampleBudgetActual('a-1', 'p-1', { amount: '-12.3000' }), ctx)).created,
      ).toBe(false);
      await expectConflict(
        s.budgetActuals.record(sampleBudgetActual('a-1', 'p-1', { amount: '-12.31' }), ctx),
        'budget-actual',
        'a-1',
      );
      await expectConflict(s.budgetActuals.record(sampleBudgetActual('a-1', 'p-2'), ctx), 'budget-actual', 'a-1');
      expect(await snapshot(s)).toEqual(before);
    });

    it("MP-2: gives a plan's entries in (spentOn, id) order; lists and streams by id, filtered by plan", async () => {
      const s = await h.open();
      await s.withTransaction(async (tx) => {
        await tx.budgetActuals.record(sampleBudgetActual('z', 'p-1', { spentOn: '2026-01-02' }), ctx);
        await tx.budgetActuals.record(sampleBudgetActual('b', 'p-1', { spentOn: '2026-03-01' }), ctx);
        await tx.budgetActuals.record(sampleBudgetActual('a', 'p-1', { spentOn: '2026-03-01' }), ctx);
        await tx.budgetActuals.record(sampleBudgetActual('中', 'p-2', { spentOn: '0001-01-01' }), ctx);
        await tx.budgetActuals.record(sampleBudgetActual('😀', 'p-1', { spentOn: '9999-12-31' }), ctx);
      });
      expect((await s.budgetActuals.forPlan('p-1')).map((a) => a.id)).toEqual(['z', 'a', 'b', '😀']);
      expect(await s.budgetActuals.forPlan('p-9')).toEqual([]);
      expect((await walk((r) => s.budgetActuals.list(r), 2)).map((a) => a.id)).toEqual(
        codePointSort(['z', 'b', 'a', '中', '😀']),
      );
      expect((await collect(s.budgetActuals.stream({ planId: 'p-1' }))).map((a) => a.id)).toEqual(
        codePointSort(['z', 'b', 'a', '😀']),
      );
      expect((await collect(s.budgetActuals.stream())).length).toBe(5);
      await expectInvalid(s.budgetActuals.list({ limit: 1001 }));
    });
  });

  describe('sales opportunities (rules MP-3, AR-4)', () => {
    it('MP-3: opens with its created event at createdAt in its stage, round-trips, audits the create', async () => {
      const s = await h.open();
      expect(await s.opportunities.get('o-1')).toBeNull();
      expect(await s.opportunities.events('o-1')).toEqual([]);
      const o = sampleOpportunity('o-1', 'c-1', 'sp-1', {
        expectedRevenue: '0.10',
        attributes: { deal: { tags: ['a'] } },
      });
      const stored = await s.opportunities.open(o, ctx);
      expect(stored.version).toBe(1);
      expect(opportunityToJson(stored.record)).toEqual(opportunityToJson(o));
      const back = await s.opportunities.get('o-1');
      expect(opportunityToJson(back!.record)).toEqual(opportunityToJson(o));
      expect(back!.record.expectedRevenue.toString()).toBe('0.1');
      const events = await s.opportunities.events('o-1');
      expect(events).toEqual([
        { type: 'created', at: o.createdAt, actor: ctx.actor, stage: 'qualified', opportunityId: 'o-1', seq: 1 },
      ]);
      const audit = await collect(s.audit.stream({ entity: 'opportunity', entityId: 'o-1' }));
      expect(audit.map((e) => [e.action, e.version, e.at.getTime()])).toEqual([['create', 1, ctx.at.getTime()]]);
      expect(rebuildRecord(audit, 1)).toEqual(opportunityLogToJson(o, events));
      await expectConflict(s.opportunities.open(o, ctx), 'opportunity', 'o-1');
      expect(await s.opportunities.count()).toBe(1);
    });

    it('MP-3: appends events after the version; stale conflicts, missing is not found; audits each', async () => {
      const s = await h.open();
      const o = sampleOpportunity('o-1');
      await s.opportunities.open(o, ctx);
      const appended = await s.opportunities.appendEvents(
        'o-1',
        1,
        [
          sampleOpportunityEvent({}, 1),
          sampleOpportunityEvent({ type: 'probability-set', probability: null }, 2),
          sampleOpportunityEvent({ type: 'revenue-changed', expectedRevenue: '200000.50' }, 3),
          sampleOpportunityEvent({ type: 'reassigned', salespersonId: 'sp-2' }, 4),
          sampleOpportunityEvent({ type: 'lost', reason: 'price', note: 'too expensive 太贵' }, 5),
        ],
        ctx,
      );
      expect(appended.map((e) => [e.type, e.seq])).toEqual([
        ['stage-changed', 2],
        ['probability-set', 3],
        ['revenue-changed', 4],
        ['reassigned', 5],
        ['lost', 6],
      ]);
      expect(appended[2]).toMatchObject({ expectedRevenue: expect.anything() });
      expect((appended[2] as { expectedRevenue: { toString(): string } }).expectedRevenue.toString()).toBe('200000.5');
      const before = await snapshot(s);
      await expectConflict(
        s.opportunities.appendEvents('o-1', 5, [sampleOpportunityEvent()], ctx),
        'opportunity',
        'o-1',
      );
      await expectNotFound(s.opportunities.appendEvents('o-9', 1, [sampleOpportunityEvent()], ctx));
      await expectInvalid(s.opportunities.appendEvents('o-1', 0, [sampleOpportunityEvent()], ctx));
      expect(await snapshot(s)).toEqual(before);
      const events = await s.opportunities.events('o-1');
      expect(events.slice(1)).toEqual(appended);
      const audit = await collect(s.audit.stream({ entity: 'opportunity', entityId: 'o-1' }));
      expect(audit.map((e) => [e.action, e.version])).toEqual([
        ['create', 1],
        ['update', 2],
        ['update', 3],
        ['update', 4],
        ['update', 5],
        ['update', 6],
      ]);
      for (let v = 1; v <= 6; v++) expect(rebuildRecord(audit, v)).toEqual(opportunityLogToJson(o, events.slice(0, v)));
    });

    it('MP-3: lists by customer and by salesperson (at open) in (createdAt, id) order, by id otherwise', async () => {
      const s = await h.open();
      await s.withTransaction(async (tx) => {
        await tx.opportunities.open(sampleOpportunity('b', 'c-1', 'sp-1', { createdAt: fixtureInstant(5) }), ctx);
        await tx.opportunities.open(sampleOpportunity('a', 'c-1', 'sp-2', { createdAt: fixtureInstant(5) }), ctx);
        await tx.opportunities.open(sampleOpportunity('z', 'c-1', 'sp-1', { createdAt: fixtureInstant(-5) }), ctx);
        await tx.opportunities.open(sampleOpportunity('中', 'c-2', 'sp-1', { createdAt: fixtureInstant(1) }), ctx);
        await tx.opportunities.open(sampleOpportunity('😀', 'c-1', 'sp-1', { createdAt: fixtureInstant(9) }), ctx);
      });
      expect((await walk((r) => s.opportunities.listByCustomer('c-1', r), 2)).map((v) => v.record.id)).toEqual([
        'z',
        'a',
        'b',
        '😀',
      ]);
      expect((await walk((r) => s.opportunities.listBySalesperson('sp-1', r), 1)).map((v) => v.record.id)).toEqual([
        'z',
        '中',
        'b',
        '😀',
      ]);
      await s.opportunities.appendEvents(
        'b',
        1,
        [sampleOpportunityEvent({ type: 'reassigned', salespersonId: 'sp-2' })],
        ctx,
      );
      expect((await s.opportunities.listBySalesperson('sp-2')).items.map((v) => v.record.id)).toEqual(['a']);
      expect((await walk((r) => s.opportunities.list(r), 2)).map((v) => v.record.id)).toEqual(
        codePointSort(['a', 'b', 'z', '中', '😀']),
      );
      expect((await collect(s.opportunities.stream())).map((v) => v.record.id)).toEqual(
        codePointSort(['a', 'b', 'z', '中', '😀']),
      );
      const logs = await collect(s.opportunities.streamLogs());
      expect(logs.map((l) => [l.opportunity.record.id, l.opportunity.version, l.events.length])).toEqual(
        codePointSort(['a', 'b', 'z', '中', '😀']).map((id) => [id, id === 'b' ? 2 : 1, id === 'b' ? 2 : 1]),
      );
      expect((await s.opportunities.listByCustomer('nobody')).items).toEqual([]);
    });
  });

  describe('plans, actuals and opportunities in transactions (rule AR-4)', () => {
    it('AR-4: commits records, events and their audit entries together', async () => {
      const s = await h.open();
      await s.withTransaction(async (tx) => {
        await tx.plans.open(samplePlan('p-1'), ctx);
        await tx.plans.appendEvents('p-1', 1, [samplePlanEvent()], ctx);
        await tx.budgetActuals.record(sampleBudgetActual('a-1'), ctx);
        await tx.opportunities.open(sampleOpportunity('o-1'), ctx);
        expect((await tx.plans.get('p-1'))?.version).toBe(2);
      });
      expect(await snapshot(s)).toEqual({
        plans: [['p-1', 2, 2]],
        actuals: ['a-1'],
        opportunities: [['o-1', 1, 1]],
        audit: [
          ['maintenance-plan', 'p-1', 'create', 1],
          ['maintenance-plan', 'p-1', 'update', 2],
          ['budget-actual', 'a-1', 'create', 1],
          ['opportunity', 'o-1', 'create', 1],
        ],
      });
    });

    it('AR-4: leaves nothing, audit entries included, when the transaction throws', async () => {
      const s = await h.open();
      await s.plans.open(samplePlan('p-0'), ctx);
      const before = await snapshot(s);
      await expect(
        s.withTransaction(async (tx) => {
          await tx.plans.open(samplePlan('p-1'), ctx);
          await tx.plans.appendEvents('p-0', 1, [samplePlanEvent(), samplePlanEvent({ type: 'archived' })], ctx);
          await tx.budgetActuals.record(sampleBudgetActual('a-1'), ctx);
          await tx.opportunities.open(sampleOpportunity('o-1'), ctx);
          await tx.opportunities.appendEvents('o-1', 1, [sampleOpportunityEvent()], ctx);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await snapshot(s)).toEqual(before);
      expect(await s.plans.events('p-0')).toHaveLength(1);
    });

    it('AR-4: keeps the rest of a transaction when a refused write is caught', async () => {
      const s = await h.open();
      await s.withTransaction(async (tx) => {
        await tx.plans.open(samplePlan('p-1'), ctx);
        await expectConflict(tx.plans.appendEvents('p-1', 2, [samplePlanEvent()], ctx));
        await expectConflict(tx.plans.open(samplePlan('p-1'), ctx));
        await tx.budgetActuals.record(sampleBudgetActual('a-1'), ctx);
        await expectConflict(tx.budgetActuals.record(sampleBudgetActual('a-1', 'p-2'), ctx));
        await tx.plans.appendEvents('p-1', 1, [samplePlanEvent()], ctx);
      });
      expect(await snapshot(s)).toMatchObject({ plans: [['p-1', 2, 2]], actuals: ['a-1'] });
    });
  });
}
