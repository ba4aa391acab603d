import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REVISIT_TASK_STATUSES, revisitTaskStatus, revisitTaskStatuses, type StatusTask } from './task-status.js';
import { errorOf } from './test-support.js';
import type { PlanTaskAction } from './types.js';

const zone = 'Asia/Shanghai';
const task: StatusTask = {
  id: 't1',
  keys: ['c1|cadence|2026-03-01', 'c1|birthday|2026-03-05'],
  customerId: 'c1',
  earliestDate: '2026-03-01',
  dueDate: '2026-03-05',
  latestDate: '2026-03-10',
};
const at = (local: string): Date => new Date(`${local}+08:00`);

describe('revisitTaskStatus (CA-6, CA-9)', () => {
  it('CA-1: names asOf when it falls outside the years 1900..2299', () => {
    for (const asOf of [new Date('1850-01-01T00:00:00Z'), new Date('2400-01-01T00:00:00Z')]) {
      expect(errorOf(() => revisitTaskStatus(task, { asOf, zone })).path).toEqual(['asOf']);
      expect(errorOf(() => revisitTaskStatuses([], { asOf, zone })).path).toEqual(['asOf']);
    }
  });

  it('CA-9: upcoming before the window, due inside it, overdue after it, by local dates of the zone', () => {
    expect(revisitTaskStatus(task, { asOf: at('2026-02-28T23:59:00'), zone })).toMatchObject({
      status: 'upcoming',
      taskId: 't1',
    });
    const due = revisitTaskStatus(task, { asOf: new Date('2026-02-28T16:00:00Z'), zone });
    expect(due).toMatchObject({ status: 'due', since: '2026-03-01' });
    expect(due.reason.en).toContain('preferred 2026-03-05');
    expect(revisitTaskStatus(task, { asOf: at('2026-03-10T23:00:00'), zone }).status).toBe('due');
    const overdue = revisitTaskStatus(task, { asOf: at('2026-03-13T09:00:00'), zone });
    expect(overdue).toMatchObject({ status: 'overdue', since: '2026-03-11' });
    expect(overdue.reason.en).toBe(
      'CA-9: overdue since 2026-03-11 (3 days): no completed contact in 2026-03-01..2026-03-10',
    );
    expect(overdue.reason.zh).toContain('自 2026-03-11 起逾期（3 天）');
  });

  it('CA-9: done when a completed contact of the customer falls inside the window up to asOf', () => {
    const contacts = [
      { customerId: 'c1', at: at('2026-02-27T10:00:00') },
      { customerId: 'c1', at: at('2026-03-04T10:00:00'), outcome: 'no-answer' as const },
      { customerId: 'c2', at: at('2026-03-04T10:00:00') },
      { customerId: 'c1', at: at('2026-03-06T10:00:00'), outcome: 'completed' as const },
    ];
    const done = revisitTaskStatus(task, { asOf: at('2026-03-20T09:00:00'), zone, contacts });
    expect(done).toMatchObject({ status: 'done', since: '2026-03-06' });
    expect(done.reason.zh).toContain('2026-03-06 的联系在时间窗 2026-03-01..2026-03-10 内');
    // The same contact after asOf does not count yet.
    expect(revisitTaskStatus(task, { asOf: at('2026-03-05T09:00:00'), zone, contacts }).status).toBe('due');
  });

  it('CA-6: the latest action on any key wins; a snooze counts until its date, a skip for good', () => {
    const snooze: PlanTaskAction = {
      id: 'a1',
      keys: ['c1|birthday|2026-03-05'],
      kind: 'snooze',
      until: '2026-03-08',
      reason: 'customer travelling',
      at: at('2026-03-02T09:00:00'),
    };
    const skip: PlanTaskAction = {
      id: 'a2',
      keys: ['c1|cadence|2026-03-01'],
      kind: 'skip',
      reason: 'met at the fair',
      at: at('2026-03-03T09:00:00'),
    };
    const snoozed = revisitTaskStatus(task, { asOf: at('2026-03-02T12:00:00'), zone, actions: [snooze, skip] });
    expect(snoozed).toMatchObject({ status: 'snoozed', since: '2026-03-02' });
    expect(snoozed.reason.en).toBe('CA-6: snoozed on 2026-03-02 until 2026-03-08: customer travelling');
    const skipped = revisitTaskStatus(task, { asOf: at('2026-03-04T12:00:00'), zone, actions: [snooze, skip] });
    expect(skipped).toMatchObject({ status: 'skipped', since: '2026-03-03' });
    expect(skipped.reason.zh).toBe('CA-6：已于 2026-03-03 跳过：met at the fair');
    const back = revisitTaskStatus(task, { asOf: at('2026-03-08T08:00:00'), zone, actions: [snooze] });
    expect(back.status).toBe('due');
    expect(back.reason.en).toContain('(snoozed until 2026-03-08)');
    const other = { ...skip, keys: ['c9|cadence|2026-03-01'] };
    expect(revisitTaskStatus(task, { asOf: at('2026-03-04T12:00:00'), zone, actions: [other] }).status).toBe('due');
  });

  it('CA-6: snoozing or skipping without a reason is refused, and so are other bad fields, with their path', () => {
    const skip = { id: 'a', keys: ['k'], kind: 'skip', reason: '  ', at: at('2026-03-03T09:00:00') } as const;
    const asOf = at('2026-03-04T00:00:00');
    expect(errorOf(() => revisitTaskStatus(task, { asOf, zone, actions: [skip] })).path).toEqual([
      'actions',
      0,
      'reason',
    ]);
    const snooze = { ...skip, kind: 'snooze', reason: 'later' } as const;
    expect(errorOf(() => revisitTaskStatus(task, { asOf, zone, actions: [snooze] })).path).toEqual([
      'actions',
      0,
      'until',
    ]);
    expect(errorOf(() => revisitTaskStatus(task, { asOf, zone: 'Mars/Base' })).path).toEqual(['zone']);
    expect(errorOf(() => revisitTaskStatus(task, { zone } as never)).path).toEqual(['asOf']);
    expect(errorOf(() => revisitTaskStatus({ ...task, dueDate: '2026-03-11' }, { asOf, zone })).path).toEqual([
      'task',
      'dueDate',
    ]);
    // CA-9: a task the planner placed past its window (`late`, it could not fit) is judged by its window.
    const late = { ...task, dueDate: '2026-03-12', late: true };
    expect(revisitTaskStatus(late, { asOf: at('2026-03-13T09:00:00'), zone }).status).toBe('overdue');
    expect(errorOf(() => revisitTaskStatus({ ...task, latestDate: '2026-02-30' }, { asOf, zone })).path).toEqual([
      'task',
      'latestDate',
    ]);
    const contacts = [{ customerId: 'c1', at: new Date(Number.NaN) }];
    expect(errorOf(() => revisitTaskStatus(task, { asOf, zone, contacts })).path).toEqual(['contacts', 0, 'at']);
    expect(errorOf(() => revisitTaskStatuses([task, { ...task, id: '' }], { asOf, zone })).path).toEqual([
      'tasks',
      1,
      'id',
    ]);
  });

  it('CA-9: property: the bulk statuses equal the one-task statuses, and exactly one status holds', () => {
    const day = fc
      .integer({ min: 0, max: 40 })
      .map((d) => new Date(Date.UTC(2026, 2, 1 + d)).toISOString().slice(0, 10));
    const taskArb = fc
      .tuple(fc.constantFrom('c1', 'c2'), day, day, fc.nat(3))
      .map(([customerId, a, b, k]): StatusTask => {
        const [earliestDate, latestDate] = a <= b ? [a, b] : [b, a];
        return {
          id: `${customerId}-${earliestDate}-${k}`,
          keys: [`${customerId}|k${k}`],
          customerId,
          earliestDate,
          dueDate: earliestDate,
          latestDate,
        };
      });
    const instant = fc.integer({ min: 0, max: 45 * 24 }).map((h) => new Date(Date.UTC(2026, 1, 27) + h * 3_600_000));
    const contact = fc.record({ customerId: fc.constantFrom('c1', 'c2'), at: instant });
    const action = fc.record({
      id: fc.constantFrom('a1', 'a2', 'a3'),
      keys: fc.constantFrom(['c1|k0'], ['c2|k1'], ['c1|k2', 'c2|k2']),
      kind: fc.constantFrom('snooze' as const, 'skip' as const),
      until: day,
      reason: fc.constant('asked by the customer'),
      at: instant,
    });
    fc.assert(
      fc.property(
        fc.array(taskArb, { maxLength: 8 }),
        fc.array(contact, { maxLength: 6 }),
        fc.array(action, { maxLength: 4 }),
        instant,
        (tasks, contacts, actions, asOf) => {
          const options = { asOf, zone, contacts, actions };
          const bulk = revisitTaskStatuses(tasks, options);
          expect(bulk).toEqual(tasks.map((t) => revisitTaskStatus(t, options)));
          for (const s of bulk) {
            expect(REVISIT_TASK_STATUSES).toContain(s.status);
            expect(s.reason.en.length).toBeGreaterThan(0);
            expect(s.since === undefined).toBe(s.status === 'upcoming');
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
