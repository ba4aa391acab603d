import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { chinaCalendar } from '@kehu/calendar';
import { createKehu } from '@kehu/sdk';
import { createPostgresStorage } from '@kehu/storage-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateAll } from './migrate.js';
import { createTestDatabase, seedComplaints, testServerUrl, type TestDatabase } from './test-database.js';

const COMPLAINTS = 40;
const EXPIRE_SECONDS = 5;
const workerDir = join(import.meta.dirname, '..');
const server = testServerUrl;
if (!server)
  console.warn('examples/worker fault.test.ts: skipped, KEHU_TEST_DATABASE_URL is not set (it needs PostgreSQL)');

/** A worker child process with what it printed: the jobs it started and has not finished. */
interface Child {
  process: ChildProcess;
  inFlight: Set<string>;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startChild(url: string, name: string): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', join('src', 'main.ts')], {
    cwd: workerDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: url,
      WORKER_NAME: name,
      WORKER_FIRE_DELAY_MS: '50',
      WORKER_EXPIRE_SECONDS: String(EXPIRE_SECONDS),
      WORKER_MAINTENANCE_SECONDS: '1',
      WORKER_POLLING_SECONDS: '0.5',
      WORKER_CONCURRENCY: '3',
      WORKER_VERBOSE: '1',
    },
  });
  const state: Child = {
    process: child,
    inFlight: new Set(),
    output: [],
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal }))),
  };
  let rest = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      state.output.push(line);
      const m = /^job (\S+) (start|done) complaint-check/.exec(line);
      if (m?.[2] === 'start') state.inFlight.add(m[1]!);
      else if (m?.[2] === 'done') state.inFlight.delete(m[1]!);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => state.output.push(`stderr: ${chunk.toString()}`));
  return state;
}

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!server)('two workers, one killed with SIGKILL mid-run and restarted (PostgreSQL)', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  const children: Child[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(server!, `kehu_worker_${process.pid}`);
    await migrateAll({ databaseUrl: db.url });
    pool = new pg.Pool({ connectionString: db.url, max: 3 });
  });

  afterAll(async () => {
    for (const c of children)
      if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill('SIGKILL');
    await pool?.end();
    await db?.drop();
  });

  it('fires every escalation and callback due exactly once: none missed, none twice', async () => {
    const seeding = Date.now();
    const kehu = createKehu({ storage: createPostgresStorage({ client: pool }) });
    const calendar = chinaCalendar();
    const now = new Date();
    const ids = await seedComplaints(kehu, now, COMPLAINTS);
    // What is due, computed directly with the SDK's SLA evaluation (not with the worker's code).
    const dueAt = async (asOf: Date) => {
      const due: string[] = [];
      for (const id of ids) {
        const e = await kehu.sla.evaluate(id, { asOf, calendar });
        for (const x of e.escalations) due.push(`${id}/escalation/${x.id}`);
        for (const x of e.callbacks) due.push(`${id}/callback/${x.id}`);
      }
      return due.sort();
    };
    const expected = await dueAt(now);
    expect(expected.length).toBeGreaterThanOrEqual(COMPLAINTS * 4);
    const count = async () =>
      (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM kehu_worker.worker_fired')).rows[0]!.n;

    const started = Date.now();
    children.push(startChild(db.url, 'w1'), startChild(db.url, 'w2'));
    const firstFiredAt = await until('the first firing', 30_000, async () =>
      (await count()) > 0 ? Date.now() : undefined,
    );
    const [w1] = children as [Child, Child];
    // Kill w1 once about a third of the firings are in, at a moment it has checks in hand.
    const killedInFlight = await until('a third of the firings with w1 busy', 30_000, async () => {
      if ((await count()) < expected.length / 3 || w1.inFlight.size === 0) return undefined;
      const inFlight = [...w1.inFlight];
      w1.process.kill('SIGKILL');
      return inFlight;
    });
    const firedAtKill = await count();
    const killedAt = Date.now();
    expect((await w1.exited).signal).toBe('SIGKILL');
    expect(firedAtKill, 'the kill came before the end').toBeLessThan(expected.length);
    children.push(startChild(db.url, 'w1-restarted'));

    await until('every due action fired', 60_000, async () => ((await count()) >= expected.length ? true : undefined));
    const allFiredAt = Date.now();
    const fired = (await pool.query<{ id: string }>('SELECT id FROM kehu_worker.worker_fired ORDER BY id')).rows.map(
      (r) => r.id,
    );
    expect(fired, 'the fired ids are exactly the due ones').toEqual(expected);
    const twice = await pool.query('SELECT id, count(*) FROM kehu_worker.worker_fired GROUP BY id HAVING count(*) > 1');
    expect(twice.rows, 'no id fired twice').toEqual([]);
    expect(await dueAt(now), 'nothing fell due during the test').toEqual(await dueAt(new Date()));

    // The checks w1 had in hand were given to another worker when they expired, and finished there.
    expect(killedInFlight.length).toBeGreaterThan(0);
    const retried = await until('the killed worker’s checks retried and completed', 30_000, async () => {
      const { rows } = await pool.query<{ id: string; state: string; retry_count: number }>(
        `SELECT id::text, state::text, retry_count FROM kehu_worker.job WHERE id = ANY($1::uuid[])
         UNION ALL
         SELECT id::text, state::text, retry_count FROM kehu_worker.archive WHERE id = ANY($1::uuid[])`,
        [killedInFlight],
      );
      return rows.length === killedInFlight.length && rows.every((r) => r.state === 'completed') ? rows : undefined;
    });
    for (const r of retried) expect(r.retry_count, `job ${r.id} ran again after expiring`).toBeGreaterThanOrEqual(1);
    const retriedAt = Date.now();
    const workers = (await pool.query<{ worker: string }>('SELECT DISTINCT worker FROM kehu_worker.worker_fired')).rows;
    expect(workers.length, 'more than one worker fired').toBeGreaterThanOrEqual(2);

    // A graceful stop: SIGTERM, the jobs in hand finish, exit code 0.
    for (const c of children.slice(1)) c.process.kill('SIGTERM');
    for (const c of children.slice(1)) expect((await c.exited).code, c.output.slice(-5).join('\n')).toBe(0);
    const s = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
    console.log(
      `worker fault test: ${expected.length} actions of ${COMPLAINTS} complaints seeded in ${s(seeding, started)}; ` +
        `from the workers' spawn: first firing after ${s(started, firstFiredAt)}, w1 killed after ` +
        `${s(started, killedAt)} at ${firedAtKill} fired with ${killedInFlight.length} checks in hand; ` +
        `all fired once after ${s(started, allFiredAt)}; the killed checks retried by ${s(started, retriedAt)}; ` +
        `stopped by ` +
        `${s(started, Date.now())}`,
    );
  }, 120_000);
});
