export {
  deliverOutbox,
  dueActions,
  parseCheckJobData,
  runCheck,
  type CheckContext,
  type CheckJobData,
  type CheckOutcome,
  type CheckRequest,
  type FiredAction,
  type Notifier,
  type ScheduleCheck,
} from './check.js';
export { checkKey, firedId, stableJobId, type FiredKind } from './ids.js';
export { migrateAll, migrateWorkerTables, type MigrateAllOptions, type MigrateAllResult } from './migrate.js';
export { localDate, NIGHTLY_JOBS, nextDate, parseNightlyJobData, runNightly, type NightlyContext } from './nightly.js';
export type { NightlyJobData } from './nightly.js';
export { createQueues, QUEUES, type QueueName } from './queues.js';
export { DEFAULT_WORKER_SCHEMA, quoteSchema } from './schema.js';
export { sweep, type SweepContext, type SweepOutcome } from './sweep.js';
export { logNotifier, startWorker, type RunningWorker, type WorkerOptions } from './worker.js';
