import { chinaCalendar } from '@kehu/calendar';
import { KehuValidationError } from '@kehu/core';
import { createKehu } from '@kehu/sdk';
import { createPostgresStorage } from '@kehu/storage-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkJobData,
  deliverOutbox,
  dueActions,
  parseCheckJobData,
  runCheck,
  type CheckContext,
  type CheckRequest,
  type FiredAction,
} from './check.js';
import { migrateAll } from './migrate.js';
import { runNightly } from './nightly.js';
import { startWorker } from './worker.js';
import { createTestDatabase, seedComplaints, testServerUrl, type TestDatabase } from './test-database.js';

describe('check job data', () => {
  it('is refused with the path of the bad field', () => {
    const bad = (data: unknown) => {
      try {
        parseCheckJobData(data);
      } catch (e) {
        expect(e).toBeInstanceOf(KehuValidationError);
        return (e as KehuValidationError).path;
      }
      throw new Error('accepted');
    };
    expect(bad(null)).toEqual([]);
    expect(bad({ checkAt: '2026-01-05T01:00:00Z', version: 1 })).toEqual(['complaintId']);
    expect(bad({ complaintId: 'k-1', checkAt: 'soon', version: 1 })).toEqual(['checkAt']);
    expect(bad({ complaintId: 'k-1', checkAt: '2026-01-05T01:00:00Z', version: -1 })).toEqual(['version']);
    const request: CheckRequest = { complaintId: 'k-1', at: new Date('2026-01-05T01:00:00Z'), version: 3 };
    expect(parseCheckJobData(checkJobData(request))).toEqual({ complaintId: 'k-1', checkAt: request.at, version: 3 });
  });
});

const server = testServerUrl;
if (!server)
  console.warn('examples/worker check.test.ts: skipped, KEHU_TEST_DATABASE_URL is not set (PostgreSQL only)');

describe.skipIf(!server)('a complaint check on PostgreSQL (KEHU_TEST_DATABASE_URL)', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let ctx: CheckContext;
  const scheduled: CheckRequest[] = [];
  const now = new Date();
  const calendar = chinaCalendar();

  beforeAll(async () => {
    db = await createTestDatabase(server!, `kehu_worker_check_${process.pid}`);
    await migrateAll({ databaseUrl: db.url });
    pool = new pg.Pool({ connectionString: db.url, max: 3 });
    const kehu = createKehu({ storage: createPostgresStorage({ client: pool }) });
    await seedComplaints(kehu, now, 1);
    ctx = {
      pool,
      kehu,
      calendar,
      schema: '"kehu_worker"',
      worker: 'test',
      clock: () => now,
      fireDelayMs: 0,
      scheduleCheck: async (check) => {
        scheduled.push(check);
        return 'job';
      },
    };
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('fires each due action once, schedules the next check, and running it again fires nothing new', async () => {
    const evaluation = await ctx.kehu.sla.evaluate('k-001', { asOf: now, calendar });
    const expected = dueActions('k-001', evaluation).map((a) => a.id);
    expect(expected.length).toBeGreaterThanOrEqual(5);
    const data = { complaintId: 'k-001', checkAt: now.toISOString(), version: 1 };
    const first = await runCheck(ctx, data);
    expect(first.fired.map((a) => a.id).sort()).toEqual([...expected].sort());
    expect(first.next).toEqual(evaluation.nextCheckAt);
    expect(scheduled).toEqual([{ complaintId: 'k-001', at: evaluation.nextCheckAt, version: 1 }]);
    const second = await runCheck(ctx, data);
    expect(second.fired).toEqual([]);
    const { rows } = await pool.query('SELECT id, count(*)::int AS n FROM kehu_worker.worker_fired GROUP BY id');
    expect(rows).toHaveLength(expected.length);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    // The outbox hands each row over once; a second delivery finds nothing left.
    const seen: FiredAction[] = [];
    expect(await deliverOutbox(ctx, (a) => void seen.push(a), 'k-001')).toBe(expected.length);
    expect(await deliverOutbox(ctx, (a) => void seen.push(a))).toBe(0);
    expect(seen.map((a) => a.id).sort()).toEqual([...expected].sort());
  });

  it('the nightly jobs run as of the night’s fixed moment, and a rerun writes nothing more', async () => {
    const nightly = { kehu: ctx.kehu, calendar, actor: 'test' };
    const data = { night: '2026-11-30', asOf: now.toISOString() };
    for (const job of ['regrade', 'churn-score', 'plan-revisits'] as const) {
      const first = await runNightly(nightly, job, data);
      expect(first).toMatch(new RegExp(`^${job} 2026-11-30: `));
      const again = await runNightly(nightly, job, data);
      if (job === 'churn-score') expect(again).toMatch(/, 0 stored,/);
      if (job === 'regrade') expect(again).toMatch(/: 0 grade changes/);
    }
    await expect(runNightly(nightly, 'regrade', { night: 'tonight', asOf: data.asOf })).rejects.toMatchObject({
      path: ['night'],
    });
  });

  it('a worker refuses a database whose Kehu schema is not migrated', async () => {
    await expect(startWorker({ databaseUrl: db.url, calendar, kehuSchema: 'kehu_missing' })).rejects.toMatchObject({
      code: 'NOT_MIGRATED',
    });
    await expect(startWorker({ databaseUrl: db.url, calendar, schema: 'Bad-Name' })).rejects.toMatchObject({
      path: ['schema'],
    });
  });

  it('a notifier that fails leaves its rows to be handed over again', async () => {
    await runCheck(ctx, { complaintId: 'k-001', checkAt: now.toISOString(), version: 1 });
    await pool.query('UPDATE kehu_worker.worker_fired SET notified_at = NULL');
    await expect(
      deliverOutbox(ctx, () => {
        throw new Error('mail server down');
      }),
    ).rejects.toThrow('mail server down');
    const { rows } = await pool.query(
      'SELECT count(*)::int AS n FROM kehu_worker.worker_fired WHERE notified_at IS NULL',
    );
    expect(rows[0].n).toBeGreaterThan(0);
    expect(await deliverOutbox(ctx, () => undefined)).toBe(rows[0].n);
  });
});
