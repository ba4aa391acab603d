// sla-worker.ts: check a complaint's SLAs exactly when something can change, and notify each escalation once.
import { chinaCalendar } from '@kehu/calendar';
import { createKehu } from '@kehu/sdk';
import { newlyReached, type SlaEvaluation } from '@kehu/sla';
import { createMemoryStorage } from '@kehu/storage-memory';

const kehu = createKehu({ storage: createMemoryStorage() });
const calendar = chinaCalendar(); // business hours and holidays of mainland China, with 调休 make-up workdays

const received = '2025-09-30T16:00:00+08:00'; // the afternoon before the National Day holidays
await kehu.customers.create(
  { id: 'c-1', kind: 'person', name: '张伟', status: 'active', createdAt: '2025-01-01T00:00:00+08:00' },
  { actor: 'agent-7', at: received, reason: 'complaint from a new contact' },
);
await kehu.complaints.open(
  {
    id: 'k-1',
    customerId: 'c-1',
    content: 'The delivered unit is broken',
    occurredAt: '2025-09-29T10:00:00+08:00',
    receivedAt: received,
    channel: 'email',
    severity: 'urgent',
  },
  'agent-7',
);
await kehu.complaints.appendEvents('k-1', [
  { type: 'acknowledged', at: '2025-09-30T16:20:00+08:00', actor: 'agent-7' },
]);

/** What the worker did, in order. */
export const log: string[] = [];
const notify = (what: string, at: Date) => log.push(`${at.toISOString()} ${what}`);

// The worker: evaluate, act on what is newly reached, then sleep until nextCheckAt. Nothing changes between
// checks unless an event arrives (then evaluate again at once). Here the loop jumps from one check to the next;
// in your app a job queue or a timer waits until `next`.
let previous: SlaEvaluation | null = null;
let next: Date | null = new Date('2025-09-30T16:30:00+08:00');
const horizon = new Date('2025-10-31T00:00:00+08:00');
while (next !== null && next < horizon) {
  const current = await kehu.sla.evaluate('k-1', { asOf: next, calendar });
  const reached = newlyReached(previous, current); // ids already seen are never returned again
  for (const e of reached.escalations)
    notify(`escalate to ${e.role}: ${e.trigger}${e.metric ? ` of ${e.metric}` : ''}`, e.at);
  for (const c of reached.callbacks)
    notify(`call the customer back: ${c.reason}${c.metric ? ` of ${c.metric}` : ''}`, c.at);
  previous = current;
  next = current.nextCheckAt;
}
console.log(log.join('\n'));
// 2025-09-30T08:00:00.000Z escalate to department-manager: intake               (urgent: SL-4)
// 2025-09-30T08:00:00.000Z call the customer back: written-complaint            (e-mail: CA-3)
// 2025-09-30T15:12:00.000Z escalate to supervisor: warning of preliminary-solution (90% of 8 h: SL-3)
// 2025-09-30T16:00:00.000Z escalate to department-manager: breach of preliminary-solution
// 2025-09-30T16:00:00.000Z call the customer back: deadline-passed of preliminary-solution
// 2025-10-14T05:48:00.000Z escalate to supervisor: warning of resolution  (holidays skipped, 调休 Saturday counted)
// 2025-10-14T10:00:00.000Z escalate to department-manager: breach of resolution
// 2025-10-14T10:00:00.000Z call the customer back: deadline-passed of resolution

// For every open complaint at once, the board gives the earliest instant at which any of them can change.
const board = await kehu.sla.board({ asOf: new Date('2025-10-01T09:00:00+08:00'), calendar });
/** When the board must be looked at again. */
export const boardNextCheckAt = board.nextCheckAt;
const overdue = board.breached.map((b) => `${b.complaintId} ${b.metric}`);
console.log(overdue, boardNextCheckAt);
// [ 'k-1 preliminary-solution' ] 2025-10-11T04:00:00.000Z: the resolution's 50% warning, on the 调休 Saturday

await kehu.close();
