import { dateOfDay, dayNumber } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import type { PlanContext } from './context.js';
import { DEFAULT_CADENCE_POLICY, parseCadencePolicy } from './policy.js';
import { postPurchaseDemands, seriesStarts } from './post-purchase.js';
import { type DemandSink, newSink } from './sink.js';
import type { CustomerHistory } from './types.js';
import { demandLine, instants, planHistory, shanghaiContext, skipLine, testCustomer } from './test-support.js';

const context = (from: string, to: string, asOf: string, policy = DEFAULT_CADENCE_POLICY) =>
  shanghaiContext(from, to, asOf, { policy });

const history = (purchases: readonly string[], contacts: readonly string[] = []): CustomerHistory =>
  planHistory(testCustomer({ tier: 'gold', createdAt: new Date('2023-01-01T00:00:00+08:00') }), {
    contactTimes: instants(contacts),
    purchaseTimes: instants(purchases),
  });

function run(h: CustomerHistory, ctx: PlanContext) {
  const sink: DemandSink = newSink();
  postPurchaseDemands(h, ctx, h.contactTimes.map(ctx.localDay), sink);
  return {
    demands: sink.demands.map(demandLine),
    skipped: sink.skipped.map(skipLine),
    closed: sink.closed,
    raw: sink,
  };
}

