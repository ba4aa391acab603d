import type { BusinessCalendar } from '@kehu/calendar';
import { invalidInput } from '@kehu/core';
import type { Kehu, SlaOptions } from '@kehu/sdk';
import { fromPgPool } from '@kehu/storage-postgres';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { checkKey, firedId, type FiredKind } from './ids.js';

/** The data of a `complaint-check` job: which complaint, as of when, and the log version its sender saw. */
export interface CheckJobData {
  /** The complaint. */
  complaintId: string;
  /** The instant the check evaluates the complaint at (ISO-8601): the job's due time. */
  checkAt: string;
  /** The complaint's log version when the check was scheduled. */
  version: number;
}

/** A check to schedule: the complaint, its due instant and the log version seen. */
export interface CheckRequest {
  /** The complaint. */
  complaintId: string;
  /** When the check is due (the job starts after it and evaluates the complaint as of it). */
  at: Date;
  /** The complaint's log version seen by whoever schedules it. */
  version: number;
}

/** Schedules a check, on `db` when given (so it commits or rolls back with the caller's transaction). */
export type ScheduleCheck = (check: CheckRequest, db?: PgBoss.Db) => Promise<string | null>;

/** An action recorded in the outbox (`worker_fired`): what was fired, for what, when and by whom. */
export interface FiredAction {
  /** The stable id: `<complaintId>/<kind>/<action id>` (see `firedId`). */
  id: string;
  /** The complaint. */
  complaintId: string;
  /** An escalation (SL-4) or a callback (CA-3). */
  kind: FiredKind;
  /** The SLA engine's id of the action within the complaint. */
  actionId: string;
  /** The escalation level (`null` for callbacks). */
  level: number | null;
  /** The role to notify for escalations (`null` for callbacks). */
  role: string | null;
  /** The escalation's trigger (`intake`, `warning`, `breach`) or the callback's reason. */
  reason: string;
  /** When the action became due. */
  dueAt: Date;
  /** When it was recorded. */
  firedAt: Date;
  /** The worker that recorded it. */
  worker: string;
}

/**
 * Hands a fired action to the world outside the database (a message, a task in another system). It is called at
 * least once per action, and again after a crash between the call and its acknowledgement: it must be idempotent by
 * `action.id` (e.g. pass the id as the message's idempotency key).
 */
export type Notifier = (action: FiredAction) => void | Promise<void>;

/** What a check needs. */
export interface CheckContext {
  /** The pool of the database holding the Kehu tables, pg-boss's and the worker's. */
  pool: pg.Pool;
  /** The SDK over that database. */
  kehu: Kehu;
  /** The business calendar of the SLA clocks. */
  calendar: BusinessCalendar;
  /** The SLA policy (default the SDK's). */
  slaPolicy?: SlaOptions['policy'];
  /** The worker's schema, quoted for SQL. */
  schema: string;
  /** This worker's name, recorded with what it fires. */
  worker: string;
  /** The worker's clock, for `fired_at` and `notified_at`. */
  clock: () => Date;
  /** A pause after each action recorded, inside the transaction (0 in production; the fault test slows firing). */
  fireDelayMs: number;
  /** Sends the next check. */
  scheduleCheck: ScheduleCheck;
}

/** What one check did. */
export interface CheckOutcome {
  /** The complaint checked. */
  complaintId: string;
  /** Actions recorded by this check (those recorded before are not repeated). */
  fired: FiredAction[];
  /** The next check scheduled, or `null` when nothing can change without a new event. */
  next: Date | null;
}

/** Reads and checks a check job's data; bad data throws `KehuValidationError` with the path of the field. */
export function parseCheckJobData(data: unknown): { complaintId: string; checkAt: Date; version: number } {
  if (typeof data !== 'object' || data === null) throw invalidInput([], 'expected check data', 'invalid_type');
  const { complaintId, checkAt, version } = data as Partial<CheckJobData>;
  if (typeof complaintId !== 'string' || complaintId.length === 0)
    throw invalidInput(['complaintId'], 'expected a complaint id', 'invalid_type');
  const at = typeof checkAt === 'string' ? new Date(checkAt) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) throw invalidInput(['checkAt'], 'expected an ISO-8601 instant', 'invalid_type');
  if (!Number.isSafeInteger(version) || (version as number) < 0)
    throw invalidInput(['version'], 'expected a non-negative whole number', 'invalid_type');
  return { complaintId, checkAt: at, version: version as number };
}

/** The data of the `complaint-check` job of a check request. */
export function checkJobData(check: CheckRequest): CheckJobData {
  return { complaintId: check.complaintId, checkAt: check.at.toISOString(), version: check.version };
}

/** The singleton key of a check request. */
export function checkRequestKey(check: CheckRequest): string {
  return checkKey(check.complaintId, check.at);
}

interface FiredRow {
  id: string;
  complaint_id: string;
  kind: FiredKind;
  action_id: string;
  level: number | null;
  role: string | null;
  reason: string;
  due_at: Date;
  fired_at: Date;
  worker: string;
}

function toFired(row: FiredRow): FiredAction {
  return {
    id: row.id,
    complaintId: row.complaint_id,
    kind: row.kind,
    actionId: row.action_id,
    level: row.level,
    role: row.role,
    reason: row.reason,
    dueAt: row.due_at,
    firedAt: row.fired_at,
    worker: row.worker,
  };
}

