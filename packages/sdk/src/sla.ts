import type { BusinessCalendar } from '@kehu/calendar';
import {
  classifyRootCause,
  DEFAULT_SLA_POLICY,
  evaluateSla,
  monitoringReport,
  slaAt,
  slaTable,
  parseSlaPolicy,
  rowEscalationLevel,
  SLA_STATES,
  toComplaintColumns,
  type ComplaintLog,
  type MonitoringItem,
  type MonitoringReport,
  type SlaEvaluation,
  type SlaPolicy,
  type SlaPolicyInput,
  type SlaState,
} from '@kehu/sla';
import {
  invalidInput,
  KehuNotFoundError,
  type Complaint,
  type ComplaintEvent,
  type ComplaintSeverity,
} from '@kehu/core';
import { describeValue, requireId, requireObject } from './arguments.js';
import type { UseCaseContext } from './context.js';
import { toInstant, toOptionalInstant, type InstantInput } from './instant.js';

/** Options of the SLA use cases. */
export interface SlaOptions {
  /** The moment evaluated: a `Date` or ISO-8601 text with `Z` or an offset. */
  asOf: InstantInput;
  /** The business calendar of the SLA clocks (e.g. `chinaCalendar()` of `@kehu/calendar`). */
  calendar: BusinessCalendar;
  /** The SLA policy (default `DEFAULT_SLA_POLICY`). */
  policy?: SlaPolicyInput;
}

/** Options of {@link SlaUseCases.board}. */
export interface SlaBoardOptions extends SlaOptions {
  /** A running metric with at most this much time left on its clock is "due soon"; default 4 hours. */
  dueSoonMs?: number;
}

/** One line of the SLA board. */
export interface SlaBoardEntry {
  /** The complaint. */
  complaintId: string;
  /** Its customer. */
  customerId: string;
  /** Severity in effect. */
  severity: ComplaintSeverity;
  /** The metric. */
  metric: string;
  /** The cycle. */
  cycle: number;
  /** The metric's state. */
  state: SlaState;
  /** The deadline. */
  dueAt: Date | null;
  /** Time left on the metric's clock (negative when overdue). */
  remainingMs: number | null;
  /**
   * The escalation level in effect for this line (rule SL-4), `null` when none: the highest of the level the
   * severity in effect reaches at intake, the warning level once the metric passed the policy's warning escalation
   * point (`escalation.atWarning`) and the breach level once it is breached (the policy's `escalation`).
   */
  escalationLevel: number | null;
  /** The role notified at that level (e.g. `department-manager`), `null` when none. */
  escalationRole: string | null;
}

/** The SLA board as of a moment (rules SL-2 to SL-4): what runs, what is due soon, what is breached or waiting. */
export interface SlaBoard {
  /** The moment. */
  asOf: Date;
  /** The policy used. */
  policy: { id: string; version: string };
  /** Running metrics of open complaints, soonest deadline first. */
  running: SlaBoardEntry[];
  /** The running ones with little time left (see `dueSoonMs`). */
  dueSoon: SlaBoardEntry[];
  /** Breached metrics of complaints not closed, longest overdue first. */
  breached: SlaBoardEntry[];
  /** Paused metrics (waiting on the customer). */
  paused: SlaBoardEntry[];
  /** The earliest `nextCheckAt` over the complaints not closed: when to look again. */
  nextCheckAt: Date | null;
}

/** Complaint SLA use cases over the store (rules SL-2 to SL-4, SL-7 to SL-9, CA-3). */
export interface SlaUseCases {
  /**
   * One complaint's SLA evaluation (`evaluateSla` of `@kehu/sla`) from its stored log.
   * Every SLA use case checks its options first, the same way: `asOf` as in
   * {@link SlaOptions}, a business calendar, the policy; a bad one throws
   * `KehuValidationError` (or `KehuPolicyError` for the policy) with its path.
   */
  evaluate(complaintId: string, options: SlaOptions & { targetFactor?: number }): Promise<SlaEvaluation>;
  /**
   * The SLA board of the complaints not closed at `asOf` (rules SL-2 to SL-4): read from the
   * store with `complaints.streamLogs({ openAt: asOf })` and evaluated in batches in columns
   * (`slaTable`), so closed complaints are not even read.
   */
  board(options: SlaBoardOptions): Promise<SlaBoard>;
  /**
   * The monitoring report (SL-9) of the complaints received in `[from, to)`, root causes
   * classified from category and content (SL-7), evaluated in batches in columns like the board.
   */
  report(options: SlaReportOptions): Promise<MonitoringReport>;
}

