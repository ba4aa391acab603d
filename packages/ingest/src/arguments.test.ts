import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { isKehuError, KehuValidationError } from '@kehu/core';
import { createMemoryStorage } from '@kehu/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from './import-csv.js';
import { scanTransactions } from './scan-transactions.js';

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kehu-ingest-args-'));
  file = join(dir, 'tx.csv');
  await writeFile(file, 'id,customer_id,occurred_at,amount,currency\nt-1,c-1,2026-01-05T10:00:00+08:00,1.00,CNY\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cyclic: { self?: unknown } = {};
cyclic.self = cyclic;
const JUNK: unknown[] = [null, undefined, 0, Number.NaN, '', true, Symbol('junk'), 10n, [], {}, cyclic, () => 1];

async function failure(call: () => Promise<unknown>): Promise<unknown> {
  return call().then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('entry points check their arguments first', () => {
  it('importCsv refuses a junk storage, kind, source or options with a KehuValidationError at its path', async () => {
    const storage = createMemoryStorage();
    const cases: Array<[string, (bad: unknown) => Promise<unknown>, Array<string | number>]> = [
      ['storage', (bad) => importCsv(bad as never, 'transactions', file), ['storage']],
      ['kind', (bad) => importCsv(storage, bad as never, file), ['kind']],
      ['source', (bad) => importCsv(storage, 'transactions', bad as never), ['source']],
    ];
    for (const [what, call, path] of cases)
      for (const bad of JUNK) {
        const error = await failure(() => call(bad));
        expect(error, `${what}: ${String(typeof bad)}`).toBeInstanceOf(KehuValidationError);
        expect((error as KehuValidationError).path).toEqual(path);
      }
    for (const bad of JUNK) {
      const error = await failure(() => importCsv(storage, 'transactions', file, bad as never));
      if (error !== undefined) expect(isKehuError(error), `options ${String(typeof bad)}`).toBe(true);
    }
    for (const [options, path] of [
      [{ batchSize: '10' }, ['batchSize']],
      [{ maxBadRows: -1 }, ['maxBadRows']],
      [{ onProgress: 5 }, ['onProgress']],
    ] as const) {
      const error = await failure(() => importCsv(storage, 'transactions', file, options as never));
      expect((error as KehuValidationError).path).toEqual(path);
    }
    expect(await storage.transactions.count()).toBe(0);
  });

  it('a missing file or a directory is refused at source, not with a raw I/O error', async () => {
    const storage = createMemoryStorage();
    for (const path of [join(dir, 'missing.csv'), dir]) {
      const error = await failure(() => importCsv(storage, 'transactions', path));
      expect(error).toBeInstanceOf(KehuValidationError);
      expect((error as KehuValidationError).path).toEqual(['source']);
      const scan = await failure(() => scanTransactions(path, { asOf: new Date('2026-02-01T00:00:00Z') }));
      expect(scan).toBeInstanceOf(KehuValidationError);
      expect((scan as KehuValidationError).path).toEqual(['source']);
    }
  });

  it('scanTransactions refuses a junk source or options with a KehuError', async () => {
    const asOf = new Date('2026-02-01T00:00:00Z');
    for (const bad of JUNK) {
      const error = await failure(() => scanTransactions(bad as never, { asOf }));
      expect(error).toBeInstanceOf(KehuValidationError);
      expect((error as KehuValidationError).path).toEqual(['source']);
      const options = await failure(() => scanTransactions(Readable.from(['id\n']), bad as never));
      expect(isKehuError(options), `options ${String(typeof bad)}`).toBe(true);
      const asOfError = await failure(() => scanTransactions(file, { asOf: bad as never, threads: false }));
      expect(isKehuError(asOfError), `asOf ${String(typeof bad)}`).toBe(true);
    }
  });
});
