import {
  contactRecordToJson,
  type KehuValidationError,
  type Owner,
  ownerToJson,
  parseOwner,
  parseRevisitAction,
  type RevisitAction,
  revisitActionToJson,
} from '@kehu/core';
import { type KehuRepositories, rebuildRecord } from '@kehu/storage';
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
import { fixtureInstant, sampleAuditContext, sampleContactRecord } from './fixtures.js';
import type { Harness } from './harness.js';

/** A valid owner with a daily capacity of `dailyCapacity`; `overrides` before parsing. */
export function sampleOwner(id: string, dailyCapacity = 20, overrides: Record<string, unknown> = {}): Owner {
  return parseOwner({ id, dailyCapacity, ...overrides });
}

/** A valid snooze of a revisit task, `minutes` after the fixture epoch; `overrides` before parsing. */
export function sampleRevisitAction(
  id: string,
  customerId: string,
  minutes = 0,
  overrides: Record<string, unknown> = {},
): RevisitAction {
  return parseRevisitAction({
    id,
    customerId,
    taskId: `${customerId}|2026-01-12`,
    keys: [`${customerId}|cadence|2026-01-12`],
    kind: 'snooze',
    until: '2026-01-20',
    reason: 'customer travelling until the 20th 客户出差',
    actor: 'am-1',
    at: fixtureInstant(minutes),
    ...overrides,
  });
}

/** What the revisit repositories hold, for before/after comparisons. */
async function cadenceSnapshot(s: KehuRepositories) {
  return {
    owners: (await collect(s.owners.stream())).map((v) => [v.record.id, v.version]),
    actions: (await collect(s.revisitActions.stream())).map((a) => a.id),
    audit: (await collect(s.audit.stream()))
      .filter((e) => e.entity === 'owner' || e.entity === 'revisit-action')
      .map((e) => [e.entity, e.entityId, e.action, e.version]),
  };
}

/** The validation error `promise` rejects with. */
async function invalid(promise: Promise<unknown>): Promise<KehuValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  await expectInvalid(Promise.reject(error));
  return error as KehuValidationError;
}

/**
 * Owners with their capacity and leave, snoozes and skips of revisit tasks, and contact records streamed one
 * customer at a time (rules CA-1 to CA-9), with audit entries (rule AR-4).
 */
