import { chinaCalendar } from '@kehu/calendar';
import { isKehuError } from '@kehu/core';
import { createMemoryStorage } from '@kehu/storage-memory';
import { describe, expect, it } from 'vitest';
import { createKehu } from './kehu.js';

const at = '2026-01-05T09:00:00+08:00';
const later = '2026-01-06T09:00:00+08:00';
const calendar = chinaCalendar();

async function seeded() {
  const kehu = createKehu({ storage: createMemoryStorage() });
  await kehu.customers.create(
    { id: 'c-1', kind: 'person', name: '客户', status: 'active', createdAt: at },
    { actor: 'am-1', at, reason: 'test' },
  );
  await kehu.plans.create(
    {
      id: 'mp-1',
      name: 'Gold care',
      ownerId: 'am-1',
      group: { tiers: ['gold'] },
      period: { from: '2026-01-01', to: '2026-12-31' },
      currency: 'CNY',
      budgetLines: [{ id: 'l-1', category: 'maintenance', period: '2026-Q1', amount: '1000' }],
    },
    { actor: 'am-1', at },
  );
  await kehu.opportunities.open(
    {
      id: 'o-1',
      customerId: 'c-1',
      salespersonId: 'am-1',
      expectedRevenue: '5000',
      currency: 'CNY',
      expectedCloseDate: '2026-03-31',
      createdAt: at,
      stage: 'lead',
    },
    { actor: 'am-1' },
  );
  return kehu;
}

/** The path of the typed error a call rejects with. */
async function pathOf(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isKehuError(error), String(error)).toBe(true);
  const e = error as { path?: unknown; issues?: Array<{ path: unknown }> };
  return e.issues?.[0]?.path ?? e.path;
}

describe('kehu.plans arguments: junk is refused with the path of the field (rules MP-1, MP-2)', () => {
  it('MP-1, MP-2: creating a plan or recording an actual takes no note (it would have nowhere to go)', async () => {
    const kehu = await seeded();
    const c = { actor: 'am-1', at: later, note: 'kept nowhere' };
    const plan = {
      id: 'mp-2',
      name: 'Silver care',
      ownerId: 'am-1',
      group: { tiers: ['silver' as const] },
      period: { from: '2026-01-01', to: '2026-12-31' },
      currency: 'CNY',
    };
    expect(await pathOf(kehu.plans.create(plan, c as never))).toEqual(['note']);
    const actual = {
      id: 'a-1',
      planId: 'mp-1',
      category: 'maintenance' as const,
      spentOn: '2026-01-06',
      amount: '10',
      currency: 'CNY',
    };
    expect(await pathOf(kehu.plans.recordActual(actual, c as never))).toEqual(['note']);
    expect(await kehu.plans.get('mp-2')).toBeNull();
  });

  it('MP-1: change contexts, signers, zones, positions and delegations', async () => {
    const kehu = await seeded();
    const c = { actor: 'am-1', at: later };
    expect(await pathOf(kehu.plans.submit('mp-1', { ...c, at: 'yesterday' }))).toEqual(['at']);
    expect(await pathOf(kehu.plans.submit('mp-1', { ...c, actor: '' }))).toEqual(['actor']);
    expect(await pathOf(kehu.plans.submit(5 as never, c))).toEqual(['planId']);
    expect(
      await pathOf(kehu.plans.submit('mp-1', { ...c, policy: { approval: { delegation: 'sometimes' as never } } })),
    ).toEqual(['approval', 'delegation']);
    expect(await pathOf(kehu.plans.sign('mp-1', { ...c, timeZone: 'Mars/Olympus' }))).toEqual(['timeZone']);
    expect(await pathOf(kehu.plans.sign('mp-1', { ...c, signerId: 7 as never }))).toEqual(['signerId']);
    expect(await pathOf(kehu.plans.sendBack('mp-1', { ...c } as never))).toEqual(['reason']);
    expect(await pathOf(kehu.plans.addSigner('mp-1', { ...c, signerId: 'x', position: 'middle' as never }))).toEqual([
      'position',
    ]);
    expect(await pathOf(kehu.plans.delegate('mp-1', { ...c, fromId: 'a', toId: 'b', until: 'soon' as never }))).toEqual(
      ['until'],
    );
    expect(await pathOf(kehu.plans.revise('mp-1', { name: 'x' } as never, c))).toEqual(['ownerId']);
  });

  it('MP-1, MP-2: evaluation, actual spend, variance causes and budget options', async () => {
    const kehu = await seeded();
    const c = { actor: 'am-1', at: later };
    expect(await pathOf(kehu.plans.evaluate('mp-1', { ...c, calendar: null as never }))).toEqual(['calendar']);
    expect(await pathOf(kehu.plans.evaluate('mp-1', { ...c, calendar, custom: { 'm-1': Number.NaN } }))).toEqual([
      'custom',
      'm-1',
    ]);
    const actual = {
      id: 'a-1',
      planId: 'mp-1',
      category: 'maintenance',
      spentOn: '2026-01-05',
      amount: '100',
      currency: 'CNY',
    };
    expect(await pathOf(kehu.plans.recordActual({ ...actual, amount: 'lots' } as never, c))).toEqual(['amount']);
    expect(await pathOf(kehu.plans.recordActual({ ...actual, lineId: 'l-9' } as never, c))).toEqual(['lineId']);
    const variance = { category: 'maintenance', period: '2026-13', cause: 'price' } as const;
    expect(await pathOf(kehu.plans.explainVariance('mp-1', variance as never, c))).toEqual(['period']);
    expect(await pathOf(kehu.plans.budget('mp-1', { asOf: later, by: 'week' as never }))).toEqual(['by']);
    expect(await pathOf(kehu.plans.budget('mp-1', { asOf: 5 as never }))).toEqual(['asOf']);
    expect(await pathOf(kehu.plans.list({ limit: 0 }))).toEqual(['limit']);
  });
});

