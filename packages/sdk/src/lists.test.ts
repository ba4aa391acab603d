import { createMemoryStorage } from '@kehu/storage-memory';
import { describe, expect, it } from 'vitest';
import { createKehu } from './kehu.js';

const ctx = { actor: 'am-7', at: '2026-01-05T09:00:00+08:00', reason: 'intake' };

async function business() {
  const kehu = createKehu({ storage: createMemoryStorage() });
  const people: Array<[string, 'active' | 'dormant', string]> = [
    ['c-1', 'active', 'am-1'],
    ['c-2', 'dormant', 'am-1'],
    ['c-3', 'active', 'am-2'],
  ];
  for (const [id, status, owner] of people)
    await kehu.customers.create(
      { id, kind: 'person', name: id, status, owner, createdAt: '2026-01-05T09:00:00+08:00' },
      ctx,
    );
  await kehu.grades.assign(
    {
      customerId: 'c-3',
      tier: 'gold',
      effectiveFrom: '2026-01-06T00:00:00+08:00',
      source: 'manual',
      assignedBy: 'am-2',
      reason: 'key account',
    },
    ctx,
  );
  for (const [id, customerId, day] of [
    ['k-1', 'c-1', '01'],
    ['k-2', 'c-2', '02'],
    ['k-3', 'c-1', '03'],
  ] as const)
    await kehu.complaints.open(
      {
        id,
        customerId,
        content: '破损',
        occurredAt: `2026-02-${day}T09:00:00+08:00`,
        receivedAt: `2026-02-${day}T10:00:00+08:00`,
        channel: 'phone',
        severity: id === 'k-2' ? 'urgent' : 'normal',
      },
      'agent-1',
    );
  await kehu.complaints.appendEvents('k-1', [{ type: 'resolved', at: '2026-02-01T12:00:00+08:00', actor: 'a' }]);
  return kehu;
}

describe('reads an app needs, filtered by the store', () => {
  it('lists and streams customers by status, owner and current tier', async () => {
    const kehu = await business();
    const ids = async (filter?: Parameters<typeof kehu.customers.list>[0]) =>
      (await kehu.customers.list(filter)).items.map((c) => c.record.id);
    expect(await ids()).toEqual(['c-1', 'c-2', 'c-3']);
    expect(await ids({ status: 'active' })).toEqual(['c-1', 'c-3']);
    expect(await ids({ owner: 'am-1', status: 'active' })).toEqual(['c-1']);
    expect(await ids({ tier: 'gold' })).toEqual(['c-3']);
    const page = await kehu.customers.list({ owner: 'am-1' }, { limit: 1 });
    expect((await kehu.customers.list({ owner: 'am-1' }, { limit: 1, cursor: page.nextCursor! })).items).toHaveLength(
      1,
    );
    const streamed: string[] = [];
    for await (const c of kehu.customers.stream({ status: 'active' })) streamed.push(c.record.id);
    expect(streamed).toEqual(['c-1', 'c-3']);
  });

  it('lists and streams complaints by state, severity, customer and received range', async () => {
    const kehu = await business();
    const ids = async (filter: Parameters<typeof kehu.complaints.list>[0]) =>
      (await kehu.complaints.list(filter)).items.map((c) => c.record.id);
    expect(await ids({ state: 'open' })).toEqual(['k-2', 'k-3']);
    expect(await ids({ state: 'resolved' })).toEqual(['k-1']);
    expect(await ids({ severity: 'urgent' })).toEqual(['k-2']);
    expect(await ids({ customerId: 'c-1', receivedFrom: new Date('2026-02-02T00:00:00+08:00') })).toEqual(['k-3']);
    expect(await ids({ receivedTo: '2026-02-02T10:00:00+08:00' })).toEqual(['k-1']);
    const streamed: string[] = [];
    for await (const c of kehu.complaints.stream({ customerId: 'c-1' })) streamed.push(c.record.id);
    expect(streamed).toEqual(['k-1', 'k-3']);
  });

  it('lists survey responses by customer and period, and contact records by customer and owner', async () => {
    const kehu = await business();
    await kehu.surveys.recordResponses(
      ['01', '15', '28'].map((day, i) => ({
        id: `s-${i}`,
        surveyId: 'csat',
        customerId: 'c-1',
        answeredAt: `2026-03-${day}T10:00:00+08:00`,
        answers: { csat: 4 },
      })),
    );
    const march = { customerId: 'c-1', from: '2026-03-10T00:00:00+08:00', to: '2026-03-20T00:00:00+08:00' };
    expect((await kehu.surveys.list(march)).items.map((r) => r.id)).toEqual(['s-1']);
    expect(await kehu.surveys.count({ customerId: 'c-1' })).toBe(3);
    for (const [id, customerId, owner] of [
      ['r-1', 'c-1', 'am-1'],
      ['r-2', 'c-3', 'am-2'],
      ['r-3', 'c-1', 'am-2'],
    ] as const)
      await kehu.contactRecords.record(
        {
          id,
          customerId,
          at: `2026-03-0${id.slice(2)}T10:00:00+08:00`,
          channel: 'phone',
          purpose: 'post-purchase',
          owner,
          outcome: 'completed',
        },
        ctx,
      );
    expect((await kehu.contactRecords.list({ owner: 'am-2' })).items.map((r) => r.record.id)).toEqual(['r-2', 'r-3']);
    const streamed: string[] = [];
    for await (const r of kehu.contactRecords.stream({ customerId: 'c-1' })) streamed.push(r.record.id);
    expect(streamed).toEqual(['r-1', 'r-3']);
  });
});
