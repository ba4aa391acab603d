import { chinaCalendar } from '@kehu/calendar';
import { KehuForbiddenError } from '@kehu/core';
import type { KehuStorage } from '@kehu/storage';
import { createMemoryStorage } from '@kehu/storage-memory';
import { describe, expect, it } from 'vitest';
import { createKehu, type Kehu } from './kehu.js';
import { createMemoryKeyProvider } from './privacy/key-provider.js';
import { SEALED_KEY } from './privacy/sealing.js';
import { storesUnderTest } from './stores.fixture.js';

const calendar = chinaCalendar();
const at = '2025-01-01T09:00:00+08:00';
const ctx = { actor: 'lead-1', at, reason: 'test' };
/** A Monday. */
const asOf = '2026-03-02T09:00:00+08:00';

const person = (id: string, owner: string | undefined, extra: Record<string, unknown> = {}) => ({
  id,
  kind: 'person' as const,
  name: `客户${id}`,
  status: 'active' as const,
  createdAt: at,
  ...(owner === undefined ? {} : { owner }),
  ...extra,
});

const contact = (id: string, customerId: string, when: string, extra: Record<string, unknown> = {}) => ({
  id,
  customerId,
  at: when,
  channel: 'phone' as const,
  purpose: 'post-purchase' as const,
  owner: 'am-1',
  outcome: 'completed' as const,
  ...extra,
});

/**
 * Two owners of capacity 5 and five customers: c-01 gold (important) last reached on 2026-01-20, c-02 bought on
 * 2026-02-25, c-03 has a birthday on 03-05, c-04 is a new organization, c-05 has no owner.
 */
async function seeded(storage: KehuStorage, keys = false): Promise<Kehu> {
  const kehu = createKehu({ storage, ...(keys ? { keys: createMemoryKeyProvider() } : {}) });
  await kehu.cadence.putOwner({ id: 'am-1', dailyCapacity: 5 }, { actor: 'lead-1', at });
  await kehu.cadence.putOwner({ id: 'am-2', dailyCapacity: 5 }, { actor: 'lead-1', at });
  await kehu.customers.create(person('c-01', 'am-1'), ctx);
  await kehu.customers.create(person('c-02', 'am-1'), ctx);
  await kehu.customers.create(person('c-03', 'am-2', { birthday: '1990-03-05' }), ctx);
  await kehu.customers.create(
    {
      id: 'c-04',
      kind: 'organization',
      name: '某公司',
      status: 'active',
      createdAt: '2026-02-20T09:00:00+08:00',
      owner: 'am-2',
    },
    ctx,
  );
  await kehu.customers.create(person('c-05', undefined), ctx);
  await kehu.grades.assign(
    { customerId: 'c-01', tier: 'gold', effectiveFrom: at, source: 'evaluation', assignedBy: 'system', reason: 'r' },
    ctx,
  );
  await kehu.contactRecords.record(contact('r-1', 'c-01', '2026-01-20T10:00:00+08:00'), ctx);
  await kehu.transactions.import([
    { id: 't-1', customerId: 'c-02', occurredAt: '2026-02-25T10:00:00+08:00', amount: '100.00', currency: 'CNY' },
  ]);
  return kehu;
}

const kindsOf = (tasks: ReadonlyArray<{ customerId: string; kinds: readonly string[] }>, customerId: string) =>
  tasks.filter((t) => t.customerId === customerId).flatMap((t) => t.kinds);