export function cadenceSuite(h: Harness): void {
  const ctx = sampleAuditContext('revisit planning');

  describe('owners (rules CA-1 to CA-9, AR-4)', () => {
    it('CA-4: round-trips capacity, leave in order and attributes, and writes a create audit entry', async () => {
      const s = await h.open();
      expect(await s.owners.get('am-1')).toBeNull();
      expect(await s.owners.list()).toEqual({ items: [], nextCursor: null });
      const owner = sampleOwner('am-1', 10_000, {
        leave: [
          { from: '2026-10-08', to: '2026-10-09', coverId: 'am-2' },
          { from: '2026-01-01', to: '2026-01-01' },
          { from: '0001-01-01', to: '9999-12-31', coverId: '中😀' },
        ],
        attributes: { team: '华东 east', nested: { deep: [1.5, null, { a: [] }] } },
      });
      const stored = await s.owners.put(owner, {}, ctx);
      expect(stored.version).toBe(1);
      expect(ownerToJson(stored.record)).toEqual(ownerToJson(owner));
      const back = await s.owners.get('am-1');
      expect(back?.version).toBe(1);
      expect(ownerToJson(back!.record)).toEqual(ownerToJson(owner));
      const minimal = sampleOwner('am-2', 1);
      await s.owners.put(minimal, {}, ctx);
      expect(ownerToJson((await s.owners.get('am-2'))!.record)).toEqual(ownerToJson(minimal));
      const audit = await collect(s.audit.stream({ entity: 'owner', entityId: 'am-1' }));
      expect(audit.map((e) => [e.action, e.version, e.actor, e.reason])).toEqual([
        ['create', 1, 'tester', 'revisit planning'],
      ]);
      expect(rebuildRecord(audit, 1)).toEqual(ownerToJson(owner));
    });

    it('CA-4: creates without a version, replaces at the expected version, refuses stale and missing', async () => {
      const s = await h.open();
      const first = sampleOwner('am-1', 10);
      await s.owners.put(first, {}, ctx);
      const before = await cadenceSnapshot(s);
      await expectConflict(s.owners.put(sampleOwner('am-1', 99), {}, ctx), 'owner', 'am-1');
      await expectConflict(s.owners.put(sampleOwner('am-1', 99), { expectedVersion: 2 }, ctx), 'owner', 'am-1');
      await expectNotFound(s.owners.put(sampleOwner('am-9', 5), { expectedVersion: 1 }, ctx));
      expect(await cadenceSnapshot(s)).toEqual(before);
      const onLeave = sampleOwner('am-1', 12, { leave: [{ from: '2026-02-01', to: '2026-02-07', coverId: 'am-2' }] });
      const second = await s.owners.put(onLeave, { expectedVersion: 1 }, sampleAuditContext('leave', 'lead'));
      expect(second.version).toBe(2);
      expect(ownerToJson(second.record)).toEqual(ownerToJson(onLeave));
      await expectConflict(s.owners.put(first, { expectedVersion: 1 }, ctx), 'owner', 'am-1');
      expect(await s.owners.get('am-1')).toMatchObject({ version: 2, record: { dailyCapacity: 12 } });
      const audit = await collect(s.audit.stream({ entity: 'owner', entityId: 'am-1' }));
      expect(audit.map((e) => [e.action, e.version, e.actor])).toEqual([
        ['create', 1, 'tester'],
        ['update', 2, 'lead'],
      ]);
      expect(rebuildRecord(audit, 1)).toEqual(ownerToJson(first));
      expect(rebuildRecord(audit, 2)).toEqual(ownerToJson(onLeave));
    });

    it('CA-4: refuses an expected version that is not a whole number from 1, before the store is asked', async () => {
      const s = await h.open();
      await s.owners.put(sampleOwner('am-1'), {}, ctx);
      const before = await cadenceSnapshot(s);
      for (const bad of [0, 0.5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -1, 2 ** 31, '1', null]) {
        const error = await invalid(s.owners.put(sampleOwner('am-1', 5), { expectedVersion: bad as number }, ctx));
        expect(error.path).toEqual(['expectedVersion']);
      }
      expect(await cadenceSnapshot(s)).toEqual(before);
    });

    it('CA-4: lists and streams owners in id order (code points), paged by keyset', async () => {
      const s = await h.open();
      for (const id of TRICKY_IDS) await s.owners.put(sampleOwner(id), {}, ctx);
      await s.owners.put(sampleOwner('中', 3), { expectedVersion: 1 }, ctx);
      const expected = codePointSort(TRICKY_IDS);
      const paged = await walk((r) => s.owners.list(r), 3);
      expect(paged.map((v) => v.record.id)).toEqual(expected);
      expect(paged.find((v) => v.record.id === '中')).toMatchObject({ version: 2, record: { dailyCapacity: 3 } });
      expect((await collect(s.owners.stream())).map((v) => v.record.id)).toEqual(expected);
      const first = await s.owners.list({ limit: 2 });
      await s.owners.put(sampleOwner('0-before'), {}, ctx);
      await s.owners.put(sampleOwner('\u{10FFFF}-after'), {}, ctx);
      const rest = await walk((r) => s.owners.list({ ...r, cursor: r.cursor ?? first.nextCursor! }), 4);
      expect(rest.map((v) => v.record.id)).toEqual([...expected.slice(2), '\u{10FFFF}-after']);
      await expectInvalid(s.owners.list({ limit: 0 }));
      await expectInvalid(s.owners.list({ cursor: 'not-a-cursor' }), 'INVALID_CURSOR');
    });
  });

  describe('revisit actions: snoozes and skips with reasons (rules CA-9, AR-4)', () => {
    it('CA-9: round-trips a snooze and a skip, and writes one create audit entry', async () => {
      const s = await h.open();
      expect(await s.revisitActions.get('a-1')).toBeNull();
      const snooze = sampleRevisitAction('a-1', 'c-1', 0, {
        at: new Date(Date.UTC(2026, 0, 12, 3, 4, 5, 678)),
        keys: ['c-1|post-purchase:7|2026-01-02', 'c-1|cadence|2026-01-12', '客户|生日|--08-15 😀'],
        reason: '客户下周出差 😀\nback on the 20th',
        attributes: { source: 'mobile', nested: { list: [1, 'two', null] } },
      });
      const result = await s.revisitActions.record(snooze, ctx);
      expect(result.created).toBe(true);
      expect(revisitActionToJson(result.record)).toEqual(revisitActionToJson(snooze));
      const back = await s.revisitActions.get('a-1');
      expect(back!.at).toBeInstanceOf(Date);
      expect(back!.at.getTime()).toBe(snooze.at.getTime());
      expect(revisitActionToJson(back!)).toEqual(revisitActionToJson(snooze));
      const skip = sampleRevisitAction('a-2', 'c-1', 5, { kind: 'skip', until: undefined, reason: 'met at the fair' });
      await s.revisitActions.record(skip, ctx);
      expect(revisitActionToJson((await s.revisitActions.get('a-2'))!)).toEqual(revisitActionToJson(skip));
      expect((await s.revisitActions.get('a-2'))!.until).toBeUndefined();
      const audit = await collect(s.audit.stream({ entity: 'revisit-action', entityId: 'a-1' }));
      expect(audit.map((e) => [e.action, e.version, e.actor])).toEqual([['create', 1, 'tester']]);
      expect(rebuildRecord(audit, 1)).toEqual(revisitActionToJson(snooze));
    });

    it('CA-9: takes the same action again without a change; different content under its id conflicts', async () => {
      const s = await h.open();
      const attributes = { a: 1, b: { c: 2, d: 3 } };
      const keys = ['k-1', 'k-2'];
      const action = sampleRevisitAction('a-1', 'c-1', 0, { attributes, keys });
      await s.revisitActions.record(action, ctx);
      const again = await s.revisitActions.record(sampleRevisitAction('a-1', 'c-1', 0, { attributes, keys }), ctx);
      expect(again.created).toBe(false);
      expect(revisitActionToJson(again.record)).toEqual(revisitActionToJson(action));
      // The same JSON with object keys in another order is the same content.
      const reordered = sampleRevisitAction('a-1', 'c-1', 0, { keys, attributes: { b: { d: 3, c: 2 }, a: 1 } });
      expect((await s.revisitActions.record(reordered, ctx)).created).toBe(false);
      for (const changed of [
        sampleRevisitAction('a-1', 'c-1', 0, { attributes, keys: ['k-2', 'k-1'] }),
        sampleRevisitAction('a-1', 'c-1', 0, { attributes, keys, reason: 'another reason' }),
        sampleRevisitAction('a-1', 'c-1', 0, { attributes, keys, until: '2026-01-21' }),
        sampleRevisitAction('a-1', 'c-1', 0, { attributes, keys, kind: 'skip', until: undefined }),
        sampleRevisitAction('a-1', 'c-1', 1, { attributes, keys }),
        sampleRevisitAction('a-1', 'c-2', 0, { attributes, keys }),
        sampleRevisitAction('a-1', 'c-1', 0, { keys }),
      ]) {
        await expectConflict(s.revisitActions.record(changed, ctx), 'revisit-action', 'a-1');
      }
      expect(revisitActionToJson((await s.revisitActions.get('a-1'))!)).toEqual(revisitActionToJson(action));
      expect(await collect(s.audit.stream({ entity: 'revisit-action', entityId: 'a-1' }))).toHaveLength(1);
    });

    it("CA-9: gives a customer's actions oldest first, in (at, id) order", async () => {
      const s = await h.open();
      await s.revisitActions.record(sampleRevisitAction('a-b', 'c-1', 10), ctx);
      await s.revisitActions.record(sampleRevisitAction('a-a', 'c-1', 10), ctx);
      await s.revisitActions.record(sampleRevisitAction('a-z', 'c-1', 0), ctx);
      await s.revisitActions.record(sampleRevisitAction('a-other', 'c-2', 5), ctx);
      await s.revisitActions.record(sampleRevisitAction('a-prefix', 'c-10', 5), ctx);
      expect((await s.revisitActions.forCustomer('c-1')).map((a) => a.id)).toEqual(['a-z', 'a-a', 'a-b']);
      expect(await s.revisitActions.forCustomer('nobody')).toEqual([]);
    });

    it('CA-9: lists and streams in (customerId, at, id) order, by code points, within [from, to)', async () => {
      const s = await h.open();
      // Every customer with two actions at one instant and one later, so ties on at are ordered by id.
      for (const c of TRICKY_IDS) {
        await s.revisitActions.record(sampleRevisitAction(`${c}/late`, c, 20), ctx);
        await s.revisitActions.record(sampleRevisitAction(`${c}/b`, c, 10), ctx);
        await s.revisitActions.record(sampleRevisitAction(`${c}/a`, c, 10), ctx);
      }
      const customers = codePointSort(TRICKY_IDS);
      const all = customers.flatMap((c) => [`${c}/a`, `${c}/b`, `${c}/late`]);
      expect((await walk((r) => s.revisitActions.list({}, r), 4)).map((a) => a.id)).toEqual(all);
      expect((await walk((r) => s.revisitActions.list(undefined, r), 1000)).map((a) => a.id)).toEqual(all);
      expect((await collect(s.revisitActions.stream())).map((a) => a.id)).toEqual(all);
      const late = { from: fixtureInstant(20) };
      const lateIds = customers.map((c) => `${c}/late`);
      expect((await walk((r) => s.revisitActions.list(late, r), 5)).map((a) => a.id)).toEqual(lateIds);
      const early = all.filter((id) => !id.endsWith('/late'));
      expect((await collect(s.revisitActions.stream({ to: fixtureInstant(20) }))).map((a) => a.id)).toEqual(early);
      const both = { from: fixtureInstant(10), to: new Date(fixtureInstant(10).getTime() + 1) };
      expect((await collect(s.revisitActions.stream(both))).map((a) => a.id)).toEqual(early);
      expect(await s.revisitActions.list({ from: fixtureInstant(21) })).toEqual({ items: [], nextCursor: null });
    });

    it('CA-9: pages by keyset: actions recorded while paging are neither repeated nor skipped', async () => {
      const s = await h.open();
      for (let i = 0; i < 6; i++) await s.revisitActions.record(sampleRevisitAction(`a-${i}`, `c-${i}`, i), ctx);
      const first = await s.revisitActions.list({}, { limit: 3 });
      expect(first.items.map((a) => a.id)).toEqual(['a-0', 'a-1', 'a-2']);
      await s.revisitActions.record(sampleRevisitAction('a-before', 'c-0', 50), ctx);
      await s.revisitActions.record(sampleRevisitAction('a-after', 'c-3', 50), ctx);
      const rest = await walk((r) => s.revisitActions.list({}, { ...r, cursor: r.cursor ?? first.nextCursor! }), 3);
      expect(rest.map((a) => a.id)).toEqual(['a-3', 'a-after', 'a-4', 'a-5']);
    });

    it('CA-9: refuses bad bounds, limits and cursors with a KehuValidationError', async () => {
      const s = await h.open();
      await s.revisitActions.record(sampleRevisitAction('a-1', 'c-1'), ctx);
      for (const filter of [{ from: new Date(Number.NaN) }, { to: 'yesterday' as unknown as Date }]) {
        await expectInvalid(s.revisitActions.list(filter));
        await expectInvalid(collect(s.revisitActions.stream(filter)));
      }
      const error = await invalid(s.revisitActions.list({ to: new Date(Number.NaN) }));
      expect(error.issues[0]!.path).toEqual(['filter', 'to']);
      await expectInvalid(s.revisitActions.list({}, { limit: 1001 }));
      await expectInvalid(s.revisitActions.list({}, { cursor: 'bogus' }), 'INVALID_CURSOR');
    });
  });

  describe('contact records streamed by customer (rules CA-1, CA-9)', () => {
    it('CA-1: streams every record in (customerId, at, id) order within [from, to), across pages', async () => {
      const s = await h.open();
      await s.withTransaction(async (tx) => {
        // More than one page of the stream (1,000 records), customers sorted by code points.
        for (let i = 0; i < 1050; i++) {
          const customer = TRICKY_IDS[i % TRICKY_IDS.length]!;
          await tx.contactRecords.create(sampleContactRecord(`r-${String(i).padStart(4, '0')}`, customer, i % 7), ctx);
        }
      });
      const records = await collect(s.contactRecords.streamByCustomer());
      const key = (r: { customerId: string; at: Date; id: string }) => [r.customerId, r.at.getTime(), r.id] as const;
      const sorted = [...records].sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        if (x[0] !== y[0]) return codePointSort([x[0], y[0]])[0] === x[0] ? -1 : 1;
        return x[1] - y[1] || (x[2] < y[2] ? -1 : 1);
      });
      expect(records).toHaveLength(1050);
      expect(records.map((r) => r.id)).toEqual(sorted.map((r) => r.id));
      const expected = records.filter((r) => r.at >= fixtureInstant(2) && r.at < fixtureInstant(5)).map((r) => r.id);
      const window = { from: fixtureInstant(2), to: fixtureInstant(5) };
      expect((await collect(s.contactRecords.streamByCustomer(window))).map((r) => r.id)).toEqual(expected);
      const one = (await s.contactRecords.get('r-0001'))!.record;
      expect(contactRecordToJson(records.find((r) => r.id === 'r-0001')!)).toEqual(contactRecordToJson(one));
    });

    it('CA-1: refuses bad bounds with a KehuValidationError at the bound', async () => {
      const s = await h.open();
      const error = await invalid(collect(s.contactRecords.streamByCustomer({ from: new Date(Number.NaN) })));
      expect(error.issues[0]!.path).toEqual(['filter', 'from']);
      await expectInvalid(collect(s.contactRecords.streamByCustomer({ to: 'soon' as unknown as Date })));
    });
  });

  describe('owners and revisit actions in transactions (rule AR-4)', () => {
    it('commits owners, actions and their audit entries together', async () => {
      const s = await h.open();
      await s.withTransaction(async (tx) => {
        await tx.owners.put(sampleOwner('am-1'), {}, ctx);
        await tx.revisitActions.record(sampleRevisitAction('a-1', 'c-1'), ctx);
        expect((await tx.owners.get('am-1'))?.version).toBe(1);
        expect(await tx.revisitActions.forCustomer('c-1')).toHaveLength(1);
      });
      expect(await cadenceSnapshot(s)).toEqual({
        owners: [['am-1', 1]],
        actions: ['a-1'],
        audit: [
          ['owner', 'am-1', 'create', 1],
          ['revisit-action', 'a-1', 'create', 1],
        ],
      });
    });

    it('leaves nothing, audit entries included, when the transaction throws', async () => {
      const s = await h.open();
      await s.owners.put(sampleOwner('am-1', 10), {}, ctx);
      await s.revisitActions.record(sampleRevisitAction('a-0', 'c-0'), ctx);
      const before = await cadenceSnapshot(s);
      await expect(
        s.withTransaction(async (tx) => {
          await tx.owners.put(sampleOwner('am-1', 11), { expectedVersion: 1 }, ctx);
          await tx.owners.put(sampleOwner('am-2'), {}, ctx);
          await tx.revisitActions.record(sampleRevisitAction('a-1', 'c-1'), ctx);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await cadenceSnapshot(s)).toEqual(before);
      expect((await s.owners.get('am-1'))!.record.dailyCapacity).toBe(10);
      expect(await s.revisitActions.get('a-1')).toBeNull();
    });

    it('keeps the rest of a transaction when a refused write is caught', async () => {
      const s = await h.open();
      await s.revisitActions.record(sampleRevisitAction('a-1', 'c-1'), ctx);
      await s.withTransaction(async (tx) => {
        await tx.owners.put(sampleOwner('am-1'), {}, ctx);
        await expectConflict(tx.revisitActions.record(sampleRevisitAction('a-1', 'c-1', 99), ctx), 'revisit-action');
        await expectConflict(tx.owners.put(sampleOwner('am-1', 3), {}, ctx), 'owner');
        await tx.revisitActions.record(sampleRevisitAction('a-2', 'c-1'), ctx);
      });
      expect(await cadenceSnapshot(s)).toEqual({
        owners: [['am-1', 1]],
        actions: ['a-1', 'a-2'],
        audit: [
          ['revisit-action', 'a-1', 'create', 1],
          ['owner', 'am-1', 'create', 1],
          ['revisit-action', 'a-2', 'create', 1],
        ],
      });
    });
  });
}
