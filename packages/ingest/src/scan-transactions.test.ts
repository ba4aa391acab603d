import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DAY_MS, summaryRows } from '@kehu/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanTransactions } from './scan-transactions.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kehu-scan-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const CSV = [
  'customer_id,occurred_at,amount,kind,currency',
  'c-1,2026-06-01T10:00:00+08:00,100.00,purchase,CNY',
  'c-1,2025-01-01T10:00:00+08:00,50.00,purchase,CNY',
  'c-2,2026-06-02T10:00:00+08:00,abc,purchase,CNY',
  'c-2,2026-06-02T10:00:00+08:00,20.00,refund,CNY',
  'c-3,2026-06-03T10:00:00+08:00,9.90,purchase,CNY',
  'c-3,2026-07-03T10:00:00+08:00,9.90,purchase,CNY',
].join('\n');
const asOf = new Date('2026-06-30T23:59:59.999Z');

describe('scanTransactions', () => {
  it('gives the summary tables up to asOf and of the grading trailing window, with bad rows', async () => {
    const path = join(dir, 'a.csv');
    await writeFile(path, CSV);
    const scan = await scanTransactions(path, { asOf });
    expect(scan).toMatchObject({ rows: 6, bad: 1, currencies: ['CNY'] });
    expect(scan.badRows).toEqual([{ line: 4, field: 'amount', reason: 'amount "abc" is not a non-negative decimal' }]);
    const tables = scan.summaryTables('CNY')!;
    const all = summaryRows(tables.all);
    expect(all.map((s) => [s.customerId, s.netAmount.toString(), s.purchaseCount])).toEqual([
      ['c-1', '150', 2],
      ['c-2', '-20', 0],
      ['c-3', '9.9', 1],
    ]);
    expect(summaryRows(tables.trailing).map((s) => [s.customerId, s.netAmount.toString()])).toEqual([
      ['c-1', '100'],
      ['c-2', '-20'],
      ['c-3', '9.9'],
    ]);
    expect(scan.trailingWindow.from?.getTime()).toBe(asOf.getTime() - 365 * DAY_MS + 1);
    expect(scan.summaries().all.map((s) => s.customerId)).toEqual(['c-1', 'c-2', 'c-3']);
  });

  it('takes the trailing window from the grading policy, and reads a stream', async () => {
    const scan = await scanTransactions(Readable.from([CSV]), { asOf, grading: { windowDays: 700 } });
    const trailing = summaryRows(scan.summaryTables('CNY')!.trailing);
    expect(trailing.find((s) => s.customerId === 'c-1')?.netAmount.toString()).toBe('150');
    await expect(scanTransactions(Readable.from([CSV]), { asOf, grading: { windowDays: 0 } })).rejects.toMatchObject({
      code: 'POLICY_INVALID',
      path: ['windowDays'],
    });
  });

  it('refuses the file at the first bad row under strict, and a file without the required header', async () => {
    await expect(scanTransactions(Readable.from([CSV]), { asOf, strict: true })).rejects.toMatchObject({
      code: 'BAD_ROW',
      path: [4, 'amount'],
      message: 'line 4: amount "abc" is not a non-negative decimal',
    });
    await expect(scanTransactions(Readable.from(['customer_id,amount\nc-1,1']), { asOf })).rejects.toMatchObject({
      code: 'BAD_HEADER',
      path: ['header'],
    });
    await expect(scanTransactions(Readable.from(['']), { asOf })).rejects.toMatchObject({ code: 'BAD_HEADER' });
  });

  it('reports progress in bytes', async () => {
    const seen: Array<[number, number]> = [];
    await scanTransactions(Readable.from([CSV]), { asOf, onProgress: (p) => seen.push([p.bytesRead, p.totalBytes]) });
    expect(seen.at(-1)).toEqual([Buffer.byteLength(CSV), Buffer.byteLength(CSV)]);
  });
});