describe('kehu.opportunities arguments: junk is refused with the path of the field (rule MP-3)', () => {
  it('MP-3: stages, probabilities, changes, reasons, models and pipeline options', async () => {
    const kehu = await seeded();
    const c = { actor: 'am-1', at: later };
    expect(await pathOf(kehu.opportunities.moveStage('o-1', { stage: 'Not A Stage' }, c))).toEqual(['stage']);
    expect(await pathOf(kehu.opportunities.setProbability('o-1', { probability: 101 }, c))).toEqual(['probability']);
    expect(await pathOf(kehu.opportunities.setProbability('o-1', { probability: 2.5 }, c))).toEqual(['probability']);
    expect(await pathOf(kehu.opportunities.change('o-1', { expectedRevenue: '-1' }, c))).toEqual(['expectedRevenue']);
    expect(await pathOf(kehu.opportunities.change('o-1', { expectedCloseDate: '2026-02-30' }, c))).toEqual([
      'expectedCloseDate',
    ]);
    expect(await pathOf(kehu.opportunities.change('o-1', {}, c))).toEqual([]);
    expect(await pathOf(kehu.opportunities.win('o-1', { reason: '' }, c))).toEqual(['reason']);
    expect(await pathOf(kehu.opportunities.lose('o-1', { reason: 'price' }, { ...c, note: 5 as never }))).toEqual([
      'note',
    ]);
    const model = { stages: { lead: { closed: 1, won: 2, probability: 150 } }, asOf: later };
    expect(await pathOf(kehu.opportunities.get('o-1', { asOf: later, calendar, model: model as never }))).toEqual([
      'stages',
      'lead',
      'probability',
    ]);
    expect(await pathOf(kehu.opportunities.pipeline({ asOf: later, calendar, by: 'year' as never }))).toEqual(['by']);
    expect(await pathOf(kehu.opportunities.pipeline({ asOf: later, calendar: {} as never }))).toEqual(['calendar']);
    expect(await pathOf(kehu.opportunities.open({ id: 'o-2' } as never, { actor: 'am-1' }))).toEqual(['customerId']);
    expect(await pathOf(kehu.opportunities.open({} as never, { actor: 5 as never }))).toEqual(['actor']);
  });
});