describe.each(storesUnderTest('cadence'))('kehu.cadence on %s (rules CA-1 to CA-9)', (_name, open) => {
  it('CA-1, CA-2, CA-7: plans from the store with reasons in English and Chinese; no owner is skipped', async () => {
    const kehu = await seeded(await open());
    const plan = await kehu.cadence.plan({ asOf, calendar, days: 14 });
    expect(plan.report.from).toBe('2026-03-02');
    expect(plan.report.to).toBe('2026-03-15');
    expect(kindsOf(plan.tasks, 'c-01')).toContain('cadence');
    expect(kindsOf(plan.tasks, 'c-02')).toContain('post-purchase');
    expect(kindsOf(plan.tasks, 'c-03')).toContain('birthday');
    expect(kindsOf(plan.tasks, 'c-04')).toContain('new-customer');
    for (const t of plan.tasks) {
      expect(t.rules.length).toBeGreaterThan(0);
      for (const r of t.reasons) expect(r.en.length * r.zh.length).toBeGreaterThan(0);
    }
    expect(plan.skipped).toContainEqual(expect.objectContaining({ customerId: 'c-05', why: 'no-owner' }));
    // Deterministic for the same store and asOf.
    expect(await kehu.cadence.plan({ asOf, calendar, days: 14 })).toEqual(plan);
    // Only the listed owners' customers.
    const mine = await kehu.cadence.plan({ asOf, calendar, to: '2026-03-15', ownerIds: ['am-1'] });
    expect(new Set(mine.tasks.map((t) => t.customerId))).toEqual(new Set(['c-01', 'c-02']));
  });

  it('CA-9: a follow-up of a recorded contact becomes a task of the next plan; a contact satisfies one', async () => {
    const kehu = await seeded(await open());
    const recorded = await kehu.cadence.recordContact(
      contact('r-2', 'c-02', '2026-03-01T10:00:00+08:00', {
        outcome: 'callback-requested',
        followUp: { action: 'send the manual', dueAt: '2026-03-04T10:00:00+08:00' },
      }),
      { actor: 'am-1' },
    );
    expect(recorded.version).toBe(1);
    const audit = await kehu.audit.list({ entity: 'contact-record', entityId: 'r-2' });
    expect(audit.items[0]).toMatchObject({ actor: 'am-1', reason: 'revisit recorded (rules CA-6, CA-9)' });
    const plan = await kehu.cadence.plan({ asOf, calendar });
    expect(kindsOf(plan.tasks, 'c-02')).toContain('contact-follow-up');
    // c-01 is reached today: its cadence task is satisfied by the contact.
    await kehu.cadence.recordContact(contact('r-3', 'c-01', '2026-03-02T08:00:00+08:00'), { actor: 'am-1' });
    const after = await kehu.cadence.plan({ asOf, calendar });
    expect(kindsOf(after.tasks, 'c-01')).not.toContain('cadence');
  });

  it("CA-8: an owner's day list holds only their tasks of that day, highest priority first", async () => {
    const kehu = await seeded(await open());
    const plan = await kehu.cadence.plan({ asOf, calendar });
    for (const date of new Set(plan.tasks.map((t) => t.dueDate))) {
      for (const ownerId of ['am-1', 'am-2']) {
        const list = await kehu.cadence.dayList({ ownerId, date, asOf, calendar });
        expect(list.tasks.every((t) => t.ownerId === ownerId && t.dueDate === date)).toBe(true);
        const scores = list.tasks.map((t) => t.priority.score);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
        expect(list.tasks.map((t) => t.id).sort()).toEqual(
          plan.tasks
            .filter((t) => t.ownerId === ownerId && t.dueDate === date)
            .map((t) => t.id)
            .sort(),
        );
      }
    }
    await expect(kehu.cadence.dayList({ ownerId: 'nobody', date: '2026-03-03', asOf, calendar })).rejects.toThrow(
      /owner "nobody" not found/,
    );
  });

  it('CA-9: skipping and snoozing need a reason, are stored once by id, and the next plan follows them', async () => {
    const kehu = await seeded(await open());
    const plan = await kehu.cadence.plan({ asOf, calendar });
    const task = plan.tasks.find((t) => t.customerId === 'c-02' && t.kinds.includes('post-purchase'))!;
    const request = { taskId: task.id, keys: task.keys, customerId: 'c-02', reason: '客户出差' };
    const options = { actor: 'am-1', asOf };
    await expect(kehu.cadence.skip({ ...request, reason: ' ' }, options)).rejects.toMatchObject({ path: ['reason'] });
    const first = await kehu.cadence.skip(request, options);
    expect(first.created).toBe(true);
    expect(first.action).toMatchObject({ kind: 'skip', customerId: 'c-02', reason: '客户出差', actor: 'am-1' });
    expect((await kehu.cadence.skip(request, options)).created).toBe(false);
    const skipped = await kehu.cadence.plan({ asOf, calendar });
    expect(skipped.tasks.some((t) => t.id === task.id)).toBe(false);
    expect(skipped.skipped).toContainEqual(expect.objectContaining({ customerId: 'c-02', why: 'skipped-by-user' }));

    const birthday = plan.tasks.find((t) => t.customerId === 'c-03')!;
    await expect(
      kehu.cadence.snooze(
        { taskId: birthday.id, keys: birthday.keys, customerId: 'c-03', reason: 'later' } as never,
        options,
      ),
    ).rejects.toMatchObject({ path: ['until'] });
    const snoozed = await kehu.cadence.snooze(
      { taskId: birthday.id, keys: birthday.keys, customerId: 'c-03', until: '2026-03-10', reason: 'on a trip' },
      options,
    );
    expect(snoozed.action.until).toBe('2026-03-10');
    const later = await kehu.cadence.plan({ asOf, calendar });
    const moved = later.tasks.find((t) => t.id === birthday.id)!;
    expect(moved.dueDate >= '2026-03-10').toBe(true);
    expect(moved.placement.snoozedUntil).toBe('2026-03-10');
  });

  it('CA-8: rebalance adds the leave and moves the owner’s tasks on leave days to the cover', async () => {
    const kehu = await seeded(await open());
    const before = await kehu.cadence.plan({ asOf, calendar, ownerIds: ['am-1'] });
    expect(before.tasks.length).toBeGreaterThan(0);
    const result = await kehu.cadence.rebalance(
      { ownerId: 'am-1', leave: { from: '2026-03-02', to: '2026-03-13', coverId: 'am-2' }, asOf, calendar },
      { actor: 'lead-1' },
    );
    expect(result.owner.record.leave).toEqual([{ from: '2026-03-02', to: '2026-03-13', coverId: 'am-2' }]);
    expect(result.owner.version).toBe(2);
    expect(result.moved.length).toBeGreaterThan(0);
    for (const m of result.moved.filter((x) => x.before.ownerId === 'am-1'))
      expect(m.after.ownerId === 'am-2' || m.after.dueDate > '2026-03-13').toBe(true);
    expect(result.moved.some((m) => m.before.ownerId === 'am-1' && m.after.ownerId === 'am-2')).toBe(true);
    const audit = await kehu.audit.list({ entity: 'owner', entityId: 'am-1' });
    expect(audit.items.at(-1)).toMatchObject({
      actor: 'lead-1',
      reason: 'leave 2026-03-02..2026-03-13, covered by am-2 (rule CA-8)',
    });
    // The same leave again writes nothing.
    const again = await kehu.cadence.rebalance(
      { ownerId: 'am-1', leave: { from: '2026-03-02', to: '2026-03-13', coverId: 'am-2' }, asOf, calendar },
      { actor: 'lead-1' },
    );
    expect(again.owner.version).toBe(2);
    expect(again.moved).toEqual(result.moved);
    // am-2's day list now holds am-1's customers on the leave's days.
    const plan = await kehu.cadence.plan({ asOf, calendar });
    const covered = plan.tasks.filter(
      (t) => t.ownerId === 'am-2' && (t.customerId === 'c-01' || t.customerId === 'c-02'),
    );
    expect(covered.length).toBeGreaterThan(0);
    const list = await kehu.cadence.dayList({ ownerId: 'am-2', date: covered[0]!.dueDate, asOf, calendar });
    expect(list.tasks.some((t) => t.id === covered[0]!.id)).toBe(true);
  });

  it('CA-9: analysis per owner and tier of the tasks as planned at the period start, done by contacts', async () => {
    const kehu = await seeded(await open());
    await kehu.cadence.recordContact(contact('r-2', 'c-02', '2026-03-05T10:00:00+08:00'), { actor: 'am-1' });
    const analysis = await kehu.cadence.analysis({
      from: '2026-03-02',
      to: '2026-03-15',
      asOf: '2026-03-16T09:00:00+08:00',
      calendar,
    });
    const am1 = analysis.byOwner.find((g) => g.key === 'am-1')!;
    expect(am1.tasks.doneOnTime).toBeGreaterThanOrEqual(1);
    expect(am1.contacts.contacts).toBe(1);
    expect(analysis.staff.find((m) => m.ownerId === 'am-1')?.completedContacts).toBe(1);
    expect(analysis.byOwner.map((g) => g.key)).toEqual(expect.arrayContaining(['am-1', 'am-2']));
    expect(analysis.byTier.find((g) => g.key === 'gold')?.contacts.customers).toBe(1);
  });

  it('CA-8: owners are versioned and audited', async () => {
    const kehu = await seeded(await open());
    const updated = await kehu.cadence.putOwner(
      { id: 'am-1', dailyCapacity: 8 },
      { actor: 'lead-1', at, expectedVersion: 1 },
    );
    expect(updated).toMatchObject({ version: 2, record: { dailyCapacity: 8 } });
    await expect(
      kehu.cadence.putOwner({ id: 'am-1', dailyCapacity: 9 }, { actor: 'lead-1', at, expectedVersion: 1 }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await kehu.cadence.getOwner('am-1'))?.record.dailyCapacity).toBe(8);
    expect((await kehu.cadence.listOwners({ limit: 1 })).items.map((o) => o.record.id)).toEqual(['am-1']);
    await expect(
      kehu.cadence.putOwner({ id: 'am-3', dailyCapacity: 0 }, { actor: 'lead-1', at }),
    ).rejects.toMatchObject({ path: ['dailyCapacity'] });
  });
});