describe('post-purchase windows (rule CA-2)', () => {
  it('CA-2: a purchase on 2026-03-10 asks for a call on 03-17..03-20, 07-10..09-09 and 2027-01-08..03-10', () => {
    const ctx = context('2026-03-11', '2027-12-31', '2026-03-11T09:00:00+08:00');
    // 15:30 UTC is 23:30 in Shanghai: the purchase's local date is 2026-03-10.
    const { demands, skipped, raw } = run(history(['2026-03-10T15:30:00Z']), ctx);
    expect(skipped).toEqual([]);
    expect(demands.slice(0, 3)).toEqual([
      'c1|post-purchase:1-week|2026-03-10 2026-03-17..2026-03-20 due 2026-03-17',
      'c1|post-purchase:4-6-months|2026-03-10 2026-07-10..2026-09-09 due 2026-07-10',
      'c1|post-purchase:10-12-months|2026-03-10 2027-01-08..2027-03-10 due 2027-01-08',
    ]);
    // Yearly after: the first anniversary is inside the 10-12 months window, so the next is the second.
    expect(demands.slice(3)).toEqual([]);
    const later = context('2026-03-11', '2028-03-31', '2026-03-11T09:00:00+08:00');
    expect(run(history(['2026-03-10T15:30:00Z']), later).demands.slice(3)).toEqual([
      'c1|post-purchase:yearly-2|2026-03-10 2028-03-09..2028-04-08 due 2028-03-09',
    ]);
    expect(raw.demands[1]?.reason).toEqual({
      en: 'CA-2: 4-6 months after the purchase of 2026-03-10',
      zh: 'CA-2：2026-03-10 购买后 4-6 个月回访',
    });
    expect(raw.demands[0]?.reason.en).toBe('CA-2: 1 week after the purchase of 2026-03-10');
    expect(raw.demands[0]).toMatchObject({ kind: 'post-purchase', rules: ['CA-2'], purpose: 'explanation' });
    expect(raw.demands[1]?.purpose).toBe('suggestion');
  });

  it('CA-2: purchases within 60 days of the previous one (of any kind) start no new series', () => {
    const days = ['2026-03-10', '2026-04-20', '2026-06-15', '2026-09-01'].map(dayNumber);
    // 04-20 is 41 days after 03-10; 06-15 is 56 days after 04-20; 09-01 is 78 days after 06-15.
    expect(seriesStarts(days, 60).map(dateOfDay)).toEqual(['2026-03-10', '2026-09-01']);
    expect(seriesStarts(days, 40).map(dateOfDay)).toEqual(['2026-03-10', '2026-04-20', '2026-06-15', '2026-09-01']);
    const ctx = context('2026-09-02', '2026-12-31', '2026-09-02T09:00:00+08:00');
    const h = history([
      '2026-03-10T10:00:00+08:00',
      '2026-04-20T10:00:00+08:00',
      '2026-06-15T10:00:00+08:00',
      '2026-09-01T10:00:00+08:00',
    ]);
    const { demands, skipped, closed } = run(h, ctx);
    expect(demands).toEqual([
      'c1|post-purchase:4-6-months|2026-03-10 2026-09-02..2026-09-09 due 2026-09-02',
      'c1|post-purchase:1-week|2026-09-01 2026-09-08..2026-09-11 due 2026-09-08',
    ]);
    // The 1-week window of 2026-03-10 closed long before the plan: counted, not listed.
    expect(skipped).toEqual([]);
    expect(closed).toEqual({ 'satisfied-by-contact': 0, 'window-passed': 1 });
  });

  it('CA-2: a contact inside a window satisfies it (listed open, counted closed); later purchases are not read', () => {
    const ctx = context('2026-03-11', '2026-12-31', '2026-03-11T09:00:00+08:00');
    const h = history(['2026-03-10T10:00:00+08:00', '2026-05-30T10:00:00+08:00'], ['2026-03-11T08:00:00+08:00']);
    expect(run(h, ctx).demands.map((d) => d.split(' ')[0])).toEqual([
      'c1|post-purchase:1-week|2026-03-10',
      'c1|post-purchase:4-6-months|2026-03-10',
    ]);
    // A contact on 2026-07-15 (up to asOf 2026-07-20) is inside the 4-6 months window 07-10..09-09.
    const later = context('2026-07-20', '2026-12-31', '2026-07-20T09:00:00+08:00');
    const seen = history(['2026-03-10T10:00:00+08:00'], ['2026-07-15T10:00:00+08:00']);
    const { demands, skipped, closed } = run(seen, later);
    expect(demands).toEqual([]);
    // The 4-6 months window is still open at the plan's start: listed; the 1-week one closed before: counted.
    expect(skipped).toEqual(['c1|post-purchase:4-6-months|2026-03-10 satisfied-by-contact']);
    expect(closed).toEqual({ 'satisfied-by-contact': 0, 'window-passed': 1 });
    // A contact on 2026-03-18 satisfied the 1-week window 03-17..03-20, closed before the plan: counted.
    const early = history(['2026-03-10T10:00:00+08:00'], ['2026-03-18T10:00:00+08:00', '2026-07-15T10:00:00+08:00']);
    expect(run(early, later).closed).toEqual({ 'satisfied-by-contact': 1, 'window-passed': 0 });
    expect(run(early, later).skipped).toEqual(['c1|post-purchase:4-6-months|2026-03-10 satisfied-by-contact']);
  });

  it('CA-2: yearly after the last window, for the latest series only (a later series supersedes the tail)', () => {
    // 2024-01-10 + 730 days = 2026-01-09 (window 01-09..02-08); the 2023-06-01 series has no yearly calls.
    const ctx = context('2026-01-01', '2026-12-31', '2026-01-01T09:00:00+08:00');
    const purchases = ['2023-06-01T10:00:00+08:00', '2024-01-10T10:00:00+08:00'];
    const { demands, skipped, closed, raw } = run(history(purchases), ctx);
    expect(demands).toEqual(['c1|post-purchase:yearly-2|2024-01-10 2026-01-09..2026-02-08 due 2026-01-09']);
    // The three windows of each series closed before the plan: counted, not listed.
    expect(skipped).toEqual([]);
    expect(closed).toEqual({ 'satisfied-by-contact': 0, 'window-passed': 6 });
    expect(raw.demands[0]?.reason).toEqual({
      en: 'CA-2: yearly call (2026-01-09) after the purchase of 2024-01-10',
      zh: 'CA-2：2024-01-10 购买后的年度回访（2026-01-09）',
    });
    // Without the later purchase, the 2023-06-01 series has its own tail: 2023-06-01 + 1095 = 2026-05-31.
    expect(run(history(['2023-06-01T10:00:00+08:00']), ctx).demands).toEqual([
      'c1|post-purchase:yearly-3|2023-06-01 2026-05-31..2026-06-30 due 2026-05-31',
    ]);
  });

  it('CA-2: of the yearly calls closed before the plan only the last is counted; windows are policy data', () => {
    const policy = parseCadencePolicy({
      postPurchase: {
        windows: [{ name: 'day-after', fromDays: 1, toDays: 2, purpose: 'guidance' }],
        yearlyEveryDays: 30,
        yearlyWindowDays: 5,
        repeatWithinDays: 0,
      },
      overdueGraceDays: 10,
    });
    const ctx = context('2026-06-01', '2026-06-30', '2026-06-01T09:00:00+08:00', policy);
    const { demands, skipped, closed, raw } = run(history(['2026-01-01T10:00:00+08:00']), ctx);
    // Closed before the plan: the day-after window and yearly-4 (yearly-1..3 are the same missed duty).
    expect(skipped).toEqual([]);
    expect(closed).toEqual({ 'satisfied-by-contact': 0, 'window-passed': 2 });
    // Calls every 30 days from 2026-01-01: yearly-4 on 05-01 (window to 05-06, 26 days before the plan: passed),
    // yearly-5 on 05-31 (clipped to the plan's start), yearly-6 on 06-30.
    expect(demands).toEqual([
      'c1|post-purchase:yearly-5|2026-01-01 2026-06-01..2026-06-05 due 2026-06-01',
      'c1|post-purchase:yearly-6|2026-01-01 2026-06-30..2026-07-05 due 2026-06-30',
    ]);
    expect(raw.demands[0]?.purpose).toBe('explanation');
    expect(raw.demands.map((d) => d.overdueDays)).toEqual([0, 0]);
  });
});
