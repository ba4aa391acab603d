import { chinaCalendar } from '@kehu/calendar';
import { isKehuError } from '@kehu/core';
import { createMemoryStorage } from '@kehu/storage-memory';
import { describe, expect, it } from 'vitest';
import { createKehu } from './kehu.js';

const at = '2026-01-05T09:00:00+08:00';
const asOf = '2026-03-02T09:00:00+08:00';
const calendar = chinaCalendar();
const ctx = { actor: 'lead-1', at, reason: 'test' };

async function seeded() {
  const kehu = createKehu({ storage: createMemoryStorage() });
  await kehu.customers.create({ id: 'c-1', kind: 'person', name: '客户', status: 'active', createdAt: at }, ctx);
  await kehu.cadence.putOwner({ id: 'am-1', dailyCapacity: 5 }, { actor: 'lead-1', at });
  await kehu.cadence.putOwner({ id: 'am-2', dailyCapacity: 5 }, { actor: 'lead-1', at });
  return kehu;
}

/** The path of the `KehuError` the promise rejects with. */
async function pathOf(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isKehuError(error), String(error)).toBe(true);
  return (error as { path?: unknown }).path;
}

const round = { id: 'r-1', from: '2026-03-02', to: '2026-03-06', purpose: 'emotional', channel: 'phone' };
const visit = { ...round, id: 'v-1', customerId: 'c-1' };

