// The worker process: `tsx src/main.ts` runs a worker, `tsx src/main.ts migrate` prepares the database.
// Environment: DATABASE_URL (required); WORKER_SCHEMA (default kehu_worker); WORKER_NAME; WORKER_CONCURRENCY;
// WORKER_EXPIRE_SECONDS, WORKER_MAINTENANCE_SECONDS, WORKER_POLLING_SECONDS (pg-boss timings);
// WORKER_FIRE_DELAY_MS (fault tests only); WORKER_VERBOSE=1 (a line per job as well).
import { chinaCalendar } from '@kehu/calendar';
import { migrateAll } from './migrate.js';
import { startWorker, type WorkerOptions } from './worker.js';

const env = process.env;
const databaseUrl = env.DATABASE_URL;
if (databaseUrl === undefined || databaseUrl === '') {
  console.error('DATABASE_URL is required, e.g. DATABASE_URL=postgres://user@localhost:5432/kehu');
  process.exit(2);
}

/** A numeric setting from the environment, or nothing when unset. */
function numberFrom(name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) {
    console.error(`${name} must be a number, got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return value;
}

const command = process.argv[2] ?? 'run';
if (command === 'migrate') {
  const result = await migrateAll({ databaseUrl, ...(env.WORKER_SCHEMA ? { schema: env.WORKER_SCHEMA } : {}) });
  console.log(
    `migrated: schema kehu at version ${result.version}` +
      `${result.applied.length === 0 ? '' : ` (applied ${result.applied.join(', ')})`}, queue and worker tables ready`,
  );
} else if (command === 'run') {
  const options: WorkerOptions = { databaseUrl, calendar: chinaCalendar(), verbose: env.WORKER_VERBOSE === '1' };
  const settings = {
    concurrency: numberFrom('WORKER_CONCURRENCY'),
    expireInSeconds: numberFrom('WORKER_EXPIRE_SECONDS'),
    maintenanceIntervalSeconds: numberFrom('WORKER_MAINTENANCE_SECONDS'),
    pollingIntervalSeconds: numberFrom('WORKER_POLLING_SECONDS'),
    fireDelayMs: numberFrom('WORKER_FIRE_DELAY_MS'),
  };
  for (const [key, value] of Object.entries(settings))
    if (value !== undefined) Object.assign(options, { [key]: value });
  if (env.WORKER_SCHEMA) options.schema = env.WORKER_SCHEMA;
  if (env.WORKER_NAME) options.name = env.WORKER_NAME;
  const worker = await startWorker(options);
  console.log(`worker ${worker.name} started`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`worker ${worker.name}: ${signal}, finishing the jobs in hand`);
    await worker.stop();
    console.log(`worker ${worker.name} stopped`);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} else {
  console.error(`unknown command ${JSON.stringify(command)}: use "migrate", or nothing to run a worker`);
  process.exit(2);
}
