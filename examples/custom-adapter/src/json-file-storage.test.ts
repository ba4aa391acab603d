import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KehuStorageError, parseCustomer, parseTransaction } from '@kehu/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createJsonFileStorage } from './json-file-storage.js';

const ctx = { actor: 'am-1', at: new Date('2026-01-05T01:00:00.000Z'), reason: 'test' };
const customer = (id: string) =>
  parseCustomer({ id, kind: 'person', name: `张伟 ${id}`, status: 'active', createdAt: '2026-01-01T00:00:00.001Z' });
const purchase = (id: string) =>
  parseTransaction({
    id,
    customerId: 'c-1',
    occurredAt: '2026-01-02T00:00:00.123Z',
    amount: '12345678901234567890.1234567891',
    currency: 'CNY',
  });

const dirs: string[] = [];
async function dir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'kehu-json-test-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('createJsonFileStorage (durability)', () => {
  it('keeps everything across close and reopen', async () => {
    const directory = await dir();
    const a = await createJsonFileStorage({ directory });
    await a.customers.create(customer('c-1'), ctx);
    await a.transactions.append([purchase('t-1')]);
    await a.customers.update({ ...customer('c-1'), tags: ['vip'] }, 1, ctx);
    await a.close();
    const b = await createJsonFileStorage({ directory });
    expect(await b.customers.get('c-1')).toMatchObject({ version: 2, record: { tags: ['vip'] } });
    expect((await b.transactions.get('t-1'))!.amount.toString()).toBe('12345678901234567890.1234567891');
    expect((await b.audit.list()).items.map((e) => [e.seq, e.action])).toEqual([
      [1, 'create'],
      [2, 'update'],
    ]);
    await b.customers.create(customer('c-2'), ctx);
    expect((await b.audit.list()).items.at(-1)!.seq).toBe(3);
    await b.close();
  });

  it('ignores and removes what a commit that crashed before its manifest left behind', async () => {
    const directory = await dir();
    const a = await createJsonFileStorage({ directory });
    await a.customers.create(customer('c-1'), ctx);
    await a.close();
    // A crash between writing the next generation's files and replacing the manifest:
    await writeFile(join(directory, 'customers.99.json'), JSON.stringify([['c-9', { version: 1, json: {} }]]));
    await writeFile(join(directory, 'manifest.json.1234.tmp'), '{"format":1,"generation":99');
    const b = await createJsonFileStorage({ directory });
    expect(await b.customers.count()).toBe(1);
    expect(await b.customers.get('c-9')).toBeNull();
    expect((await readdir(directory)).sort()).toEqual(['audit.1.json', 'customers.1.json', 'manifest.json']);
    await b.close();
  });

  it('reports a failed commit as a KehuStorageError and keeps the previous state', async () => {
    const directory = await dir();
    const s = await createJsonFileStorage({ directory });
    await s.customers.create(customer('c-1'), ctx);
    await rm(directory, { recursive: true, force: true });
    await expect(s.customers.create(customer('c-2'), ctx)).rejects.toBeInstanceOf(KehuStorageError);
    expect(await s.customers.count()).toBe(1);
    expect(await s.customers.get('c-2')).toBeNull();
    await s.close();
  });

  it('keeps only the current generation of each table on disk', async () => {
    const directory = await dir();
    const s = await createJsonFileStorage({ directory });
    for (let i = 0; i < 5; i++) await s.customers.create(customer(`c-${i}`), ctx);
    expect((await readdir(directory)).sort()).toEqual(['audit.5.json', 'customers.5.json', 'manifest.json']);
    await s.close();
  });
});
