import { hostname } from 'node:os';
import type { BusinessCalendar } from '@kehu/calendar';
import { invalidInput, KehuStorageError } from '@kehu/core';
import { createKehu, type Kehu, type SlaOptions } from '@kehu/sdk';
import { createPostgresStorage, DEFAULT_SCHEMA, MIGRATIONS } from '@kehu/storage-postgres';
import pg from 'pg';
import PgBoss from 'pg-boss';
import {
  checkJobData,
  checkRequestKey,
  deliverOutbox,
  runCheck,
  type CheckContext,
  type FiredAction,
  type Notifier,
  type ScheduleCheck,
} from './check.js';
import { stableJobId } from './ids.js';
import { migrateWorkerTables } from './migrate.js';
import { localDate, NIGHTLY_JOBS, runNightly, type NightlyJobData } from './nightly.js';
import { createQueues, QUEUES } from './queues.js';
import { DEFAULT_WORKER_SCHEMA, quoteSchema } from './schema.js';
import { sweep, type SweepOutcome } from './sweep.js';

/** Options of {@link startWorker}. */
export interface WorkerOptions {
  /** The PostgreSQL server holding the Kehu tables; the queue lives in the same database. */
  databaseUrl: string;
  /** The business calendar of the SLA clocks and the nightly jobs (its zone sets the night). */
  calendar: BusinessCalendar;
  /** The worker's clock (default the system clock): the sweep's "now", `fired_at`, the night's date and `asOf`. */
  clock?: () => Date;
  /** Complaint checks run at once by this worker (default 4). */
  concurrency?: number;
  /** The worker's schema: pg-boss's tables and the worker's own (default `kehu_worker`). */
  schema?: string;
  /** The schema of the Kehu tables (default `kehu`). */
  kehuSchema?: string;
  /** The SLA policy (default the SDK's `DEFAULT_SLA_POLICY`). */
  slaPolicy?: SlaOptions['policy'];
  /** Gets every fired action once recorded; must be idempotent by the action's id (default: `log` one line). */
  notifier?: Notifier;
  /** The worker's name in `worker_fired` and in audit entries (default `kehu-worker@<host>:<pid>`). */
  name?: string;
  /** Cron of the nightly jobs in the calendar's zone (default `0 2 * * *`, 02:00). */
  nightlyCron?: string;
  /** Cron of the sweep (default every minute). */
  sweepCron?: string;
  /** Seconds a check may run before pg-boss gives it to another worker (default 300). */
  expireInSeconds?: number;
  /** Retries of a failed job, with backoff (default 10). */
  retryLimit?: number;
  /** How often pg-boss looks for expired jobs, across all workers (default 60 seconds). */
  maintenanceIntervalSeconds?: number;
  /** How often an idle worker polls the queue (default 2 seconds, at least 0.5). */
  pollingIntervalSeconds?: number;
  /** A pause after each action recorded, inside its transaction; for fault tests only (default 0). */
  fireDelayMs?: number;
  /** Where lines about the worker go (default `console.log`). */
  log?: (line: string) => void;
  /** Log each job's start and end as well (default false). */
  verbose?: boolean;
}

