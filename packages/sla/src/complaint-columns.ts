import { invalidInput } from '@kehu/core';
import { COMPLAINT_EVENT_TYPES, COMPLAINT_SEVERITIES, EVENT, eventTypeCode, severityCode } from './codes.js';
import type { ComplaintLog } from './lifecycle.js';

/**
 * Many complaint logs in columns, for evaluating the SLAs of a million complaints without an
 * object per event: what the SLA engine reads of each log (event types, instants and severity
 * changes) in typed arrays. Complaint `k`'s events are `offsets[k]` to `offsets[k + 1]`
 * (exclusive), in log order. Make one with {@link toComplaintColumns}, or fill the arrays
 * straight from storage; `slaTable` checks the shape and every log's state machine.
 */
export interface ComplaintColumns {
  /** Per complaint: its id. */
  ids: readonly string[];
  /** Per complaint: severity at intake, as a code of {@link COMPLAINT_SEVERITIES}. */
  severity: Uint8Array;
  /** Per complaint: 1 for a written complaint (letter or e-mail, rule CA-3), else 0. */
  written: Uint8Array;
  /** Per complaint, plus one: where its events start (`offsets[0] = 0`, the last is the number of events). */
  offsets: Uint32Array;
  /** Per event: its type, as a code of {@link COMPLAINT_EVENT_TYPES}. */
  types: Uint8Array;
  /** Per event: its instant, epoch milliseconds. */
  at: Float64Array;
  /** Per event: for `severity-changed`, the severity before, as a code (else 0). */
  severityFrom: Uint8Array;
  /** Per event: for `severity-changed`, the severity after, as a code (else 0). */
  severityTo: Uint8Array;
}

/**
 * Complaint logs as {@link ComplaintColumns}. Throws `KehuValidationError` with the path of a
 * bad field (`path(k, 'events', i, 'at')` for the `i`-th event of the `k`-th log): an unknown
 * event type or severity, or an instant that is not a valid `Date`. The state machine is
 * checked when the columns are evaluated.
 */
export function toComplaintColumns(logs: readonly ComplaintLog[]): ComplaintColumns {
  return columnsOfLogs(logs, true);
}

/** {@link toComplaintColumns}, with error paths that start with the log's index or (for one log) without it. */
export function columnsOfLogs(logs: readonly ComplaintLog[], indexInPath: boolean): ComplaintColumns {
  const path = (k: number, ...rest: Array<string | number>) => (indexInPath ? [k, ...rest] : rest);
  if (!Array.isArray(logs)) throw invalidInput([], 'expected an array of complaint logs', 'invalid_type');
  const n = logs.length;
  let events = 0;
  for (let k = 0; k < n; k++) {
    const log = logs[k];
    if (typeof log !== 'object' || log === null || !Array.isArray(log.events))
      throw invalidInput(path(k, 'events'), 'expected a complaint log with its events', 'invalid_type');
    events += log.events.length;
  }
  const ids: string[] = []; // by push: `new Array(n)` of a million entries would be a slow dictionary
  const severity = new Uint8Array(n);
  const written = new Uint8Array(n);
  const offsets = new Uint32Array(n + 1);
  const types = new Uint8Array(events);
  const at = new Float64Array(events);
  const severityFrom = new Uint8Array(events);
  const severityTo = new Uint8Array(events);
  let j = 0;
  for (let k = 0; k < n; k++) {
    const log = logs[k]!;
    if (typeof log.id !== 'string') throw invalidInput(path(k, 'id'), 'a complaint log needs its id', 'invalid_type');
    ids.push(log.id);
    const s = severityCode(log.severity);
    if (s === undefined) throw invalidInput(path(k, 'severity'), `unknown severity ${String(log.severity)}`);
    severity[k] = s;
    written[k] = log.channel === 'letter' || log.channel === 'email' ? 1 : 0;
    offsets[k] = j;
    const list = log.events;
    for (let i = 0; i < list.length; i++, j++) {
      const e = list[i]!;
      const type = eventTypeCode(e.type);
      if (type === undefined)
        throw invalidInput(path(k, 'events', i, 'type'), `unknown complaint event type ${String(e.type)}`);
      const t = e.at instanceof Date ? e.at.getTime() : Number.NaN;
      if (Number.isNaN(t))
        throw invalidInput(path(k, 'events', i, 'at'), 'an event needs a valid instant', 'invalid_type');
      types[j] = type;
      at[j] = t;
      if (type === EVENT.severityChanged) {
        const change = e as Extract<typeof e, { type: 'severity-changed' }>;
        const from = severityCode(change.from);
        const to = severityCode(change.to);
        if (from === undefined)
          throw invalidInput(path(k, 'events', i, 'from'), `unknown severity ${String(change.from)}`);
        if (to === undefined) throw invalidInput(path(k, 'events', i, 'to'), `unknown severity ${String(change.to)}`);
        severityFrom[j] = from;
        severityTo[j] = to;
      }
    }
  }
  offsets[n] = j;
  return { ids, severity, written, offsets, types, at, severityFrom, severityTo };
}