/** The actions due in an SLA evaluation, as outbox rows to be (not yet `fired_at`). */
export function dueActions(
  complaintId: string,
  evaluation: Awaited<ReturnType<Kehu['sla']['evaluate']>>,
): Omit<FiredAction, 'firedAt' | 'worker'>[] {
  return [
    ...evaluation.escalations.map((e) => ({
      id: firedId(complaintId, 'escalation', e.id),
      complaintId,
      kind: 'escalation' as const,
      actionId: e.id,
      level: e.level,
      role: e.role,
      reason: e.trigger,
      dueAt: e.at,
    })),
    ...evaluation.callbacks.map((c) => ({
      id: firedId(complaintId, 'callback', c.id),
      complaintId,
      kind: 'callback' as const,
      actionId: c.id,
      level: null,
      role: null,
      reason: c.reason,
      dueAt: c.at,
    })),
  ];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one check: evaluates the complaint's SLA as of the check's due time (rules SL-2 to SL-4, CA-3), records every
 * escalation and callback due by then in the outbox by its stable id (`INSERT … ON CONFLICT (id) DO NOTHING`, so an
 * action already recorded is not recorded again), and schedules the next check (at the evaluation's `nextCheckAt`,
 * or at the log's next event when that comes first), all in ONE transaction: either the actions and the next check
 * are all stored or none is. Running the same check again records nothing new.
 */
export async function runCheck(ctx: CheckContext, data: unknown): Promise<CheckOutcome> {
  const { complaintId, checkAt } = parseCheckJobData(data);
  const complaint = await ctx.kehu.complaints.get(complaintId);
  if (complaint === null) return { complaintId, fired: [], next: null };
  const policy = ctx.slaPolicy === undefined ? {} : { policy: ctx.slaPolicy };
  const evaluation = await ctx.kehu.sla.evaluate(complaintId, { asOf: checkAt, calendar: ctx.calendar, ...policy });
  const events = await ctx.kehu.complaints.events(complaintId);
  const t = checkAt.getTime();
  let next = evaluation.nextCheckAt?.getTime() ?? Infinity;
  for (const e of events)
    if (e.at.getTime() > t) {
      next = Math.min(next, e.at.getTime());
      break;
    }
  const nextAt = next === Infinity ? null : new Date(next);
  const fired: FiredAction[] = [];
  await fromPgPool(ctx.pool).transaction(async (db) => {
    for (const a of dueActions(complaintId, evaluation)) {
      const rows = (await db.query(
        `INSERT INTO ${ctx.schema}.worker_fired
           (id, complaint_id, kind, action_id, level, role, reason, due_at, fired_at, worker)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (id) DO NOTHING
         RETURNING id, complaint_id, kind, action_id, level, role, reason, due_at, fired_at, worker`,
        [a.id, complaintId, a.kind, a.actionId, a.level, a.role, a.reason, a.dueAt, ctx.clock(), ctx.worker],
      )) as unknown as FiredRow[];
      if (rows[0] !== undefined) {
        fired.push(toFired(rows[0]));
        if (ctx.fireDelayMs > 0) await sleep(ctx.fireDelayMs);
      }
    }
    await db.query(
      `INSERT INTO ${ctx.schema}.worker_checks (complaint_id, version, checked_at, next_check_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (complaint_id) DO UPDATE SET
         version = GREATEST(${ctx.schema}.worker_checks.version, EXCLUDED.version),
         checked_at = EXCLUDED.checked_at,
         next_check_at = EXCLUDED.next_check_at`,
      [complaintId, complaint.version, checkAt, nextAt],
    );
    if (nextAt !== null)
      await ctx.scheduleCheck(
        { complaintId, at: nextAt, version: complaint.version },
        { executeSql: async (text, values) => ({ rows: await db.query(text, values) }) },
      );
  });
  return { complaintId, fired, next: nextAt };
}

/**
 * Hands the complaint's recorded but not yet notified actions (all complaints' when `complaintId` is omitted) to
 * `notifier`, oldest first, and marks each notified after the call returns. Rows are locked while they are handed
 * over (`FOR UPDATE SKIP LOCKED`), so two workers do not hand over the same row at once; a crash before the mark
 * hands the row over again later (at least once, deduplicated by id downstream). Returns the count handed over.
 */
export async function deliverOutbox(
  ctx: Pick<CheckContext, 'pool' | 'schema' | 'clock'>,
  notifier: Notifier,
  complaintId?: string,
): Promise<number> {
  return fromPgPool(ctx.pool).transaction(async (db) => {
    const rows = (await db.query(
      `SELECT id, complaint_id, kind, action_id, level, role, reason, due_at, fired_at, worker
         FROM ${ctx.schema}.worker_fired
        WHERE notified_at IS NULL AND ($1::text IS NULL OR complaint_id = $1)
        ORDER BY due_at, id
        LIMIT 1000
        FOR UPDATE SKIP LOCKED`,
      [complaintId ?? null],
    )) as unknown as FiredRow[];
    for (const row of rows) {
      await notifier(toFired(row));
      await db.query(`UPDATE ${ctx.schema}.worker_fired SET notified_at = $2 WHERE id = $1`, [row.id, ctx.clock()]);
    }
    return rows.length;
  });
}
