// Storage benchmark: ingest N transactions through @kehu/storage-postgres into a
// PostgreSQL server and into PGlite, next to a plain COPY of the same rows into the same
// table in the same run; then summarizeTransactions (computed in SQL) against loading
// every row into TypeScript and summarising there.
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Decimal, summarizeTransactions } from '../../packages/core/dist/index.js';
import {
  SAMPLE_STEADY_TRANSACTION_CSV_COLUMNS,
  sampleSteadyTransactionCsv,
  sampleSteadyTransactionRows,
} from '../../packages/sample-data/dist/index.js';
import { createPostgresStorage, migrate } from '../../packages/storage-postgres/dist/index.js';
import { serverUrl } from './server.mjs';

const N = Number(process.env.KEHU_BENCH_ROWS || 1_000_000);
const BATCH = Number(process.env.KEHU_BENCH_BATCH || 10_000);
const CUSTOMERS = Math.max(1, Math.floor(N / 10));
const T0 = Date.UTC(2024, 0, 1);

/** The rows, the same for every contender: @kehu/sample-data's steady stream, one every 30 s from T0. */
const sample = {
  rows: N,
  customers: CUSTOMERS,
  from: new Date(T0).toISOString(),
  intervalSeconds: 30,
  refundEvery: 40,
};

function toTransaction(r) {
  return {
    id: r.id,
    customerId: r.customerId,
    occurredAt: r.occurredAt,
    kind: r.kind,
    amount: new Decimal(r.amount),
    currency: r.currency,
    attributes: {},
  };
}

/** The next `count` lines of a CSV line stream, joined. */
function csvBatch(lines, count) {
  let s = '';
  for (let i = 0; i < count; i++) s += lines.next().value;
  return s;
}

const rate = (rows, ms) => Math.round(rows / (ms / 1000));
const fmt = (n) => n.toLocaleString('en-US');

async function ingestKehu(client, schema) {
  await migrate(client, { schema });
  const storage = createPostgresStorage({ client, schema });
  const started = performance.now();
  const rows = sampleSteadyTransactionRows(sample);
  for (let start = 0; start < N; start += BATCH) {
    const batch = [];
    for (let i = start; i < Math.min(N, start + BATCH); i++) batch.push(toTransaction(rows.next().value));
    await storage.transactions.append(batch);
  }
  const ms = performance.now() - started;
  // As after any bulk load: fresh statistics before querying (not part of the ingest time).
  await client.query(`ANALYZE ${schema}.transactions`);
  return { storage, ms };
}

const COPY_COLUMNS = `(${SAMPLE_STEADY_TRANSACTION_CSV_COLUMNS.join(', ')})`;

async function copyServer(pool, schema) {
  await migrate(pool, { schema });
  const client = await pool.connect();
  try {
    const started = performance.now();
    await new Promise((resolve, reject) => {
      const stream = client.query(copyFrom(`COPY ${schema}.transactions ${COPY_COLUMNS} FROM STDIN WITH (FORMAT csv)`));
      stream.on('error', reject);
      stream.on('finish', resolve);
      const lines = sampleSteadyTransactionCsv(sample);
      let start = 0;
      const write = () => {
        while (start < N) {
          const chunk = csvBatch(lines, Math.min(BATCH, N - start));
          start += BATCH;
          if (!stream.write(chunk)) return stream.once('drain', write);
        }
        stream.end();
      };
      write();
    });
    return performance.now() - started;
  } finally {
    client.release();
  }
}

async function copyPglite(db, schema) {
  await migrate(db, { schema });
  const started = performance.now();
  const lines = sampleSteadyTransactionCsv(sample);
  for (let start = 0; start < N; start += 100_000) {
    const blob = new Blob([csvBatch(lines, Math.min(100_000, N - start))]);
    await db.query(`COPY ${schema}.transactions ${COPY_COLUMNS} FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob });
  }
  return performance.now() - started;
}

async function summaries(storage) {
  const asOf = new Date(T0 + N * 30_000 + 1);
  let started = performance.now();
  let rows = 0;
  for await (const _ of storage.transactions.summarizeTransactions({ asOf })) rows++;
  const pushdown = performance.now() - started;
  started = performance.now();
  const all = [];
  for await (const t of storage.transactions.stream()) all.push(t);
  const inTs = summarizeTransactions(all, { window: { asOf } });
  const loaded = performance.now() - started;
  if (inTs.length !== rows) throw new Error(`summary mismatch: ${rows} rows in SQL, ${inTs.length} in TypeScript`);
  return { rows, pushdown, loaded };
}

function report(label, kehuMs, copyMs, target) {
  const ratio = copyMs / kehuMs;
  console.log(
    `${label}: Kehu ${fmt(rate(N, kehuMs))} rows/s · plain COPY ${fmt(rate(N, copyMs))} rows/s · ` +
      `Kehu at ${(ratio * 100).toFixed(0)}% of COPY` +
      (target === undefined ? '' : ` (target ≥ ${target * 100}%: ${ratio >= target ? 'met' : 'NOT met'})`),
  );
}

function reportSummary(label, s) {
  console.log(
    `${label}: summarizeTransactions ${(s.pushdown / 1000).toFixed(2)} s for ${fmt(s.rows)} customer rows · ` +
      `loading ${fmt(N)} rows into TypeScript and summarising ${(s.loaded / 1000).toFixed(2)} s · ` +
      `pushdown ${(s.loaded / s.pushdown).toFixed(1)}× faster`,
  );
}

export async function runStorageBench() {
  console.log(`${fmt(N)} transactions of ${fmt(CUSTOMERS)} customers, batches of ${fmt(BATCH)}`);
  const pool = new pg.Pool({ connectionString: serverUrl(), max: 4 });
  pool.on('error', () => {});
  const schema = `kehu_bench_${process.pid}`;
  try {
    const copyMs = await copyServer(pool, `${schema}_copy`);
    const kehu = await ingestKehu(pool, schema);
    report('server  ', kehu.ms, copyMs, 0.5);
    reportSummary('server  ', await summaries(kehu.storage));
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.query(`DROP SCHEMA IF EXISTS ${schema}_copy CASCADE`);
    await pool.end();
  }
  const db = new PGlite();
  try {
    const copyMs = await copyPglite(db, 'bench_copy');
    const kehu = await ingestKehu(db, 'bench');
    report('PGlite  ', kehu.ms, copyMs);
    reportSummary('PGlite  ', await summaries(kehu.storage));
  } finally {
    await db.close();
  }
}
