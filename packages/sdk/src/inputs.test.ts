import { KehuValidationError } from '@kehu/core';
import { createMemoryStorage } from '@kehu/storage-memory';
import { describe, expect, it } from 'vitest';
import type { CustomerInput } from './inputs.js';
import { createKehu } from './kehu.js';

const ctx = { actor: 'am-7', at: '2026-01-05T09:00:00+08:00', reason: 'intake' };
const customer: CustomerInput = {
  id: 'c-1',
  kind: 'person',
  name: '张伟',
  status: 'active',
  createdAt: '2026-01-05T09:00:00+08:00',
};

async function refusal(promise: Promise<unknown>): Promise<KehuValidationError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KehuValidationError);
  return error as KehuValidationError;
}

describe('strict inputs: a misspelled field is refused with its path, never dropped', () => {
  it('refuses unknown fields at the top level, in nested objects and in the audit context', async () => {
    const kehu = createKehu({ storage: createMemoryStorage() });
    const typo = { ...customer, nmae: '张伟' } as CustomerInput;
    expect((await refusal(kehu.customers.create(typo, ctx))).path).toEqual(['nmae']);
    const nested = { ...customer, contacts: [{ id: 'p-1', name: '李', phone: '138' }] } as never;
    expect((await refusal(kehu.customers.create(nested, ctx))).path).toEqual(['contacts', 0, 'phone']);
    const badContext = { ...ctx, why: 'x' } as typeof ctx;
    expect((await refusal(kehu.customers.create(customer, badContext))).path).toEqual(['why']);
    expect(await kehu.customers.count()).toBe(0);
  });

  it('keeps attributes bags open', async () => {
    const kehu = createKehu({ storage: createMemoryStorage() });
    const created = await kehu.customers.create({ ...customer, attributes: { anything: { goes: [1, 'two'] } } }, ctx);
    expect(created.record.attributes).toEqual({ anything: { goes: [1, 'two'] } });
  });

  it('refuses an unknown field of a transaction row and of a complaint event with the row or event index', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), requireKnownCustomers: false });
    const row = {
      id: 't-1',
      customerId: 'c-1',
      occurredAt: '2026-01-05T10:00:00+08:00',
      amount: '1.00',
      currency: 'CNY',
      ammount: '2',
    };
    expect((await refusal(kehu.transactions.import([row]))).path).toEqual([0, 'ammount']);
    await kehu.complaints.open(
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
    const event = { type: 'acknowledged', at: '2026-01-05T11:30:00+08:00', actor: 'a', by: 'x' } as never;
    expect((await refusal(kehu.complaints.appendEvents('k-1', [event]))).path).toEqual([0, 'by']);
  });

  it('refuses unknown and bad filter fields of the list use cases', async () => {
    const kehu = createKehu({ storage: createMemoryStorage() });
    expect((await refusal(kehu.customers.list({ limit: 10 } as never))).path).toEqual(['limit']);
    expect((await refusal(kehu.customers.list({ status: 'sleeping' } as never))).path).toEqual(['status']);
    expect((await refusal(kehu.complaints.list({ receivedFrom: '2026-01-05' }))).path).toEqual(['receivedFrom']);
    expect((await refusal(kehu.surveys.count({ from: 'yesterday' }))).path).toEqual(['from']);
    expect(() => kehu.contactRecords.stream({ agent: 'x' } as never)).toThrow(KehuValidationError);
  });
});
