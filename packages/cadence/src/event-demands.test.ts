import { KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { eventDemands } from './event-demands.js';
import { type DemandSink, newSink } from './sink.js';
import type { CustomerHistory } from './types.js';
import { demandLine, instants, planHistory, shanghaiContext, skipLine, testCustomer } from './test-support.js';

const CTX = shanghaiContext('2026-06-02', '2026-08-31', '2026-06-02T18:00:00+08:00');

const history = (extra: Partial<CustomerHistory>, contacts: readonly string[] = []): CustomerHistory =>
  planHistory(testCustomer({ tier: 'silver' }), { contactTimes: instants(contacts), ...extra });

function run(h: CustomerHistory, ctx = CTX) {
  const sink: DemandSink = newSink();
  eventDemands(h, ctx, h.contactTimes.map(ctx.localDay), sink);
  return {
    demands: sink.demands.map(demandLine),
    skipped: sink.skipped.map(skipLine),
    raw: sink,
  };
}

describe('event demands (rules CA-3, SA-5, CA-9, CH-7, CA-8)', () => {
  const complaint = { id: 'cb1', customerId: 'c1', complaintId: 'k7', at: new Date('2026-06-02T10:00:00+08:00') };

  it('CA-3: a written complaint received 2026-06-02 asks for a callback at once, within 1 day (06-02..06-03)', () => {
    const { demands, raw } = run(history({ callbacks: [{ ...complaint, reason: 'written-complaint' }] }));
    expect(demands).toEqual(['c1|callback|cb1 2026-06-02..2026-06-03 due 2026-06-02']);
    expect(raw.demands[0]).toMatchObject({ kind: 'callback', rules: ['CA-3'], purpose: 'mediation', basePriority: 90 });
    expect(raw.demands[0]?.reason).toEqual({
      en: 'CA-3: call back at once: written complaint k7 received on 2026-06-02',
      zh: 'CA-3：2026-06-02 收到书面投诉（k7），立即回访',
    });
  });

  it('CA-3: reasons for a resolved complaint and an overdue resolution, in English and Chinese', () => {
    const h = history({
      callbacks: [
        { ...complaint, id: 'cb2', reason: 'resolved' },
        { id: 'cb3', customerId: 'c1', reason: 'deadline-passed', at: new Date('2026-06-01T09:00:00+08:00') },
      ],
    });
    const { demands, raw } = run(h);
    expect(demands).toEqual([
      'c1|callback|cb2 2026-06-02..2026-06-03 due 2026-06-02',
      // 06-01..06-02 clipped to the plan's start 06-02.
      'c1|callback|cb3 2026-06-02..2026-06-02 due 2026-06-02',
    ]);
    expect(raw.demands.map((d) => d.reason)).toEqual([
      {
        en: 'CA-3: call back after the complaint k7 was resolved on 2026-06-02',
        zh: 'CA-3：投诉（k7）已于 2026-06-02 解决，回访确认',
      },
      {
        en: 'CA-3: call back: the resolution of the complaint was overdue on 2026-06-01',
        zh: 'CA-3：投诉处理已于 2026-06-01 逾期，回访说明',
      },
    ]);
  });

  it('CA-3: only a completed contact after the complaint satisfies the callback, not one earlier the same day', () => {
    const callbacks = [{ ...complaint, reason: 'written-complaint' as const }];
    expect(run(history({ callbacks }, ['2026-06-02T09:00:00+08:00'])).demands).toHaveLength(1);
    const { demands, skipped } = run(
      history({ callbacks }, ['2026-06-02T09:00:00+08:00', '2026-06-02T15:00:00+08:00']),
    );
    expect(demands).toEqual([]);
    expect(skipped).toEqual(['c1|callback|cb1 satisfied-by-contact']);
  });

  it('SA-5: a low satisfaction answered 06-01, due 06-05 becomes a follow-up (SA-5, CA-4) clipped to 06-02', () => {
    const followUps = [
      {
        customerId: 'c1',
        responseId: 'r1',
        answeredAt: new Date('2026-06-01T20:00:00+08:00'),
        dueAt: new Date('2026-06-05T20:00:00+08:00'),
      },
    ];
    const { demands, raw } = run(history({ followUps }));
    expect(demands).toEqual(['c1|satisfaction-follow-up|r1 2026-06-02..2026-06-05 due 2026-06-02']);
    expect(raw.demands[0]).toMatchObject({ kind: 'satisfaction-follow-up', rules: ['SA-5', 'CA-4'] });
    expect(raw.demands[0]?.reason.en).toBe('SA-5: follow up the low satisfaction answered on 2026-06-01 by 2026-06-05');
  });

  it('SA-5: a follow-up due before its answer is refused with the path of its due date', () => {
    const followUps = [
      {
        customerId: 'c1',
        responseId: 'r1',
        answeredAt: new Date('2026-06-05T20:00:00+08:00'),
        dueAt: new Date('2026-06-01T20:00:00+08:00'),
      },
    ];
    try {
      run(history({ followUps }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KehuValidationError);
      expect((e as KehuValidationError).path).toEqual(['followUps', 'r1', 'dueAt']);
    }
  });

  it('CA-9: a promised follow-up is due by its date, or 3 days later; its own contact does not satisfy it', () => {
    const at = Date.parse('2026-06-02T11:00:00+08:00');
    const h = history(
      {
        contactFollowUps: [
          { contactId: 'k1', at },
          { contactId: 'k2', at, dueAt: Date.parse('2026-06-10T12:00:00+08:00') },
        ],
      },
      ['2026-06-02T11:00:00+08:00'],
    );
    const { demands, skipped, raw } = run(h);
    expect(skipped).toEqual([]);
    expect(demands).toEqual([
      'c1|contact-follow-up|k1 2026-06-02..2026-06-05 due 2026-06-05',
      'c1|contact-follow-up|k2 2026-06-02..2026-06-10 due 2026-06-10',
    ]);
    expect(raw.demands[0]).toMatchObject({ kind: 'contact-follow-up', rules: ['CA-9'] });
    expect(raw.demands[0]?.reason.zh).toBe('CA-9：2026-06-02 联系中承诺的跟进，2026-06-05 前完成');
    // A later completed contact (asOf 06-04) covers k1's window.
    const later = shanghaiContext('2026-06-04', '2026-08-31', '2026-06-04T18:00:00+08:00');
    const done = history({ contactFollowUps: [{ contactId: 'k1', at }] }, [
      '2026-06-02T11:00:00+08:00',
      '2026-06-03T10:00:00+08:00',
    ]);
    expect(run(done, later).skipped).toEqual(['c1|contact-follow-up|k1 satisfied-by-contact']);
  });

  it("CH-7: a win-back from 2026-06-10 runs 30 days and is done by the request's owner", () => {
    const winBacks = [
      { customerId: 'c1', exitId: 'x1', ownerId: 'u9', earliestDate: '2026-06-10' },
      { customerId: 'c1', exitId: 'x2', ownerId: 'u1', earliestDate: '2026-07-01' },
    ];
    const { demands, raw } = run(history({ winBacks }));
    expect(demands).toEqual([
      'c1|win-back|x1 2026-06-10..2026-07-10 due 2026-06-10',
      'c1|win-back|x2 2026-07-01..2026-07-31 due 2026-07-01',
    ]);
    expect(raw.demands[0]).toMatchObject({ kind: 'win-back', rules: ['CH-7', 'CH-4'], ownerId: 'u9' });
    // Same owner as the customer's: no own owner, so it merges with the customer's other calls.
    expect(raw.demands[1]?.ownerId).toBeUndefined();
    expect(raw.demands[0]?.reason.en).toBe('CH-7: win back the lost customer (exit x1) from 2026-06-10');
  });

  it('CA-8: a visit to a named customer uses its window, purpose and channel, preferred on its first day', () => {
    const visits = [
      {
        id: 'v1',
        customerId: 'c1',
        from: '2026-06-15',
        to: '2026-06-20',
        purpose: 'promotion' as const,
        channel: 'face-to-face' as const,
        label: { en: 'spring product tour', zh: '春季产品巡展' },
      },
    ];
    const { demands, raw } = run(history({ visits }));
    expect(demands).toEqual(['c1|visit|v1 2026-06-15..2026-06-20 due 2026-06-15']);
    expect(raw.demands[0]).toMatchObject({
      kind: 'visit',
      rules: ['CA-8'],
      purpose: 'promotion',
      channel: 'face-to-face',
    });
    expect(raw.demands[0]?.reason).toEqual({
      en: 'CA-8: visit (spring product tour) between 2026-06-15 and 2026-06-20',
      zh: 'CA-8：2026-06-15 至 2026-06-20 拜访（春季产品巡展）',
    });
  });
});
