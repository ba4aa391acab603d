import { describe, expect, it } from 'vitest';
import { checkPlanInput } from './check-input.js';
import type { PlanCustomer, PlanInput } from './types.js';

const created = new Date('2025-01-01T00:00:00Z');
const base = (): PlanInput => ({
  customers: [
    { id: 'b', ownerId: 'o1', tier: 'gold', createdAt: created },
    { id: 'a', owner: 'o1', tier: 'silver', createdAt: created },
  ],
  owners: [{ id: 'o1', dailyCapacity: 10 }],
});

function pathOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    expect((e as { code?: string }).code).toBe('VALIDATION_FAILED');
    return (e as { path?: unknown }).path;
  }
  throw new Error('expected a KehuValidationError');
}

describe('checkPlanInput (CA-1, CA-8, CA-9: the plan input)', () => {
  it('CA-8: a capacity of zero is refused naming the field', () => {
    const input = {
      ...base(),
      owners: [
        { id: 'o0', dailyCapacity: 3 },
        { id: 'o1', dailyCapacity: 1 },
        { id: 'o2', dailyCapacity: 0 },
      ],
    };
    expect(pathOf(() => checkPlanInput(input))).toEqual(['owners', 2, 'dailyCapacity']);
    expect(pathOf(() => checkPlanInput({ ...base(), owners: [{ id: 'o1', dailyCapacity: 1.5 }] }))).toEqual([
      'owners',
      0,
      'dailyCapacity',
    ]);
  });

  it('CA-8: owners: unique ids, leave from <= to with real dates, a cover that is another owner', () => {
    const two = [
      { id: 'o1', dailyCapacity: 1 },
      { id: 'o1', dailyCapacity: 1 },
    ];
    expect(pathOf(() => checkPlanInput({ ...base(), owners: two }))).toEqual(['owners', 1, 'id']);
    const leave = (l: object) =>
      ({
        ...base(),
        owners: [
          { id: 'o1', dailyCapacity: 1, leave: [l] },
          { id: 'o2', dailyCapacity: 1 },
        ],
      }) as unknown as PlanInput;
    expect(pathOf(() => checkPlanInput(leave({ from: '2026-10-05', to: '2026-10-01' })))).toEqual([
      'owners',
      0,
      'leave',
      0,
      'to',
    ]);
    expect(pathOf(() => checkPlanInput(leave({ from: '2026-02-30', to: '2026-03-01' })))).toEqual([
      'owners',
      0,
      'leave',
      0,
      'from',
    ]);
    const cover = (coverId: string) => leave({ from: '2026-10-01', to: '2026-10-02', coverId });
    expect(pathOf(() => checkPlanInput(cover('o1')))).toEqual(['owners', 0, 'leave', 0, 'coverId']);
    expect(pathOf(() => checkPlanInput(cover('o9')))).toEqual(['owners', 0, 'leave', 0, 'coverId']);
    expect(checkPlanInput(cover('o2')).owners).toHaveLength(2);
  });

  it('CA-1: customers: unique ids, valid createdAt, a GR-1 tier, owner and ownerId agreeing, solar or lunar', () => {
    const customers = (c: object) => ({ ...base(), customers: [...(base().customers as object[]), c] }) as PlanInput;
    expect(pathOf(() => checkPlanInput(customers({ id: 'a', createdAt: created })))).toEqual(['customers', 2, 'id']);
    expect(pathOf(() => checkPlanInput(customers({ id: 'c', createdAt: new Date('x') })))).toEqual([
      'customers',
      2,
      'createdAt',
    ]);
    expect(pathOf(() => checkPlanInput(customers({ id: 'c', createdAt: created, tier: 'platinum' })))).toEqual([
      'customers',
      2,
      'tier',
    ]);
    expect(
      pathOf(() => checkPlanInput(customers({ id: 'c', createdAt: created, owner: 'o1', ownerId: 'o2' }))),
    ).toEqual(['customers', 2, 'ownerId']);
    expect(
      pathOf(() =>
        checkPlanInput(customers({ id: 'c', createdAt: created, birthday: '--02-29', birthdayCalendar: 'islamic' })),
      ),
    ).toEqual(['customers', 2, 'birthdayCalendar']);
    expect(pathOf(() => checkPlanInput(customers({ id: 'c', createdAt: created, birthday: '02-29' })))).toEqual([
      'customers',
      2,
      'birthday',
    ]);
  });

  it('AR-3, CA-7: a birthday is a date of its calendar: lunar --02-30 passes, solar --02-30 fails', () => {
    const withCustomer = (c: PlanCustomer) =>
      ({ ...base(), customers: [...(base().customers as PlanCustomer[]), c] }) as PlanInput;
    const lunar = (birthday: string): PlanCustomer => ({
      id: 'c',
      createdAt: created,
      birthday,
      birthdayCalendar: 'lunar',
    });
    const contact = (birthday: string): PlanCustomer => ({
      id: 'c',
      createdAt: created,
      contacts: [{ id: 'p1', birthday, birthdayCalendar: 'lunar' }],
    });
    expect(checkPlanInput(withCustomer(lunar('--02-30'))).histories).toHaveLength(3);
    expect(checkPlanInput(withCustomer(lunar('1980-12-30'))).histories).toHaveLength(3);
    expect(checkPlanInput(withCustomer(contact('--02-30'))).histories).toHaveLength(3);
    expect(pathOf(() => checkPlanInput(withCustomer({ id: 'c', createdAt: created, birthday: '--02-30' })))).toEqual([
      'customers',
      2,
      'birthday',
    ]);
    expect(pathOf(() => checkPlanInput(withCustomer(lunar('--02-31'))))).toEqual(['customers', 2, 'birthday']);
    expect(pathOf(() => checkPlanInput(withCustomer(contact('--13-01'))))).toEqual([
      'customers',
      2,
      'contacts',
      0,
      'birthday',
    ]);
  });

  it('CA-9: events of unknown customers and invalid instants are refused with their path', () => {
    const contacts = Array.from({ length: 10 }, () => ({ customerId: 'a', at: new Date('2026-01-01T00:00:00Z') }));
    contacts[9] = { customerId: 'a', at: new Date('nope') };
    expect(pathOf(() => checkPlanInput({ ...base(), contacts }))).toEqual(['contacts', 9, 'at']);
    expect(pathOf(() => checkPlanInput({ ...base(), purchases: [{ customerId: 'zz', at: created }] }))).toEqual([
      'purchases',
      0,
      'customerId',
    ]);
    const visit = {
      id: 'v',
      customerId: 'a',
      from: '2026-10-02',
      to: '2026-10-01',
      purpose: 'emotional',
      channel: 'phone',
    } as const;
    expect(pathOf(() => checkPlanInput({ ...base(), visits: [visit] }))).toEqual(['visits', 0, 'to']);
    const round = { id: 'r', from: '2026-10-01', to: '2026-10-31', purpose: 'gossip', channel: 'phone' };
    expect(pathOf(() => checkPlanInput({ ...base(), rounds: [round] } as unknown as PlanInput))).toEqual([
      'rounds',
      0,
      'purpose',
    ]);
  });

  it('CA-9: snoozes need until, every action needs a reason', () => {
    const action = {
      id: 'x',
      keys: ['a|cadence|2026-10-01'],
      kind: 'snooze',
      reason: 'on a trip',
      at: created,
    } as const;
    expect(pathOf(() => checkPlanInput({ ...base(), actions: [action] }))).toEqual(['actions', 0, 'until']);
    expect(pathOf(() => checkPlanInput({ ...base(), actions: [{ ...action, kind: 'skip', reason: '  ' }] }))).toEqual([
      'actions',
      0,
      'reason',
    ]);
    expect(checkPlanInput({ ...base(), actions: [{ ...action, until: '2026-10-10' }] }).actions).toHaveLength(1);
  });

  it('CA-9: groups per customer in code-point order; completed or outcome-less contacts count; any follow-up', () => {
    const input: PlanInput = {
      ...base(),
      customers: new Set([
        ...(base().customers as PlanCustomer[]),
        { id: '😀', createdAt: created },
        { id: '\uffff', createdAt: created },
      ]),
      contacts: [
        { customerId: 'a', at: new Date('2026-03-02T00:00:00Z') },
        { customerId: 'a', at: new Date('2026-03-01T00:00:00Z'), outcome: 'completed' },
        {
          customerId: 'a',
          at: new Date('2026-03-03T00:00:00Z'),
          outcome: 'no-answer',
          followUp: { action: 'call back' },
          id: 'k1',
        },
      ],
      purchases: [{ customerId: 'b', at: new Date('2026-02-01T00:00:00Z') }],
    };
    const snapshot = JSON.stringify(input.contacts);
    const { histories } = checkPlanInput(input);
    expect(histories.map((h) => h.customer.id)).toEqual(['a', 'b', '\uffff', '😀']);
    const a = histories[0];
    expect(a?.contactTimes).toEqual([Date.parse('2026-03-01T00:00:00Z'), Date.parse('2026-03-02T00:00:00Z')]);
    expect(a?.contactFollowUps).toEqual([{ contactId: 'k1', at: Date.parse('2026-03-03T00:00:00Z') }]);
    expect(histories[1]?.purchaseTimes).toEqual([Date.parse('2026-02-01T00:00:00Z')]);
    expect(JSON.stringify(input.contacts)).toBe(snapshot);
  });

  it('CA-1: customers without an owner are not errors (the planner lists them as skipped)', () => {
    const input: PlanInput = {
      ...base(),
      customers: [
        { id: 'x', createdAt: created },
        { id: 'y', ownerId: 'ghost', createdAt: created },
      ],
    };
    expect(checkPlanInput(input).histories).toHaveLength(2);
  });
});
