import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, runCli } from './cli.js';
import type { CliIo } from './io.js';

function capture(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    out: () => out,
    err: () => err,
  };
}

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
    const io = capture();
    expect(await runCli(['rfm', file, '--as-of', '2026-06-30'], io)).toBe(EXIT.ok);
    const lines = io.out().trim().split('\n');
    expect(lines[0]).toBe('customer_id,recency_days,frequency,monetary,r,f,m,segment,grade');
    const byId = new Map(lines.slice(1).map((l) => [l.startsWith('"') ? 'c,2' : l.split(',')[0]!, l]));
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
    expect(await runCli(['rfm', file, '--as-of', '2026-06-30', '--out', out], capture())).toBe(EXIT.ok);
    expect((await readFile(out, 'utf8')).split('\n')[0]).toBe(
      'customer_id,recency_days,frequency,monetary,r,f,m,segment,grade',
    );
    const strict = capture();
    expect(await runCli(['rfm', file, '--as-of', '2026-06-30', '--strict'], strict)).toBe(EXIT.failure);
    expect(strict.err()).toMatch(/line 8: .*--strict/);
    const headerless = join(dir, 'bad.csv');
    await writeFile(headerless, 'id,when\n1,2\n');
    const bad = capture();
    expect(await runCli(['rfm', headerless, '--as-of', '2026-06-30'], bad)).toBe(EXIT.usage);
    expect(bad.err()).toMatch(/lacks customer_id, occurred_at, amount/);
    expect(await runCli(['rfm', join(dir, 'missing.csv'), '--as-of', '2026-06-30'], capture())).toBe(EXIT.usage);
    expect(await runCli(['rfm', file], capture())).toBe(EXIT.usage);
  });
});
