import { chinaCalendar } from '@kehu/calendar';
import {
  isKehuError,
  KehuCurrencyMismatchError,
  KehuForbiddenError,
  KehuNotFoundError,
  type MaintenancePlanInput,
  type PlanContentInput,
} from '@kehu/core';
import type { KehuStorage } from '@kehu/storage';
import { createMemoryStorage } from '@kehu/storage-memory';
import { describe, expect, it } from 'vitest';
import { createKehu, type Kehu } from './kehu.js';
import { storesUnderTest } from './stores.fixture.js';

const calendar = chinaCalendar();
const ctx = { actor: 'am-1', at: '2026-01-02T09:00:00+08:00', reason: 'test' };
const on = (date: string, hour = 10) => `${date}T${String(hour).padStart(2, '0')}:00:00+08:00`;

/** The typed error a call rejects with: its code and the path of its first issue. */
async function failure(promise: Promise<unknown>): Promise<{ code: string; path?: unknown; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isKehuError(error), String(error)).toBe(true);
  const e = error as { code: string; message: string; issues?: Array<{ path: unknown }> };
  return { code: e.code, path: e.issues?.[0]?.path, message: e.message };
}

/** The content of a plan whose total budget (120,000) calls for the default `major` flow (会签 step). */
const content = (events = '50000'): PlanContentInput => ({
  name: '2026 金牌客户维护计划',
  ownerId: 'am-1',
  group: { tiers: ['gold'], customerIds: ['c-3'] },
  period: { from: '2026-01-01', to: '2026-12-31' },
  currency: 'CNY',
  measures: [
    {
      id: 'visits',
      kind: 'visit',
      description: 'Quarterly visits',
      metric: 'contacts-done',
      target: 2,
      rules: ['CA-1'],
    },
    { id: 'up', kind: 'service-review', description: 'Upgrades', metric: 'upgrades', target: 1 },
    {
      id: 'keep',
      kind: 'gift',
      description: 'Nobody leaves',
      metric: 'churned-customers',
      direction: 'at-most',
      target: 0,
      rules: ['GR-3'],
    },
    { id: 'gala', kind: 'event', description: 'Annual gala', metric: 'events-held', target: 1, rules: ['CA-7'] },
  ],
  budgetLines: [
    { id: 'dev-q1', category: 'development', period: '2026-Q1', amount: '40000' },
    { id: 'care-q1', category: 'maintenance', period: '2026-Q1', amount: '30000', quantity: '100', unitPrice: '300' },
    { id: 'gala-q2', category: 'events', period: '2026-Q2', amount: events },
  ],
  rules: ['GR-3', 'CA-1', 'CA-7'],
});
const plan = (id = 'mp-1'): MaintenancePlanInput => ({ id, ...content() });

async function seeded(open: () => Promise<KehuStorage>): Promise<Kehu> {
  const kehu = createKehu({ storage: await open() });
  for (const [id, name] of [
    ['c-1', '金牌客户甲'],
    ['c-2', '银牌客户乙'],
    ['c-3', '点名客户丙'],
    ['c-4', '普通客户丁'],
  ] as const)
    await kehu.customers.create({ id, kind: 'person', name, status: 'active', createdAt: ctx.at }, ctx);
  const grade = (customerId: string, tier: 'gold' | 'silver' | 'regular', effectiveFrom: string) =>
    kehu.grades.assign(
      { customerId, tier, effectiveFrom, source: 'manual', assignedBy: 'am-1', reason: 'test' },
      { ...ctx, at: effectiveFrom },
    );
  await grade('c-1', 'gold', '2026-01-02T00:00:00Z');
  await grade('c-2', 'silver', '2026-01-02T00:00:00Z');
  await grade('c-2', 'gold', '2026-03-01T00:00:00Z');
  await grade('c-4', 'regular', '2026-01-02T00:00:00Z');
  // The finance director is on leave 2026-01-10..20, covered by their deputy.
  await kehu.cadence.putOwner(
    { id: 'finance-director', dailyCapacity: 5, leave: [{ from: '2026-01-10', to: '2026-01-20', coverId: 'deputy' }] },
    { actor: 'lead-1', at: ctx.at },
  );
  return kehu;
}

