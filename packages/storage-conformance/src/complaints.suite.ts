import {
  complaintSeverityAfter,
  complaintStateAfter,
  complaintToJson,
  parseComplaintEvent,
  type ComplaintEventBody,
} from '@kehu/core';
import { describe, expect, it } from 'vitest';
import type { ComplaintLogEntry, KehuStorage } from '@kehu/storage';
import { codePointSort, collect, expectConflict, expectNotFound, TRICKY_IDS, walk } from './expect-error.js';
import { fixtureInstant, sampleComplaint, sampleComplaintEvent } from './fixtures.js';
import type { Harness } from './harness.js';

/** The ids, versions and event `seq`s of streamed log entries. */
const shape = (entries: readonly ComplaintLogEntry[]) =>
  entries.map((l) => [l.complaint.record.id, l.complaint.version, l.events.map((e) => e.seq)]);

/** Checks that every entry agrees with `get` and `events` and is consistent (version = log length). */
async function expectEntriesMatchStore(s: KehuStorage, entries: readonly ComplaintLogEntry[]): Promise<void> {
  for (const entry of entries) {
    const id = entry.complaint.record.id;
    expect(entry.complaint.version, id).toBe(entry.events.length);
    expect(
      entry.events.map((e) => e.seq),
      id,
    ).toEqual(entry.events.map((_, i) => i + 1));
    expect(
      entry.events.every((e) => e.complaintId === id),
      id,
    ).toBe(true);
    const stored = (await s.complaints.get(id))!;
    expect(stored.version, id).toBe(entry.complaint.version);
    expect(complaintToJson(entry.complaint.record), id).toEqual(complaintToJson(stored.record));
    expect(entry.events, id).toEqual(await s.complaints.events(id));
  }
}

