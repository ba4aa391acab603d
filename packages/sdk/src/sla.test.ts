import { createBusinessCalendar } from '@kehu/calendar';
import { KehuNotFoundError } from '@kehu/core';
import { createMemoryStorage } from '@kehu/storage-memory';
import { describe, expect, it } from 'vitest';
import { createKehu } from './kehu.js';

const calendar = createBusinessCalendar({ timeZone: 'Asia/Shanghai', week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '18:00']]])) });
const intake = (id: string, severity: string, receivedAt: string) => ({ id, customerId: 'c-1', content: '产品质量问题 broken on arrival', occurredAt: receivedAt, receivedAt, channel: 'email', severity, category: 'product-quality' });
const ev = (type: string, at: string, extra: Record<string, unknown> = {}) => ({ type, at, actor: 'agent-1', ...extra });

describe('SLA use cases (rules SL-2 to SL-4, SL-9)', () => {
  it('evaluates stored complaints, lists the board and reports', async () => {
    const kehu = createKehu({ storage: createMemoryStorage() });
    await kehu.complaints.open(intake('k-1', 'urgent', '2026-09-28T09:00:00+08:00'), 'agent-1');
    await kehu.complaints.open(intake('k-2', 'normal', '2026-09-28T10:00:00+08:00'), 'agent-1');
    await kehu.complaints.appendEvents('k-2', [ev('acknowledged', '2026-09-28T10:30:00+08:00'), ev('resolved', '2026-09-28T15:00:00+08:00')]);
    // Appending checks the state: feedback needs a resolution first.
    await expect(kehu.complaints.appendEvents('k-1', [ev('feedback-recorded', '2026-09-28T11:00:00+08:00', { satisfied: true })])).rejects.toMatchObject({ code: 'COMPLAINT_STATE', path: [0, 'type'] });
    await expect(kehu.complaints.appendEvents('k-1', [ev('acknowledged', '2026-09-28T08:00:00+08:00')])).rejects.toMatchObject({ path: [0, 'at'] });

    const asOf = new Date('2026-09-28T14:00:00+08:00');
    const e1 = await kehu.sla.evaluate('k-1', { asOf, calendar });
    expect(e1.metrics.find((m) => m.metric === 'first-reply')).toMatchObject({ state: 'running', remainingMs: 19 * 3_600_000 });
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
});
