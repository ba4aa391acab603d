import { COMPLAINT_STATES } from '@kehu/core';
import { QUEUES } from './queues.js';
import { dueActions, type CheckContext } from './check.js';

/** What a sweep did. */
export interface SweepOutcome {
  /** Complaints looked at. */
  complaints: number;
  /** Complaints evaluated because they were new, changed since their last check, or had lost their next check. */
  evaluated: number;
  /** Checks sent (a check the queue already holds is not sent twice). */
  scheduled: number;
}

/** What a sweep needs: a check's context and pg-boss's schema (quoted), to see which checks are pending. */
export interface SweepContext extends CheckContext {
  /** pg-boss's schema, quoted for SQL (the worker's schema). */
  bossSchema: string;
}

/**
 * Finds every complaint that needs a check and has none pending, and schedules it: complaints never checked (new),
 * changed since their last check (new events), or whose next check was scheduled but is no longer in the queue (a job
 * that failed for good or was deleted). The check is due at the earliest action due now and not yet recorded (so the
 * chain of checks replays the complaint's history in order), else at the evaluation's `nextCheckAt`. A check is sent
 * with its singleton key, so a check already queued is not queued twice. Complaints without anything to do are noted
 * in `worker_checks` and not evaluated again until their log changes.
 */
export async function sweep(ctx: SweepContext): Promise<SweepOutcome> {
  const now = ctx.clock();
  const pending = new Map<string, number>();
  const pendingRows = await ctx.pool.query<{ complaint_id: string; version: number }>(
    `SELECT data->>'complaintId' AS complaint_id, max((data->>'version')::integer) AS version
       FROM ${ctx.bossSchema}.job
      WHERE name = $1 AND state IN ('created', 'retry', 'active')
      GROUP BY 1`,
    [QUEUES.check],
  );
  for (const r of pendingRows.rows) pending.set(r.complaint_id, r.version);
  const checked = new Map<string, { version: number; next: Date | null }>();
  const checkedRows = await ctx.pool.query<{ complaint_id: string; version: number; next_check_at: Date | null }>(
    `SELECT complaint_id, version, next_check_at FROM ${ctx.schema}.worker_checks`,
  );
  for (const r of checkedRows.rows) checked.set(r.complaint_id, { version: r.version, next: r.next_check_at });
  const outcome: SweepOutcome = { complaints: 0, evaluated: 0, scheduled: 0 };
  const policy = ctx.slaPolicy === undefined ? {} : { policy: ctx.slaPolicy };
  for (const state of COMPLAINT_STATES) {
    for await (const { record, version } of ctx.kehu.complaints.stream({ state })) {
      outcome.complaints++;
      const last = checked.get(record.id);
      const queued = pending.get(record.id);
      const changed = (last?.version ?? 0) < version && (queued ?? -1) < version;
      const lost = last !== undefined && last.next !== null && queued === undefined;
      if (!changed && !lost) continue;
      outcome.evaluated++;
      const evaluation = await ctx.kehu.sla.evaluate(record.id, { asOf: now, calendar: ctx.calendar, ...policy });
      const due = dueActions(record.id, evaluation);
      const recorded = new Set(
        due.length === 0
          ? []
          : (
              await ctx.pool.query<{ id: string }>(`SELECT id FROM ${ctx.schema}.worker_fired WHERE id = ANY($1)`, [
                due.map((a) => a.id),
              ])
            ).rows.map((r) => r.id),
      );
      let at = Infinity;
      for (const a of due) if (!recorded.has(a.id)) at = Math.min(at, a.dueAt.getTime());
      if (at === Infinity) at = evaluation.nextCheckAt?.getTime() ?? Infinity;
      if (at === Infinity) {
        await ctx.pool.query(
          `INSERT INTO ${ctx.schema}.worker_checks (complaint_id, version, checked_at, next_check_at)
           VALUES ($1, $2, $3, NULL)
           ON CONFLICT (complaint_id) DO UPDATE SET
             version = GREATEST(${ctx.schema}.worker_checks.version, EXCLUDED.version),
             checked_at = EXCLUDED.checked_at, next_check_at = NULL`,
          [record.id, version, now],
        );
        continue;
      }
      if ((await ctx.scheduleCheck({ complaintId: record.id, at: new Date(at), version })) !== null)
        outcome.scheduled++;
    }
  }
  return outcome;
}