/** Submits the plan and signs every step of the `major` flow (before the finance director's leave). */
async function approve(kehu: Kehu): Promise<void> {
  await kehu.plans.submit('mp-1', { actor: 'am-1', at: on('2026-01-06') });
  for (const [signer, date] of [
    ['sales-manager', '2026-01-07'],
    ['sales-director', '2026-01-08'],
    ['finance-director', '2026-01-08'],
    ['general-manager', '2026-01-09'],
  ] as const)
    await kehu.plans.sign('mp-1', { actor: signer, at: on(date, 18) });
}

/** Signs as `actor` and returns the plan's state. */
async function sign(kehu: Kehu, actor: string, at: string, extra: Record<string, unknown> = {}) {
  return (await kehu.plans.sign('mp-1', { actor, at, ...extra })).state;
}

describe.each(storesUnderTest('plans'))('kehu.plans on %s (rules MP-1, MP-2)', (_name, open) => {
  it('MP-1: a plan through 会签, 加签 and delegation on leave to approval, then re-approval on budget growth', async () => {
    const kehu = await seeded(open);
    const draft = await kehu.plans.create(plan(), { actor: 'am-1', at: on('2026-01-05') });
    expect(draft).toMatchObject({ planId: 'mp-1', state: 'draft', version: 1 });
    const submitted = await kehu.plans.submit('mp-1', { actor: 'am-1', at: on('2026-01-06') });
    expect(submitted.state).toBe('submitted');
    expect(submitted.rounds[0]!.flow.id).toBe('major');
    expect(await sign(kehu, 'sales-manager', on('2026-01-07'))).toBe('submitted');
    // 加签: the sales director adds the risk officer to the all-sign (会签) step.
    const added = await kehu.plans.addSigner('mp-1', {
      actor: 'sales-director',
      at: on('2026-01-08'),
      signerId: 'risk-officer',
    });
    expect(added.rounds[0]!.steps[1]!.pending).toEqual(
      expect.arrayContaining(['sales-director', 'finance-director', 'risk-officer']),
    );
    expect(await sign(kehu, 'sales-director', on('2026-01-09'))).toBe('submitted');
    expect(await sign(kehu, 'risk-officer', on('2026-01-12'))).toBe('submitted');
    // Someone who neither is pending nor covers a pending signer is refused.
    expect(await failure(kehu.plans.sign('mp-1', { actor: 'am-9', at: on('2026-01-13') }))).toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    // The deputy covers the finance director's leave: delegated + signed, appended together.
    const covered = await kehu.plans.sign('mp-1', { actor: 'deputy', at: on('2026-01-13') });
    expect(covered.history.slice(-2).map((h) => h.type)).toEqual(['delegated', 'signed']);
    expect(covered.delegations[0]).toMatchObject({ fromId: 'finance-director', toId: 'deputy' });
    expect(covered.delegations[0]!.until!.toISOString()).toBe('2026-01-20T16:00:00.000Z');
    expect(covered.rounds[0]!.steps[1]!.done).toBe(true);
    expect(await sign(kehu, 'general-manager', on('2026-01-14'))).toBe('approved');
    expect((await kehu.plans.activate('mp-1', { actor: 'am-1', at: on('2026-01-15') })).state).toBe('active');

    // The events line grows by 20% (past the 10% threshold): the revision waits for approval.
    const revised = await kehu.plans.revise('mp-1', content('60000'), { actor: 'am-1', at: on('2026-01-21') });
    expect(revised.reapproval).toBe(true);
    expect(revised.plan.state).toBe('submitted');
    expect(revised.plan.rounds.at(-1)!.reapproval).toBe(true);
    expect(revised.plan.content.budgetLines[2]!.amount.toString()).toBe('50000');
    for (const [signer, date] of [
      ['sales-manager', '2026-01-22'],
      ['sales-director', '2026-01-23'],
      ['finance-director', '2026-01-26'],
    ] as const)
      expect(await sign(kehu, signer, on(date))).toBe('submitted');
    expect(await sign(kehu, 'general-manager', on('2026-01-27'))).toBe('active');
    const after = (await kehu.plans.get('mp-1'))!;
    expect(after.content.budgetLines[2]!.amount.toString()).toBe('60000');
    // A small growth applies at once.
    const small = await kehu.plans.revise('mp-1', content('61000'), { actor: 'am-1', at: on('2026-01-28') });
    expect(small).toMatchObject({ reapproval: false, plan: { state: 'active' } });

    // Every event is audited (AR-4): the create and one update per event.
    const audit = await kehu.audit.list({ entity: 'maintenance-plan', entityId: 'mp-1' }, { limit: 100 });
    expect(audit.items[0]!.action).toBe('create');
    expect(audit.items).toHaveLength(small.plan.version);
    expect(audit.items.some((e) => e.reason === 'plan mp-1: delegated, signed (rule MP-1)')).toBe(true);
    expect((await kehu.plans.list({ limit: 10 })).items.map((p) => [p.planId, p.state])).toEqual([['mp-1', 'active']]);
  });

  it('MP-1: delegation follows the policy: only while the signer is on leave, or never', async () => {
    const kehu = await seeded(open);
    await kehu.plans.create(plan(), { actor: 'am-1', at: on('2026-01-05') });
    await kehu.plans.submit('mp-1', { actor: 'am-1', at: on('2026-01-06') });
    const delegate = (at: string, policy?: object) =>
      kehu.plans.delegate('mp-1', {
        actor: 'finance-director',
        at,
        fromId: 'finance-director',
        toId: 'deputy',
        ...(policy === undefined ? {} : { policy }),
      });
    // Not on leave on 2026-01-07: the default `on-leave` mode refuses.
    expect(await failure(delegate(on('2026-01-07')))).toMatchObject({ code: 'INVALID_TRANSITION' });
    await sign(kehu, 'sales-manager', on('2026-01-08'));
    await sign(kehu, 'sales-director', on('2026-01-09'));
    const never = { approval: { delegation: 'never' as const } };
    expect(await failure(delegate(on('2026-01-12'), never))).toMatchObject({ code: 'INVALID_TRANSITION' });
    // Covering the leave does not let the deputy sign when the policy never delegates.
    const refused = kehu.plans.sign('mp-1', { actor: 'deputy', at: on('2026-01-12'), policy: never });
    expect(await failure(refused)).toMatchObject({ code: 'INVALID_TRANSITION' });
    const delegated = await delegate(on('2026-01-12'));
    expect(delegated.delegations).toMatchObject([{ fromId: 'finance-director', toId: 'deputy' }]);
    // The deputy signs under the delegation in effect: one `signed` event.
    const signed = await kehu.plans.sign('mp-1', { actor: 'deputy', at: on('2026-01-13') });
    expect(signed.history.at(-1)).toMatchObject({ type: 'signed', actor: 'deputy' });
    expect(signed.history.at(-2)!.type).toBe('delegated');
  });

  it('MP-1: a signer sends the plan back with a reason; revised and submitted again, a new round starts', async () => {
    const kehu = await seeded(open);
    await kehu.plans.create(plan(), { actor: 'am-1', at: on('2026-01-05') });
    await kehu.plans.submit('mp-1', { actor: 'am-1', at: on('2026-01-06') });
    const back = kehu.plans.sendBack('mp-1', { actor: 'sales-director', at: on('2026-01-07'), reason: '预算过高' });
    expect(await failure(back)).toMatchObject({ code: 'INVALID_TRANSITION' });
    const returned = await kehu.plans.sendBack('mp-1', {
      actor: 'sales-manager',
      at: on('2026-01-07'),
      reason: '预算过高',
    });
    expect(returned.state).toBe('returned');
    expect(returned.rounds[0]!.outcome).toBe('returned');
    const revised = await kehu.plans.revise('mp-1', content('20000'), { actor: 'am-1', at: on('2026-01-08') });
    expect(revised).toMatchObject({ reapproval: false, plan: { state: 'returned' } });
    const again = await kehu.plans.submit('mp-1', { actor: 'am-1', at: on('2026-01-09') });
    // The total fell below 100,000: the standard flow (manager, then one of two finance signers, 或签).
    expect(again.rounds.map((r) => [r.round, r.flow.id])).toEqual([
      [1, 'major'],
      [2, 'standard'],
    ]);
    expect(await sign(kehu, 'sales-manager', on('2026-01-10'))).toBe('submitted');
    expect(await sign(kehu, 'finance-2', on('2026-01-12'))).toBe('approved');
  });

  it('MP-1: illegal transitions are refused with typed errors and nothing is appended', async () => {
    const kehu = await seeded(open);
    await kehu.plans.create(plan(), { actor: 'am-1', at: on('2026-01-05') });
    const c = { actor: 'am-1', at: on('2026-01-06') };
    expect(await failure(kehu.plans.activate('mp-1', c))).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(await failure(kehu.plans.withdraw('mp-1', c))).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(await failure(kehu.plans.sign('mp-1', { ...c, actor: 'sales-manager' }))).toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    // Abandoning a draft needs a note.
    expect(await failure(kehu.plans.archive('mp-1', c))).toMatchObject({ code: 'INVALID_TRANSITION' });
    await kehu.plans.submit('mp-1', c);
    // Events are in time order.
    expect(await failure(kehu.plans.withdraw('mp-1', { ...c, at: on('2026-01-05', 9) }))).toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    expect(await failure(kehu.plans.revise('mp-1', content(), { ...c, at: on('2026-01-07') }))).toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    expect((await kehu.plans.withdraw('mp-1', { ...c, at: on('2026-01-07') })).state).toBe('draft');
    expect((await kehu.plans.archive('mp-1', { ...c, at: on('2026-01-08'), note: 'replaced by mp-2' })).state).toBe(
      'archived',
    );
    await expect(kehu.plans.submit('missing', c)).rejects.toBeInstanceOf(KehuNotFoundError);
    expect(await kehu.plans.get('missing')).toBeNull();
    expect((await kehu.plans.get('mp-1'))!.version).toBe(4);
  });

  it('MP-2: actual spend recorded once, variance causes, budget against actual with the group’s results', async () => {
    const kehu = await seeded(open);
    await kehu.plans.create(plan(), { actor: 'am-1', at: on('2026-01-05') });
    await approve(kehu);
    const spend = (id: string, extra: Record<string, unknown>) =>
      kehu.plans.recordActual({ id, planId: 'mp-1', currency: 'CNY', ...extra } as never, {
        actor: 'am-1',
        at: on('2026-04-01'),
      });
    const first = await spend('a-1', {
      lineId: 'care-q1',
      category: 'maintenance',
      spentOn: '2026-02-10',
      amount: '36000',
      quantity: '100',
    });
    expect(first.created).toBe(true);
    expect(
      (
        await spend('a-1', {
          lineId: 'care-q1',
          category: 'maintenance',
          spentOn: '2026-02-10',
          amount: '36000',
          quantity: '100',
        })
      ).created,
    ).toBe(false);
    await spend('a-2', { category: 'development', spentOn: '2026-03-03', amount: '20000.50' });
    expect(
      await failure(spend('a-3', { category: 'development', spentOn: '2026-03-03', amount: '1', planId: 'nope' })),
    ).toMatchObject({ path: ['planId'] });
    await expect(
      spend('a-4', { category: 'development', spentOn: '2026-03-03', amount: '1', currency: 'USD' }),
    ).rejects.toBeInstanceOf(KehuCurrencyMismatchError);
    expect(
      await failure(spend('a-5', { lineId: 'care-q1', category: 'events', spentOn: '2026-03-03', amount: '1' })),
    ).toMatchObject({ path: ['category'] });

    await kehu.transactions.import([
      { id: 't-1', customerId: 'c-1', occurredAt: on('2025-12-01'), amount: '800', currency: 'CNY' },
      { id: 't-2', customerId: 'c-1', occurredAt: on('2026-02-01'), amount: '1200.50', currency: 'CNY' },
      { id: 't-3', customerId: 'c-4', occurredAt: on('2026-02-01'), amount: '999', currency: 'CNY' },
    ]);
    const explained = await kehu.plans.explainVariance(
      'mp-1',
      { lineId: 'care-q1', category: 'maintenance', period: '2026-Q1', cause: 'price' },
      { actor: 'am-1', at: on('2026-04-02'), note: '礼品单价上涨' },
    );
    expect(explained.causes).toMatchObject([{ lineId: 'care-q1', cause: 'price', note: '礼品单价上涨' }]);
    expect(
      await failure(
        kehu.plans.explainVariance(
          'mp-1',
          { category: 'development', period: '2026-Q1', cause: 'weather' },
          { actor: 'am-1', at: on('2026-04-02') },
        ),
      ),
    ).toMatchObject({ code: 'VALIDATION_FAILED' });

    const report = await kehu.plans.budget('mp-1', { asOf: on('2026-04-05') });
    const care = report.rows.find((r) => r.lineId === 'care-q1')!;
    expect(care.actual.toString()).toBe('36000');
    expect(care.price!.toString()).toBe('6000');
    expect(care.cause?.code).toBe('price');
    const dev = report.rows.find((r) => r.lineId === 'dev-q1')!;
    expect(dev.difference.toString()).toBe('-19999.5');
    expect(report.missingCauses.map((r) => r.lineId)).toContain('dev-q1');
    expect(report.missingCauses.map((r) => r.lineId)).not.toContain('care-q1');
    // Results of the group (c-1, c-2 gold; c-3 named), quarterly like the budget lines: c-4 is not in the group.
    expect(report.results.periodType).toBe('quarter');
    const q1 = report.results.periods.find((p) => p.key === '2026-Q1')!;
    expect(q1.revenue.toString()).toBe('1200.5');
    // Before the plan's period: nothing spent yet, no period reported, and no made-up zeros.
    const early = await kehu.plans.budget('mp-1', { asOf: on('2025-12-20'), by: 'month' });
    expect(early.total.actual.toString()).toBe('0');
    expect(early.results.periods).toEqual([]);
  });

  it('MP-1: evaluation from the store (contacts, re-grades, churn, results) as the evaluated event', async () => {
    const kehu = await seeded(open);
    await kehu.plans.create(plan(), { actor: 'am-1', at: on('2026-01-05') });
    await approve(kehu);
    const evaluateEarly = kehu.plans.evaluate('mp-1', { actor: 'am-1', at: on('2026-01-10'), calendar });
    expect(await failure(evaluateEarly)).toMatchObject({ code: 'INVALID_TRANSITION' });
    await kehu.plans.activate('mp-1', { actor: 'am-1', at: on('2026-01-10') });
    const contact = (id: string, customerId: string, at: string, outcome = 'completed') =>
      kehu.contactRecords.record(
        { id, customerId, at, channel: 'phone', purpose: 'post-purchase', owner: 'am-1', outcome } as never,
        ctx,
      );
    await contact('r-1', 'c-1', on('2026-02-01'));
    await contact('r-2', 'c-2', on('2026-05-01'));
    await contact('r-3', 'c-2', on('2026-05-02'), 'no-answer');
    await contact('r-4', 'c-4', on('2026-05-02'));
    await kehu.churn.recordExit(
      {
        id: 'x-1',
        customerId: 'c-3',
        leftAt: on('2026-06-01'),
        reason: 'price.too-high',
        settlement: 'settled',
        lessons: 'l',
        recordedBy: 'am-1',
        recordedAt: on('2026-06-02'),
      },
      ctx,
    );
    const { plan: evaluated, evaluation } = await kehu.plans.evaluate('mp-1', {
      actor: 'am-1',
      at: on('2027-01-05'),
      calendar,
      custom: {},
    });
    expect(evaluated.state).toBe('evaluated');
    const byId = Object.fromEntries(evaluation.measures.map((m) => [m.measureId, m]));
    expect(byId.visits).toMatchObject({ actual: 2, met: true });
    expect(byId.up).toMatchObject({ actual: 1, met: true });
    expect(byId.keep).toMatchObject({ actual: 1, met: false });
    expect(byId.gala!.met).toBeNull();
    expect(evaluation.improvements.map((i) => i.measureId)).toEqual(['keep']);
    expect(evaluated.evaluation).toBeDefined();
    const archived = await kehu.plans.archive('mp-1', { actor: 'am-1', at: on('2027-01-06') });
    expect(archived.state).toBe('archived');
  });

  it('MP-1: contact completion from the cadence analysis of the group, satisfaction change from a survey', async () => {
    const kehu = await seeded(open);
    const owner = (id: string) => kehu.cadence.putOwner({ id, dailyCapacity: 5 }, { actor: 'lead-1', at: ctx.at });
    // The deputy covering the finance director's leave is an owner too, so the revisit planner takes the owners.
    for (const id of ['am-1', 'am-2', 'deputy']) await owner(id);
    for (const [id, ownerId] of [
      ['c-5', 'am-1'],
      ['c-6', 'am-1'],
      ['c-7', 'am-2'],
    ] as const)
      await kehu.customers.create(
        { id, kind: 'person', name: id, status: 'active', owner: ownerId, createdAt: '2025-01-02T09:00:00+08:00' },
        ctx,
      );
    const measures: PlanContentInput['measures'] = [
      { id: 'done', kind: 'visit', description: 'Revisits done', metric: 'contacts-done', target: 1 },
      { id: 'rate', kind: 'visit', description: 'On time', metric: 'contact-completion-rate', target: 0.8 },
      { id: 'happier', kind: 'service-review', description: 'Happier', metric: 'satisfaction-change', target: 0.5 },
    ];
    await kehu.plans.create(
      { ...plan(), group: { tiers: [], segments: [], customerIds: ['c-5', 'c-6'] }, measures },
      { actor: 'am-1', at: on('2026-01-05') },
    );
    await approve(kehu);
    await kehu.plans.activate('mp-1', { actor: 'am-1', at: on('2026-01-10') });
    let n = 0;
    for (const [customerId, dates] of [
      ['c-5', ['2026-01-20', '2026-03-15', '2026-06-10', '2026-09-01', '2026-11-20']],
      ['c-6', ['2026-02-10']],
    ] as const)
      for (const at of dates)
        await kehu.contactRecords.record(
          {
            id: `r-${++n}`,
            customerId,
            at: on(at),
            channel: 'phone',
            purpose: 'greeting',
            owner: 'am-1',
            outcome: 'completed',
          } as never,
          ctx,
        );
    const response = (id: string, customerId: string, date: string, csat: number | null) => ({
      id,
      surveyId: 'csat-2026',
      customerId,
      answeredAt: on(date),
      channel: 'online' as const,
      answers: { csat, comment: 'ok' },
    });
    await kehu.surveys.recordResponses([
      response('s-1', 'c-5', '2025-06-01', 3),
      response('s-2', 'c-6', '2025-07-01', 2),
      response('s-3', 'c-7', '2025-07-01', 5), // not in the group
      response('s-4', 'c-5', '2024-12-01', 1), // before the year before the plan
      response('s-5', 'c-5', '2026-06-01', 5),
      response('s-6', 'c-6', '2026-08-01', 4),
      response('s-7', 'c-6', '2026-09-01', null), // unanswered: not a score
      response('s-8', 'c-7', '2026-08-01', 1), // not in the group
    ]);
    const at = on('2027-01-05');
    const { evaluation } = await kehu.plans.evaluate('mp-1', {
      actor: 'am-1',
      at,
      calendar,
      satisfaction: { surveyId: 'csat-2026', questionId: 'csat' },
    });
    // The same engine as kehu.cadence.analysis: the group's customers are exactly am-1's, c-7 (am-2's) is left out.
    const analysis = await kehu.cadence.analysis({ from: '2026-01-01', to: '2026-12-31', asOf: at, calendar });
    const mine = analysis.byOwner.find((o) => o.key === 'am-1')!.tasks;
    expect(analysis.byOwner.find((o) => o.key === 'am-2')!.tasks.tasks).toBeGreaterThan(0);
    expect(mine.done + mine.overdue).toBeGreaterThan(0);
    const byId = Object.fromEntries(evaluation.measures.map((m) => [m.measureId, m]));
    expect(byId.done).toMatchObject({ actual: mine.done });
    expect(byId.rate).toMatchObject({ actual: mine.done / (mine.done + mine.overdue), n: mine.done + mine.overdue });
    expect(byId.rate!.source.en).toBe('revisits done / planned (CA-9, @kehu/cadence)');
    // Mean 2.5 (3, 2) the year before, 4.5 (5, 4) during the plan: +2 on 2 answers.
    expect(byId.happier).toMatchObject({ actual: 2, met: true, n: 2 });
    expect(byId.happier!.source.en).toContain('2.5 → 4.5');
    expect(evaluation.warnings.filter((w) => w.startsWith('satisfaction-change'))).toEqual([]);
  });
});

