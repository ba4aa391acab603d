import { KehuConflictError, KehuValidationError } from '@kehu/core';
import type { KehuStorage } from '@kehu/storage';
import { describe, expect, it } from 'vitest';
import { collect } from './expect-error.js';
import { sampleAuditContext, sampleComplaint, sampleComplaintEvent, sampleCustomer } from './fixtures.js';
import type { Harness } from './harness.js';

/** Adds `tag` to the customer, re-reading and retrying on conflicts. */
async function addTag(s: KehuStorage, id: string, tag: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const current = (await s.customers.get(id))!;
    try {
      await s.customers.update(
        { ...current.record, tags: [...current.record.tags, tag] },
        current.version,
        sampleAuditContext(`add ${tag}`, tag),
      );
      return attempt;
    } catch (error) {
      if (!(error instanceof KehuConflictError) || attempt > 1000) throw error;
    }
  }
}

/** Optimistic concurrency under truly concurrent writers: no update is ever lost. */
export function concurrencySuite(h: Harness): void {
  describe('concurrent conflicting writers', () => {
    it(
      'lets exactly one of N updates at the same version win; the rest conflict and change nothing',
      async () => {
        const s = await h.open();
        const n = h.options.concurrentWriters;
        await s.customers.create(sampleCustomer('c-1'), sampleAuditContext());
        const results = await Promise.allSettled(
          Array.from({ length: n }, (_, i) =>
            s.customers.update(
              sampleCustomer('c-1', { name: `writer ${i}` }),
              1,
              sampleAuditContext(`writer ${i}`, `w-${i}`),
            ),
          ),
        );
        const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
        expect(won).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(KehuConflictError);
        const final = (await s.customers.get('c-1'))!;
        expect(final.version).toBe(2);
        expect(final.record.name).toBe(`writer ${won[0]}`);
        const audit = await collect(s.audit.stream({ entity: 'customer', entityId: 'c-1' }));
        expect(audit.map((e) => e.actor)).toEqual(['tester', `w-${won[0]}`]);
      },
      h.options.timeoutMs,
    );

    it(
      "keeps every winner's change when N writers retry until they succeed (no lost update)",
      async () => {
        const s = await h.open();
        const n = h.options.concurrentWriters;
        await s.customers.create(sampleCustomer('c-1'), sampleAuditContext());
        const tags = Array.from({ length: n }, (_, i) => `tag-${i}`);
        await Promise.all(tags.map((tag) => addTag(s, 'c-1', tag)));
        const final = (await s.customers.get('c-1'))!;
        expect(final.version).toBe(n + 1);
        expect([...final.record.tags].sort()).toEqual([...tags].sort());
        const audit = await collect(s.audit.stream({ entity: 'customer', entityId: 'c-1' }));
        expect(audit.map((e) => e.version)).toEqual(Array.from({ length: n + 1 }, (_, i) => i + 1));
      },
      h.options.timeoutMs,
    );

    it(
      'lets exactly one of N event appends at the same version win on a complaint log',
      async () => {
        const s = await h.open();
        const n = h.options.concurrentWriters;
        await s.complaints.open(sampleComplaint('k-1', 'c-1'), 'agent');
        const results = await Promise.allSettled(
          Array.from({ length: n }, (_, i) =>
            s.complaints.appendEvents('k-1', 1, [sampleComplaintEvent('acknowledged', 1, `agent-${i}`)]),
          ),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(KehuConflictError);
        expect((await s.complaints.events('k-1')).map((e) => e.seq)).toEqual([1, 2]);
      },
      h.options.timeoutMs,
    );

    it('refuses a non-version expectedVersion (1.5, NaN, "2", -1) at its path and writes nothing', async () => {
      const s = await h.open();
      await s.customers.create(sampleCustomer('c-1'), sampleAuditContext());
      await s.complaints.open(sampleComplaint('k-1', 'c-1'), 'agent');
      const refused = async (call: () => Promise<unknown>, what: string) => {
        const error = await call().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, `${what} must fail with a KehuValidationError`).toBeInstanceOf(KehuValidationError);
        expect((error as KehuValidationError).path).toEqual(['expectedVersion']);
      };
      for (const bad of [1.5, Number.NaN, '2', -1, 0, Infinity, null, 2 ** 31] as unknown as number[]) {
        const label = String(bad);
        await refused(
          () => s.customers.update(sampleCustomer('c-1', { name: 'x' }), bad, sampleAuditContext()),
          `update at ${label}`,
        );
        await refused(() => s.customers.delete('c-1', sampleAuditContext(), bad), `delete at ${label}`);
        await refused(
          () => s.complaints.appendEvents('k-1', bad, [sampleComplaintEvent('acknowledged', 1, 'agent')]),
          `appendEvents at ${label}`,
        );
      }
      const customer = (await s.customers.get('c-1'))!;
      expect([customer.version, customer.record.name]).toEqual([1, sampleCustomer('c-1').name]);
      expect((await s.complaints.events('k-1')).map((e) => e.seq)).toEqual([1]);
      expect(await collect(s.audit.stream({ entity: 'customer', entityId: 'c-1' }))).toHaveLength(1);
    });
  });
}
