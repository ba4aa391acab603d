import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { KehuValidationError, parseCustomer } from '@kehu/core';
import { createMemoryStorage } from '@kehu/storage-memory';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv, type ImportProgress } from './import-csv.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kehu-import-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const TX_HEADER = 'id,customer_id,occurred_at,amount,currency,kind';
const txCsv = (n: number) =>
  [
    TX_HEADER,
    ...Array.from(
      { length: n },
      (_, i) =>
        `t-${i},c-${i % 7},2026-0${1 + (i % 6)}-1${i % 10}T10:00:00+08:00,${i}.50,CNY,${i % 9 ? 'purchase' : 'refund'}`,
    ),
  ].join('\n');

const CUSTOMERS = [
  'id,kind,name,status,created_at,owner,tags',
  'c-1,person,张伟,active,2026-01-05T09:00:00+08:00,am-7,vip;north',
  'c-2,organization,"Acme, Ltd.",prospect,2026-01-06T09:00:00+08:00,,',
  'c-3,person,李娜,active,2026-01-07T09:00:00+08:00,am-7,',
].join('\n');

const EVENTS = [
  'complaint_id,seq,type,at,actor,customer_id,content,occurred_at,channel,severity,assignee,satisfied',
  'k-1,1,received,2026-02-01T09:00:00+08:00,cs-1,c-1,late delivery,2026-01-30T09:00:00+08:00,phone,urgent,,',
  'k-2,1,received,2026-02-02T09:00:00+08:00,cs-1,c-2,broken part,2026-02-01T09:00:00+08:00,email,,,',
  'k-1,2,acknowledged,2026-02-01T10:00:00+08:00,cs-1,,,,,,,',
  'k-1,3,assigned,2026-02-01T11:00:00+08:00,cs-1,,,,,,am-7,',
  'k-2,2,acknowledged,2026-02-02T10:00:00+08:00,cs-2,,,,,,,',
  'k-1,4,resolved,2026-02-03T11:00:00+08:00,am-7,,,,,,,',
  'k-1,5,feedback-recorded,2026-02-04T11:00:00+08:00,cs-1,,,,,,,true',
].join('\n');

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** A memory store holding customers `c-0` to `c-6`, the customers the sample files name. */
async function storeWithCustomers() {
  const storage = createMemoryStorage();
  const at = new Date('2026-01-01T00:00:00Z');
  for (let i = 0; i < 7; i++)
    await storage.customers.create(
      { ...parseCustomer({ id: `c-${i}`, kind: 'person', name: `C ${i}`, status: 'active', createdAt: at }) },
      { actor: 'test', at, reason: 'fixture' },
    );
  return storage;
}

/** Runs an import that throws from its progress callback after `batches` batches. */
async function interrupted(run: (onProgress: (p: ImportProgress) => void) => Promise<unknown>, batches: number) {
  let seen = 0;
  await expect(
    run(() => {
      if (++seen === batches) throw new Error('interrupted');
    }),
  ).rejects.toThrow('interrupted');
}

