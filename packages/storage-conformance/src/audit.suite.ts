import { describe, expect, it } from 'vitest';
import { collect, walk } from './expect-error.js';
import { sampleAuditContext, sampleContactRecord, sampleCustomer, sampleGrade } from './fixtures.js';
import type { Harness } from './harness.js';

/** The audit log itself (rule AR-4): order, filters. */
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
  });
}
