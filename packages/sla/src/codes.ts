/**
 * The numeric codes the SLA engine stores in typed arrays: complaint event types and
 * severities by code, in a fixed order (a code is an index into these tables).
 */
import type { ComplaintEventType, ComplaintSeverity } from '@kehu/core';

/** Complaint event types by code, as stored in `ComplaintColumns.types`. */
export const COMPLAINT_EVENT_TYPES: readonly ComplaintEventType[] = [
  'received',
  'acknowledged',
  'preliminary-solution',
  'escalated',
  'assigned',
  'waiting-on-customer',
  'resumed',
  'resolved',
  'feedback-recorded',
  'reopened',
  'closed',
  'severity-changed',
];

/** Complaint severities by code, as stored in `ComplaintColumns.severity`. */
export const COMPLAINT_SEVERITIES: readonly ComplaintSeverity[] = ['normal', 'urgent', 'major'];

const TYPE_CODE = new Map<string, number>(COMPLAINT_EVENT_TYPES.map((t, i) => [t, i]));

/** The event type codes the engine tests for. */
export const EVENT = {
  received: TYPE_CODE.get('received')!,
  resolved: TYPE_CODE.get('resolved')!,
  reopened: TYPE_CODE.get('reopened')!,
  severityChanged: TYPE_CODE.get('severity-changed')!,
};
const SEVERITY_CODE = new Map<string, number>(COMPLAINT_SEVERITIES.map((s, i) => [s, i]));

/** The code of a severity (`undefined` for an unknown one). */
export function severityCode(severity: string): number | undefined {
  return SEVERITY_CODE.get(severity);
}

/** The code of an event type (`undefined` for an unknown one). */
export function eventTypeCode(type: string): number | undefined {
  return TYPE_CODE.get(type);
}
