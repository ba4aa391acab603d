import {
  KehuConflictError,
  KehuNotFoundError,
  KehuValidationError,
  parseComplaintEvent,
  type ComplaintEventBody,
  complaintSeverityAfter,
  complaintStateAfter,
} from '@kehu/core';
import { checkNextEvent, COMPLAINT_EVENT_TYPES, COMPLAINT_SEVERITIES, replayComplaint } from '@kehu/sla';
import type { KehuRepositories, KehuStorage } from '@kehu/storage';
import { createMemoryStorage } from '@kehu/storage-memory';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComplaintEventInput, ComplaintInput } from './inputs.js';
import { createKehu } from './kehu.js';

const intake: ComplaintInput = {
  id: 'k-1',
  customerId: 'c-1',
  content: '收到的货物有破损',
  occurredAt: '2026-02-01T10:00:00+08:00',
  receivedAt: '2026-02-01T10:05:00+08:00',
  channel: 'letter',
  severity: 'urgent',
};
const ev = (type: string, minute: number) =>
  ({
    type,
    at: `2026-02-01T11:${String(minute).padStart(2, '0')}:00+08:00`,
    actor: 'agent-1',
  }) as ComplaintEventInput;

describe('complaint use cases (rule SL-1)', () => {
  it('opens with a received event and appends validated events', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), requireKnownCustomers: false });
    const opened = await kehu.complaints.open(intake, 'agent-1');
    expect(opened.version).toBe(1);
    const appended = await kehu.complaints.appendEvents('k-1', [
      ev('acknowledged', 0),
      { ...ev('escalated', 1), level: 1, to: 'service-director' } as ComplaintEventInput,
    ]);
    expect(appended.map((e) => [e.seq, e.type])).toEqual([
      [2, 'acknowledged'],
      [3, 'escalated'],
    ]);
    await expect(kehu.complaints.appendEvents('k-1', [ev('teleported', 2)])).rejects.toMatchObject({
      path: [0, 'type'],
    });
    await expect(kehu.complaints.open({ ...intake, id: 'k-2', content: '' }, 'agent-1')).rejects.toMatchObject({
      path: ['content'],
    });
    await expect(kehu.complaints.open({ ...intake, id: 'k-2' }, '')).rejects.toMatchObject({ path: ['actor'] });
  });

  it('accepts only "reopened" after "closed", and never a second "received"', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), requireKnownCustomers: false });
    await kehu.complaints.open(intake, 'agent-1');
    await kehu.complaints.appendEvents('k-1', [ev('resolved', 0), ev('closed', 1)]);
    await expect(kehu.complaints.appendEvents('k-1', [ev('acknowledged', 2)])).rejects.toBeInstanceOf(
      KehuValidationError,
    );
    await expect(kehu.complaints.appendEvents('k-1', [ev('received', 2)])).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    await expect(
      kehu.complaints.appendEvents('k-1', [ev('reopened', 2), ev('closed', 3), ev('resolved', 4)]),
    ).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      path: [2, 'type'],
    });
    expect(await kehu.complaints.appendEvents('k-1', [ev('reopened', 2), ev('acknowledged', 3)])).toHaveLength(2);
    expect((await kehu.complaints.events('k-1')).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('honours an explicit expected version and reports a missing complaint', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), requireKnownCustomers: false });
    await kehu.complaints.open(intake, 'agent-1');
    await kehu.complaints.appendEvents('k-1', [ev('acknowledged', 0)], { expectedVersion: 1 });
    await expect(
      kehu.complaints.appendEvents('k-1', [ev('resolved', 1)], { expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(KehuConflictError);
    await expect(kehu.complaints.appendEvents('k-9', [ev('resolved', 1)])).rejects.toBeInstanceOf(KehuNotFoundError);
  });
});

