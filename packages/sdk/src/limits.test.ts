import { KehuPolicyError } from '@kehu/core';
import { createMemoryStorage } from '@kehu/storage-memory';
import { describe, expect, it } from 'vitest';
import { createKehu } from './kehu.js';

const at = '2026-01-05T09:00:00+08:00';
const ctx = { actor: 'am-7', at, reason: 'limits' };
const customer = { id: 'c-1', kind: 'person', name: '张伟', status: 'active', createdAt: at } as const;

describe('size limits are policy data, checked before the store is touched', () => {
  it('refuses a record past a limit with the path, the limit and the size; nothing is written', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), limits: { maxNameLength: 5, maxTextLength: 20 } });
    await expect(kehu.customers.create({ ...customer, name: '欧阳娜娜的公司' }, ctx)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      path: ['name'],
    });
    expect(await kehu.customers.count()).toBe(0);
    await kehu.customers.create(customer, ctx);
    const complaint = { id: 'q-1', customerId: 'c-1', occurredAt: at, receivedAt: at, channel: 'phone' } as const;
    await expect(kehu.complaints.open({ ...complaint, content: 'x'.repeat(21) }, 'cs-1')).rejects.toMatchObject({
      path: ['content'],
    });
    await expect(
      kehu.contactRecords.record(
        {
          id: 'r-1',
          customerId: 'c-1',
          at,
          channel: 'phone',
          purpose: 'greeting',
          owner: 'am-7',
          outcome: 'completed',
          summary: 'y'.repeat(21),
        },
        ctx,
      ),
    ).rejects.toMatchObject({ path: ['summary'] });
    await expect(kehu.customers.update('c-1', (c) => ({ ...c, name: '123456' }), ctx)).rejects.toMatchObject({
      path: ['name'],
    });
    expect((await kehu.customers.get('c-1'))!.version).toBe(1);
  });

  it('refuses an exit whose lessons are past the text limit (rule CH-7); nothing is written', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), limits: { maxTextLength: 20 } });
    await kehu.customers.create(customer, ctx);
    const exit = {
      id: 'x-1',
      customerId: 'c-1',
      leftAt: at,
      reason: 'price.too-high',
      settlement: 'settled',
      recordedBy: 'am-7',
      recordedAt: at,
    } as const;
    await expect(kehu.churn.recordExit({ ...exit, lessons: 'z'.repeat(21) }, ctx)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      path: ['lessons'],
    });
    expect(await kehu.churn.exits()).toEqual({ items: [], nextCursor: null });
    expect((await kehu.customers.get('c-1'))!.record.status).toBe('active');
  });

  it('refuses an append that takes a complaint past its events limit, at the event that would', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), limits: { maxEventsPerComplaint: 3 } });
    await kehu.customers.create(customer, ctx);
    await kehu.complaints.open(
      { id: 'q-1', customerId: 'c-1', content: 'late', occurredAt: at, receivedAt: at, channel: 'phone' },
      'cs-1',
    );
    const event = (minute: number) => ({
      type: 'assigned' as const,
      at: `2026-01-05T09:${String(minute).padStart(2, '0')}:00+08:00`,
      actor: 'cs-1',
      assignee: 'cs-2',
    });
    await expect(kehu.complaints.appendEvents('q-1', [event(1), event(2), event(3)])).rejects.toMatchObject({
      path: [2],
    });
    expect(await kehu.complaints.events('q-1')).toHaveLength(1);
    await kehu.complaints.appendEvents('q-1', [event(1), event(2)]);
    await expect(kehu.complaints.appendEvents('q-1', [event(3)])).rejects.toMatchObject({ path: [0] });
  });

  it('refuses a batch larger than maxBatchSize', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), limits: { maxBatchSize: 1 } });
    await kehu.customers.create(customer, ctx);
    const response = (id: string) => ({ id, surveyId: 's', customerId: 'c-1', answeredAt: at, answers: { q: 1 } });
    await expect(kehu.surveys.recordResponses([response('a'), response('b')])).rejects.toMatchObject({ path: [] });
    expect(await kehu.surveys.count()).toBe(0);
  });

  it('validates the limits policy itself', () => {
    expect(() => createKehu({ storage: createMemoryStorage(), limits: { maxTextLength: -1 } })).toThrow(
      KehuPolicyError,
    );
  });
});
