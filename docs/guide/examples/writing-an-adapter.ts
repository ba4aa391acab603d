// my-storage.conformance.test.ts: the contract's conformance suite, then a smoke test through the SDK.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKehu } from '@kehu/sdk';
import type { KehuStorage } from '@kehu/storage';
import { runStorageConformance } from '@kehu/storage-conformance';
import { describe, expect, it } from 'vitest';
// Your adapter here; this one keeps each aggregate in a JSON file (examples/custom-adapter).
import { createJsonFileStorage } from '../../../examples/custom-adapter/src/index.js';

const directories = new Map<object, string>();

/** A fresh, empty store in its own directory. */
async function createStore() {
  const directory = await mkdtemp(join(tmpdir(), 'my-storage-'));
  const storage = await createJsonFileStorage({ directory });
  directories.set(storage, directory);
  return storage;
}

/** Closes a store and deletes its directory. */
async function destroyStore(storage: KehuStorage) {
  await storage.close();
  await rm(directories.get(storage)!, { recursive: true, force: true });
}

runStorageConformance({
  name: 'my-storage',
  create: createStore, // called once per test
  teardown: destroyStore,
  // Smaller than the defaults (100,000 and 20) to keep this run short; run the defaults in your CI.
  streamRecords: 5_000,
  concurrentWriters: 5,
});

describe('my-storage behind the SDK', () => {
  it('stores a customer and its audit entry', async () => {
    const storage = await createStore();
    const kehu = createKehu({ storage });
    const context = { actor: 'am-7', at: '2026-01-05T09:00:00+08:00', reason: 'new customer' };
    await kehu.customers.create(
      { id: 'c-1', kind: 'person', name: '张伟', status: 'active', createdAt: '2026-01-05T09:00:00+08:00' },
      context,
    );
    expect((await kehu.customers.get('c-1'))?.record.name).toBe('张伟');
    const audit = await kehu.audit.list({ entity: 'customer', entityId: 'c-1' });
    expect(audit.items.map((e) => e.action)).toEqual(['create']);
    await destroyStore(storage);
  });
});
