import { createMemoryStorage } from '@kehu/storage-memory';
import { describe, expect, it } from 'vitest';
import { createKehu } from './kehu.js';

const ctx = { actor: 'am-7', at: '2026-01-05T09:00:00+08:00', reason: 'intake' };
const order = (i: number, customerId: string) => ({
  id: `t-${i}`,
  customerId,
  occurredAt: '2026-01-05T10:00:00+08:00',
  amount: '10.00',
  currency: 'CNY',
});
const complaint = (customerId: string) => ({
  id: 'k-1',
  customerId,
  content: '破损',
  occurredAt: '2026-01-05T10:00:00+08:00',
  receivedAt: '2026-01-05T11:00:00+08:00',
  channel: 'phone' as const,
});

async function withCustomers() {
  const storage = createMemoryStorage();
  const kehu = createKehu({ storage });
  for (const id of ['c-1', 'c-2'])
    await kehu.customers.create(
      { id, kind: 'person', name: id, status: 'active', createdAt: '2026-01-05T09:00:00+08:00' },
      ctx,
    );
  return { storage, kehu };
}

describe('references to customers that do not exist', () => {
  it('refuses an order of an unknown customer at [row, "customerId"] before its batch is written', async () => {
    const { kehu } = await withCustomers();
    const rows = [order(0, 'c-1'), order(1, 'c-2'), order(2, 'c-9'), order(3, 'c-1')];
    await expect(kehu.transactions.import(rows, { batchSize: 2 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      path: [2, 'customerId'],
    });
    expect(await kehu.transactions.count()).toBe(2);
  });

  it('reports them with onInvalid "skip", and checks existence once per batch, not once per row', async () => {
    const { storage, kehu } = await withCustomers();
    let calls = 0;
    const missing = storage.customers.missing;
    storage.customers.missing = (ids) => {
      calls++;
      return missing(ids);
    };
    const rows = Array.from({ length: 50 }, (_, i) => order(i, i % 10 === 9 ? 'c-9' : `c-${(i % 2) + 1}`));
    const result = await kehu.transactions.import(rows, { batchSize: 20, onInvalid: 'skip' });
    expect(calls).toBe(3);
    expect(result.inserted).toBe(45);
    expect(result.invalid.map((r) => r.index)).toEqual([9, 19, 29, 39, 49]);
    expect(result.invalid[0]!.error.path).toEqual([9, 'customerId']);
  });

  it('accepts orders before customers when the host says so, per import or for the whole SDK', async () => {
    const { kehu } = await withCustomers();
    expect(await kehu.transactions.import([order(0, 'c-9')], { requireKnownCustomers: false })).toMatchObject({
      inserted: 1,
    });
    const lenient = createKehu({ storage: createMemoryStorage(), requireKnownCustomers: false });
    expect((await lenient.complaints.open(complaint('c-9'), 'agent-1')).version).toBe(1);
    await expect(lenient.transactions.import([], { requireKnownCustomers: 'no' as never })).rejects.toMatchObject({
      path: ['requireKnownCustomers'],
    });
    expect(() => createKehu({ storage: createMemoryStorage(), requireKnownCustomers: 1 as never })).toThrow(
      /requireKnownCustomers/,
    );
  });

  it('refuses a complaint, a contact record and a survey response of an unknown customer', async () => {
    const { kehu } = await withCustomers();
    await expect(kehu.complaints.open(complaint('c-9'), 'agent-1')).rejects.toMatchObject({ path: ['customerId'] });
    await expect(
      kehu.contactRecords.record(
        {
          id: 'r-1',
          customerId: 'c-9',
          at: '2026-01-06T10:00:00+08:00',
          channel: 'phone',
          purpose: 'post-purchase',
          owner: 'am-7',
          outcome: 'completed',
        },
        ctx,
      ),
    ).rejects.toMatchObject({ path: ['customerId'] });
    await expect(
      kehu.surveys.recordResponses([
        { id: 's-1', surveyId: 'csat', customerId: 'c-1', answeredAt: '2026-01-06T10:00:00+08:00', answers: {} },
        { id: 's-2', surveyId: 'csat', customerId: 'c-9', answeredAt: '2026-01-06T10:00:00+08:00', answers: {} },
      ]),
    ).rejects.toMatchObject({ path: [1, 'customerId'] });
    expect(await kehu.surveys.count()).toBe(0);
    expect((await kehu.complaints.open(complaint('c-1'), 'agent-1')).version).toBe(1);
  });
});