describe('kehu.cadence and personal data (rule AR-5)', () => {
  it('CA-7: sealed birthdays are opened to plan; an action reason is sealed, exported and erased', async () => {
    const storage = createMemoryStorage();
    const kehu = await seeded(storage, true);
    // A lunar birthday (rule AR-3): the 20th of the first lunar month is 2026-03-08.
    await kehu.customers.create(person('c-06', 'am-2', { birthday: '--01-20', birthdayCalendar: 'lunar' }), ctx);
    const raw = await storage.customers.get('c-03');
    expect(raw?.record.birthday).toBeUndefined();
    expect(raw?.record.attributes[SEALED_KEY]).toBeDefined();
    const plan = await kehu.cadence.plan({ asOf, calendar });
    const birthday = plan.tasks.find((t) => t.kinds.includes('birthday'))!;
    expect(birthday.customerId).toBe('c-03');
    expect((await storage.customers.get('c-06'))?.record.birthdayCalendar).toBeUndefined();
    expect(kindsOf(plan.tasks, 'c-06')).toContain('birthday');
    const { action } = await kehu.cadence.skip(
      { taskId: birthday.id, keys: birthday.keys, customerId: 'c-03', reason: '张先生住院' },
      { actor: 'am-2', asOf },
    );
    const stored = await storage.revisitActions.get(action.id);
    expect(stored?.reason).not.toContain('住院');
    const exported = await kehu.customers.exportData('c-03');
    expect(exported.revisitActions).toEqual([expect.objectContaining({ id: action.id, reason: '张先生住院' })]);
    expect(exported.audit).toContainEqual(expect.objectContaining({ entity: 'revisit-action', entityId: action.id }));
    await kehu.customers.erase('c-03', { request: 'PIPL request #1', actor: 'dpo-1', at: asOf });
    expect((await kehu.storage.revisitActions.get(action.id))?.reason).not.toContain('住院');
    const opened = await kehu.customers.exportData('c-03');
    expect(JSON.stringify(opened)).not.toContain('住院');
  });
});

