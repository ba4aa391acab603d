// Service load benchmark (issue 17): examples/service run as a child process on 127.0.0.1, loaded by autocannon over
// loopback on each store (PGlite in a temporary directory; the PostgreSQL server from serverUrl() in a database
// created for the run and dropped after it). Per store: `migrate` and `seed` (a small sample business) through the
// service's own commands, then reads (GET /v1/customers/{id} over the seeded ids, GET /v1/customers?limit=50) and
// imports (POST /v1/transactions/import, every request a different deterministic batch of unique ids), each bounded
// in count (`amount`) and in time (a cap that stops the run). The named peer, measured in the same run against the
// same process: GET /v1/clock (routing and JSON, no store); reads and imports print as a ratio to it. Afterwards:
// errors, timeouts and non-2xx answers must be 0; a batch sent twice, one after the other and both at once, must be
// stored once; and the stored rows (GET /v1/transactions/count, and a direct count in the database) must be exactly
// the distinct ids acknowledged: it prints "lost 0, duplicated 0" or the numbers. Asserts nothing by throwing; a
// failed check sets process.exitCode = 1. Needs `pnpm build` (the service loads the packages' dist). Sizes:
// KEHU_BENCH_SERVICE_READS, KEHU_BENCH_SERVICE_IMPORTS (requests of KEHU_BENCH_SERVICE_BATCH rows),
// KEHU_BENCH_SERVICE_CONNECTIONS, KEHU_BENCH_SERVICE_CUSTOMERS (seeded); KEHU_BENCH_SERVICE_STORES=pglite,postgres
// picks the stores.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import autocannon from 'autocannon';
import pg from 'pg';
import { serverUrl } from './server.mjs';

const SERVICE_DIR = fileURLToPath(new URL('../../examples/service/', import.meta.url));
const MAIN = join(SERVICE_DIR, 'src', 'main.ts');
const CONNECTIONS = Number(process.env.KEHU_BENCH_SERVICE_CONNECTIONS || 8);
const READS = Number(process.env.KEHU_BENCH_SERVICE_READS || 3000);
const IMPORTS = Number(process.env.KEHU_BENCH_SERVICE_IMPORTS || 120);
const BATCH = Number(process.env.KEHU_BENCH_SERVICE_BATCH || 100);
const STORES = (process.env.KEHU_BENCH_SERVICE_STORES || 'pglite,postgres').split(',');
/** Longest any one load run may take (seconds): the run stops there even if its `amount` is not reached. */
const CAP_SECONDS = 12;
/** Longest a per-request answer may take (seconds) before autocannon counts a timeout. */
const REQUEST_TIMEOUT_SECONDS = 10;
/** The sample business's as-of day and the service clock, fixed so every run loads the same data. */
const AS_OF = '2026-06-30';
/** Customers of the seeded sample business (its default is 2,000; fewer keeps the seed short). */
const SEED_CUSTOMERS = Number(process.env.KEHU_BENCH_SERVICE_CUSTOMERS || 200);
/** Ids of the benchmark's transactions; no seeded id has this prefix. */
const ID_PREFIX = 'bench-svc-';
/** How many seeded customer ids the reads and the imported transactions use. */
const KNOWN_IDS = 200;
const SCHEMA = 'kehu';

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const ms = (n) => n.toFixed(n < 10 ? 2 : 1);
const pct = (ratio) => `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`;
const holds = (ok) => (ok ? 'holds' : 'FAILS');
const seconds = (started) => ((performance.now() - started) / 1000).toFixed(1);

/** The environment of a service process on `store` (nothing else of the parent's store variables leaks in). */
function serviceEnv(store) {
  const env = { ...process.env, HOST: '127.0.0.1', PORT: '0', KEHU_AS_OF: AS_OF };
  delete env.DATABASE_URL;
  delete env.KEHU_DATA_DIR;
  if (store.databaseUrl) env.DATABASE_URL = store.databaseUrl;
  else env.KEHU_DATA_DIR = store.dataDir;
  return env;
}

function spawnService(args, env) {
  return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: SERVICE_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `main.ts <args>` to completion; rejects with its output when it fails or outlives `timeoutMs`. */
function runCommand(store, args, timeoutMs = 120_000) {
  return new Promise((resolve, reject) => {
    const child = spawnService(args, serviceEnv(store));
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`main.ts ${args.join(' ')} exited with ${code ?? signal}:\n${output.slice(-2000)}`));
    });
  });
}

