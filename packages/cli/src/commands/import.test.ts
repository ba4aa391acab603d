import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { EXIT } from '../exit.js';
import { createKehu } from '@kehu/sdk';
import { createFileKeyProvider } from '../file-key-provider.js';
import { captureIo } from '../io.js';
import { openStorage } from '../open-storage.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kehu-import-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const TX = `id,customer_id,occurred_at,amount,currency
t-1,c-1,2026-06-01T10:00:00+08:00,10.00,CNY
t-2,c-1,2026-06-02T10:00:00+08:00,abc,CNY
`;

describe('kehu import and kehu migrate', () => {
  it('imports a CSV into a store and reports bad rows; migrate on a migrated store applies nothing', async () => {
    const file = join(dir, 'tx.csv');
    await writeFile(file, TX);
    const io = captureIo();
    expect(await runCli(['import', 'transactions', file, '--storage', 'memory'], io)).toBe(EXIT.ok);
    expect(io.out()).toBe('2 rows: 0 written, 0 already stored, 2 refused\n');
    expect(io.err()).toMatch(/^line 3: amount: /m);
    expect(io.err()).toMatch(/^line 2: customer \S+ does not exist$/m);
    const store = `pglite:${join(dir, 'pglite')}`;
    const pglite = captureIo();
    const args = ['import', 'transactions', file, '--storage', store, '--allow-unknown-customers'];
    expect(await runCli(args, pglite)).toBe(EXIT.ok);
    expect(pglite.out()).toContain('1 written, 0 already stored');
    const migrate = captureIo();
    expect(await runCli(['migrate', '--storage', store], migrate)).toBe(EXIT.ok);
    expect(migrate.out()).toMatch(/schema kehu already at version \d+, nothing to apply\n$/);
  });

  it('with --keys seals the personal fields of imported customers (AR-5), and runs again storing nothing', async () => {
    const file = join(dir, 'customers.csv');
    await writeFile(
      file,
      'id,kind,name,status,created_at,birthday\nc-9,person,欧阳娜娜,active,2026-01-05T09:00:00Z,1990-03-07\n',
    );
    const store = join(dir, 'sealed');
    const keysFile = join(dir, 'sealed.keys.json');
    const args = ['import', 'customers', file, '--storage', `pglite:${store}`, '--keys', keysFile];
    const first = captureIo();
    expect(await runCli(args, first)).toBe(EXIT.ok);
    expect(first.out()).toContain('1 written');
    const again = captureIo();
    expect(await runCli(args, again)).toBe(EXIT.ok);
    expect(again.out()).toContain('0 written, 1 already stored');
    const opened = await openStorage(`pglite:${store}`);
    try {
      const stored = (await opened.storage.customers.get('c-9'))!.record;
      expect(stored.name).toBe('[sealed]');
      expect(JSON.stringify(stored)).not.toContain('1990-03-07');
      const kehu = createKehu({ storage: opened.storage, keys: await createFileKeyProvider(keysFile) });
      expect((await kehu.customers.get('c-9'))!.record).toMatchObject({ name: '欧阳娜娜', birthday: '1990-03-07' });
    } finally {
      await opened.close();
    }
  });

  it('refuses an unknown kind, a missing file, a bad header and a memory migration with documented codes', async () => {
    expect(await runCli(['import', 'orders', 'x.csv', '--storage', 'memory'], captureIo())).toBe(EXIT.usage);
    const missing = captureIo();
    expect(await runCli(['import', 'customers', join(dir, 'nope.csv'), '--storage', 'memory'], missing)).toBe(
      EXIT.noInput,
    );
    expect(missing.err()).toMatch(/^kehu: cannot read .*nope\.csv: no such file\n$/);
    const header = join(dir, 'header.csv');
    await writeFile(header, 'id,name\nc-1,x\n');
    const bad = captureIo();
    expect(await runCli(['import', 'customers', header, '--storage', 'memory'], bad)).toBe(EXIT.badInput);
    expect(bad.err()).toMatch(/kehu: the customers header lacks kind, status, created_at\n$/);
    const memory = captureIo();
    expect(await runCli(['migrate', '--storage', 'memory'], memory)).toBe(EXIT.usage);
    expect(memory.err()).toMatch(/memory keeps nothing/);
  });
});
