import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Decimal } from '@kehu/core';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { BATCH_SIZE, importBatch } from '../test/crash-data.js';
import { createPostgresStorage, type DatabaseClient } from './index.js';

const BATCHES = 12;
const root = join(import.meta.dirname, '..', '..', '..');
const url = process.env.KEHU_TEST_DATABASE_URL;

/**
 * Starts the importer, kills it with SIGKILL after `killAfter` batches committed; returns the last batch it
 * reported.
 */
function importAndKill(
  target: 'pglite' | 'server',
  location: string,
  schema: string,
  killAfter: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join('packages', 'storage-postgres', 'test', 'import-child.ts'),
        target,
        location,
        schema,
        String(BATCHES),
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let last = -1;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        const m = /^committed (\d+)$/.exec(line);
        if (m) last = Number(m[1]);
        if (m && last >= killAfter && !child.killed) child.kill('SIGKILL'); // mid-way through the next batch
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(last);
      else reject(new Error(`importer ended with ${code ?? signal} before it was killed: ${stderr}`));
    });
  });
}

/** Checks that every batch is either complete or absent, and that a rerun ends in exactly one clean import. */
async function verifyAndResume(client: DatabaseClient, schema: string, lastReported: number): Promise<void> {
  const storage = createPostgresStorage({ client, schema });
  for (let b = 0; b < BATCHES; b++) {
    const ids = importBatch(b).map((t) => t.id);
    let present = 0;
    for (const id of [ids[0]!, ids[BATCH_SIZE >> 1]!, ids[BATCH_SIZE - 1]!])
      if ((await storage.transactions.get(id)) !== null) present++;
    expect([0, 3], `batch ${b} is partly there`).toContain(present);
    if (b <= lastReported) expect(present, `batch ${b} was reported committed`).toBe(3);
  }
  const total = await storage.transactions.count();
  expect(total % BATCH_SIZE, 'a batch is partly there').toBe(0);
  expect(total).toBeGreaterThanOrEqual((lastReported + 1) * BATCH_SIZE);
  expect(total, 'the kill came before the import finished').toBeLessThan(BATCHES * BATCH_SIZE);
  // Run the same import again: it ends in exactly the data of one clean import.
  let duplicates = 0;
  for (let b = 0; b < BATCHES; b++) duplicates += (await storage.transactions.append(importBatch(b))).duplicates;
  expect(duplicates).toBe(total);
  expect(await storage.transactions.count()).toBe(BATCHES * BATCH_SIZE);
  let expected = new Decimal(0);
  for (let b = 0; b < BATCHES; b++)
    for (const t of importBatch(b)) expected = expected.plus(t.kind === 'purchase' ? t.amount : t.amount.neg());
  let net = new Decimal(0);
  for await (const row of storage.transactions.summarizeTransactions({ asOf: new Date(Date.UTC(2100, 0, 1)) }))
    net = net.plus(row.netAmount);
  expect(net.eq(expected)).toBe(true);
}

describe('a process killed (SIGKILL) in the middle of an import leaves a consistent database', () => {
  it('on PGlite in a directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kehu-crash-'));
    try {
      const last = await importAndKill('pglite', dir, 'kehu', 3);
      const db = new PGlite(dir);
      try {
        await verifyAndResume(db, 'kehu', last);
      } finally {
        await db.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it.skipIf(!url)(
    'on a PostgreSQL server (KEHU_TEST_DATABASE_URL)',
    async () => {
      const pool = new pg.Pool({ connectionString: url });
      const schema = `kehu_crash_${process.pid}`;
      try {
        const last = await importAndKill('server', url!, schema, 3);
        await verifyAndResume(pool, schema, last);
      } finally {
        await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await pool.end();
      }
    },
    180_000,
  );
});
