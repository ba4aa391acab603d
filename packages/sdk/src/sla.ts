import type { BusinessCalendar } from '@kehu/calendar';
import {
  classifyRootCause,
  DEFAULT_SLA_POLICY,
  evaluateSla,
  evaluateSlaTable,
  monitoringReport,
  parseSlaPolicy,
  SLA_STATES,
  toComplaintColumns,
  type ComplaintLog,
  type MonitoringItem,
  type MonitoringReport,
  type SlaEvaluation,
  type SlaPolicyInput,
  type SlaState,
} from '@kehu/sla';
import { KehuNotFoundError, type Complaint, type ComplaintSeverity } from '@kehu/core';
import type { KehuStorage } from '@kehu/storage';

/** Options of the SLA use cases. */
export interface SlaOptions {
  /** The moment evaluated. */
  asOf: Date;
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
  /** One complaint's SLA evaluation (`evaluateSla` of `@kehu/sla`) from its stored log. */
  evaluate(complaintId: string, options: SlaOptions & { targetFactor?: number }): Promise<SlaEvaluation>;
  /**
   * The SLA board of the complaints not closed at `asOf` (rules SL-2 to SL-4): read from the
   * store with `complaints.streamLogs({ openAt: asOf })` and evaluated in batches in columns
   * (`evaluateSlaTable`), so closed complaints are not even read.
   */
  board(options: SlaBoardOptions): Promise<SlaBoard>;
  /** The monitoring report (SL-9) of the complaints received in `[from, to)`, root causes classified from category and content (SL-7). */
  report(options: SlaOptions & { from?: Date; to?: Date }): Promise<MonitoringReport>;
}

/** Complaints evaluated together by the board. */
const BOARD_BATCH = 10_000;

/** Builds the SLA use cases over `storage`. */
export function slaUseCases(storage: KehuStorage): SlaUseCases {
  return {
    evaluate: async (complaintId, options) => {
      const current = await storage.complaints.get(complaintId);
      if (current === null) throw new KehuNotFoundError('complaint', complaintId);
      const { id, severity, channel } = current.record;
      const events = await storage.complaints.events(id);
      return evaluateSla(
        { id, severity, channel, events },
        options.policy ?? DEFAULT_SLA_POLICY,
        options.calendar,
        options.asOf,
        options.targetFactor === undefined ? {} : { targetFactor: options.targetFactor },
      );
    },
    board: async (options) => {
      const policy = parseSlaPolicy(options.policy ?? DEFAULT_SLA_POLICY);
      const dueSoonMs = options.dueSoonMs ?? 4 * 3_600_000;
      const board: SlaBoard = {
        asOf: new Date(options.asOf.getTime()),
        policy: { id: policy.id, version: policy.version },
        running: [],
        dueSoon: [],
        breached: [],
        paused: [],
        nextCheckAt: null,
      };
      // The store gives only the complaints that may be open at asOf, with their logs, in
      // batches; each batch is evaluated in columns (`evaluateSlaTable`).
      let batch: Array<{ complaint: Complaint; log: ComplaintLog }> = [];
      let next = Infinity;
      const flush = () => {
        if (batch.length === 0) return;
        const table = evaluateSlaTable(
          toComplaintColumns(batch.map((b) => b.log)),
          policy,
          options.calendar,
          options.asOf,
        );
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
          };
          if (state === 'running') {
            board.running.push(entry);
            if (entry.remainingMs !== null && entry.remainingMs <= dueSoonMs) board.dueSoon.push(entry);
          } else if (state === 'breached') board.breached.push(entry);
          else board.paused.push(entry);
        }
        batch = [];
      };
      for await (const { complaint, events } of storage.complaints.streamLogs({ openAt: options.asOf })) {
        const record = complaint.record;
        batch.push({
          complaint: record,
          log: { id: record.id, severity: record.severity, channel: record.channel, events },
        });
        if (batch.length === BOARD_BATCH) flush();
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
      const policy = parseSlaPolicy(options.policy ?? DEFAULT_SLA_POLICY);
      const items: MonitoringItem[] = [];
      // Every complaint with its log, in batches (one query per batch, not per complaint).
      for await (const { complaint, events } of storage.complaints.streamLogs()) {
        const record = complaint.record;
        if (record.receivedAt.getTime() > options.asOf.getTime()) continue;
        const evaluation = evaluateSla(
          { id: record.id, severity: record.severity, channel: record.channel, events },
          policy,
          options.calendar,
          options.asOf,
        );
        items.push({
          complaint: record,
          events,
          evaluation,
          rootCause: classifyRootCause({ category: record.category, content: record.content }).rootCause,
        });
      }
      return monitoringReport(items, {
        asOf: options.asOf,
        calendar: options.calendar,
        ...(options.from ? { from: options.from } : {}),
        ...(options.to ? { to: options.to } : {}),
      });
    },
  };
}