describe('kehu.cadence arguments: junk is refused with the path of the field (rules CA-1 to CA-9)', () => {
  it('CA-1: plan: the window (days at most 366, days or to, to not before from), dates and the calendar', async () => {
    const kehu = await seeded();
    const plan = (options: Record<string, unknown>) => kehu.cadence.plan({ asOf, calendar, ...options } as never);
    expect(await pathOf(plan({ days: 367 }))).toEqual(['days']);
    expect(await pathOf(plan({ days: 0 }))).toEqual(['days']);
    expect(await pathOf(plan({ days: 1.5 }))).toEqual(['days']);
    expect(await pathOf(plan({ days: 7, to: '2026-03-10' }))).toEqual(['to']);
    expect(await pathOf(plan({ to: '2026-03-01' }))).toEqual(['to']);
    expect(await pathOf(plan({ from: '2026-01-01', to: '2027-01-02' }))).toEqual(['to']);
    expect(await pathOf(plan({ from: '2026-02-30' }))).toEqual(['from']);
    expect(await pathOf(plan({ asOf: '2026-03-02T09:00:00' }))).toEqual(['asOf']);
    expect(await pathOf(plan({ calendar: { spec: {} } }))).toEqual(['calendar']);
    expect(await pathOf(plan({ colour: 'red' }))).toEqual(['colour']);
    expect(await pathOf(plan({ ownerIds: ['am-1', ''] }))).toEqual(['ownerIds', 1]);
  });

  it('CA-8: plan: rounds and visits with a bad purpose, channel, window or customer', async () => {
    const kehu = await seeded();
    const plan = (options: Record<string, unknown>) => kehu.cadence.plan({ asOf, calendar, ...options } as never);
    expect(await pathOf(plan({ rounds: [{ ...round, purpose: 'sales' }] }))).toEqual(['rounds', 0, 'purpose']);
    expect(await pathOf(plan({ rounds: [{ ...round, tiers: ['platinum'] }] }))).toEqual(['rounds', 0, 'tiers', 0]);
    expect(await pathOf(plan({ visits: [visit, { ...visit, channel: 'fax' }] }))).toEqual(['visits', 1, 'channel']);
    expect(await pathOf(plan({ visits: [{ ...visit, to: '2026-03-01' }] }))).toEqual(['visits', 0, 'to']);
    expect(await pathOf(plan({ visits: [{ ...visit, customerId: 5 }] }))).toEqual(['visits', 0, 'customerId']);
  });

  it('SA-5, CA-3, CH-7: plan: the satisfaction, SLA and win-back sources', async () => {
    const kehu = await seeded();
    const plan = (options: Record<string, unknown>) => kehu.cadence.plan({ asOf, calendar, ...options } as never);
    expect(await pathOf(plan({ satisfaction: { surveyId: '', questions: [{}] } }))).toEqual([
      'satisfaction',
      'surveyId',
    ]);
    expect(await pathOf(plan({ satisfaction: { surveyId: 's', questions: [] } }))).toEqual([
      'satisfaction',
      'questions',
    ]);
    expect(await pathOf(plan({ sla: { policy: { id: 5 } } }))).toEqual(['id']);
    expect(await pathOf(plan({ sla: { calendar } }))).toEqual(['sla', 'calendar']);
    expect(await pathOf(plan({ winBacks: 'yes' }))).toEqual(['winBacks']);
    expect(await pathOf(plan({ policy: { overdueGraceDays: -1 } }))).toEqual(['overdueGraceDays']);
  });

  it('CA-8: dayList: an unknown owner, a day before asOf or too far after it', async () => {
    const kehu = await seeded();
    const dayList = (options: Record<string, unknown>) =>
      kehu.cadence.dayList({ ownerId: 'am-1', date: '2026-03-03', asOf, calendar, ...options } as never);
    await expect(dayList({ ownerId: 'am-9' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await pathOf(dayList({ date: '2026-03-01' }))).toEqual(['date']);
    expect(await pathOf(dayList({ date: '2027-03-03' }))).toEqual(['date']);
    expect(await pathOf(dayList({ date: '03/03/2026' }))).toEqual(['date']);
  });

  it('CA-9: snooze and skip: a reason, a date to come back for a snooze, none for a skip, no other field', async () => {
    const kehu = await seeded();
    const request = { taskId: 'rv_1', keys: ['c-1|cadence|2026-03-01'], customerId: 'c-1', reason: 'away' };
    const options = { actor: 'am-1', asOf };
    expect(await pathOf(kehu.cadence.snooze(request as never, options))).toEqual(['until']);
    expect(await pathOf(kehu.cadence.snooze({ ...request, until: '2026-13-01' }, options))).toEqual(['until']);
    expect(await pathOf(kehu.cadence.skip({ ...request, until: '2026-03-09' } as never, options))).toEqual(['until']);
    expect(await pathOf(kehu.cadence.skip({ ...request, reason: '' }, options))).toEqual(['reason']);
    expect(await pathOf(kehu.cadence.skip({ ...request, keys: [] }, options))).toEqual(['keys']);
    expect(await pathOf(kehu.cadence.skip({ ...request, kind: 'snooze' } as never, options))).toEqual(['kind']);
    expect(await pathOf(kehu.cadence.skip({ ...request, customerId: 'c-9' }, options))).toEqual(['customerId']);
    expect(await pathOf(kehu.cadence.skip(request, { actor: 'am-1' } as never))).toEqual(['asOf']);
  });

  it('CA-8: rebalance: the leave, its cover and the owner', async () => {
    const kehu = await seeded();
    const rebalance = (leave: Record<string, unknown>, ownerId = 'am-1') =>
      kehu.cadence.rebalance({ ownerId, leave: leave as never, asOf, calendar }, { actor: 'lead-1' });
    expect(await pathOf(rebalance({ from: '2026-03-09', to: '2026-03-02' }))).toEqual(['leave', 'to']);
    expect(await pathOf(rebalance({ from: '2026-03-02', to: '2026-03-06', coverId: 'am-9' }))).toEqual([
      'leave',
      'coverId',
    ]);
    expect(await pathOf(rebalance({ from: '2026-03-02', to: '2026-03-06', coverId: 'am-1' }))).toEqual([
      'leave',
      0,
      'coverId',
    ]);
    expect(await pathOf(rebalance({ from: '2026-03-02', to: '2027-06-06' }))).toEqual(['leave', 'to']);
    await expect(rebalance({ from: '2026-03-02', to: '2026-03-06' }, 'am-9')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // Nothing was written by the refused calls.
    expect((await kehu.cadence.getOwner('am-1'))?.version).toBe(1);
  });

  it('CA-8: putOwner and recordContact: the owner, the audit context', async () => {
    const kehu = await seeded();
    expect(await pathOf(kehu.cadence.putOwner({ id: 'am-3', dailyCapacity: 0 }, { actor: 'x', at }))).toEqual([
      'dailyCapacity',
    ]);
    expect(await pathOf(kehu.cadence.putOwner({ id: 'am-3', dailyCapacity: 1 }, { actor: 'x' } as never))).toEqual([
      'at',
    ]);
    expect(
      await pathOf(kehu.cadence.putOwner({ id: 'am-1', dailyCapacity: 1 }, { actor: 'x', at, expectedVersion: 0 })),
    ).toEqual(['expectedVersion']);
    const record = {
      id: 'r-1',
      customerId: 'c-1',
      at,
      channel: 'phone' as const,
      purpose: 'post-purchase' as const,
      owner: 'am-1',
      outcome: 'completed' as const,
    };
    expect(await pathOf(kehu.cadence.recordContact({ ...record, outcome: 'maybe' } as never, { actor: 'x' }))).toEqual([
      'outcome',
    ]);
    expect(await pathOf(kehu.cadence.recordContact(record, { actor: '' }))).toEqual(['actor']);
    expect(await pathOf(kehu.cadence.recordContact(record, { actor: 'x', colour: 1 } as never))).toEqual(['colour']);
  });
});
