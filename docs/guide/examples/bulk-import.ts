// import.ts: load customers and sales from CSV files, then analyse a large sales file without storing it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gradeByContribution } from '@kehu/grading';
import { importCsv, scanTransactions } from '@kehu/ingest';
import { scoreRfm } from '@kehu/rfm';
import { createMemoryStorage } from '@kehu/storage-memory';

// Two small files stand in for your exports (snake_case headers, any column order, RFC 4180 quoting).
const dir = await mkdtemp(join(tmpdir(), 'kehu-import-'));
const customersCsv = join(dir, 'customers.csv');
const transactionsCsv = join(dir, 'transactions.csv');
await writeFile(
  customersCsv,
  [
    'id,kind,name,status,created_at,tags',
    'c-1,person,张伟,active,2025-03-01T09:00:00+08:00,vip;newsletter',
    'c-2,organization,"Huaxin Trading Co., Ltd.",active,2025-04-10T09:00:00+08:00,',
    'c-3,person,王芳,active,2026-01-05T09:00:00+08:00,',
  ].join('\n'),
);
await writeFile(
  transactionsCsv,
  [
    'id,customer_id,occurred_at,amount,currency,kind,relates_to',
    't-1,c-1,2025-09-02T10:00:00+08:00,1999.90,CNY,,',
    't-2,c-1,2026-05-20T15:30:00+08:00,520.00,CNY,,',
    't-3,c-1,2026-05-21T09:00:00+08:00,520.00,CNY,refund,t-2',
    't-4,c-2,2026-02-14T11:00:00+08:00,128000.00,CNY,,',
    't-5,c-3,2026-06-01T08:00:00+08:00,0.1.5,CNY,,', // a bad amount: reported with its line, then skipped
  ].join('\n'),
);

// 1. Import into any KehuStorage (here in memory; PGlite or a PostgreSQL server the same way).
const storage = createMemoryStorage();
const customers = await importCsv(storage, 'customers', customersCsv, { actor: 'import-job', reason: 'CRM export' });
const sales = await importCsv(storage, 'transactions', transactionsCsv, {
  batchSize: 1000,
  onProgress: (p) => console.log(`${p.rows} rows read, ${p.written} written, ${p.bad} refused`),
});
console.log(customers.written, sales.written, sales.badRows);
// 3 4 [ { line: 6, field: 'amount', reason: '…' } ]

// Running an import again (after an interruption, or by mistake) stores nothing twice.
export const rerun = await importCsv(storage, 'transactions', transactionsCsv);
console.log(rerun.written, rerun.alreadyStored); // 0 4

// 2. Scan a sales file straight into per-customer summaries: memory grows with customers, not rows,
// and large files are split among worker threads. Nothing is stored.
const asOf = new Date('2026-06-30T16:00:00Z');
const scan = await scanTransactions(transactionsCsv, { asOf });
const { all, trailing } = scan.summaries(); // everything up to asOf, and the grading policy's window (past year)
const rfm = scoreRfm(all, { asOf });
const grades = gradeByContribution(trailing);

/** Each customer's RFM scores and tier from the scan. */
export const analysis = rfm.scores.map((s) => ({
  customerId: s.customerId,
  rfm: `${s.r}${s.f}${s.m}`,
  tier: grades.grades.find((g) => g.customerId === s.customerId)?.tier,
}));
console.log(scan.rows, scan.bad, analysis);

await storage.close();
await rm(dir, { recursive: true, force: true });
