import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { EXIT } from '../exit.js';
import { captureIo } from '../io.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kehu-rfm-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const CSV = `customer_id,occurred_at,amount,kind,currency
c-1,2026-06-01T10:00:00+08:00,100.50,purchase,CNY
c-1,2026-06-10T10:00:00+08:00,0.0001,,
c-1,2026-06-11T10:00:00+08:00,20.00,refund,CNY
"c,2",2026-01-01,300,purchase,CNY
c-3,2025-01-01T00:00:00Z,5000,purchase,CNY
c-4,2026-06-01T00:00:00Z,10,refund,CNY
c-5,not-a-date,1,purchase,CNY
c-6,2026-06-01T00:00:00Z,-1,purchase,CNY
c-7,2026-06-01T00:00:00Z,1,gift,CNY
c-8,2026-07-02T00:00:00Z,1,purchase,CNY
`;

describe('kehu rfm (rules RF-1, GR-1, GR-2)', () => {
  it('scores, segments and grades every customer, reporting bad rows with their line numbers', async () => {
    const file = join(dir, 'tx.csv');
    await writeFile(file, CSV);
    const io = captureIo();
    expect(await runCli(['rfm', file, '--as-of', '2026-06-30'], io)).toBe(EXIT.ok);
    const lines = io.out().trim().split('\n');
    expect(lines[0]).toBe('customer_id,recency_days,frequency,monetary,r,f,m,segment,grade');
    const byId = new Map(lines.slice(1).map((l: string) => [l.startsWith('"') ? 'c,2' : l.split(',')[0]!, l]));
    expect(byId.get('c-1')).toMatch(/^c-1,20,2,80\.5001,/);
    expect(byId.get('c,2')).toMatch(/^"c,2",180,1,300,/);
    expect(byId.get('c-3')).toMatch(/,regular$/); // outside the trailing year (GR-2)
    expect(byId.get('c-4')).toBe('c-4,,0,,,,,,regular');
    expect(byId.has('c-8')).toBe(false); // after as-of
    expect(io.err()).toMatch(/line 8: occurred_at "not-a-date"/);
    expect(io.err()).toMatch(/line 9: amount "-1"/);
    expect(io.err()).toMatch(/line 10: kind "gift"/);
  });

  it('writes to --out, stops at the first bad row with --strict, and refuses a file without the columns', async () => {
    const file = join(dir, 'tx2.csv');
    await writeFile(file, CSV);
    const out = join(dir, 'scores.csv');
    expect(await runCli(['rfm', file, '--as-of', '2026-06-30', '--out', out], captureIo())).toBe(EXIT.ok);
    expect((await readFile(out, 'utf8')).split('\n')[0]).toBe(
      'customer_id,recency_days,frequency,monetary,r,f,m,segment,grade',
    );
    const strict = captureIo();
    expect(await runCli(['rfm', file, '--as-of', '2026-06-30', '--strict'], strict)).toBe(EXIT.badInput);
    expect(strict.err()).toMatch(/line 8: .*--strict/);
    const headerless = join(dir, 'bad.csv');
    await writeFile(headerless, 'id,when\n1,2\n');
    const bad = captureIo();
    expect(await runCli(['rfm', headerless, '--as-of', '2026-06-30'], bad)).toBe(EXIT.badInput);
    expect(bad.err()).toMatch(/lacks customer_id, occurred_at, amount/);
    expect(await runCli(['rfm', file], captureIo())).toBe(EXIT.usage);
  });

  it('creates the folder of --out, and says plainly when it cannot write there', async () => {
    const file = join(dir, 'tx3.csv');
    await writeFile(file, CSV);
    const out = join(dir, 'missing', 'dir', 'x.csv');
    const io = captureIo();
    expect(await runCli(['rfm', file, '--as-of', '2026-06-30', '--out', out], io)).toBe(EXIT.ok);
    expect((await readFile(out, 'utf8')).startsWith('customer_id,')).toBe(true);
    const blocked = captureIo();
    expect(await runCli(['rfm', file, '--as-of', '2026-06-30', '--out', join(file, 'x.csv')], blocked)).toBe(
      EXIT.cannotWrite,
    );
    expect(blocked.err()).toMatch(/^kehu: cannot write .*x\.csv: .*tx3\.csv is not a folder$/m);
    expect(blocked.err()).not.toMatch(/\n\s+at /);
  });

  it('gives one message and one exit code for a missing or directory input', async () => {
    for (const [path, message] of [
      [join(dir, 'missing.csv'), /^kehu: cannot read .*missing\.csv: no such file\n$/],
      [dir, /^kehu: .* is a directory: expected a CSV file\n$/],
    ] as const) {
      const io = captureIo();
      expect(await runCli(['rfm', path, '--as-of', '2026-06-30'], io)).toBe(EXIT.noInput);
      expect(io.err()).toMatch(message);
      expect(io.out()).toBe('');
    }
  });

  it('warns and exits non-zero for a currency with no rows, and suggests --currency for a mixed file', async () => {
    const file = join(dir, 'mixed.csv');
    await writeFile(file, `${CSV}c-9,2026-06-01T00:00:00Z,5,purchase,USD\n`);
    const unknown = captureIo();
    expect(await runCli(['rfm', file, '--as-of', '2026-06-30', '--currency', 'EUR'], unknown)).toBe(EXIT.noRows);
    expect(unknown.err()).toMatch(/warning: no rows in currency EUR \(the file holds CNY, USD\); nothing written/);
    expect(unknown.out()).toBe('');
    const mixed = captureIo();
    expect(await runCli(['rfm', file, '--as-of', '2026-06-30'], mixed)).toBe(EXIT.usage);
    expect(mixed.err()).toMatch(/several currencies \(CNY, USD\): .*--currency CNY/);
    const usd = captureIo();
    expect(await runCli(['rfm', file, '--as-of', '2026-06-30', '--currency', 'USD'], usd)).toBe(EXIT.ok);
    expect(usd.out().trim().split('\n')).toHaveLength(2);
  });

  it('counts progress in MB and says 1 row, 1 customer', async () => {
    await mkdir(join(dir, 'one'), { recursive: true });
    const file = join(dir, 'one', 'tx.csv');
    await writeFile(file, 'customer_id,occurred_at,amount\nc-1,2026-06-01T10:00:00Z,1\n');
    const io = captureIo();
    expect(await runCli(['rfm', file, '--as-of', '2026-06-30'], io)).toBe(EXIT.ok);
    expect(io.err()).toContain(`reading ${file} 1/1 MB\n`);
    expect(io.err()).toMatch(/^1 row, 0 refused, 1 customer$/m);
  });
});
