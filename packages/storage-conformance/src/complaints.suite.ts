import { complaintToJson } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { collect, expectConflict, expectNotFound, walk } from './expect-error.js';
import { fixtureInstant, sampleComplaint, sampleComplaintEvent } from './fixtures.js';
import type { Harness } from './harness.js';

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
      const appended = await s.complaints.appendEvents('k-1', 1, [sampleComplaintEvent('acknowledged', 1), sampleComplaintEvent('closed', 2)]);
      expect(appended.map((e) => [e.seq, e.type, e.complaintId])).toEqual([
        [2, 'acknowledged', 'k-1'],
        [3, 'closed', 'k-1'],
      ]);
      expect((await s.complaints.get('k-1'))!.version).toBe(3);
      const conflict = await expectConflict(s.complaints.appendEvents('k-1', 2, [sampleComplaintEvent('reopened', 3)]), 'complaint', 'k-1');
      expect(conflict.expectedVersion).toBe(2);
      expect((await s.complaints.events('k-1')).map((e) => e.seq)).toEqual([1, 2, 3]);
      await expectNotFound(s.complaints.appendEvents('k-404', 1, [sampleComplaintEvent()]));
    });

    it('lists by id and by customer in (receivedAt, id) order', async () => {
      const s = await h.open();
      await s.complaints.open(sampleComplaint('k-3', 'c-1', 10), 'a');
      await s.complaints.open(sampleComplaint('k-1', 'c-1', 20), 'a');
      await s.complaints.open(sampleComplaint('k-2', 'c-1', 10), 'a');
      await s.complaints.open(sampleComplaint('k-0', 'c-2', 0), 'a');
      expect((await s.complaints.list()).items.map((v) => v.record.id)).toEqual(['k-0', 'k-1', 'k-2', 'k-3']);
      expect((await walk((r) => s.complaints.listByCustomer('c-1', r), 2)).map((v) => v.record.id)).toEqual(['k-2', 'k-3', 'k-1']);
      expect((await collect(s.complaints.stream())).map((v) => v.record.id)).toEqual(['k-0', 'k-1', 'k-2', 'k-3']);
      expect(await s.complaints.count()).toBe(4);
      expect((await s.complaints.listByCustomer('c-1')).items[0]!.record.receivedAt.getTime()).toBe(fixtureInstant(10).getTime());
    });
  });
}
