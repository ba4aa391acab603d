import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPostgresStorage, migrate } from '@kehu/storage-postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { createKehu } from '../kehu.js';
import { createMemoryKeyProvider } from './key-provider.js';
import { PERSONAL_VALUES, seedPerson } from './person.fixture.js';

/** Every file under `dir`, recursively. */
async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    if ((await stat(path)).isDirectory()) out.push(...(await files(path)));
    else out.push(path);
  }
  return out;
}

/** The personal values whose UTF-8 bytes occur in any file under `dir` (heap, WAL, indexes, everything). */
async function valuesOnDisk(dir: string, values: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const file of await files(dir)) {
    const bytes = await readFile(file);
    for (const v of values) if (bytes.includes(Buffer.from(v, 'utf8'))) found.add(v);
  }
  return [...found];
}

const CONTROL = '对照组明文姓名';
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('erasure on PostgreSQL (PGlite on disk)', () => {
  it('no table and no file of the database holds a readable personal value, before or after erase', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kehu-erasure-'));
    dirs.push(dir);
    const db = new PGlite(dir);
    await migrate(db);
    const keys = createMemoryKeyProvider();
    const kehu = createKehu({ storage: createPostgresStorage({ client: db }), keys });
    await seedPerson(kehu);
    // The control: a value written without encryption must be found by the same search.
    await createKehu({ storage: createPostgresStorage({ client: db }) }).customers.create(
      { id: 'control', kind: 'person', name: CONTROL, status: 'active', createdAt: '2026-01-01T00:00:00Z' },
      { actor: 'am-1', at: '2026-01-01T00:00:00Z', reason: 'control' },
    );
    expect((await kehu.customers.get('p-1'))!.record.name).toBe('欧阳娜娜');

    const dump = async () => {
      const tables = await db.query<{ t: string }>(
        `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS t
           FROM information_schema.tables WHERE table_schema = 'kehu'`,
      );
      const rows: unknown[] = [];
      for (const { t } of tables.rows) rows.push((await db.query(`SELECT * FROM ${t}`)).rows);
      return JSON.stringify(rows);
    };
    let dumpText = await dump();
    expect(PERSONAL_VALUES.filter((v) => dumpText.includes(v))).toEqual([]);

    await kehu.customers.erase('p-1', { request: 'PIPL request #7', actor: 'dpo-1', at: '2026-04-01T00:00:00Z' });
    dumpText = await dump();
    expect(PERSONAL_VALUES.filter((v) => dumpText.includes(v))).toEqual([]);
    const exported = JSON.stringify(await kehu.customers.exportData('p-1'));
    expect(PERSONAL_VALUES.filter((v) => exported.includes(v))).toEqual([]);
    await db.query('CHECKPOINT');
    await db.close();
    expect(await valuesOnDisk(dir, [...PERSONAL_VALUES, CONTROL])).toEqual([CONTROL]);
  });
});
