import type PgBoss from 'pg-boss';

/** The queues of the worker, each a pg-boss queue. */
export const QUEUES = {
  /** Wakes one complaint at one instant: fires what is due, schedules the next check. */
  check: 'complaint-check',
  /** Every minute: schedules a check for every complaint that needs one and has none pending. */
  sweep: 'sweep',
  /** Nightly, in the calendar's zone: sends the three nightly jobs of the night. */
  nightly: 'nightly',
  /** Re-grades every customer (`kehu.value.regradeAll`). */
  regrade: 'regrade',
  /** Scores churn risk and raises alerts (`kehu.churn.score`). */
  churnScore: 'churn-score',
  /** Plans tomorrow's revisits (`kehu.cadence.plan`). */
  planRevisits: 'plan-revisits',
} as const;

/** The name of one of the worker's queues. */
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * Creates the worker's queues (nothing happens to a queue that exists). Every queue has pg-boss's `short` policy: at
 * most one queued job per singleton key, so a second send of the same check or the same night is refused while the
 * first waits; a job running while its duplicate waits is harmless, as every job is idempotent.
 */
export async function createQueues(boss: PgBoss): Promise<void> {
  for (const name of Object.values(QUEUES)) await boss.createQueue(name, { name, policy: 'short' });
}
