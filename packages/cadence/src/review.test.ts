import { chinaCalendar, createBusinessCalendar } from '@kehu/calendar';
import { KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { planRevisits } from './plan-revisits.js';
import { createRevisitPlanner } from './plan-table.js';
import type { CustomerHistory, PlanCustomer } from './types.js';
import { planHistory } from './test-support.js';

// Review of issue 15: hostile and edge input to planRevisits and createRevisitPlanner.
const calendar = chinaCalendar();
const asOf = new Date('2026-09-28T01:00:00Z');
const window = { from: '2026-09-28', to: '2026-10-20', asOf, calendar };
const old = new Date('2024-01-01T00:00:00Z');
const customer = (id: string, extra: Partial<PlanCustomer> = {}): PlanCustomer => ({
  id,
  ownerId: 'o1',
  tier: 'gold',
  createdAt: old,
  ...extra,
});
const history = (extra: Partial<CustomerHistory> = {}): CustomerHistory => planHistory(customer('a'), extra);

/** The error `f` throws, or the plain value `undefined` when it throws none. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** Expects a `KehuValidationError` at `path`. */
function expectPath(f: () => unknown, path: ReadonlyArray<string | number>): void {
  const e = thrown(f);
  expect(e).toBeInstanceOf(KehuValidationError);
  expect((e as KehuValidationError).issues[0]?.path).toEqual(path);
}

describe('review: planRevisits and createRevisitPlanner against hostile input (CA-1, CA-8)', () => {
  it('CA-1: asOf after the plan refuses with ["asOf"] instead of an empty plan (a gold customer owed a call)', () => {
    const input = { customers: [customer('a')], owners: [{ id: 'o1', dailyCapacity: 1 }] };
    expectPath(() => planRevisits(input, {}, { ...window, asOf: new Date('2026-12-01T00:00:00Z') }), ['asOf']);
  });

  it('CA-8: a calendar without a working day is refused at ["calendar"], not blamed on a capacity', () => {
    const closed = createBusinessCalendar({ timeZone: 'Europe/London', week: {} });
    const input = { customers: [customer('a')], owners: [{ id: 'o1', dailyCapacity: 1 }] };
    expectPath(() => planRevisits(input, {}, { ...window, calendar: closed }), ['calendar']);
  });

  it('CA-8: a leave too long to place work after is refused at the leave, not at the capacity', () => {
    const owners = [{ id: 'o1', dailyCapacity: 1, leave: [{ from: '2026-01-01', to: '2099-12-31' }] }];
    expectPath(() => planRevisits({ customers: [customer('a')], owners }, {}, window), ['owners', 0, 'leave']);
  });

  it('CA-1: a history without its lists is a validation error with the path, not a TypeError', () => {
    const planner = createRevisitPlanner({}, { ...window, owners: [{ id: 'o1', dailyCapacity: 1 }] });
    expectPath(
      () => planner.add({ customer: customer('a') } as unknown as CustomerHistory),
      ['history', 'contactTimes'],
    );
  });

  it('CA-1: NaN, unsorted instants and an invalid createdAt in a history name their field', () => {
    const planner = () => createRevisitPlanner({}, { ...window, owners: [{ id: 'o1', dailyCapacity: 1 }] });
    expectPath(() => planner().add(history({ contactTimes: [Number.NaN] })), ['history', 'contactTimes', 0]);
    expectPath(
      () => planner().add(history({ purchaseTimes: [Date.parse('2026-09-01'), Date.parse('2025-01-01')] })),
      ['history', 'purchaseTimes', 1],
    );
    expectPath(
      () => planner().add(history({ customer: customer('a', { createdAt: new Date('x') }) })),
      ['history', 'customer', 'createdAt'],
    );
  });

  it('CA-8: an owner on leave over the whole window goes to the named cover once the cover is back', () => {
    // o1 is away for two years with o2 as cover; o2 is away until 2026-10-05. Reassigning (the default policy)
    // must give the work to o2 when o2 returns (2026-10-08, after National Day), not defer it to 2028.
    const plan = planRevisits(
      {
        customers: [customer('a')],
        owners: [
          { id: 'o1', dailyCapacity: 1, leave: [{ from: '2026-01-01', to: '2027-12-31', coverId: 'o2' }] },
          { id: 'o2', dailyCapacity: 1, leave: [{ from: '2026-09-01', to: '2026-10-05' }] },
        ],
      },
      {},
      window,
    );
    const cadence = plan.tasks.find((t) => t.kinds.includes('cadence'));
    expect(cadence?.ownerId).toBe('o2');
    expect(cadence?.dueDate).toBe('2026-10-08');
    expect(cadence?.placement.reassignedFrom).toBe('o1');
  });
});

describe('review: defects in files another helper is editing (fix in cadence-demands.ts)', () => {
  // cadence-demands.ts:80-97 supersedes every missed call but the last before the plan's start, and the reason
  // says "overdue since" that last one: a general customer last called on 2025-11-10 (due again 2026-02-08, every
  // 90 days) reads "overdue since 2026-05-10" and counts 51 overdue days on 2026-06-30 instead of 142.
  it('CA-1: an overdue cadence call is overdue since the first missed due date, not the latest one', () => {
    const start = new Date('2026-06-30T01:00:00Z');
    const plan = planRevisits(
      {
        customers: [customer('a', { tier: 'silver' })],
        owners: [{ id: 'o1', dailyCapacity: 5 }],
        contacts: [{ customerId: 'a', at: new Date('2025-11-10T02:00:00Z') }],
      },
      {},
      { from: '2026-06-30', to: '2026-07-13', asOf: start, calendar },
    );
    const cadence = plan.tasks.find((t) => t.kinds.includes('cadence'));
    // Due 2026-02-08 (90 days after 2025-11-10): overdue from the day after, 142 days before 2026-06-30.
    expect(cadence?.reasons[0]?.en).toContain('since the last contact on 2025-11-10 (overdue since 2026-02-09)');
    expect(cadence?.keys).toEqual(['a|cadence|2026-02-08']);
    expect(cadence?.overdueDays).toBe(142);
  });
});
