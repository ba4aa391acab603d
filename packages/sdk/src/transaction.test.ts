import { KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import type { CustomerInput } from './inputs.js';
import { storesUnderTest } from './stores.fixture.js';
import { createKehu } from './kehu.js';

const ctx = { actor: 'am-7', at: '2026-01-05T09:00:00+08:00', reason: 'intake' };
const customer = (id: string): CustomerInput => ({
  id,
  kind: 'person',
  name: `客户 ${id}`,
  status: 'active',
  createdAt: '2026-01-05T09:00:00+08:00',
});
const order = (id: string, customerId: string) => ({
  id,
  customerId,
  occurredAt: '2026-01-05T10:00:00+08:00',
  amount: '100.00',
  currency: 'CNY',
});

const stores = storesUnderTest('kehu_sdk_tx');

describe.each(stores)('kehu.transaction on %s', (_name, open) => {
  it('commits what the validated use cases wrote when the function resolves', async () => {
    const kehu = createKehu({ storage: await open() });
    const result = await kehu.transaction(async (k) => {
      await k.customers.create(customer('c-1'), ctx);
      // The existence check sees the customer created in the same transaction.
      await k.transactions.import([order('t-1', 'c-1')]);
      await k.complaints.open(
        {
          id: 'k-1',
          customerId: 'c-1',
          content: '破损',
          occurredAt: '2026-01-05T10:00:00+08:00',
          receivedAt: '2026-01-05T11:00:00+08:00',
          channel: 'phone',
        },
        'agent-1',
      );
      return k.customers.count();
    });
    expect(result).toBe(1);
    expect(await kehu.transactions.count()).toBe(1);
    expect((await kehu.complaints.list({ customerId: 'c-1' })).items.map((c) => c.record.id)).toEqual(['k-1']);
  });

  it('rolls everything back when the function throws, and rethrows its error', async () => {
    const kehu = createKehu({ storage: await open() });
    const boom = new Error('host failure');
    await expect(
      kehu.transaction(async (k) => {
        await k.customers.create(customer('c-1'), ctx);
        await k.transactions.import([order('t-1', 'c-1')]);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await kehu.customers.count()).toBe(0);
    expect(await kehu.transactions.count()).toBe(0);
    expect((await kehu.audit.list()).items).toEqual([]);
  });

  it('rolls back when a use case inside refuses its input', async () => {
    const kehu = createKehu({ storage: await open() });
    const error = await kehu
      .transaction(async (k) => {
        await k.customers.create(customer('c-1'), ctx);
        await k.transactions.import([order('t-1', 'c-404')]);
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KehuValidationError);
    expect((error as KehuValidationError).path).toEqual([0, 'customerId']);
    expect(await kehu.customers.count()).toBe(0);
  });

  it('runs the re-grading inside the surrounding transaction', async () => {
    const kehu = createKehu({ storage: await open() });
    await kehu.customers.create(customer('c-1'), ctx);
    await kehu.transactions.import([order('t-1', 'c-1')]);
    await expect(
      kehu.transaction(async (k) => {
        const run = await k.value.regradeAll({
          asOf: '2026-01-06T00:00:00+08:00',
          apply: { actor: 'regrader', reason: 'monthly' },
        });
        expect(run.applied).toBe(1);
        expect((await k.grades.current('c-1'))?.record.tier).toBe('diamond');
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await kehu.grades.current('c-1')).toBeNull();
  });
});
