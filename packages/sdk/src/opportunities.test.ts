import { chinaCalendar } from '@kehu/calendar';
import {
  isKehuError,
  KehuCurrencyMismatchError,
  KehuForbiddenError,
  KehuNotFoundError,
  parseOpportunity,
  parseOpportunityEvent,
  type OpportunityInput,
} from '@kehu/core';
import { opportunityColumns, parseOpportunityPolicy } from '@kehu/plans';
import type { KehuStorage } from '@kehu/storage';
import { createMemoryStorage } from '@kehu/storage-memory';
import { describe, expect, it } from 'vitest';
import { createKehu, type Kehu } from './kehu.js';
import { joinColumns } from './opportunities.js';
import { ENVELOPE_PREFIX } from './privacy/cipher.js';
import { createMemoryKeyProvider } from './privacy/key-provider.js';
import { storesUnderTest } from './stores.fixture.js';

const calendar = chinaCalendar();
const created = '2026-03-02T10:00:00+08:00';
const ctx = { actor: 'am-1', at: created, reason: 'test' };
const asOf = '2026-06-30T18:00:00+08:00';

/** The typed error a call rejects with. */
async function failure(promise: Promise<unknown>): Promise<{ code: string; path?: unknown; issues?: unknown }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isKehuError(error), String(error)).toBe(true);
  const e = error as { code: string; issues?: Array<{ path: unknown }> };
  return { code: e.code, path: e.issues?.[0]?.path, issues: e.issues };
}

function opportunity(id: string, overrides: Partial<OpportunityInput> = {}): OpportunityInput {
  return {
    id,
    customerId: 'c-1',
    salespersonId: 'am-1',
    expectedRevenue: '12000.50',
    currency: 'CNY',
    expectedCloseDate: '2026-06-30',
    createdAt: created,
    stage: 'lead',
    ...overrides,
  };
}

async function seeded(open: () => Promise<KehuStorage>, keys = false): Promise<Kehu> {
  const kehu = createKehu({ storage: await open(), ...(keys ? { keys: createMemoryKeyProvider() } : {}) });
  await kehu.customers.create(
    { id: 'c-1', kind: 'person', name: '欧阳娜娜', status: 'active', createdAt: created },
    ctx,
  );
  await kehu.customers.create(
    { id: 'org-1', kind: 'organization', name: '华东建材有限公司', status: 'active', createdAt: created },
    ctx,
  );
  return kehu;
}

const at = (day: number, hour = 10) =>
  `2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`;

