import type { AuditEntity } from '@kehu/core';
import { rebuildRecord, type AuditedRepository, type KehuRepositories } from '@kehu/storage';
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

    it('creates at version 1 and writes a create audit entry adding the whole JSON form (rule AR-4)', async () => {
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
      });
      expect(entry!.at.getTime()).toBe(ctx.at.getTime());
      expect(entry!.patch).toEqual([{ op: 'add', path: '', value: c.toJson(record) }]);
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
      'updates with the expected version, auditing what changed as a JSON Patch; ' +
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
      expect(audit[1]!.patch.length).toBeGreaterThan(0);
      expect(audit[1]!.patch.every((op) => op.path !== '')).toBe(true);
      expect(rebuildRecord(audit, 1)).toEqual(c.toJson(v1.record));
      expect(rebuildRecord(audit, 2)).toEqual(c.toJson(next));
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

    it('deletes with an audit entry removing the record; a stale expected version conflicts', async () => {
      const s = await h.open();
      const v1 = await c.repo(s).create(c.make('r-1'), ctx);
      await expectConflict(c.repo(s).delete('r-1', ctx, 2), c.entity, 'r-1');
      expect(await c.repo(s).get('r-1')).not.toBeNull();
      expect(await c.repo(s).delete('r-1', ctx, 1)).toBe(true);
      expect(await c.repo(s).get('r-1')).toBeNull();
      expect(await c.repo(s).delete('r-1', ctx)).toBe(false);
      const audit = await entries(s, 'r-1');
      expect(audit.map((e) => e.action)).toEqual(['create', 'delete']);
      expect(audit[1]).toMatchObject({ version: 1, patch: [{ op: 'remove', path: '' }] });
      expect(rebuildRecord(audit, 1)).toEqual(c.toJson(v1.record));
      expect(await c.repo(s).count()).toBe(0);
    });

    const rebuilds =
      'rebuilds every version from the audit log exactly as get returned it, ' +
      'through updates, a delete and a re-create (rule AR-4)';
    it(rebuilds, async () => {
      const s = await h.open();
      const seen: Array<[version: number, json: unknown]> = [];
      const remember = async () => {
        const got = (await c.repo(s).get('r-1'))!;
        seen.push([got.version, c.toJson(got.record)]);
        return got;
      };
      await c.repo(s).create(c.make('r-1'), ctx);
      let current = await remember();
      for (const tag of ['one', 'two', 'three']) {
        await c.repo(s).update(c.change(current.record, tag), current.version, ctx);
        current = await remember();
      }
      expect(await c.repo(s).delete('r-1', ctx)).toBe(true);
      const lifetime = await entries(s, 'r-1');
      expect(lifetime.map((e) => [e.action, e.version])).toEqual([
        ['create', 1],
        ['update', 2],
        ['update', 3],
        ['update', 4],
        ['delete', 4],
      ]);
      for (const [version, json] of seen) expect(rebuildRecord(lifetime, version)).toEqual(json);
      // A one-field change records that change, not the whole record.
      for (const e of lifetime.slice(1, 4))
        expect(JSON.stringify(e.patch).length).toBeLessThan(JSON.stringify(seen[0]![1]).length);

      await c.repo(s).create(c.change(c.make('r-1'), 'again'), ctx);
      const again = c.toJson((await c.repo(s).get('r-1'))!.record);
      const all = await entries(s, 'r-1');
      expect(rebuildRecord(all, 1)).toEqual(again);
      expect(rebuildRecord(all, 3)).toEqual(seen[2]![1]);
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