/** Options of {@link SlaUseCases.report}. */
export interface SlaReportOptions extends SlaOptions {
  /** Only complaints received at or after this instant. */
  from?: InstantInput;
  /** Only complaints received before this instant. */
  to?: InstantInput;
}

/** Complaints evaluated together by the board and the report. */
const BATCH = 10_000;

/** The checked options every SLA use case starts from. */
interface CheckedSlaOptions {
  asOf: Date;
  calendar: BusinessCalendar;
  policy: SlaPolicy;
}

/** Checks the options shared by the SLA use cases before anything is read, so every use case fails the same way. */
function checkSlaOptions(input: SlaOptions | undefined): CheckedSlaOptions {
  const options = requireObject<SlaOptions>(input, [], 'SLA options');
  const asOf = toInstant(options.asOf, ['asOf']);
  const calendar = options.calendar as unknown;
  if (typeof calendar !== 'object' || calendar === null || typeof (calendar as BusinessCalendar).spec !== 'object')
    throw invalidInput(
      ['calendar'],
      'calendar: expected a business calendar (e.g. chinaCalendar() of @kehu/calendar)',
      'invalid_type',
    );
  return { asOf, calendar: calendar as BusinessCalendar, policy: parseSlaPolicy(options.policy ?? DEFAULT_SLA_POLICY) };
}

