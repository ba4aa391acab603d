import { createBusinessCalendar } from '@kehu/calendar';
import { KehuNotFoundError } from '@kehu/core';
import { createMemoryStorage } from '@kehu/storage-memory';
import { describe, expect, it } from 'vitest';
import type { ComplaintEventInput, ComplaintInput } from './inputs.js';
import { createKehu } from './kehu.js';

const calendar = createBusinessCalendar({
  timeZone: 'Asia/Shanghai',
  week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '18:00']]])),
});
const intake = (id: string, severity: ComplaintInput['severity'], receivedAt: string): ComplaintInput => ({
  id,
  customerId: 'c-1',
  content: '产品质量问题 broken on arrival',
  occurredAt: receivedAt,
  receivedAt,
  channel: 'email',
  severity,
  category: 'product-quality',
});
const ev = (type: string, at: string, extra: Record<string, unknown> = {}) =>
  ({
    type,
    at,
    actor: 'agent-1',
    ...extra,
  }) as ComplaintEventInput;

describe('SLA use cases (rules SL-2 to SL-4, SL-9)', () => {
  it('evaluates stored complaints, lists the board and reports', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), requireKnownCustomers: false });
    await kehu.complaints.open(intake('k-1', 'urgent', '2026-09-28T09:00:00+08:00'), 'agent-1');
    await kehu.complaints.open(intake('k-2', 'normal', '2026-09-28T10:00:00+08:00'), 'agent-1');
    await kehu.complaints.appendEvents('k-2', [
      ev('acknowledged', '2026-09-28T10:30:00+08:00'),
      ev('resolved', '2026-09-28T15:00:00+08:00'),
    ]);
    // Appending checks the state: feedback needs a resolution first.
    await expect(
      kehu.complaints.appendEvents('k-1', [ev('feedback-recorded', '2026-09-28T11:00:00+08:00', { satisfied: true })]),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION', path: [0, 'type'] });
    await expect(
      kehu.complaints.appendEvents('k-1', [ev('acknowledged', '2026-09-28T08:00:00+08:00')]),
    ).rejects.toMatchObject({ path: [0, 'at'] });

    const asOf = new Date('2026-09-28T14:00:00+08:00');
    const e1 = await kehu.sla.evaluate('k-1', { asOf, calendar });
    expect(e1.metrics.find((m) => m.metric === 'first-reply')).toMatchObject({
      state: 'running',
      remainingMs: 19 * 3_600_000,
    });
    expect(e1.escalations.map((x) => x.role)).toContain('department-manager'); // urgent: at once (SL-4)
    await expect(kehu.sla.evaluate('k-9', { asOf, calendar })).rejects.toBeInstanceOf(KehuNotFoundError);

    const board = await kehu.sla.board({ asOf, calendar, dueSoonMs: 4 * 3_600_000 });
    expect(board.dueSoon.map((x) => [x.complaintId, x.metric])).toEqual([['k-1', 'preliminary-solution']]); // due 17:00
    expect(board.running.map((x) => x.complaintId)).toContain('k-1');
    expect(board.nextCheckAt).not.toBeNull();

    const report = await kehu.sla.report({ asOf, calendar });
    expect(report.total).toBe(2);
    expect(report.counts.byRootCause['product-quality']).toBe(2);
    expect(report.sla.find((m) => m.metric === 'first-reply')).toMatchObject({ met: 1, running: 1 });
  });

  it('boards the open metrics of complaints not closed, as evaluateSla sees them, reading no closed one', async () => {
    const storage = createMemoryStorage();
    const kehu = createKehu({ storage, requireKnownCustomers: false });
    await kehu.complaints.open(intake('k-open', 'normal', '2026-09-21T09:00:00+08:00'), 'agent-1');
    await kehu.complaints.open(intake('k-wait', 'urgent', '2026-09-22T09:00:00+08:00'), 'agent-1');
    await kehu.complaints.appendEvents('k-wait', [
      ev('acknowledged', '2026-09-22T09:30:00+08:00'),
      ev('waiting-on-customer', '2026-09-22T10:00:00+08:00'),
    ]);
    await kehu.complaints.open(intake('k-closed', 'urgent', '2026-09-23T09:00:00+08:00'), 'agent-1');
    await kehu.complaints.appendEvents('k-closed', [
      ev('resolved', '2026-09-24T09:00:00+08:00'),
      ev('closed', '2026-09-24T10:00:00+08:00'),
    ]);
    await kehu.complaints.open(intake('k-later', 'normal', '2026-09-29T09:00:00+08:00'), 'agent-1');
    const asOf = new Date('2026-09-25T12:00:00+08:00');
    const board = await kehu.sla.board({ asOf, calendar });
    // The reference: every complaint received by asOf, evaluated one by one.
    const expected = { running: [] as string[], breached: [] as string[], paused: [] as string[] };
    for (const id of ['k-open', 'k-wait', 'k-closed']) {
      const e = await kehu.sla.evaluate(id, { asOf, calendar });
      if (e.state === 'closed') continue;
      for (const m of e.metrics) {
        const key = `${id} ${m.metric} ${m.cycle} ${m.dueAt?.toISOString() ?? '-'} ${m.remainingMs}`;
        if (m.state === 'running') expected.running.push(key);
        else if (m.state === 'breached' && m.stoppedAt === null) expected.breached.push(key);
        else if (m.state === 'paused') expected.paused.push(key);
      }
    }
    const keys = (list: typeof board.running) =>
      list
        .map((x) => `${x.complaintId} ${x.metric} ${x.cycle} ${x.dueAt?.toISOString() ?? '-'} ${x.remainingMs}`)
        .sort();
    expect({ running: keys(board.running), breached: keys(board.breached), paused: keys(board.paused) }).toEqual({
      running: expected.running.sort(),
      breached: expected.breached.sort(),
      paused: expected.paused.sort(),
    });
    expect(board.breached.map((x) => x.complaintId)).toContain('k-open'); // first reply overdue (SL-2)
    expect(board.paused.map((x) => x.complaintId)).toEqual(['k-wait']);
    // SL-4: each line's escalation level is the highest its complaint's intake, or its metric's warning or breach,
    // reached in evaluateSla.
    for (const line of [...board.running, ...board.breached, ...board.paused]) {
      const e = await kehu.sla.evaluate(line.complaintId, { asOf, calendar });
      const levels = e.escalations
        .filter((x) => x.cycle === line.cycle && (x.metric === null || x.metric === line.metric))
        .map((x) => x.level);
      expect(line.escalationLevel).toBe(levels.length === 0 ? null : Math.max(...levels));
    }
    expect(board.paused[0]).toMatchObject({ escalationLevel: 2, escalationRole: 'department-manager' }); // urgent
    expect(
      [...board.running, ...board.breached, ...board.paused].some(
        (x) => x.complaintId === 'k-closed' || x.complaintId === 'k-later',
      ),
    ).toBe(false);
    // Closed complaints are left out by the store's query, not read and skipped.
    const seen: string[] = [];
    for await (const { complaint } of storage.complaints.streamLogs({ openAt: asOf })) seen.push(complaint.record.id);
    expect(seen).toEqual(['k-open', 'k-wait']);
  });
});