/** Starts `main.ts serve`; resolves once it prints `listening on URL`. `stop()` ends it (SIGTERM, then SIGKILL). */
function startServe(store) {
  return new Promise((resolve, reject) => {
    const child = spawnService(['serve'], serviceEnv(store));
    let output = '';
    let exited = false;
    const exit = new Promise((done) =>
      child.on('exit', (code, signal) => {
        exited = true;
        done(code ?? signal);
      }),
    );
    const stop = async () => {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`the service did not print "listening on" within 60 s:\n${output.slice(-2000)}`));
    }, 60_000);
    const onData = (d) => {
      output += d;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1].replace(/\/$/, ''), stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', reject);
    exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the service exited (${code}) before listening:\n${output.slice(-2000)}`));
    });
  });
}

async function getJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function postJson(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

/** Up to `limit` customer ids from the service's keyset pages. */
async function knownCustomerIds(base, limit) {
  const ids = [];
  let cursor;
  while (ids.length < limit) {
    const query = new URLSearchParams({ limit: String(Math.min(100, limit - ids.length)) });
    if (cursor) query.set('cursor', cursor);
    const page = await getJson(`${base}/v1/customers?${query}`);
    for (const item of page.items) ids.push(item.customer?.id);
    cursor = page.nextCursor;
    if (!cursor || page.items.length === 0) break;
  }
  if (ids.length === 0 || ids.some((id) => typeof id !== 'string')) {
    throw new Error(`GET /v1/customers gave no usable ids (first page: ${JSON.stringify(ids.slice(0, 3))})`);
  }
  return ids;
}

const transactionCount = async (base) => (await getJson(`${base}/v1/transactions/count`)).count;

const txId = (b, k) => `${ID_PREFIX}${String(b).padStart(5, '0')}-${String(k).padStart(3, '0')}`;

/** Batch `b` of the imports: BATCH transactions with ids unique to the batch, on the seeded customers. */
function batch(b, customerIds) {
  const transactions = [];
  for (let k = 0; k < BATCH; k++) {
    const n = b * BATCH + k;
    transactions.push({
      id: txId(b, k),
      customerId: customerIds[n % customerIds.length],
      occurredAt: new Date(Date.UTC(2026, 0, 5, 2) + n * 60_000).toISOString(),
      amount: `${10 + ((b * 37 + k * 11) % 990)}.${k % 10}0`,
      currency: 'CNY',
    });
  }
  return transactions;
}

const idsOf = (b) => Array.from({ length: BATCH }, (_, k) => txId(b, k));

/**
 * One autocannon run of `amount` requests over `connections`, stopped at CAP_SECONDS if not done by then. The rate is
 * the answered requests over the time from the start to the last answer, and the latencies are percentiles of every
 * answer's time (autocannon's own per-second samples and 1 ms histogram are too coarse for runs of a few seconds).
 */
function load(url, { amount, connections = CONNECTIONS, requests }) {
  return new Promise((resolve, reject) => {
    let capped = false;
    let last = 0;
    const times = [];
    const started = performance.now();
    const instance = autocannon(
      { url, connections: Math.min(connections, amount), amount, requests, timeout: REQUEST_TIMEOUT_SECONDS },
      (error, result) => {
        clearTimeout(cap);
        if (error) return reject(error);
        const answered = result.requests.total;
        resolve({
          answered,
          amount,
          capped,
          perSecond: answered / ((last - started) / 1000),
          p50: percentile(times, 0.5),
          p99: percentile(times, 0.99),
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
          statusCodes: Object.keys(result.statusCodeStats),
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      times.push(responseTime);
      last = performance.now();
    });
    const cap = setTimeout(() => {
      capped = true;
      instance.stop();
    }, CAP_SECONDS * 1000);
  });
}

/** The `q` quantile of `values` (nearest rank). */
function percentile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const failures = (r) => r.errors + r.timeouts + r.non2xx;

function line(label, r, peer, extra = '') {
  const ratio = peer ? ` (${pct(r.perSecond / peer.perSecond)} of the clock)` : '';
  const cut = r.capped ? ` · stopped at the ${CAP_SECONDS} s cap after ${fmt(r.answered)} of ${fmt(r.amount)}` : '';
  const bad = failures(r) === 0 ? '' : ` · errors ${r.errors}, timeouts ${r.timeouts}, non-2xx ${r.non2xx}`;
  console.log(
    `  ${label.padEnd(34)} ${fmt(r.perSecond).padStart(6)} req/s${ratio} · p50 ${ms(r.p50)} ms · p99 ${ms(r.p99)} ms` +
      `${extra}${cut}${bad}`,
  );
}

/** The load runs and checks on one store whose service answers at `base`. */
async function loadStore(base, label) {
  const customerIds = await knownCustomerIds(base, KNOWN_IDS);
  const before = await transactionCount(base);
  console.log(`  ${fmt(customerIds.length)} seeded customer ids used; ${fmt(before)} seeded transactions`);

  let next = 0;
  const byId = [
    {
      method: 'GET',
      setupRequest: (req) => ({
        ...req,
        path: `/v1/customers/${encodeURIComponent(customerIds[next++ % customerIds.length])}`,
      }),
    },
  ];
  const clock = [{ method: 'GET', path: '/v1/clock' }];
  // Warm-up (not reported): the service's JIT and the store's caches, the same for every run below.
  await load(base, { amount: 300, requests: clock });
  await load(base, { amount: 300, requests: byId });

  const peer = await load(base, { amount: READS, requests: clock });
  line('peer GET /v1/clock', peer);
  const reads = await load(base, { amount: READS, requests: byId });
  line('GET /v1/customers/{id}', reads, peer);
  const list = await load(base, {
    amount: Math.ceil(READS / 10),
    requests: [{ method: 'GET', path: '/v1/customers?limit=50' }],
  });
  line('GET /v1/customers?limit=50', list, peer);

  // Imports: every request builds the next batch; its number travels in the connection's context (one request in
  // flight per connection) so each answer is matched to the batch it acknowledges.
  let built = 0;
  const acknowledged = [];
  let inserted = 0;
  let duplicates = 0;
  const imports = await load(base, {
    amount: IMPORTS,
    requests: [
      {
        method: 'POST',
        path: '/v1/transactions/import',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req, context) => {
          context.batch = built++;
          return { ...req, body: JSON.stringify({ transactions: batch(context.batch, customerIds) }) };
        },
        onResponse: (status, body, context) => {
          if (status < 200 || status >= 300) return;
          acknowledged.push(context.batch);
          try {
            const result = JSON.parse(body);
            inserted += result.inserted ?? 0;
            duplicates += result.duplicates ?? 0;
          } catch {
            // An unreadable body on a 2xx answer shows as a shortfall of `inserted` below.
          }
        },
      },
    ],
  });
  const rowsPerSecond = imports.perSecond * BATCH;
  line(`POST /v1/transactions/import (${BATCH})`, imports, peer, ` · ${fmt(rowsPerSecond)} rows/s`);
  const importsClean = inserted === acknowledged.length * BATCH && duplicates === 0;

  // A batch sent twice (as by a client retrying after a lost answer), then another sent twice at once (as by a
  // client retrying before the first answer arrives): the second delivery stores nothing.
  const retry = batch(built, customerIds);
  const first = await postJson(`${base}/v1/transactions/import`, { transactions: retry });
  const second = await postJson(`${base}/v1/transactions/import`, { transactions: retry });
  const twin = batch(built + 1, customerIds);
  const [a, b] = await Promise.all([
    postJson(`${base}/v1/transactions/import`, { transactions: twin }),
    postJson(`${base}/v1/transactions/import`, { transactions: twin }),
  ]);
  const sequentialOk =
    first.json?.inserted === BATCH && second.json?.inserted === 0 && second.json?.duplicates === BATCH;
  const concurrentOk =
    a.status === 200 &&
    b.status === 200 &&
    a.json.inserted + b.json.inserted === BATCH &&
    a.json.duplicates + b.json.duplicates === BATCH;
  const show = (r) =>
    r.status === 200
      ? `${r.json.inserted} stored, ${r.json.duplicates} duplicates`
      : `${r.status} ${r.text.slice(0, 200)}`;
  console.log(`  retried batch, one after the other: ${show(first)}, then ${show(second)}: ${holds(sequentialOk)}`);
  console.log(`  retried batch, both at once: ${show(a)} and ${show(b)}: ${holds(concurrentOk)}`);

  // Every id acknowledged must be stored once, and nothing else. A batch sent but not answered (only when a run is
  // stopped at its cap) may or may not be stored: it counts as neither lost nor unexpected.
  const sentIds = [];
  for (const n of [...acknowledged, built, built + 1]) sentIds.push(...idsOf(n));
  const answeredBatches = new Set(acknowledged);
  const inDoubtIds = [];
  for (let n = 0; n < built; n++) if (!answeredBatches.has(n)) inDoubtIds.push(...idsOf(n));
  const expected = new Set(sentIds).size;
  const after = await transactionCount(base);
  const delta = after - before;
  const runs = [peer, reads, list, imports];
  const errorsOk = runs.every((r) => failures(r) === 0) && importsClean;
  console.log(
    `  errors ${runs.reduce((s, r) => s + r.errors, 0)} · timeouts ${runs.reduce((s, r) => s + r.timeouts, 0)} · ` +
      `non-2xx ${runs.reduce((s, r) => s + r.non2xx, 0)} · every import answered with its rows stored ` +
      `(${fmt(inserted)} stored, ${duplicates} duplicates): ${holds(errorsOk)}`,
  );
  return {
    expected,
    delta,
    sentIds,
    inDoubtIds,
    checksOk: errorsOk && sequentialOk && concurrentOk,
    peer,
    reads,
    list,
    imports,
    label,
  };
}

/**
 * Counts the benchmark's rows straight in the database: rows, distinct ids, how many of the acknowledged ids and of
 * the in-doubt ids are there.
 */
async function countDirect(query, run) {
  const { rows } = await query(
    `SELECT count(*)::int AS rows, count(DISTINCT id)::int AS ids,
            count(*) FILTER (WHERE id = ANY($1))::int AS sent, count(*) FILTER (WHERE id = ANY($2))::int AS doubt
       FROM ${SCHEMA}.transactions WHERE id LIKE '${ID_PREFIX}%'`,
    [run.sentIds, run.inDoubtIds],
  );
  return rows[0];
}

/** Prints the zero-loss check of `run` against the direct count `direct`; a failure sets process.exitCode = 1. */
function reportRows(run, direct, where) {
  const lost = run.expected - direct.sent;
  const duplicated = direct.rows - direct.ids;
  const unexpected = direct.ids - direct.sent - direct.doubt;
  const ok = lost === 0 && duplicated === 0 && unexpected === 0 && run.delta === direct.rows;
  const doubt = run.inDoubtIds.length === 0 ? '' : ` (+ ${fmt(run.inDoubtIds.length)} sent, never answered)`;
  console.log(
    `  rows: ${fmt(run.expected)} distinct ids acknowledged${doubt} · ` +
      `GET /v1/transactions/count +${fmt(run.delta)} · ${where}: ${fmt(direct.rows)} rows, ` +
      `${fmt(direct.ids)} distinct, ${fmt(direct.sent)} of the acknowledged ids · ` +
      `lost ${lost}, duplicated ${duplicated}${unexpected ? `, unexpected ${unexpected}` : ''}: ${holds(ok)}`,
  );
  if (!ok || !run.checksOk) {
    console.error(`service bench (${run.label}): a zero-error / zero-loss check failed (see above)`);
    process.exitCode = 1;
  }
}

async function prepare(store) {
  let started = performance.now();
  await runCommand(store, ['migrate']);
  const migrateSeconds = seconds(started);
  started = performance.now();
  await runCommand(store, ['seed', '--as-of', AS_OF, '--customers', String(SEED_CUSTOMERS)]);
  const seedSeconds = seconds(started);
  console.log(
    `  migrate ${migrateSeconds} s · seed (the sample business, ${fmt(SEED_CUSTOMERS)} customers) ${seedSeconds} s`,
  );
}

async function benchPglite() {
  const dataDir = await mkdtemp(join(tmpdir(), 'kehu-bench-service-'));
  const store = { dataDir };
  console.log(`PGlite (a directory under ${tmpdir()}):`);
  try {
    await prepare(store);
    const service = await startServe(store);
    let run;
    try {
      run = await loadStore(service.url, 'PGlite');
    } finally {
      await service.stop();
    }
    // PGlite allows one process at a time: the direct count opens the directory once the service has stopped.
    const db = new PGlite(dataDir);
    try {
      reportRows(run, await countDirect((sql, params) => db.query(sql, params), run), 'in the directory');
    } finally {
      await db.close();
    }
    return run;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function benchPostgres() {
  const adminUrl = serverUrl();
  const database = `kehu_bench_service_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  console.log(`PostgreSQL server (database ${database} on ${url.host}):`);
  await admin.query(`CREATE DATABASE ${database}`);
  try {
    const store = { databaseUrl: url.toString() };
    await prepare(store);
    const service = await startServe(store);
    const client = new pg.Client({ connectionString: store.databaseUrl });
    await client.connect();
    try {
      const run = await loadStore(service.url, 'PostgreSQL');
      reportRows(run, await countDirect((sql, params) => client.query(sql, params), run), 'in the database');
      return run;
    } finally {
      await client.end();
      await service.stop();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}

export async function runServiceBench() {
  const started = performance.now();
  console.log(
    `${CONNECTIONS} connections · reads ${fmt(READS)} requests per route · imports ${fmt(IMPORTS)} requests of ` +
      `${BATCH} transactions · every run capped at ${CAP_SECONDS} s · loopback only`,
  );
  const runs = [];
  for (const [name, bench] of [
    ['pglite', benchPglite],
    ['postgres', benchPostgres],
  ]) {
    if (!STORES.includes(name)) continue;
    try {
      runs.push(await bench());
    } catch (error) {
      // A service that cannot be set up or started is a failed check too; the next store still runs.
      console.error(`service bench (${name}): could not run: ${error instanceof Error ? error.message : error}`);
      process.exitCode = 1;
    }
  }
  if (runs.length === 2) {
    const [lite, server] = runs;
    console.log(
      `PostgreSQL server / PGlite: reads by id ${(server.reads.perSecond / lite.reads.perSecond).toFixed(2)}× · ` +
        `imports ${(server.imports.perSecond / lite.imports.perSecond).toFixed(2)}×`,
    );
  }
  console.log(`service bench: ${seconds(started)} s in all`);
}
