import {
  KehuPolicyError,
  KehuValidationError,
  parseAuditContext,
  parseContactRecord,
  parseCustomer,
  type AuditEntry,
} from '@kehu/core';
import type { KehuStorage } from '@kehu/storage';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storesUnderTest } from './stores.fixture.js';
import { parseRetentionPolicy, retentionUseCases, yearsBefore, type RetentionBatch } from './retention.js';

const context = (at: string, reason = 'test') => parseAuditContext({ actor: 'am-1', at, reason });
const record = (id: string, at: string) =>
  parseContactRecord({
    id,
    customerId: 'c-1',
    at,
    channel: 'phone',
    purpose: 'post-purchase',
    owner: 'am-1',
    outcome: 'completed',
  });
const asOf = new Date('2026-06-01T00:00:00.000Z');

const stores = storesUnderTest('kehu_sdk_retention');

/** A store with audit entries from 2019 to 2026 and contact records from 2021 to 2025. */
async function seeded(open: () => Promise<KehuStorage>): Promise<KehuStorage> {
  const s = await open();
  const customer = parseCustomer({
    id: 'c-1',
    kind: 'person',
    name: '张伟',
    status: 'active',
    createdAt: '2019-03-01T00:00:00Z',
  });
  await s.customers.create(customer, context('2019-03-01T00:00:00Z'));
  await s.customers.update({ ...customer, tags: ['vip'] }, 1, context('2020-07-01T00:00:00Z'));
  await s.contactRecords.create(record('r-2021', '2021-05-01T00:00:00Z'), context('2021-05-01T00:00:00Z'));
  await s.contactRecords.create(record('r-2022', '2022-02-01T00:00:00Z'), context('2022-02-01T00:00:00Z'));
  await s.contactRecords.create(record('r-2025', '2025-01-01T00:00:00Z'), context('2025-01-01T00:00:00Z'));
  await s.customers.update({ ...customer, tags: [] }, 2, context('2026-01-01T00:00:00Z'));
  return s;
}

const useCases = (s: KehuStorage) => retentionUseCases({ atomic: (fn) => s.withTransaction((tx) => fn(tx, tx)) });

async function all(s: KehuStorage): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of s.audit.stream()) out.push(e);
  return out;
}

describe('retention policy (rule AR-4)', () => {
  it("has Kehu's documented defaults and refuses bad values with the path", () => {
    expect(parseRetentionPolicy({})).toEqual({ auditYears: 5, contactRecordYears: 3, batchSize: 500 });
    expect(parseRetentionPolicy({ auditYears: null, contactRecordYears: 10 })).toMatchObject({
      auditYears: null,
      contactRecordYears: 10,
    });
    for (const [bad, path] of [
      [{ auditYears: 0 }, ['auditYears']],
      [{ auditYears: 2.5 }, ['auditYears']],
      [{ contactRecordYears: '3' }, ['contactRecordYears']],
      [{ batchSize: 1001 }, ['batchSize']],
      [{ keepForever: true }, ['keepForever']],
    ] as const) {
      let error: unknown;
      try {
        parseRetentionPolicy(bad);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(bad)).toBeInstanceOf(KehuPolicyError);
      expect((error as KehuPolicyError).path).toEqual(path);
    }
  });

  it('counts years back on the calendar in UTC; a leap day goes back to 28 February', () => {
    expect(yearsBefore(new Date('2026-06-01T08:30:00.000Z'), 5).toISOString()).toBe('2021-06-01T08:30:00.000Z');
    expect(yearsBefore(new Date('2024-02-29T12:00:00.000Z'), 1).toISOString()).toBe('2023-02-28T12:00:00.000Z');
    expect(yearsBefore(new Date('2024-02-29T12:00:00.000Z'), 4).toISOString()).toBe('2020-02-29T12:00:00.000Z');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 999 }),
        (d, n) => {
          const back = yearsBefore(d, n);
          expect(back.getUTCFullYear()).toBe(d.getUTCFullYear() - n);
          expect(back.getUTCMonth()).toBe(d.getUTCMonth());
          expect(back.getTime()).toBeLessThan(d.getTime());
        },
      ),
    );
  });
});