describe.each(storesUnderTest('opportunities'))('kehu.opportunities on %s (rule MP-3)', (_name, open) => {
  it('MP-3, AR-4: an opportunity moves through stages, closes with a reason, reopens; its log is audited', async () => {
    const kehu = await seeded(open);
    const stored = await kehu.opportunities.open(opportunity('o-1'), { actor: 'am-1' });
    expect(stored.version).toBe(1);
    const c = { actor: 'am-1' };
    await kehu.opportunities.moveStage('o-1', { stage: 'qualified' }, { ...c, at: at(3) });
    // Skipping stages and moving backward are both allowed.
    await kehu.opportunities.moveStage('o-1', { stage: 'proposal' }, { ...c, at: at(4) });
    await kehu.opportunities.moveStage('o-1', { stage: 'needs-analysis' }, { ...c, at: at(5), note: '客户要重新评估' });
    const events = await kehu.opportunities.setProbability('o-1', { probability: 35 }, { ...c, at: at(6) });
    expect(events).toMatchObject([{ type: 'probability-set', probability: 35, seq: 5, opportunityId: 'o-1' }]);
    const changed = await kehu.opportunities.change(
      'o-1',
      { expectedRevenue: '15000', expectedCloseDate: '2026-07-15', salespersonId: 'am-2' },
      { ...c, at: at(9) },
    );
    expect(changed.map((e) => e.type)).toEqual(['revenue-changed', 'close-date-changed', 'reassigned']);
    // Nothing changes when the value is the one in effect.
    expect(await kehu.opportunities.change('o-1', { expectedRevenue: '15000.00' }, { ...c, at: at(9) })).toEqual([]);

    const open1 = await kehu.opportunities.get('o-1', { asOf, calendar });
    expect(open1).toMatchObject({ status: 'open', stage: 'needs-analysis', salespersonId: 'am-2' });
    expect(open1!.probability).toMatchObject({ value: 35, source: 'manual' });
    expect(open1!.weightedRevenue.toString()).toBe('5250');
    // Time in stage adds up to the business time since creation (rule MP-3).
    const total = open1!.stageTimes.reduce((s, t) => s + t.businessMs, 0) + open1!.closedBusinessMs;
    expect(total).toBe(open1!.businessMs);

    await kehu.opportunities.lose('o-1', { reason: 'price' }, { ...c, at: at(10) });
    const lost = await kehu.opportunities.get('o-1', { asOf, calendar });
    expect(lost!.probability).toMatchObject({ value: 0, source: 'lost' });
    expect(lost!.reason?.code).toBe('price');
    await kehu.opportunities.reopen('o-1', { stage: 'negotiation' }, { ...c, at: at(11) });
    await kehu.opportunities.win('o-1', { reason: 'relationship' }, { ...c, at: at(12) });
    const won = await kehu.opportunities.get('o-1', { asOf, calendar });
    expect(won!.probability).toMatchObject({ value: 100, source: 'won' });
    // As of an earlier moment, the later events are ignored.
    const before = await kehu.opportunities.get('o-1', { asOf: at(4, 12), calendar });
    expect(before).toMatchObject({ status: 'open', stage: 'proposal' });
    expect(await kehu.opportunities.get('o-1', { asOf: '2026-03-01T00:00:00Z', calendar })).toBeNull();
    expect(await kehu.opportunities.get('missing', { asOf, calendar })).toBeNull();

    const audit = await kehu.audit.list({ entity: 'opportunity', entityId: 'o-1' });
    expect(audit.items.map((e) => e.action)).toEqual(['create', ...Array(10).fill('update')]);
    expect(audit.items.at(-1)!.reason).toBe('opportunity o-1: won (rule MP-3)');
    expect((await kehu.opportunities.list({ limit: 5 })).items.map((v) => v.record.id)).toEqual(['o-1']);
  });

  it('MP-3: illegal transitions, unknown stages and reasons are refused (typed), nothing appended', async () => {
    const kehu = await seeded(open);
    await kehu.opportunities.open(opportunity('o-1'), { actor: 'am-1' });
    const c = { actor: 'am-1', at: at(3) };
    expect(await failure(kehu.opportunities.reopen('o-1', { stage: 'lead' }, c))).toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    expect(await failure(kehu.opportunities.moveStage('o-1', { stage: 'lead' }, c))).toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    expect(await failure(kehu.opportunities.moveStage('o-1', { stage: 'dreaming' }, c))).toMatchObject({
      code: 'VALIDATION_FAILED',
      path: ['event', 'stage'],
    });
    expect(await failure(kehu.opportunities.lose('o-1', { reason: 'bad-luck' }, c))).toMatchObject({
      path: ['event', 'reason'],
    });
    await kehu.opportunities.win('o-1', { reason: 'price' }, c);
    expect(await failure(kehu.opportunities.win('o-1', { reason: 'price' }, { ...c, at: at(4) }))).toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    expect(
      await failure(kehu.opportunities.setProbability('o-1', { probability: 50 }, { ...c, at: at(4) })),
    ).toMatchObject({ code: 'INVALID_TRANSITION' });
    // Events are in time order.
    expect(await failure(kehu.opportunities.reopen('o-1', { stage: 'lead' }, { ...c, at: at(2) }))).toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    // A policy with other stages accepts them.
    const policy = { stages: [{ id: 'intake', name: { en: 'Intake', zh: '受理' }, probability: 5 }] };
    expect(await failure(kehu.opportunities.open(opportunity('o-2'), { actor: 'am-1', policy }))).toMatchObject({
      path: ['stage'],
    });
    await kehu.opportunities.open(opportunity('o-2', { stage: 'intake' }), { actor: 'am-1', policy });
    expect(
      await failure(kehu.opportunities.open(opportunity('o-3', { customerId: 'nobody' }), { actor: 'am-1' })),
    ).toMatchObject({ path: ['customerId'] });
    await expect(kehu.opportunities.win('missing', { reason: 'price' }, c)).rejects.toBeInstanceOf(KehuNotFoundError);
    expect((await kehu.audit.list({ entity: 'opportunity', entityId: 'o-1' })).items).toHaveLength(2);
  });

  it('MP-3: the pipeline from every log: weighted, durations, conversion, win/loss, calibration, model', async () => {
    const kehu = await seeded(open);
    const c = { actor: 'am-1' };
    for (let i = 0; i < 12; i++) {
      const id = `o-${String(i).padStart(2, '0')}`;
      await kehu.opportunities.open(
        opportunity(id, { expectedRevenue: String(1000 * (i + 1)), expectedCloseDate: `2026-0${4 + (i % 3)}-10` }),
        c,
      );
      await kehu.opportunities.moveStage(id, { stage: i % 2 ? 'proposal' : 'qualified' }, { ...c, at: at(3) });
      if (i % 3 === 0) await kehu.opportunities.win(id, { reason: 'price' }, { ...c, at: at(5) });
      else if (i % 3 === 1) await kehu.opportunities.lose(id, { reason: 'competitor' }, { ...c, at: at(6) });
    }
    const pipeline = await kehu.opportunities.pipeline({ asOf, calendar, by: 'month' });
    expect(pipeline.count).toBe(12);
    expect(pipeline.model).toBeUndefined();
    expect(pipeline.weighted.rows.length).toBeGreaterThan(0);
    expect(pipeline.winLoss).toBeDefined();
    expect(pipeline.durations).toBeDefined();
    expect(pipeline.conversion).toBeDefined();
    expect(pipeline.calibration).toBeDefined();
    const withModel = await kehu.opportunities.pipeline({
      asOf,
      calendar,
      policy: { probability: { source: 'model', minClosed: 1 } },
    });
    expect(withModel.model?.stages.qualified).toMatchObject({ closed: 4, won: 2 });
    const empty = await (await seeded(open)).opportunities.pipeline({ asOf, calendar });
    expect(empty.count).toBe(0);
  });
});