/** Builds the SLA use cases over `ctx`. */
export function slaUseCases(ctx: UseCaseContext): SlaUseCases {
  const { repos } = ctx;
  return {
    evaluate: async (complaintId, options) => {
      requireId(complaintId, ['complaintId']);
      const { asOf, calendar, policy } = checkSlaOptions(options);
      if (options.targetFactor !== undefined && typeof options.targetFactor !== 'number')
        throw invalidInput(
          ['targetFactor'],
          `targetFactor must be a positive number, got ${describeValue(options.targetFactor)}`,
          'invalid_type',
        );
      const current = await repos.complaints.get(complaintId);
      if (current === null) throw new KehuNotFoundError('complaint', complaintId);
      const { id, severity, channel } = current.record;
      const events = await repos.complaints.events(id);
      return evaluateSla(
        { id, severity, channel, events },
        policy,
        options.targetFactor === undefined
          ? { asOf, calendar }
          : { asOf, calendar, targetFactor: options.targetFactor },
      );
    },
    board: async (options) => {
      const { asOf, calendar, policy } = checkSlaOptions(options);
      const dueSoonMs = options.dueSoonMs ?? 4 * 3_600_000;
      if (typeof dueSoonMs !== 'number' || !Number.isFinite(dueSoonMs) || dueSoonMs < 0)
        throw invalidInput(['dueSoonMs'], 'dueSoonMs must be a non-negative number of milliseconds', 'invalid_type');
      const board: SlaBoard = {
        asOf: new Date(asOf.getTime()),
        policy: { id: policy.id, version: policy.version },
        running: [],
        dueSoon: [],
        breached: [],
        paused: [],
        nextCheckAt: null,
      };
      // The store gives only the complaints that may be open at asOf, with their logs, in
      // batches; each batch is evaluated in columns (`slaTable`).
      let batch: Array<{ complaint: Complaint; log: ComplaintLog }> = [];
      let next = Infinity;
      const flush = () => {
        if (batch.length === 0) return;
        const table = slaTable(toComplaintColumns(batch.map((b) => b.log)), policy, { asOf, calendar });
        for (let k = 0; k < batch.length; k++)
          if (table.states[k] !== 'closed' && table.nextCheckAt[k]! < next) next = table.nextCheckAt[k]!;
        for (let r = 0; r < table.rowState.length; r++) {
          const k = table.rowComplaint[r]!;
          if (table.states[k] === 'closed') continue;
          const state = SLA_STATES[table.rowState[r]!]!;
          const open =
            state === 'running' || state === 'paused' || (state === 'breached' && Number.isNaN(table.rowStop[r]!));
          if (!open) continue;
          const { complaint } = batch[k]!;
          const due = table.rowDue[r]!;
          const level = rowEscalationLevel(table, r);
          const target = table.rowTargetMs[r]!;
          const entry: SlaBoardEntry = {
            complaintId: complaint.id,
            customerId: complaint.customerId,
            severity: table.severities[k]!,
            metric: table.metricIds[table.rowMetric[r]!]!,
            cycle: table.rowCycle[r]!,
            state,
            dueAt: Number.isNaN(due) ? null : new Date(due),
            remainingMs: Number.isNaN(target) ? null : target - table.rowElapsedMs[r]!,
            escalationLevel: level,
            escalationRole:
              level === null ? null : (policy.escalation.levels.find((l) => l.level === level)?.role ?? null),
          };
          if (state === 'running') {
            board.running.push(entry);
            if (entry.remainingMs !== null && entry.remainingMs <= dueSoonMs) board.dueSoon.push(entry);
          } else if (state === 'breached') board.breached.push(entry);
          else board.paused.push(entry);
        }
        batch = [];
      };
      for await (const { complaint, events } of repos.complaints.streamLogs({ openAt: asOf })) {
        const record = complaint.record;
        batch.push({
          complaint: record,
          log: { id: record.id, severity: record.severity, channel: record.channel, events },
        });
        if (batch.length === BATCH) flush();
      }
      flush();
      board.nextCheckAt = next === Infinity ? null : new Date(next);
      const byDue = (a: SlaBoardEntry, b: SlaBoardEntry) =>
        (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity) ||
        (a.complaintId < b.complaintId ? -1 : a.complaintId > b.complaintId ? 1 : 0) ||
        a.cycle - b.cycle;
      board.running.sort(byDue);
      board.dueSoon.sort(byDue);
      board.breached.sort(byDue);
      return board;
    },
    report: async (options) => {
      const { asOf, calendar, policy } = checkSlaOptions(options);
      const from = toOptionalInstant(options.from, ['from'])?.getTime() ?? -Infinity;
      const to = toOptionalInstant(options.to, ['to'])?.getTime() ?? Infinity;
      const items: MonitoringItem[] = [];
      let batch: Array<{ complaint: Complaint; log: ComplaintLog; events: ComplaintEvent[] }> = [];
      // Each batch is evaluated in columns (`slaTable`); the explained evaluation of each
      // complaint comes from the same table (`slaAt`).
      const flush = () => {
        if (batch.length === 0) return;
        const columns = toComplaintColumns(batch.map((b) => b.log));
        const table = slaTable(columns, policy, { asOf, calendar });
        batch.forEach(({ complaint, events }, k) => {
          items.push({
            complaint,
            events,
            evaluation: slaAt(table, k),
            rootCause: classifyRootCause({ category: complaint.category, content: complaint.content }).rootCause,
          });
        });
        batch = [];
      };
      // Every complaint with its log, in batches (one query per batch, not per complaint).
      for await (const { complaint, events } of repos.complaints.streamLogs()) {
        const record = complaint.record;
        const received = record.receivedAt.getTime();
        if (received > asOf.getTime() || received < from || received >= to) continue;
        batch.push({
          complaint: record,
          log: { id: record.id, severity: record.severity, channel: record.channel, events },
          events,
        });
        if (batch.length === BATCH) flush();
      }
      flush();
      return monitoringReport(items, {
        asOf,
        calendar,
        ...(options.from === undefined ? {} : { from: new Date(from) }),
        ...(options.to === undefined ? {} : { to: new Date(to) }),
      });
    },
  };
}
