import { KehuConflictError, KehuStorageError, parseContactRecord, parseCustomer, parseTransaction } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from './memory-storage.js';

const ctx = { actor: 'am-1', at: new Date('2026-01-05T01:00:00.000Z'), reason: 'test' };
const customer = (id: string, name = 'Zhang Wei 张伟') =>
  parseCustomer({ id, kind: 'person', name, status: 'active', createdAt: '2026-01-01T00:00:00Z' });
const tx = (id: string, customerId: string, at: string, amount = '10.00') =>
  parseTransaction({ id, customerId, occurredAt: at, amount, currency: 'CNY', kind: 'purchase' });

describe('createMemoryStorage (adapter specifics; the contract is checked by the conformance suite)', () => {
  it('reports its capabilities', () => {
    expect(createMemoryStorage().capabilities).toEqual({
      name: 'memory',
      durable: false,
      parallelWriters: false,
      transactions: true,
    });
    expect(createMemoryStorage({ name: 'mem-a' }).capabilities.name).toBe('mem-a');
  });

  it('keeps sort orders right across undo (a conflicting batch leaves the order as before)', async () => {
    const s = createMemoryStorage();
    await s.transactions.append([tx('t-2', 'c-1', '2026-01-02T00:00:00Z'), tx('t-1', 'c-1', '2026-01-01T00:00:00Z')]);
    await expect(
      s.transactions.append([
        tx('t-0', 'c-0', '2026-01-01T00:00:00Z'),
        tx('t-1', 'c-1', '2026-01-01T00:00:00Z', '11.00'),
      ]),
    ).rejects.toBeInstanceOf(KehuConflictError);
    expect((await s.transactions.list()).items.map((t) => t.id)).toEqual(['t-1', 't-2']);
    expect(await s.transactions.count()).toBe(2);
  });

  it('moves a contact record between customers in listByCustomer when it is updated', async () => {
    const s = createMemoryStorage();
    const base = parseContactRecord({
      id: 'r-1',
      customerId: 'c-1',
      at: '2026-01-01T00:00:00Z',
      channel: 'phone',
      purpose: 'other',
      owner: 'am-1',
      outcome: 'completed',
    });
    const created = await s.contactRecords.create(base, ctx);
    await s.contactRecords.update({ ...created.record, customerId: 'c-2' }, 1, ctx);
    expect((await s.contactRecords.listByCustomer('c-1')).items).toEqual([]);
    expect((await s.contactRecords.listByCustomer('c-2')).items.map((r) => r.version)).toEqual([2]);
  });

  it('refuses calls after close with STORAGE_CLOSED, and close is idempotent', async () => {
    const s = createMemoryStorage();
    await s.close();
    await s.close();
    await expect(s.customers.get('c-1')).rejects.toMatchObject({ code: 'STORAGE_CLOSED', operation: 'customers.get' });
    await expect(s.withTransaction(async () => 1)).rejects.toBeInstanceOf(KehuStorageError);
  });

  it('refuses use of transaction repositories after the transaction ended', async () => {
    const s = createMemoryStorage();
    let leaked: Parameters<Parameters<typeof s.withTransaction>[0]>[0] | undefined;
    await s.withTransaction(async (t) => {
      leaked = t;
    });
    await expect(leaked!.customers.create(customer('c-1'), ctx)).rejects.toMatchObject({ code: 'TRANSACTION_ENDED' });
    expect(await s.customers.count()).toBe(0);
  });

  it('keeps the audit sequence without gaps after a rollback', async () => {
    const s = createMemoryStorage();
    await s.customers.create(customer('c-1'), ctx);
    await expect(
      s.withTransaction(async (t) => {
        await t.customers.create(customer('c-2'), ctx);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await s.customers.create(customer('c-3'), ctx);
    expect((await s.audit.list()).items.map((e) => [e.seq, e.entityId])).toEqual([
      [1, 'c-1'],
      [2, 'c-3'],
    ]);
  });
});