describe('kehu.opportunities: notes and names of a person are sealed with the person’s key (rules MP-3, AR-5)', () => {
  const name = '欧阳女士新房装修';
  const note = '欧阳女士说下周再谈';

  async function dump(storage: KehuStorage): Promise<string> {
    const all: unknown[] = [];
    for await (const entry of storage.opportunities.streamLogs()) all.push(entry);
    for await (const entry of storage.audit.stream()) all.push(entry);
    return JSON.stringify(all);
  }

  it('stores ciphertext only; exportData gives it back opened with the audit entries; erasure shreds it', async () => {
    const storage = createMemoryStorage();
    const kehu = await seeded(async () => storage, true);
    await kehu.opportunities.open(opportunity('o-1', { name, attributes: { wechat: 'nana1990' } }), { actor: 'am-1' });
    await kehu.opportunities.moveStage('o-1', { stage: 'qualified' }, { actor: 'am-1', at: at(3), note });
    const stored = await dump(storage);
    expect(stored).not.toContain(name);
    expect(stored).not.toContain(note);
    expect(stored).not.toContain('nana1990');
    expect(stored).toContain(ENVELOPE_PREFIX);
    const [opened] = (await kehu.opportunities.list()).items;
    expect(opened!.record).toMatchObject({ name, attributes: { wechat: 'nana1990' } });

    const data = await kehu.customers.exportData('c-1');
    expect(data.opportunities).toHaveLength(1);
    expect(data.opportunities[0]!.opportunity).toMatchObject({ id: 'o-1', name });
    expect(data.opportunities[0]!.events).toMatchObject([
      { seq: 1, type: 'created' },
      { seq: 2, note },
    ]);
    const entries = data.audit.filter((e) => (e as { entity: string }).entity === 'opportunity');
    expect(entries).toHaveLength(2);
    expect(JSON.stringify(entries)).toContain(note);

    await kehu.customers.erase('c-1', { request: 'PIPL request #7', actor: 'dpo-1', at: at(20) });
    const after = (await kehu.opportunities.list()).items[0]!.record;
    expect(after.name).toBeUndefined();
    expect(after.expectedRevenue.toString()).toBe('12000.5');
    const exported = JSON.stringify(await kehu.customers.exportData('c-1'));
    expect(exported).not.toContain(note);
    expect(exported).not.toContain(name);
    // The pipeline keeps working on what stays in the clear.
    expect((await kehu.opportunities.pipeline({ asOf, calendar })).count).toBe(1);
  });

  it('an organization’s opportunity is not personal: stored in the clear', async () => {
    const storage = createMemoryStorage();
    const kehu = await seeded(async () => storage, true);
    await kehu.opportunities.open(opportunity('o-9', { customerId: 'org-1', name: '华东建材 2026 年框架协议' }), {
      actor: 'am-1',
    });
    await kehu.opportunities.moveStage(
      'o-9',
      { stage: 'qualified' },
      { actor: 'am-1', at: at(3), note: '采购部已立项' },
    );
    const stored = await dump(storage);
    expect(stored).toContain('华东建材 2026 年框架协议');
    expect(stored).toContain('采购部已立项');
  });

  it('refuses a note that looks like a sealed value', async () => {
    const kehu = await seeded(async () => createMemoryStorage(), true);
    await kehu.opportunities.open(opportunity('o-1'), { actor: 'am-1' });
    const e = await failure(
      kehu.opportunities.moveStage(
        'o-1',
        { stage: 'qualified' },
        { actor: 'am-1', at: at(3), note: `${ENVELOPE_PREFIX}x` },
      ),
    );
    expect(e.path).toEqual(['note']);
  });
});