describe('kehu.cadence authorization', () => {
  it('CA-1: planning asks about every kind it reads; a refused one refuses the plan', async () => {
    const storage = createMemoryStorage();
    await seeded(storage);
    const asked = new Set<string>();
    const kehu = createKehu({
      storage,
      authorize: ({ resource }) => {
        asked.add(resource.type);
        return resource.type !== 'revisit-action';
      },
    });
    await expect(kehu.cadence.plan({ asOf, calendar })).rejects.toBeInstanceOf(KehuForbiddenError);
    expect([...asked]).toEqual(expect.arrayContaining(['owner', 'customer', 'grade', 'contact-record', 'transaction']));
    asked.clear();
    const all = createKehu({ storage, authorize: ({ resource }) => asked.add(resource.type) !== undefined });
    await all.cadence.plan({
      asOf,
      calendar,
      sla: {},
      winBacks: {},
      satisfaction: { surveyId: 's', questions: [{ id: 'q', scale: { min: 1, max: 5 } }] },
    });
    expect([...asked]).toEqual(expect.arrayContaining(['complaint', 'exit', 'survey-response', 'revisit-action']));
  });

  it('CA-9: a snooze naming another actor than the bound one is refused and writes nothing', async () => {
    const storage = createMemoryStorage();
    const kehu = await seeded(storage);
    const request = {
      taskId: 'rv_1',
      keys: ['c-01|cadence|2026-02-19'],
      customerId: 'c-01',
      until: '2026-03-09',
      reason: 'r',
    };
    await expect(kehu.as('am-1').cadence.snooze(request, { actor: 'am-2', asOf })).rejects.toBeInstanceOf(
      KehuForbiddenError,
    );
    expect((await storage.revisitActions.list()).items).toEqual([]);
    const done = await kehu.as('am-1').cadence.snooze(request, { actor: 'am-1', asOf });
    expect(done.created).toBe(true);
  });
});

