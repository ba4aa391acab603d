import type { AuditEntity } from '@kehu/core';
import type { AuditedRepository, KehuRepositories } from '@kehu/storage';
import { describe, expect, it } from 'vitest';
import { codePointSort, collect, expectConflict, expectNotFound, TRICKY_IDS, walk } from './expect-error.js';
import { sampleAuditContext } from './fixtures.js';
import type { Harness } from './harness.js';

/** One versioned, audited aggregate under test. */
export interface AuditedCase<T extends { id: string }> {
  /** Describe-block title, with rule IDs. */
  title: string;
  /** Audit entity and error entity. */
  entity: AuditEntity;
  /** The repository of a store or transaction. */
  repo(s: KehuRepositories): AuditedRepository<T>;
  /** A valid record with `id`. */
  make(id: string): T;
  /** A changed copy of `record`. */
  change(record: T, tag: string): T;
  /** The JSON form written to the audit log. */
  toJson(record: T): unknown;
}

/** The rules shared by customers (AR-1..AR-4) and contact records (CA-6, CA-9). */
export function auditedSuite<T extends { id: string }>(h: Harness, c: AuditedCase<T>): void {
  const ctx = sampleAuditContext();
  const entries = async (s: KehuRepositories, id?: string) =>
    await collect(s.audit.stream(id === undefined ? { entity: c.entity } : { entity: c.entity, entityId: id }));

  describe(c.title, () => {
    const readsMissingAndEmpty =
      'reads a missing record as null, an empty list as [], and deletes idempotently without an audit entry';
    it(readsMissingAndEmpty, async () => {
      const s = await h.open();
      expect(await c.repo(s).get('missing')).toBeNull();
      expect(await c.repo(s).list()).toEqual({ items: [], nextCursor: null });
      expect(await c.repo(s).count()).toBe(0);
      expect(await collect(c.repo(s).stream())).toEqual([]);
      expect(await c.repo(s).delete('missing', ctx)).toBe(false);
      expect(await c.repo(s).delete('missing', ctx, 3)).toBe(false);
      expect(await entries(s)).toEqual([]);
    });

    it('creates at version 1 and writes a create audit entry with the JSON after (rule AR-4)', async () => {
      const s = await h.open();
      const record = c.make('r-1');
      const created = await c.repo(s).create(record, ctx);
      expect(created.version).toBe(1);
      expect(c.toJson(created.record)).toEqual(c.toJson(record));
      const got = await c.repo(s).get('r-1');
      expect(got?.version).toBe(1);
      expect(c.toJson(got!.record)).toEqual(c.toJson(record));
      const [entry, ...rest] = await entries(s, 'r-1');
      expect(rest).toEqual([]);
      expect(entry).toMatchObject({
        entity: c.entity,
        entityId: 'r-1',
        action: 'create',
        actor: ctx.actor,
        reason: ctx.reason,
        version: 1,
        before: null,
      });
      expect(entry!.at.getTime()).toBe(ctx.at.getTime());
      expect(entry!.after).toEqual(c.toJson(record));
    });

    it('refuses to create an existing id with a conflict and changes nothing', async () => {
      const s = await h.open();
      await c.repo(s).create(c.make('r-1'), ctx);
      await expectConflict(c.repo(s).create(c.change(c.make('r-1'), 'other'), ctx), c.entity, 'r-1');
      const got = await c.repo(s).get('r-1');
      expect(got?.version).toBe(1);
      expect(c.toJson(got!.record)).toEqual(c.toJson(c.make('r-1')));
      expect(await entries(s)).toHaveLength(1);
    });

    const updatesWithVersion =
      'updates with the expected version, auditing before and after; ' +
      'a stale version conflicts and changes nothing';
    it(updatesWithVersion, async () => {
      const s = await h.open();
      const v1 = await c.repo(s).create(c.make('r-1'), ctx);
      const next = c.change(v1.record, 'first');
      const v2 = await c.repo(s).update(next, 1, sampleAuditContext('first change', 'am-2'));
      expect(v2.version).toBe(2);
      const audit = await entries(s, 'r-1');
      expect(audit.map((e) => [e.action, e.version, e.actor])).toEqual([
        ['create', 1, ctx.actor],
        ['update', 2, 'am-2'],
      ]);
      expect(audit[1]!.before).toEqual(c.toJson(v1.record));
      expect(audit[1]!.after).toEqual(c.toJson(next));
      expect(audit[1]!.reason).toBe('first change');

      const conflict = await expectConflict(c.repo(s).update(c.change(v1.record, 'stale'), 1, ctx), c.entity, 'r-1');
      expect(conflict.expectedVersion).toBe(1);
      const after = await c.repo(s).get('r-1');
      expect(after?.version).toBe(2);
      expect(c.toJson(after!.record)).toEqual(c.toJson(next));
      expect(await entries(s)).toHaveLength(2);
    });

    it('fails to update a missing record with not-found', async () => {
      const s = await h.open();
      await expectNotFound(c.repo(s).update(c.make('nope'), 1, ctx));
      expect(await c.repo(s).count()).toBe(0);
      expect(await entries(s)).toEqual([]);
    });

    it('deletes with an audit entry holding the JSON before; a stale expected version conflicts', async () => {
      const s = await h.open();
      const v1 = await c.repo(s).create(c.make('r-1'), ctx);
      await expectConflict(c.repo(s).delete('r-1', ctx, 2), c.entity, 'r-1');
      expect(await c.repo(s).get('r-1')).not.toBeNull();
      expect(await c.repo(s).delete('r-1', ctx, 1)).toBe(true);
      expect(await c.repo(s).get('r-1')).toBeNull();
      expect(await c.repo(s).delete('r-1', ctx)).toBe(false);
      const audit = await entries(s, 'r-1');
      expect(audit.map((e) => e.action)).toEqual(['create', 'delete']);
      expect(audit[1]).toMatchObject({ version: 1, after: null });
      expect(audit[1]!.before).toEqual(c.toJson(v1.record));
      expect(await c.repo(s).count()).toBe(0);
    });

    it('lists, streams and counts in id order by Unicode code points', async () => {
      const s = await h.open();
      for (const id of TRICKY_IDS) await c.repo(s).create(c.make(id), ctx);
      const expected = codePointSort(TRICKY_IDS);
      expect((await c.repo(s).list()).items.map((v) => v.record.id)).toEqual(expected);
      expect((await walk((r) => c.repo(s).list(r), 3)).map((v) => v.record.id)).toEqual(expected);
      expect((await collect(c.repo(s).stream())).map((v) => v.record.id)).toEqual(expected);
      expect(await c.repo(s).count()).toBe(TRICKY_IDS.length);
    });

    it('never mutates its input and hands out copies', async () => {
      const s = await h.open();
      const record = c.make('r-1');
      const before = JSON.stringify(c.toJson(record));
      const created = await c.repo(s).create(record, ctx);
      expect(JSON.stringify(c.toJson(record))).toBe(before);
      (created.record as { id: string }).id = 'hacked';
      const got = await c.repo(s).get('r-1');
      (got!.record as Record<string, unknown>).attributes = { hacked: true };
      expect(JSON.stringify(c.toJson((await c.repo(s).get('r-1'))!.record))).toBe(before);
    });
  });
}