describe('kehu.opportunities authorization (rule AR-4)', () => {
  it('AR-4: the hook is asked about the opportunity first; a bound actor may not write as another', async () => {
    const asked: string[] = [];
    const kehu = createKehu({
      storage: createMemoryStorage(),
      authorize: ({ actor, action, resource }) => {
        asked.push(`${actor}:${action}:${resource.type}:${resource.id ?? ''}`);
        return actor !== 'intruder';
      },
    });
    await kehu.customers.create({ id: 'c-1', kind: 'person', name: '客户', status: 'active', createdAt: created }, ctx);
    await kehu.opportunities.open(opportunity('o-1'), { actor: 'am-1' });
    expect(asked).toContain('am-1:opportunities.open:opportunity:o-1');
    await expect(
      kehu.opportunities.moveStage('o-1', { stage: 'qualified' }, { actor: 'intruder', at: at(3) }),
    ).rejects.toBeInstanceOf(KehuForbiddenError);
    await expect(
      kehu.as('am-2').opportunities.win('o-1', { reason: 'price' }, { actor: 'am-1', at: at(3) }),
    ).rejects.toBeInstanceOf(KehuForbiddenError);
    await expect(kehu.as('intruder').opportunities.pipeline({ asOf, calendar })).rejects.toBeInstanceOf(
      KehuForbiddenError,
    );
    expect(await kehu.storage.opportunities.events('o-1')).toHaveLength(1);
  });
});

describe('joinColumns: the pipeline’s columns built a batch at a time (rule MP-3)', () => {
  const policy = parseOpportunityPolicy({});
  const entry = (id: string, revenue: string, currency = 'CNY') => ({
    opportunity: parseOpportunity(opportunity(id, { expectedRevenue: revenue, currency })),
    events: [
      parseOpportunityEvent({ type: 'created', at: created, actor: 'am-1', stage: 'lead' }),
      parseOpportunityEvent({ type: 'stage-changed', at: at(3), actor: 'am-1', stage: 'proposal' }),
      parseOpportunityEvent({ type: 'won', at: at(4), actor: 'am-1', reason: 'price' }),
    ],
  });

  it('MP-3: joined batches equal the columns of all logs at once, revenue scales aligned exactly', () => {
    const entries = [entry('o-1', '100.5'), entry('o-2', '7'), entry('o-3', '0.123456'), entry('o-4', '3')];
    const whole = opportunityColumns(entries, policy, { asOf: new Date(asOf) });
    const parts = [entries.slice(0, 2), entries.slice(2, 3), [], entries.slice(3)].map((e) =>
      opportunityColumns(e, policy, { asOf: new Date(asOf) }),
    );
    expect(parts[0]!.revenueScale).not.toBe(parts[1]!.revenueScale);
    const joined = joinColumns(parts);
    const units = (c: typeof whole, k: number) => c.revenueUnits[k]! / 10 ** c.revenueScale;
    expect(joined.ids).toEqual(whole.ids);
    expect(Array.from(joined.visitStart)).toEqual(Array.from(whole.visitStart));
    expect(Array.from(joined.visitStage)).toEqual(Array.from(whole.visitStage));
    expect(Array.from(joined.status)).toEqual(Array.from(whole.status));
    for (let k = 0; k < 4; k++) expect(units(joined, k)).toBe(units(whole, k));
    expect(joinColumns([opportunityColumns([], policy, { asOf: new Date(asOf) })]).ids).toEqual([]);
  });

  it('MP-3: batches in different currencies are refused', () => {
    const parts = [[entry('o-1', '1')], [entry('o-2', '1', 'USD')]].map((e) =>
      opportunityColumns(e, policy, { asOf: new Date(asOf) }),
    );
    expect(() => joinColumns(parts)).toThrow(KehuCurrencyMismatchError);
  });
});
