import { KehuConflictError, KehuNotFoundError, KehuValidationError } from '@kehu/core';
import type { KehuStorage } from '@kehu/storage';
import { createMemoryStorage } from '@kehu/storage-memory';
import { describe, expect, it } from 'vitest';
import type { CustomerInput } from './inputs.js';
import { createKehu } from './kehu.js';

const ctx = { actor: 'am-7', at: '2026-01-05T09:00:00+08:00', reason: 'new customer' };
const input: CustomerInput = {
  id: 'c-1',
  kind: 'person',
  name: '张伟',
  status: 'active',
  createdAt: '2026-01-05T09:00:00+08:00',
  birthday: '--05-12',
};

/** A store whose next `n` customer updates lose a race (another writer bumps the version first). */
function racing(storage: KehuStorage, n: number): KehuStorage {
  let left = n;
  return {
    ...storage,
    customers: {
      ...storage.customers,
      update: async (next, expectedVersion, context) => {
        if (left-- > 0) {
          const current = (await storage.customers.get(next.id))!;
          await storage.customers.update(
            { ...current.record, tags: [...current.record.tags, `other-${left}`] },
            current.version,
            context,
          );
        }
        return storage.customers.update(next, expectedVersion, context);
      },
    },
  };
}

describe('customer use cases (rules AR-1 to AR-4)', () => {
  it('validates input and the audit context, naming the bad field', async () => {
    const kehu = createKehu({ storage: createMemoryStorage() });
    await expect(kehu.customers.create({ ...input, kind: 'robot' as never }, ctx)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      path: ['kind'],
    });
    await expect(kehu.customers.create(input, { ...ctx, reason: '' })).rejects.toMatchObject({ path: ['reason'] });
    expect(await kehu.customers.count()).toBe(0);
    const created = await kehu.customers.create(input, ctx);
    expect(created.record.createdAt.toISOString()).toBe('2026-01-05T01:00:00.000Z');
  });

  it('re-reads and reapplies the change after a conflict, so no update is lost', async () => {
    const storage = createMemoryStorage();
    const kehu = createKehu({ storage: racing(storage, 2) });
    await kehu.customers.create(input, ctx);
    const updated = await kehu.customers.update('c-1', (c) => ({ ...c, tags: [...c.tags, 'vip'] }), {
      ...ctx,
      reason: 'tag',
    });
    expect(updated.version).toBe(4);
    expect(updated.record.tags).toEqual(['other-1', 'other-0', 'vip']);
  });

  it('gives up after maxRetries conflicts with the conflict error', async () => {
    const kehu = createKehu({ storage: racing(createMemoryStorage(), 10), maxRetries: 2 });
    await kehu.customers.create(input, ctx);
    await expect(kehu.customers.update('c-1', (c) => c, ctx)).rejects.toBeInstanceOf(KehuConflictError);
    await expect(kehu.customers.update('c-1', (c) => c, ctx, { maxRetries: 0 })).rejects.toBeInstanceOf(
      KehuConflictError,
    );
  });

  it('refuses to change the id, validates the changed record, and reports a missing customer', async () => {
    const kehu = createKehu({ storage: createMemoryStorage() });
    await kehu.customers.create(input, ctx);
    await expect(kehu.customers.update('c-1', (c) => ({ ...c, id: 'c-2' }), ctx)).rejects.toMatchObject({
      path: ['id'],
    });
    await expect(kehu.customers.update('c-1', (c) => ({ ...c, name: '' }), ctx)).rejects.toBeInstanceOf(
      KehuValidationError,
    );
    await expect(kehu.customers.update('nobody', (c) => c, ctx)).rejects.toBeInstanceOf(KehuNotFoundError);
    expect((await kehu.customers.get('c-1'))!.version).toBe(1);
  });

  it('never mutates the caller input', async () => {
    const kehu = createKehu({ storage: createMemoryStorage() });
    const frozen = Object.freeze({ ...input });
    await kehu.customers.create(frozen, Object.freeze({ ...ctx }));
    expect(frozen).toEqual(input);
    expect(await kehu.customers.delete('c-1', ctx)).toBe(true);
    expect((await kehu.audit.list()).items.map((e) => e.action)).toEqual(['create', 'delete']);
  });
});