/** `storage` whose transactions refuse to read a complaint's whole log: appending must read only its head. */
function withoutLogReads(storage: KehuStorage): KehuStorage {
  const guard = (tx: KehuRepositories): KehuRepositories => ({
    ...tx,
    complaints: {
      ...tx.complaints,
      events: () => Promise.reject(new Error('appendEvents read the whole log')),
    },
  });
  return { ...storage, withTransaction: (fn) => storage.withTransaction((tx) => fn(guard(tx))) };
}

describe('appending checks the log head, never the log (rule SL-1)', () => {
  const types = COMPLAINT_EVENT_TYPES.filter((t) => t !== 'received');
  const body = (type: string, minute: number, severity: string): ComplaintEventBody =>
    parseComplaintEvent({
      type,
      at: new Date(Date.UTC(2026, 1, 1, 3, 0) + minute * 60_000),
      actor: 'agent-1',
      ...(type === 'severity-changed' ? { from: 'normal', to: severity } : {}),
      ...(type === 'escalated' ? { level: 1, to: 'service-director' } : {}),
      ...(type === 'assigned' ? { assignee: 'agent-2' } : {}),
      ...(type === 'feedback-recorded' ? { satisfied: true } : {}),
    });

  it('accepts and refuses exactly the batches a replay of the whole log would, reading no log (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.array(
            fc.record({
              type: fc.constantFrom(...types),
              step: fc.integer({ min: -2, max: 30 }),
              severity: fc.constantFrom(...COMPLAINT_SEVERITIES),
            }),
            { minLength: 1, maxLength: 4 },
          ),
          { maxLength: 8 },
        ),
        async (batches) => {
          const kehu = createKehu({ storage: withoutLogReads(createMemoryStorage()), requireKnownCustomers: false });
          await kehu.complaints.open(intake, 'agent-1');
          const log: ComplaintEventBody[] = [...(await kehu.complaints.events('k-1'))];
          let minute = 60;
          for (const batch of batches) {
            const bodies = batch.map((e) => body(e.type, (minute += e.step), e.severity));
            let replayed = true;
            try {
              replayComplaint({ id: 'k-1', severity: 'urgent', events: [...log, ...bodies] });
            } catch (e) {
              expect(e).toBeInstanceOf(KehuValidationError);
              replayed = false;
            }
            const appended = await kehu.complaints.appendEvents('k-1', bodies).then(
              () => true,
              (e: unknown) => {
                expect(e).toBeInstanceOf(KehuValidationError);
                return false;
              },
            );
            expect(appended).toBe(replayed);
            if (appended) log.push(...bodies);
            expect((await kehu.complaints.events('k-1')).length).toBe(log.length);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('the store-side complaint state agrees with @kehu/sla', () => {
  it('complaintStateAfter and complaintSeverityAfter agree with replayComplaint on any accepted log (property)', () => {
    const types = COMPLAINT_EVENT_TYPES.filter((t) => t !== 'received');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...types), fc.constantFrom(...COMPLAINT_SEVERITIES)), { maxLength: 30 }),
        fc.constantFrom(...COMPLAINT_SEVERITIES),
        (steps, severity) => {
          const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, i));
          const events: ComplaintEventBody[] = [{ type: 'received', at: at(0), actor: 'a' }];
          let state = checkNextEvent(null, null, events[0]!, 0);
          let current = severity;
          steps.forEach(([type, to], i) => {
            const body = parseComplaintEvent({
              type,
              at: at(i + 1),
              actor: 'a',
              ...(type === 'escalated' ? { level: 1 } : {}),
              ...(type === 'assigned' ? { assignee: 'b' } : {}),
              ...(type === 'feedback-recorded' ? { satisfied: true } : {}),
              ...(type === 'severity-changed' ? { from: current, to } : {}),
            });
            try {
              state = checkNextEvent(state, at(i).getTime(), body, i + 1);
            } catch {
              return;
            }
            if (body.type === 'severity-changed') current = body.to;
            events.push(body);
          });
          const replayed = replayComplaint({ id: 'k', severity, events });
          expect(complaintStateAfter(events)).toBe(replayed.state);
          expect(complaintSeverityAfter(events, severity)).toBe(replayed.severity);
        },
      ),
    );
  });
});