describe('importCsv', () => {
  it('imports transactions in batches with progress; a rerun after an interruption stores each row once', async () => {
    const path = await file('tx.csv', txCsv(50));
    const storage = await storeWithCustomers();
    await interrupted((onProgress) => importCsv(storage, 'transactions', path, { batchSize: 8, onProgress }), 3);
    expect(await storage.transactions.count()).toBe(24);
    const progress: ImportProgress[] = [];
    const result = await importCsv(storage, 'transactions', path, {
      batchSize: 8,
      onProgress: (p) => progress.push(p),
    });
    expect(await storage.transactions.count()).toBe(50);
    expect(result).toMatchObject({ rows: 50, written: 26, alreadyStored: 24, bad: 0, badRows: [] });
    expect(progress).toHaveLength(7);
    expect(progress.at(-1)).toMatchObject({ rows: 50, written: 26, totalBytes: result.totalBytes });
    expect(result.bytesRead).toBe(result.totalBytes);
  });

  it('ends with every row exactly once wherever the import is interrupted (property)', async () => {
    const text = txCsv(30);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 10 }), async (batchSize, stopAt) => {
        const storage = await storeWithCustomers();
        const batches = Math.ceil(30 / batchSize);
        if (stopAt <= batches)
          await interrupted(
            (onProgress) => importCsv(storage, 'transactions', Readable.from([text]), { batchSize, onProgress }),
            stopAt,
          );
        const r = await importCsv(storage, 'transactions', Readable.from([text]), { batchSize });
        expect(r.written + r.alreadyStored).toBe(30);
        expect(await storage.transactions.count()).toBe(30);
      }),
      { numRuns: 25 },
    );
  });

  it('imports customers with audit entries, resumes, and refuses a stored id with other content', async () => {
    const path = await file('customers.csv', CUSTOMERS);
    const storage = createMemoryStorage();
    await interrupted((onProgress) => importCsv(storage, 'customers', path, { batchSize: 2, onProgress }), 1);
    expect(await storage.customers.count()).toBe(2);
    const result = await importCsv(storage, 'customers', path, { batchSize: 2, actor: 'ops' });
    expect(result).toMatchObject({ rows: 3, written: 1, alreadyStored: 2, bad: 0 });
    expect((await storage.customers.get('c-1'))?.record).toMatchObject({ name: '张伟', tags: ['vip', 'north'] });
    expect((await storage.customers.get('c-2'))?.record.name).toBe('Acme, Ltd.');
    const audit = (await storage.audit.list()).items;
    expect(audit.map((e) => e.actor)).toEqual(['kehu-import', 'kehu-import', 'ops']);
    const changed = await file('customers-changed.csv', CUSTOMERS.replace('李娜', '李娜娜'));
    const again = await importCsv(storage, 'customers', changed);
    expect(again.badRows).toEqual([{ line: 4, field: 'id', reason: 'customer c-3 is stored with different content' }]);
  });

  it('imports complaint events in seq order per complaint, resumably', async () => {
    const path = await file('events.csv', EVENTS);
    const storage = await storeWithCustomers();
    await interrupted((onProgress) => importCsv(storage, 'complaint-events', path, { batchSize: 3, onProgress }), 2);
    const result = await importCsv(storage, 'complaint-events', path, { batchSize: 3 });
    expect(result.bad).toBe(0);
    expect(result.written + result.alreadyStored).toBe(7);
    expect((await storage.complaints.events('k-1')).map((e) => `${e.seq}:${e.type}`)).toEqual([
      '1:received',
      '2:acknowledged',
      '3:assigned',
      '4:resolved',
      '5:feedback-recorded',
    ]);
    expect((await storage.complaints.get('k-1'))?.record).toMatchObject({ severity: 'urgent', customerId: 'c-1' });
    expect((await storage.complaints.get('k-2'))?.version).toBe(2);
    const rerun = await importCsv(storage, 'complaint-events', path);
    expect(rerun).toMatchObject({ written: 0, alreadyStored: 7 });
  });

  it('reports bad rows with line, column and reason, and skips them', async () => {
    const path = await file(
      'bad.csv',
      [
        TX_HEADER,
        't-1,c-1,2026-01-01T10:00:00+08:00,1.00,CNY,purchase',
        '',
        't-2,c-1,2026-01-01 10:00,1.00,CNY,purchase',
        't-3,c-1,2026-01-01T10:00:00Z,-1,CNY,purchase',
        't-4,c-1,2026-01-01T10:00:00Z,1,XXX,purchase',
        't-5,c-1,2026-01-01T10:00:00Z,1,CNY,gift',
      ].join('\n'),
    );
    const storage = await storeWithCustomers();
    const result = await importCsv(storage, 'transactions', path);
    expect(result).toMatchObject({ rows: 5, written: 1, bad: 4 });
    expect(result.badRows.map((b) => [b.line, b.field])).toEqual([
      [4, 'occurred_at'],
      [5, 'amount'],
      [6, 'currency'],
      [7, 'kind'],
    ]);
    const complaints = await file(
      'bad-events.csv',
      EVENTS.split('\n').slice(0, 1).concat('k-9,2,acknowledged,2026-02-01T10:00:00+08:00,cs-1,,,,,,,').join('\n'),
    );
    const gap = await importCsv(storage, 'complaint-events', complaints);
    expect(gap.badRows).toEqual([{ line: 2, field: 'seq', reason: 'seq 2 of complaint k-9: expected 1' }]);
  });

  it('refuses transactions and complaints of unknown customers, unless told otherwise (as the SDK does)', async () => {
    const text = [TX_HEADER, 't-1,c-1,2026-01-01T10:00:00Z,1,CNY,purchase', 't-2,c-9,2026-01-01T10:00:00Z,1,CNY,'];
    const storage = await storeWithCustomers();
    const refused = await importCsv(storage, 'transactions', Readable.from([text.join('\n')]));
    expect(refused).toMatchObject({ written: 1, bad: 1 });
    expect(refused.badRows).toEqual([{ line: 3, field: 'customer_id', reason: 'customer c-9 does not exist' }]);
    const events = EVENTS.replace(',c-2,', ',c-9,');
    const complaints = await importCsv(storage, 'complaint-events', Readable.from([events]));
    expect(complaints.badRows.map((b) => [b.line, b.field])).toEqual([
      [3, 'customer_id'],
      [6, 'seq'],
    ]);
    const allowed = await importCsv(storage, 'transactions', Readable.from([text.join('\n')]), {
      requireKnownCustomers: false,
    });
    expect(allowed).toMatchObject({ written: 1, alreadyStored: 1, bad: 0 });
    expect(await storage.transactions.count()).toBe(2);
  });

  it('stops at the first bad row under strict, and refuses a header without the required columns', async () => {
    const storage = await storeWithCustomers();
    const strict = importCsv(storage, 'transactions', Readable.from([`${TX_HEADER}\nt-1,c-1,yesterday,1,CNY,`]), {
      strict: true,
    });
    await expect(strict).rejects.toMatchObject({ code: 'BAD_ROW', path: [2, 'occurred_at'] });
    await expect(importCsv(storage, 'customers', Readable.from(['id,name\nc-1,x']))).rejects.toMatchObject({
      code: 'BAD_HEADER',
      message: 'the customers header lacks kind, status, created_at',
    });
    await expect(importCsv(storage, 'customers', Readable.from(['']))).rejects.toBeInstanceOf(KehuValidationError);
  });
});
