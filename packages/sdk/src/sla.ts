import type { BusinessCalendar } from '@kehu/calendar';
import { classifyRootCause, DEFAULT_SLA_POLICY, evaluateSla, monitoringReport, parseSlaPolicy, type MonitoringItem, type MonitoringReport, type SlaEvaluation, type SlaPolicyInput, type SlaState } from '@kehu/sla';
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
  /** The earliest `nextCheckAt` over all complaints: when to look again. */
  nextCheckAt: Date | null;
}

/** Complaint SLA use cases over the store (rules SL-2 to SL-4, SL-7 to SL-9, CA-3). */
export interface SlaUseCases {
  /** One complaint's SLA evaluation (`evaluateSla` of `@kehu/sla`) from its stored log. */
  evaluate(complaintId: string, options: SlaOptions & { targetFactor?: number }): Promise<SlaEvaluation>;
  /** The SLA board of every complaint in the store. */
  board(options: SlaBoardOptions): Promise<SlaBoard>;
  /** The monitoring report (SL-9) of the complaints received in `[from, to)`, root causes classified from category and content (SL-7). */
  report(options: SlaOptions & { from?: Date; to?: Date }): Promise<MonitoringReport>;
}

/** Builds the SLA use cases over `storage`. */
export function slaUseCases(storage: KehuStorage): SlaUseCases {
  const evaluateOne = async (complaint: Complaint, options: SlaOptions & { targetFactor?: number }) => {
    const events = await storage.complaints.events(complaint.id);
    const policy = parseSlaPolicy(options.policy ?? DEFAULT_SLA_POLICY);
    return { events, evaluation: evaluateSla({ id: complaint.id, severity: complaint.severity, channel: complaint.channel, events }, policy, options.calendar, options.asOf, options.targetFactor === undefined ? {} : { targetFactor: options.targetFactor }) };
  };
  return {
    evaluate: async (complaintId, options) => {
      const current = await storage.complaints.get(complaintId);
      if (current === null) throw new KehuNotFoundError('complaint', complaintId);
      return (await evaluateOne(current.record, options)).evaluation;
    },
    board: async (options) => {
      const policy = parseSlaPolicy(options.policy ?? DEFAULT_SLA_POLICY);
      const dueSoonMs = options.dueSoonMs ?? 4 * 3_600_000;
      const board: SlaBoard = { asOf: new Date(options.asOf.getTime()), policy: { id: policy.id, version: policy.version }, running: [], dueSoon: [], breached: [], paused: [], nextCheckAt: null };
      for await (const { record } of storage.complaints.stream()) {
        if (record.receivedAt.getTime() > options.asOf.getTime()) continue;
        const { evaluation } = await evaluateOne(record, { ...options, policy });
        if (evaluation.nextCheckAt !== null && (board.nextCheckAt === null || evaluation.nextCheckAt < board.nextCheckAt)) board.nextCheckAt = evaluation.nextCheckAt;
        if (evaluation.state === 'closed') continue;
        for (const m of evaluation.metrics) {
          const entry: SlaBoardEntry = { complaintId: record.id, customerId: record.customerId, severity: evaluation.severity, metric: m.metric, cycle: m.cycle, state: m.state, dueAt: m.dueAt, remainingMs: m.remainingMs };
          if (m.state === 'running') {
            board.running.push(entry);
            if (m.remainingMs !== null && m.remainingMs <= dueSoonMs) board.dueSoon.push(entry);
          } else if (m.state === 'breached' && m.stoppedAt === null) board.breached.push(entry);
          else if (m.state === 'paused') board.paused.push(entry);
        }
      }
      const byDue = (a: SlaBoardEntry, b: SlaBoardEntry) => (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity) || (a.complaintId < b.complaintId ? -1 : 1);
      board.running.sort(byDue);
      board.dueSoon.sort(byDue);
      board.breached.sort(byDue);
      return board;
    },
    report: async (options) => {
      const policy = parseSlaPolicy(options.policy ?? DEFAULT_SLA_POLICY);
      const items: MonitoringItem[] = [];
      for await (const { record } of storage.complaints.stream()) {
        if (record.receivedAt.getTime() > options.asOf.getTime()) continue;
        const { events, evaluation } = await evaluateOne(record, { ...options, policy });
        items.push({ complaint: record, events, evaluation, rootCause: classifyRootCause({ category: record.category, content: record.content }).rootCause });
      }
      return monitoringReport(items, { asOf: options.asOf, calendar: options.calendar, ...(options.from ? { from: options.from } : {}), ...(options.to ? { to: options.to } : {}) });
    },
  };
}
