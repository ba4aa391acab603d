import { createHash } from 'node:crypto';

/** What a fired action is: an SLA escalation (rule SL-4) or a callback (rule CA-3). */
export type FiredKind = 'escalation' | 'callback';

/**
 * The outbox id of an action of a complaint: `<complaintId>/<kind>/<action id>`. The SLA engine's action ids
 * (`1:intake`, `1:first-reply:breach`, `1:first-reply:deadline-passed`) are stable within one complaint, so this id
 * names the same action in every evaluation, whoever computes it and however often.
 */
export function firedId(complaintId: string, kind: FiredKind, actionId: string): string {
  return `${complaintId}/${kind}/${actionId}`;
}

/** The singleton key of a complaint's check due at `at`: `<complaintId>@<ISO instant>`. */
export function checkKey(complaintId: string, at: Date): string {
  return `${complaintId}@${at.toISOString()}`;
}

/**
 * A job id derived from `key` (SHA-256, laid out as a version-8 UUID), so every worker that sends the job for the
 * same key sends the same id and the queue keeps one: pg-boss refuses a second job with an id it holds.
 */
export function stableJobId(key: string): string {
  const h = createHash('sha256').update(key, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