/**
 * Checks the shape of columns filled by hand (lengths, offsets and codes); throws `KehuValidationError` naming
 * the column.
 */
export function checkComplaintColumns(c: ComplaintColumns): void {
  if (typeof c !== 'object' || c === null) throw invalidInput([], 'expected complaint columns', 'invalid_type');
  const typed: Array<[keyof ComplaintColumns, new (n: number) => unknown]> = [
    ['severity', Uint8Array],
    ['written', Uint8Array],
    ['offsets', Uint32Array],
    ['types', Uint8Array],
    ['at', Float64Array],
    ['severityFrom', Uint8Array],
    ['severityTo', Uint8Array],
  ];
  for (const [key, type] of typed)
    if (!(c[key] instanceof type)) throw invalidInput([key], `${key} must be a ${type.name}`, 'invalid_type');
  if (!Array.isArray(c.ids)) throw invalidInput(['ids'], 'ids must be an array', 'invalid_type');
  const n = c.ids.length;
  if (c.severity.length !== n || c.written.length !== n)
    throw invalidInput(
      [c.severity.length !== n ? 'severity' : 'written'],
      'one severity and one written flag per complaint',
    );
  if (c.offsets.length !== n + 1) throw invalidInput(['offsets'], 'offsets needs one entry per complaint plus one');
  const events = c.types.length;
  if (c.at.length !== events || c.severityFrom.length !== events || c.severityTo.length !== events)
    throw invalidInput(
      [c.at.length !== events ? 'at' : c.severityFrom.length !== events ? 'severityFrom' : 'severityTo'],
      'at, severityFrom and severityTo need one entry per event',
    );
  if (c.offsets[0] !== 0 || c.offsets[n] !== events)
    throw invalidInput(['offsets'], 'offsets must start at 0 and end at the number of events');
  for (let k = 0; k < n; k++) {
    if (c.offsets[k + 1]! < c.offsets[k]!) throw invalidInput(['offsets', k + 1], 'offsets must not decrease');
    if (c.severity[k]! >= COMPLAINT_SEVERITIES.length) throw invalidInput(['severity', k], 'unknown severity code');
  }
  for (let j = 0; j < events; j++) {
    if (c.types[j]! >= COMPLAINT_EVENT_TYPES.length) throw invalidInput(['types', j], 'unknown event type code');
    if (c.severityFrom[j]! >= COMPLAINT_SEVERITIES.length || c.severityTo[j]! >= COMPLAINT_SEVERITIES.length)
      throw invalidInput(
        [c.severityFrom[j]! >= COMPLAINT_SEVERITIES.length ? 'severityFrom' : 'severityTo', j],
        'unknown severity code',
      );
    if (!Number.isFinite(c.at[j])) throw invalidInput(['at', j], 'an event needs a valid instant', 'invalid_type');
  }
}