describe('kehu.plans evaluation warnings (rule MP-1)', () => {
  it('MP-1: host values stand for unobserved metrics, not for observed ones; no answers: unobserved', async () => {
    const kehu = await seeded(async () => createMemoryStorage());
    await kehu.plans.create(
      {
        ...plan(),
        measures: [
          ...(content().measures ?? []),
          { id: 'happier', kind: 'service-review', description: 'Happier', metric: 'satisfaction-change', target: 0 },
          { id: 'nps', kind: 'other', description: 'Host NPS', metric: 'custom', target: 30 },
        ],
      },
      { actor: 'am-1', at: on('2026-01-05') },
    );
    await approve(kehu);
    await kehu.plans.activate('mp-1', { actor: 'am-1', at: on('2026-01-10') });
    await kehu.surveys.recordResponses([
      {
        id: 's-1',
        surveyId: 'csat-2026',
        customerId: 'c-1',
        answeredAt: on('2026-03-01'),
        channel: 'online',
        answers: { csat: 4 },
      },
    ]);
    const { evaluation } = await kehu.plans.evaluate('mp-1', {
      actor: 'am-1',
      at: on('2027-01-05'),
      calendar,
      custom: { gala: 1, keep: 0, nps: 42 },
      satisfaction: { surveyId: 'csat-2026', questionId: 'csat' },
    });
    const byId = Object.fromEntries(evaluation.measures.map((m) => [m.measureId, m]));
    // events-held is not in the store: the host's value stands for it, labelled as such.
    expect(byId.gala).toMatchObject({ actual: 1, met: true, source: { en: 'value given by the host' } });
    expect(byId.nps).toMatchObject({ actual: 42, met: true });
    // churned-customers is observed from the store: the host's 0 is not used, and a warning says why.
    expect(byId.keep!.source.en).toContain('CH-4');
    expect(evaluation.warnings).toContain(
      'host value for measure keep is not used: churned-customers is observed from the store (MP-1)',
    );
    // One answer during the plan, none in the year before: no change is made up.
    expect(byId.happier).toMatchObject({ met: null });
    expect(byId.happier!.actual).toBeNaN();
    expect(evaluation.warnings.some((w) => /satisfaction-change: .*no answer .*before the plan/.test(w))).toBe(true);
  });

  it('MP-1: a bad satisfaction source is a typed error naming the field', async () => {
    const kehu = await seeded(async () => createMemoryStorage());
    await kehu.plans.create(plan(), { actor: 'am-1', at: on('2026-01-05') });
    const bad = (satisfaction: unknown) =>
      failure(kehu.plans.evaluate('mp-1', { actor: 'am-1', at: on('2027-01-05'), calendar, satisfaction } as never));
    expect(await bad({ surveyId: 'csat-2026' })).toMatchObject({
      code: 'VALIDATION_FAILED',
      path: ['satisfaction', 'questionId'],
    });
    expect(await bad({ surveyId: 'csat-2026', questionId: 'csat', scale: { min: 5, max: 1 } })).toMatchObject({
      path: ['satisfaction', 'scale', 'max'],
    });
    expect(await bad({ surveyId: 'csat-2026', questionId: 'csat', extra: 1 })).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});

describe('kehu.plans authorization (rule AR-4)', () => {
  it('AR-4: the hook is asked about the plan and what an evaluation reads; a bound actor signs as itself', async () => {
    const asked: string[] = [];
    const kehu = createKehu({
      storage: createMemoryStorage(),
      authorize: ({ actor, action, resource }) => {
        asked.push(`${actor}:${action}:${resource.type}`);
        return !(actor === 'am-9' && resource.type === 'maintenance-plan');
      },
    });
    await kehu.plans.create(plan(), { actor: 'am-1', at: on('2026-01-05') });
    await expect(kehu.plans.submit('mp-1', { actor: 'am-9', at: on('2026-01-06') })).rejects.toBeInstanceOf(
      KehuForbiddenError,
    );
    await expect(
      kehu.as('sales-director').plans.sign('mp-1', { actor: 'sales-manager', at: on('2026-01-06') }),
    ).rejects.toBeInstanceOf(KehuForbiddenError);
    const satisfaction = { surveyId: 'csat-2026', questionId: 'csat' };
    await expect(
      kehu.plans.evaluate('mp-1', { actor: 'am-1', at: on('2026-01-06'), calendar, satisfaction }),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    // What a revisit analysis reads (owners, contacts, snoozes and skips) and, when asked, survey answers.
    expect(asked).toEqual(
      expect.arrayContaining([
        'am-1:plans.evaluate:maintenance-plan',
        'am-1:plans.evaluate:contact-record',
        'am-1:plans.evaluate:exit',
        'am-1:plans.evaluate:owner',
        'am-1:plans.evaluate:revisit-action',
        'am-1:plans.evaluate:survey-response',
      ]),
    );
    expect((await kehu.plans.get('mp-1'))!.version).toBe(1);
  });
});
