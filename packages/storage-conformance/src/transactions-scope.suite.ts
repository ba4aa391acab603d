import type { KehuRepositories, KehuStorage } from '@kehu/storage';
import { describe, expect, it } from 'vitest';
import { collect } from './expect-error.js';
import {
  sampleAuditContext,
  sampleComplaint,
  sampleComplaintEvent,
  sampleContactRecord,
  sampleCustomer,
  sampleGrade,
  sampleSurveyResponse,
  sampleTransaction,
} from './fixtures.js';
import type { Harness } from './harness.js';

/** Everything a store holds, for before/after comparisons. */
async function snapshot(s: KehuRepositories) {
  return {
    customers: (await collect(s.customers.stream())).map((v) => [v.record.id, v.version, v.record.name]),
    transactions: (await collect(s.transactions.stream())).map((t) => t.id),
    complaints: (await collect(s.complaints.stream())).map((v) => [v.record.id, v.version]),
    events: (await s.complaints.events('k-1')).map((e) => e.seq),
    logs: (await collect(s.complaints.streamLogs())).map((l) => [
      l.complaint.record.id,
      l.complaint.version,
      l.events.map((e) => e.seq),
    ]),
    contactRecords: (await collect(s.contactRecords.stream())).map((v) => [v.record.id, v.version]),
    surveyResponses: (await collect(s.surveyResponses.stream())).map((r) => r.id),
    grades: (await collect(s.grades.streamCurrent())).map((v) => [v.record.customerId, v.version]),
    audit: (await collect(s.audit.stream())).map((e) => [e.entity, e.entityId, e.action]),
    counts: [
      await s.customers.count(),
      await s.transactions.count(),
      await s.complaints.count(),
      await s.contactRecords.count(),
      await s.surveyResponses.count(),
    ],
  };
}

/** Writes to every repository inside `tx`. */
async function writeEverything(tx: KehuRepositories): Promise<void> {
  const ctx = sampleAuditContext('inside a transaction');
  await tx.customers.create(sampleCustomer('c-new'), ctx);
  await tx.customers.update(sampleCustomer('c-1', { name: 'Renamed 改名' }), 1, ctx);
  await tx.customers.delete('c-2', ctx);
  await tx.transactions.append([sampleTransaction('t-new', 'c-new')]);
  await tx.complaints.open(sampleComplaint('k-new', 'c-new'), 'agent');
  await tx.complaints.appendEvents('k-1', 1, [sampleComplaintEvent('acknowledged')]);
  await tx.contactRecords.create(sampleContactRecord('r-new', 'c-new'), ctx);
  await tx.surveyResponses.append([sampleSurveyResponse('s-new', 'c-new')]);
  await tx.grades.assign(sampleGrade('c-1', 'diamond'), 1, ctx);
  await tx.grades.assign(sampleGrade('c-new', 'regular'), 0, ctx);
}

async function seed(s: KehuStorage): Promise<void> {
  const ctx = sampleAuditContext('seed');
  await s.customers.create(sampleCustomer('c-1'), ctx);
  await s.customers.create(sampleCustomer('c-2'), ctx);
  await s.transactions.append([sampleTransaction('t-1', 'c-1')]);
  await s.complaints.open(sampleComplaint('k-1', 'c-1'), 'agent');
  await s.grades.assign(sampleGrade('c-1', 'gold'), 0, ctx);
}

/** `withTransaction`: commit, rollback, isolation. */
export function transactionScopeSuite(h: Harness): void {
  describe('withTransaction: all or nothing', () => {
    it('commits everything fn wrote when it resolves, and fn sees its own writes', async () => {
      const s = await h.open();
      await seed(s);
      const result = await s.withTransaction(async (tx) => {
        await writeEverything(tx);
        expect((await tx.customers.get('c-new'))?.version).toBe(1);
        expect(await tx.customers.get('c-2')).toBeNull();
        expect(await tx.transactions.count()).toBe(2);
        return 'done';
      });
      expect(result).toBe('done');
      const after = await snapshot(s);
      expect(after.counts).toEqual([2, 2, 2, 1, 1]);
      expect(after.events).toEqual([1, 2]);
      expect(after.grades).toEqual([
        ['c-1', 2],
        ['c-new', 1],
      ]);
    });

    const leavesNothingOnThrow =
      'leaves nothing behind when fn throws after writing to every repository, and rethrows the same error';
    it(leavesNothingOnThrow, async () => {
      const s = await h.open();
      await seed(s);
      const before = await snapshot(s);
      const boom = new Error('boom');
      let caught: unknown;
      try {
        await s.withTransaction(async (tx) => {
          await writeEverything(tx);
          throw boom;
        });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBe(boom);
      expect(await snapshot(s)).toEqual(before);
    });

    it('leaves nothing behind when a write inside fn fails and fn lets the error through', async () => {
      const s = await h.open();
      await seed(s);
      const before = await snapshot(s);
      await expect(
        s.withTransaction(async (tx) => {
          await tx.customers.create(sampleCustomer('c-new'), sampleAuditContext());
          await tx.customers.create(sampleCustomer('c-1'), sampleAuditContext()); // conflict
        }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await snapshot(s)).toEqual(before);
    });

    it('does not show uncommitted writes to readers outside the transaction', async () => {
      const s = await h.open();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let written!: () => void;
      const wrote = new Promise<void>((resolve) => {
        written = resolve;
      });
      const transaction = s
        .withTransaction(async (tx) => {
          await tx.customers.create(sampleCustomer('c-1'), sampleAuditContext());
          written();
          await gate;
          throw new Error('roll back');
        })
        .catch(() => 'rolled back');
      await wrote;
      // A reader either sees the committed state (nothing) at once, or waits for the
      // transaction; either way it must never see the uncommitted customer.
      const outside = s.customers.get('c-1');
      const early = await Promise.race([
        outside.then((v) => ({ v })),
        new Promise<null>((r) => setTimeout(() => r(null), 50)),
      ]);
      if (early !== null) expect(early.v).toBeNull();
      release();
      expect(await transaction).toBe('rolled back');
      expect(await outside).toBeNull();
      expect(await s.customers.count()).toBe(0);
      expect(await collect(s.audit.stream())).toEqual([]);
    });
  });
}