describe.each(stores)('retentionUseCases.apply on %s', (_name, open) => {
  it('archives each batch, then purges old contact records (audited) and old audit entries', async () => {
    const s = await seeded(open);
    const batches: RetentionBatch[] = [];
    const before = await all(s);
    const result = await useCases(s).apply(
      { batchSize: 1 },
      {
        asOf,
        actor: 'dpo-1',
        archive: async (batch) => {
          batches.push(batch);
        },
      },
    );
    expect(result).toEqual({
      auditEntries: 3,
      contactRecords: 2,
      auditBefore: new Date('2021-06-01T00:00:00.000Z'),
      contactRecordsBefore: new Date('2023-06-01T00:00:00.000Z'),
    });
    // Contact records first, in (at, id) order, one per batch; then the audit entries in seq order.
    expect(batches.map((b) => [b.kind, b.items.length])).toEqual([
      ['contact-records', 1],
      ['contact-records', 1],
      ['audit-entries', 1],
      ['audit-entries', 1],
      ['audit-entries', 1],
    ]);
    const archivedRecords = batches.flatMap((b) => (b.kind === 'contact-records' ? b.items : []));
    expect(archivedRecords.map((v) => v.record.id)).toEqual(['r-2021', 'r-2022']);
    const archivedEntries = batches.flatMap((b) => (b.kind === 'audit-entries' ? b.items : []));
    expect(archivedEntries).toEqual(before.filter((e) => e.at < result.auditBefore!));

    const records: string[] = [];
    for await (const v of s.contactRecords.stream()) records.push(v.record.id);
    expect(records).toEqual(['r-2025']);
    const after = await all(s);
    expect(after.every((e) => e.at >= result.auditBefore!)).toBe(true);
    const deletes = after.filter((e) => e.action === 'delete');
    expect(deletes.map((e) => [e.entityId, e.actor, e.at.toISOString()])).toEqual([
      ['r-2021', 'dpo-1', asOf.toISOString()],
      ['r-2022', 'dpo-1', asOf.toISOString()],
    ]);
    expect(deletes[0]!.reason).toContain('3 years');
  });

  it('purges nothing when archive throws, and nothing that a null number of years keeps', async () => {
    const s = await seeded(open);
    const before = await all(s);
    const failing = useCases(s).apply(
      {},
      {
        asOf,
        actor: 'dpo-1',
        archive: async () => {
          throw new Error('cold storage unavailable');
        },
      },
    );
    await expect(failing).rejects.toThrow('cold storage unavailable');
    expect(await all(s)).toEqual(before);
    expect(await s.contactRecords.count()).toBe(3);

    const kept = await useCases(s).apply({ auditYears: null, contactRecordYears: null }, { asOf, actor: 'dpo-1' });
    expect(kept).toEqual({ auditEntries: 0, contactRecords: 0, auditBefore: null, contactRecordsBefore: null });
    expect(await all(s)).toEqual(before);
    const early = await useCases(s).apply({}, { asOf: '0003-01-01T00:00:00Z', actor: 'dpo-1' });
    expect([early.auditEntries, early.contactRecords]).toEqual([0, 0]);
  });

  it('refuses bad options with a typed error and the path, touching nothing', async () => {
    const s = await seeded(open);
    const before = await all(s);
    const cases: Array<[unknown, unknown[]]> = [
      [null, []],
      [{ actor: 'dpo-1' }, ['asOf']],
      [{ asOf: 'yesterday', actor: 'dpo-1' }, ['asOf']],
      [{ asOf }, ['actor']],
      [{ asOf, actor: 'dpo-1', reason: '' }, ['reason']],
      [{ asOf, actor: 'dpo-1', archive: 'cold' }, ['archive']],
      [{ asOf, actor: 'dpo-1', dryRun: true }, ['dryRun']],
    ];
    for (const [options, path] of cases) {
      let error: unknown;
      try {
        await useCases(s).apply({}, options as never);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(options)).toBeInstanceOf(KehuValidationError);
      expect((error as KehuValidationError).path).toEqual(path);
    }
    await expect(useCases(s).apply({ auditYears: -1 }, { asOf, actor: 'dpo-1' })).rejects.toThrow(KehuPolicyError);
    expect(await all(s)).toEqual(before);
  });
});
