import { parseAuditContext } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { collect, walk } from './expect-error.js';
import { fixtureInstant, sampleAuditContext, sampleContactRecord, sampleCustomer, sampleGrade } from './fixtures.js';
import type { Harness } from './harness.js';

/** An audit context `minutes` after the fixture epoch. */
const contextAt = (minutes: number, reason = 'conformance test') =>
  parseAuditContext({ actor: 'tester', at: fixtureInstant(minutes), reason });

/** The audit log itself (rule AR-4): order, filters, retention purges. */
export function auditSuite(h: Harness): void {
  describe('audit log (rule AR-4)', () => {
    it('numbers entries with strictly increasing seq and filters by entity and record', async () => {
      const s = await h.open();
      const ctx = sampleAuditContext();
      await s.customers.create(sampleCustomer('c-1'), ctx);
      await s.contactRecords.create(sampleContactRecord('r-1', 'c-1'), ctx);
      await s.customers.create(sampleCustomer('c-2'), ctx);
      await s.grades.assign(sampleGrade('c-1'), 0, ctx);
      await s.customers.update(sampleCustomer('c-1', { tags: ['vip'] }), 1, ctx);
      const all = await walk((r) => s.audit.list({}, r), 2);
      expect(all.map((e) => [e.entity, e.entityId, e.action])).toEqual([
        ['customer', 'c-1', 'create'],
        ['contact-record', 'r-1', 'create'],
        ['customer', 'c-2', 'create'],
        ['grade', 'c-1', 'create'],
        ['customer', 'c-1', 'update'],
      ]);
      for (let i = 1; i < all.length; i++) expect(all[i]!.seq).toBeGreaterThan(all[i - 1]!.seq);
      expect((await collect(s.audit.stream({ entity: 'customer' }))).map((e) => e.entityId)).toEqual([
        'c-1',
        'c-2',
        'c-1',
      ]);
      expect((await collect(s.audit.stream({ entity: 'customer', entityId: 'c-1' }))).map((e) => e.action)).toEqual([
        'create',
        'update',
      ]);
      expect(await collect(s.audit.stream({ entity: 'grade', entityId: 'c-2' }))).toEqual([]);
    });

    it('purges the entries written before an instant and keeps the rest with their seq (retention)', async () => {
      const s = await h.open();
      await s.customers.create(sampleCustomer('c-1'), contextAt(0));
      await s.customers.create(sampleCustomer('c-2'), contextAt(10));
      await s.customers.update(sampleCustomer('c-1', { tags: ['vip'] }), 1, contextAt(20));
      await s.customers.update(sampleCustomer('c-2', { tags: ['x'] }), 1, contextAt(5));
      const all = await collect(s.audit.stream());
      const cutoff = fixtureInstant(10);
      const early = all.filter((e) => e.at < cutoff);
      expect(early.map((e) => [e.entityId, e.action])).toEqual([
        ['c-1', 'create'],
        ['c-2', 'update'],
      ]);
      expect(await walk((r) => s.audit.list({ before: cutoff }, r), 1)).toEqual(early);
      expect(await collect(s.audit.stream({ entity: 'customer', entityId: 'c-2', before: cutoff }))).toEqual(
        early.slice(1),
      );
      expect(await s.audit.purge(cutoff)).toBe(2);
      expect(await collect(s.audit.stream())).toEqual(all.filter((e) => e.at >= cutoff));
      expect(await s.audit.purge(cutoff)).toBe(0);
      await s.customers.create(sampleCustomer('c-3'), contextAt(0));
      const [last] = (await s.audit.list({ entityId: 'c-3' })).items;
      expect(last!.seq).toBeGreaterThan(Math.max(...all.map((e) => e.seq)));
    });

    it('purges nothing when the transaction around the purge fails', async () => {
      const s = await h.open();
      await s.customers.create(sampleCustomer('c-1'), contextAt(0));
      await s.contactRecords.create(sampleContactRecord('r-1', 'c-1', 0), contextAt(0));
      const failed = s.withTransaction(async (tx) => {
        expect(await tx.audit.purge(fixtureInstant(1))).toBe(2);
        expect(await tx.contactRecords.purge(fixtureInstant(1), contextAt(2))).toBe(1);
        throw new Error('boom');
      });
      await expect(failed).rejects.toThrow('boom');
      expect(await collect(s.audit.stream())).toHaveLength(2);
      expect(await s.contactRecords.count()).toBe(1);
    });

    it('purges contact records made before an instant, with one audit delete entry each (retention)', async () => {
      const s = await h.open();
      const ctx = contextAt(100, 'set up');
      await s.contactRecords.create(sampleContactRecord('r-3', 'c-1', 30), ctx);
      await s.contactRecords.create(sampleContactRecord('r-2', 'c-1', 10), ctx);
      await s.contactRecords.create(sampleContactRecord('r-1', 'c-2', 10), ctx);
      await s.contactRecords.create(sampleContactRecord('r-0', 'c-1', 20), ctx);
      const r2 = await s.contactRecords.update(sampleContactRecord('r-2', 'c-1', 10, { summary: 'x' }), 1, ctx);
      expect(r2.version).toBe(2);
      const purge = contextAt(200, 'retention: 3 years');
      expect(await s.contactRecords.purge(fixtureInstant(30), purge)).toBe(3);
      expect((await collect(s.contactRecords.stream())).map((v) => v.record.id)).toEqual(['r-3']);
      const deletes = (await collect(s.audit.stream({ entity: 'contact-record' }))).filter(
        (e) => e.action === 'delete',
      );
      expect(deletes.map((e) => [e.entityId, e.version, e.actor, e.reason, e.at.getTime()])).toEqual([
        ['r-1', 1, 'tester', 'retention: 3 years', purge.at.getTime()],
        ['r-2', 2, 'tester', 'retention: 3 years', purge.at.getTime()],
        ['r-0', 1, 'tester', 'retention: 3 years', purge.at.getTime()],
      ]);
      for (const e of deletes) expect(e.patch).toEqual([{ op: 'remove', path: '' }]);
      expect(await s.contactRecords.purge(fixtureInstant(30), purge)).toBe(0);
      expect(await collect(s.audit.stream({ entity: 'contact-record' }))).toHaveLength(8);
    });
  });
}