/** Complaints and their append-only event logs (rule SL-1). */
export function complaintsSuite(h: Harness): void {
  describe('complaints with their event log (rule SL-1)', () => {
    it('reads a missing complaint as null with an empty log', async () => {
      const s = await h.open();
      expect(await s.complaints.get('k-1')).toBeNull();
      expect(await s.complaints.events('k-1')).toEqual([]);
      expect(await s.complaints.list()).toEqual({ items: [], nextCursor: null });
      expect(await s.complaints.listByCustomer('c-1')).toEqual({ items: [], nextCursor: null });
      expect(await s.complaints.count()).toBe(0);
    });

    it('opens a complaint with its received event at receivedAt as version 1; a second open conflicts', async () => {
      const s = await h.open();
      const complaint = sampleComplaint('k-1', 'c-1', 0, { severity: 'urgent', channel: 'letter', place: '上海门店' });
      const opened = await s.complaints.open(complaint, 'agent-1');
      expect(opened.version).toBe(1);
      expect(complaintToJson(opened.record)).toEqual(complaintToJson(complaint));
      const events = await s.complaints.events('k-1');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'received', complaintId: 'k-1', seq: 1, actor: 'agent-1' });
      expect(events[0]!.at.getTime()).toBe(complaint.receivedAt.getTime());
      await expectConflict(s.complaints.open(complaint, 'agent-2'), 'complaint', 'k-1');
      expect(await s.complaints.events('k-1')).toHaveLength(1);
    });

    it('numbers appended events after the expected version; a stale version appends nothing', async () => {
      const s = await h.open();
      await s.complaints.open(sampleComplaint('k-1', 'c-1'), 'agent-1');
      const appended = await s.complaints.appendEvents('k-1', 1, [
        sampleComplaintEvent('acknowledged', 1),
        sampleComplaintEvent('closed', 2),
      ]);
      expect(appended.map((e) => [e.seq, e.type, e.complaintId])).toEqual([
        [2, 'acknowledged', 'k-1'],
        [3, 'closed', 'k-1'],
      ]);
      expect((await s.complaints.get('k-1'))!.version).toBe(3);
      const conflict = await expectConflict(
        s.complaints.appendEvents('k-1', 2, [sampleComplaintEvent('reopened', 3)]),
        'complaint',
        'k-1',
      );
      expect(conflict.expectedVersion).toBe(2);
      expect((await s.complaints.events('k-1')).map((e) => e.seq)).toEqual([1, 2, 3]);
      await expectNotFound(s.complaints.appendEvents('k-404', 1, [sampleComplaintEvent()]));
    });

    it('gives the head of the log: state and severity in effect, last event instant, as the log has them', async () => {
      const s = await h.open();
      expect(await s.complaints.head('k-404')).toBeNull();
      const complaint = sampleComplaint('k-1', 'c-1', 0, { severity: 'urgent' });
      await s.complaints.open(complaint, 'agent-1');
      /** The head, checked against `get` and `events` (the rules of the contract). */
      const head = async () => {
        const got = (await s.complaints.head('k-1'))!;
        const events = await s.complaints.events('k-1');
        const stored = (await s.complaints.get('k-1'))!;
        expect(got.complaint.version).toBe(stored.version);
        expect(got.complaint.version).toBe(events.length);
        expect(complaintToJson(got.complaint.record)).toEqual(complaintToJson(stored.record));
        expect(got.state).toBe(complaintStateAfter(events));
        expect(got.severity).toBe(complaintSeverityAfter(events, complaint.severity));
        expect(got.lastEventAt.getTime()).toBe(events[events.length - 1]!.at.getTime());
        return { version: got.complaint.version, state: got.state, severity: got.severity, at: got.lastEventAt };
      };
      expect(await head()).toEqual({ version: 1, state: 'open', severity: 'urgent', at: fixtureInstant(0) });

      const severityChanged = (from: string, to: string, minutes: number): ComplaintEventBody =>
        parseComplaintEvent({ type: 'severity-changed', from, to, at: fixtureInstant(minutes), actor: 'agent-1' });
      await s.complaints.appendEvents('k-1', 1, [sampleComplaintEvent('acknowledged', 1)]);
      expect(await head()).toEqual({ version: 2, state: 'open', severity: 'urgent', at: fixtureInstant(1) });
      await s.complaints.appendEvents('k-1', 2, [
        severityChanged('urgent', 'major', 2),
        sampleComplaintEvent('closed', 5),
      ]);
      expect(await head()).toEqual({ version: 4, state: 'closed', severity: 'major', at: fixtureInstant(5) });
      // Events at one instant: the last one's `at` is the head's.
      await s.complaints.appendEvents('k-1', 4, [sampleComplaintEvent('reopened', 5)]);
      expect(await head()).toEqual({ version: 5, state: 'open', severity: 'major', at: fixtureInstant(5) });

      // A stale append and a rolled-back one leave the head as it was.
      await expectConflict(
        s.complaints.appendEvents('k-1', 4, [sampleComplaintEvent('closed', 9)]),
        'complaint',
        'k-1',
      );
      const rolledBack = new Error('rolled back');
      await expect(
        s.withTransaction(async (tx) => {
          await tx.complaints.appendEvents('k-1', 5, [
            severityChanged('major', 'normal', 8),
            sampleComplaintEvent('closed', 9),
          ]);
          expect(await tx.complaints.head('k-1')).toMatchObject({ state: 'closed', severity: 'normal' });
          throw rolledBack;
        }),
      ).rejects.toBe(rolledBack);
      expect(await head()).toEqual({ version: 5, state: 'open', severity: 'major', at: fixtureInstant(5) });
      await s.complaints.appendEvents('k-1', 5, [sampleComplaintEvent('closed', 10)]);
      expect(await head()).toEqual({ version: 6, state: 'closed', severity: 'major', at: fixtureInstant(10) });

      // Each call gives its own copies.
      const first = (await s.complaints.head('k-1'))!;
      first.lastEventAt.setTime(0);
      first.complaint.record.receivedAt.setTime(0);
      const again = (await s.complaints.head('k-1'))!;
      expect(again.lastEventAt.getTime()).toBe(fixtureInstant(10).getTime());
      expect(again.complaint.record.receivedAt.getTime()).toBe(fixtureInstant(0).getTime());
    });

    it('lists by id and by customer in (receivedAt, id) order', async () => {
      const s = await h.open();
      await s.complaints.open(sampleComplaint('k-3', 'c-1', 10), 'a');
      await s.complaints.open(sampleComplaint('k-1', 'c-1', 20), 'a');
      await s.complaints.open(sampleComplaint('k-2', 'c-1', 10), 'a');
      await s.complaints.open(sampleComplaint('k-0', 'c-2', 0), 'a');
      expect((await s.complaints.list()).items.map((v) => v.record.id)).toEqual(['k-0', 'k-1', 'k-2', 'k-3']);
      expect((await walk((r) => s.complaints.listByCustomer('c-1', r), 2)).map((v) => v.record.id)).toEqual([
        'k-2',
        'k-3',
        'k-1',
      ]);
      expect((await collect(s.complaints.stream())).map((v) => v.record.id)).toEqual(['k-0', 'k-1', 'k-2', 'k-3']);
      expect(await s.complaints.count()).toBe(4);
      expect((await s.complaints.listByCustomer('c-1')).items[0]!.record.receivedAt.getTime()).toBe(
        fixtureInstant(10).getTime(),
      );
    });

    const streamsWholeLogs =
      'streams complaints with their whole logs in id order, ' +
      'each log in seq order as events(id) gives it (rule SL-1)';
    it(streamsWholeLogs, async () => {
      const s = await h.open();
      expect(await collect(s.complaints.streamLogs())).toEqual([]);
      for (const [i, id] of TRICKY_IDS.entries()) {
        await s.complaints.open(sampleComplaint(id, 'c-1', i, { place: '上海门店 😀' }), `agent-${i}`);
        if (i % 3 === 1) await s.complaints.appendEvents(id, 1, [sampleComplaintEvent('acknowledged', i + 1)]);
        if (i % 3 === 2)
          await s.complaints.appendEvents(id, 1, [
            sampleComplaintEvent('acknowledged', i + 1),
            sampleComplaintEvent('closed', i + 2),
            sampleComplaintEvent('reopened', i + 3),
          ]);
      }
      const entries = await collect(s.complaints.streamLogs());
      expect(entries.map((l) => l.complaint.record.id)).toEqual(codePointSort(TRICKY_IDS));
      await expectEntriesMatchStore(s, entries);
      expect(entries.find((l) => l.complaint.record.id === TRICKY_IDS[2])!.events.map((e) => e.type)).toEqual([
        'received',
        'acknowledged',
        'closed',
        'reopened',
      ]);
      expect(entries.find((l) => l.complaint.record.id === TRICKY_IDS[2])!.events[0]!.actor).toBe('agent-2');
      // Each call gives its own copies.
      entries[0]!.events[0]!.at.setTime(0);
      expect((await collect(s.complaints.streamLogs()))[0]!.events[0]!.at.getTime()).not.toBe(0);
    });

    it(
      'streams more complaints than one batch holds, in id order with every log whole (rule SL-1)',
      async () => {
        const s = await h.open();
        const total = 1200;
        const ids = Array.from({ length: total }, (_, i) => `k-${String((i * 7919) % total).padStart(5, '0')}`);
        await s.withTransaction(async (tx) => {
          for (const [i, id] of ids.entries()) {
            await tx.complaints.open(sampleComplaint(id, `c-${i % 13}`, i % 60), 'agent-1');
            if (i % 4 === 0)
              await tx.complaints.appendEvents(id, 1, [
                sampleComplaintEvent('acknowledged', 61),
                sampleComplaintEvent('closed', 62),
              ]);
          }
        });
        const entries = await collect(s.complaints.streamLogs());
        expect(entries.map((l) => l.complaint.record.id)).toEqual(codePointSort(ids));
        for (const l of entries) {
          expect(l.complaint.version).toBe(l.events.length);
          expect(l.events.map((e) => e.seq)).toEqual(l.complaint.version === 1 ? [1] : [1, 2, 3]);
          expect(l.events.every((e) => e.complaintId === l.complaint.record.id)).toBe(true);
        }
        expect(entries.filter((l) => l.complaint.version === 3)).toHaveLength(total / 4);
        const open = await collect(s.complaints.streamLogs({ openAt: fixtureInstant(100) }));
        expect(open.map((l) => l.complaint.record.id)).toEqual(
          entries.filter((l) => l.complaint.version === 1).map((l) => l.complaint.record.id),
        );
      },
      h.options.timeoutMs,
    );

    const openAtLeavesOut =
      'with openAt, leaves out complaints received after it ' +
      'and those whose log ends with closed at or before it (rule SL-1)';
    it(openAtLeavesOut, async () => {
      const s = await h.open();
      const openAt = fixtureInstant(50);
      const open = async (
        id: string,
        receivedAt: number,
        ...events: Array<['acknowledged' | 'closed' | 'reopened', number]>
      ) => {
        await s.complaints.open(sampleComplaint(id, 'c-1', receivedAt), 'agent-1');
        if (events.length > 0)
          await s.complaints.appendEvents(
            id,
            1,
            events.map(([type, at]) => sampleComplaintEvent(type, at)),
          );
      };
      await open('k-01-received-after', 51);
      await open('k-02-received-at', 50);
      await open('k-03-acknowledged', 0, ['acknowledged', 5]);
      await open('k-04-closed-before', 0, ['acknowledged', 5], ['closed', 10]);
      await open('k-05-closed-at', 0, ['closed', 50]);
      await open('k-06-closed-after', 0, ['acknowledged', 5], ['closed', 51]);
      await open('k-07-reopened', 0, ['closed', 10], ['reopened', 20]);
      await open('k-08-reopened-after', 0, ['closed', 10], ['reopened', 60]);
      await open('k-09-closed-again', 0, ['closed', 10], ['reopened', 20], ['closed', 30]);
      await open('k-10-closed-twice-then-after', 0, ['closed', 10], ['reopened', 20], ['closed', 55]);
      await open('k-11-received-after-closed', 60, ['closed', 70]);

      const all = await collect(s.complaints.streamLogs());
      expect(all.map((l) => l.complaint.record.id)).toEqual([
        'k-01-received-after',
        'k-02-received-at',
        'k-03-acknowledged',
        'k-04-closed-before',
        'k-05-closed-at',
        'k-06-closed-after',
        'k-07-reopened',
        'k-08-reopened-after',
        'k-09-closed-again',
        'k-10-closed-twice-then-after',
        'k-11-received-after-closed',
      ]);
      expect(await collect(s.complaints.streamLogs({}))).toEqual(all);

      const maybeOpen = await collect(s.complaints.streamLogs({ openAt }));
      expect(maybeOpen.map((l) => l.complaint.record.id)).toEqual([
        'k-02-received-at',
        'k-03-acknowledged',
        'k-06-closed-after',
        'k-07-reopened',
        'k-08-reopened-after',
        'k-10-closed-twice-then-after',
      ]);
      // The filter picks complaints; the entries still carry their whole logs.
      expect(shape(maybeOpen)).toEqual(
        shape(all.filter((l) => maybeOpen.some((m) => m.complaint.record.id === l.complaint.record.id))),
      );
      await expectEntriesMatchStore(s, maybeOpen);

      expect(
        (await collect(s.complaints.streamLogs({ openAt: fixtureInstant(-1) }))).map((l) => l.complaint.record.id),
      ).toEqual([]);
      expect(
        (await collect(s.complaints.streamLogs({ openAt: fixtureInstant(1000) }))).map((l) => l.complaint.record.id),
      ).toEqual([
        'k-01-received-after',
        'k-02-received-at',
        'k-03-acknowledged',
        'k-07-reopened',
        'k-08-reopened-after',
      ]);
    });
  });
}