describe('kehu.cadence streams the store (bounded memory)', () => {
  it('CA-1: customers, contact records and transactions are read together, one customer at a time', async () => {
    const storage = createMemoryStorage();
    const kehu = createKehu({ storage });
    await kehu.cadence.putOwner({ id: 'am-1', dailyCapacity: 50 }, { actor: 'lead-1', at });
    const n = 300;
    const customers = [];
    const records = [];
    const orders = [];
    for (let i = 0; i < n; i++) {
      const id = `c-${String(i).padStart(4, '0')}`;
      customers.push(person(id, 'am-1'));
      for (let k = 0; k < 3; k++) {
        records.push(contact(`r-${id}-${k}`, id, `2025-${String(10 + k).padStart(2, '0')}-05T10:00:00+08:00`));
        orders.push({
          id: `t-${id}-${k}`,
          customerId: id,
          occurredAt: `2025-0${3 + k}-01T10:00:00+08:00`,
          amount: '1',
          currency: 'CNY',
        });
      }
    }
    for (const c of customers) await kehu.customers.create(c, ctx);
    for (const r of records) await kehu.contactRecords.record(r, ctx);
    await kehu.transactions.import(orders);
    // Logs the order in which the planner reads each stream.
    const log: string[] = [];
    const traced = <T>(name: string, items: AsyncIterable<T>): AsyncIterable<T> => ({
      async *[Symbol.asyncIterator]() {
        for await (const item of items) {
          log.push(name);
          yield item;
        }
      },
    });
    const wrapped: KehuStorage = new Proxy(storage, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property === 'customers')
          return new Proxy(value, {
            get: (t, p) =>
              p === 'stream'
                ? () => traced('customer', t.stream())
                : (Reflect.get(t, p).bind?.(t) ?? Reflect.get(t, p)),
          });
        if (property === 'contactRecords')
          return new Proxy(value, {
            get: (t, p) =>
              p === 'streamByCustomer'
                ? (f: unknown) => traced('contact', t.streamByCustomer(f))
                : (Reflect.get(t, p).bind?.(t) ?? Reflect.get(t, p)),
          });
        if (property === 'transactions')
          return new Proxy(value, {
            get: (t, p) =>
              p === 'stream'
                ? (f: unknown) => traced('transaction', t.stream(f))
                : (Reflect.get(t, p).bind?.(t) ?? Reflect.get(t, p)),
          });
        return value;
      },
    });
    const plan = await createKehu({ storage: wrapped }).cadence.plan({ asOf, calendar, days: 30 });
    expect(plan.report.customers).toBe(n);
    expect(log.filter((x) => x === 'contact')).toHaveLength(3 * n);
    expect(log.filter((x) => x === 'transaction')).toHaveLength(3 * n);
    // When the k-th customer is read, at most the contacts of the customers before it (and one ahead) are read.
    let customersRead = 0;
    let contactsRead = 0;
    for (const x of log) {
      if (x === 'customer') customersRead++;
      if (x === 'contact') contactsRead++;
      expect(contactsRead).toBeLessThanOrEqual(3 * customersRead + 1);
    }
  });
});