/** A running worker. */
export interface RunningWorker {
  /** The worker's name. */
  readonly name: string;
  /** The SDK the worker uses. */
  readonly kehu: Kehu;
  /** Runs a sweep now (the cron runs one every minute). */
  sweep(): Promise<SweepOutcome>;
  /** Stops taking jobs, waits for the jobs in hand (up to `timeoutMs`, default 30 s), and closes the connections. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

function positive(value: unknown, path: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min)
    throw invalidInput([path], `${path} must be a number of at least ${min}`, 'invalid_type');
  return value;
}

/** The default notifier: one line per fired action. */
export function logNotifier(log: (line: string) => void): Notifier {
  return (a: FiredAction) =>
    log(
      `fired ${a.id} ${a.kind}${a.level === null ? '' : ` level ${a.level} (${a.role})`} ${a.reason} ` +
        `due ${a.dueAt.toISOString()} by ${a.worker}`,
    );
}

/**
 * Starts a worker: the Kehu SDK over `createPostgresStorage` and pg-boss in the same database (its own schema, default
 * `kehu_worker`). Jobs:
 * - `complaint-check` (one per complaint and due instant, sent with `startAfter` = the due instant): fires the
 *   escalations and callbacks due, each once by its stable id, and schedules the next check, in one transaction
 *   (`runCheck`); then hands the new outbox rows to the notifier (`deliverOutbox`);
 * - `sweep` (every minute, and once at start): schedules the checks that are missing (`sweep`) and hands over outbox
 *   rows a crash left behind;
 * - `nightly` (02:00 in the calendar's zone): sends `regrade`, `churn-score` and `plan-revisits` for the night, each
 *   with a job id derived from the night, so the night's work is queued once however many workers run.
 * Several workers (on several machines) may run against one database. The Kehu schema must be migrated
 * (`migrateAll`, or `kehu migrate`): otherwise it throws `KehuStorageError` with code `NOT_MIGRATED`. The worker
 * creates its own tables and queues if they are missing.
 */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  if (typeof options !== 'object' || options === null)
    throw invalidInput([], 'startWorker needs { databaseUrl, calendar }', 'invalid_type');
  if (typeof options.databaseUrl !== 'string' || !/^postgres(ql)?:\/\//.test(options.databaseUrl))
    throw invalidInput(['databaseUrl'], 'databaseUrl must be a postgres:// URL', 'invalid_type');
  if (typeof options.calendar?.spec?.timeZone !== 'string')
    throw invalidInput(['calendar'], 'calendar must be a business calendar (e.g. chinaCalendar())', 'invalid_type');
  const schemaName = options.schema ?? DEFAULT_WORKER_SCHEMA;
  const schema = quoteSchema(schemaName, ['schema']);
  const kehuSchema = options.kehuSchema ?? DEFAULT_SCHEMA;
  quoteSchema(kehuSchema, ['kehuSchema']);
  const concurrency = positive(options.concurrency, 'concurrency', 4, 1);
  const expireInSeconds = positive(options.expireInSeconds, 'expireInSeconds', 300, 1);
  const retryLimit = positive(options.retryLimit, 'retryLimit', 10);
  const fireDelayMs = positive(options.fireDelayMs, 'fireDelayMs', 0);
  const log = options.log ?? ((line: string) => console.log(line));
  const clock = options.clock ?? (() => new Date());
  const name = options.name ?? `kehu-worker@${hostname()}:${process.pid}`;
  const notifier = options.notifier ?? logNotifier(log);
  const { calendar } = options;

  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: concurrency + 4 });
  pool.on('error', () => {
    // An idle connection that dies is replaced by the pool; statements report their own errors.
  });
  const kehu = createKehu({ storage: createPostgresStorage({ client: pool, schema: kehuSchema }) });
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: schemaName,
    max: concurrency + 4,
    maintenanceIntervalSeconds: positive(options.maintenanceIntervalSeconds, 'maintenanceIntervalSeconds', 60, 1),
  });
  boss.on('error', (error: Error) => log(`worker ${name}: queue error: ${error.message}`));
  const pollingIntervalSeconds = positive(options.pollingIntervalSeconds, 'pollingIntervalSeconds', 2, 0.5);

  const scheduleCheck: ScheduleCheck = (check, db) =>
    boss.send(QUEUES.check, checkJobData(check), {
      singletonKey: checkRequestKey(check),
      startAfter: check.at,
      retryLimit,
      retryBackoff: true,
      expireInSeconds,
      ...(db === undefined ? {} : { db }),
    });
  const ctx: CheckContext = {
    pool,
    kehu,
    calendar,
    schema,
    worker: name,
    clock,
    fireDelayMs,
    scheduleCheck,
    ...(options.slaPolicy === undefined ? {} : { slaPolicy: options.slaPolicy }),
  };
  const sweepContext = { ...ctx, bossSchema: schema };
  const nightlyContext = {
    kehu,
    calendar,
    actor: name,
    ...(options.slaPolicy === undefined ? {} : { slaPolicy: options.slaPolicy }),
  };
  const trace = (line: string) => {
    if (options.verbose) log(line);
  };

  try {
    const table = `"${kehuSchema}".kehu_migrations`;
    const found = await pool.query<{ table: string | null }>('SELECT to_regclass($1)::text AS table', [table]);
    const applied =
      found.rows[0]?.table == null
        ? 0
        : Number((await pool.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${table}`)).rows[0]?.v ?? 0);
    // A schema migrated by an older release lacks tables or columns this SDK uses: refused like an empty one.
    if (applied < (MIGRATIONS.at(-1)?.version ?? 0))
      throw new KehuStorageError(
        'startWorker',
        `the Kehu schema "${kehuSchema}" is not migrated in this database: run \`tsx src/main.ts migrate\` ` +
          '(or `kehu migrate --storage postgres:URL`) first',
        { code: 'NOT_MIGRATED' },
      );
    await migrateWorkerTables(pool, schemaName);
    await boss.start();
    await createQueues(boss);
    const workOptions = { batchSize: 1, pollingIntervalSeconds };
    const checkWorkers: string[] = [];
    for (let i = 0; i < concurrency; i++) {
      const id: string = await boss.work(QUEUES.check, workOptions, async ([job]) => {
        if (job === undefined) return;
        trace(`job ${job.id} start ${QUEUES.check} ${JSON.stringify(job.data)}`);
        const outcome = await runCheck(ctx, job.data);
        await deliverOutbox(ctx, notifier, outcome.complaintId);
        trace(`job ${job.id} done ${QUEUES.check} fired ${outcome.fired.length}`);
        // More checks may be waiting: look again at once instead of after the polling interval.
        boss.notifyWorker(id);
      });
      checkWorkers.push(id);
    }
    await boss.work(QUEUES.sweep, workOptions, async ([job]) => {
      if (job === undefined) return;
      const outcome = await sweep(sweepContext);
      const delivered = await deliverOutbox(ctx, notifier);
      trace(
        `job ${job.id} done ${QUEUES.sweep}: ${outcome.complaints} complaints, ${outcome.evaluated} evaluated, ` +
          `${outcome.scheduled} checks sent, ${delivered} outbox rows handed over`,
      );
      if (outcome.scheduled > 0) for (const id of checkWorkers) boss.notifyWorker(id);
    });
    await boss.work(QUEUES.nightly, workOptions, async ([job]) => {
      if (job === undefined) return;
      const at = clock();
      const night = localDate(at, calendar.spec.timeZone);
      const data: NightlyJobData = { night, asOf: at.toISOString() };
      for (const queue of NIGHTLY_JOBS)
        await boss.send(queue, data, {
          id: stableJobId(`${queue}:${night}`),
          singletonKey: night,
          retryLimit,
          retryBackoff: true,
          expireInSeconds: 3600,
        });
      trace(`job ${job.id} done ${QUEUES.nightly} ${night}`);
    });
    for (const queue of NIGHTLY_JOBS)
      await boss.work(queue, workOptions, async ([job]) => {
        if (job === undefined) return;
        log(`worker ${name}: ${await runNightly(nightlyContext, queue, job.data)}`);
      });
    await boss.schedule(
      QUEUES.sweep,
      options.sweepCron ?? '* * * * *',
      {},
      {
        singletonKey: 'sweep',
        retryLimit: 0,
        expireInSeconds,
      },
    );
    await boss.schedule(
      QUEUES.nightly,
      options.nightlyCron ?? '0 2 * * *',
      {},
      { tz: calendar.spec.timeZone, singletonKey: 'nightly', retryLimit },
    );
    // A sweep at start picks up whatever arrived while no worker ran; the queue keeps one waiting sweep.
    await boss.send(QUEUES.sweep, {}, { singletonKey: 'sweep', retryLimit: 0, expireInSeconds });
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => undefined);
    await pool.end().catch(() => undefined);
    throw error;
  }

  let stopped = false;
  return {
    name,
    kehu,
    sweep: () => sweep(sweepContext),
    stop: async (stopOptions = {}) => {
      if (stopped) return;
      stopped = true;
      const timeout = stopOptions.timeoutMs ?? 30_000;
      try {
        await boss.stop({ graceful: true, timeout, wait: true });
      } finally {
        await pool.end();
      }
    },
  };
}
