import { chinaCalendar, createBusinessCalendar } from '@kehu/calendar';
import { dateOfDay, dayNumber } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { countingOrder, explainPlacement, type PlacementTasks, placeTasks } from './place.js';
import type { PlanOwner } from './types.js';

const china = chinaCalendar();
const d = dayNumber;

interface T {
  owner?: number;
  due: string;
  earliest?: string;
  latest?: string;
  score?: number;
}

function columns(tasks: T[]): PlacementTasks {
  return {
    length: tasks.length,
    owner: Int32Array.from(tasks.map((t) => t.owner ?? 0)),
    due: Int32Array.from(tasks.map((t) => d(t.due))),
    earliest: Int32Array.from(tasks.map((t) => d(t.earliest ?? t.due))),
    latest: Int32Array.from(tasks.map((t) => d(t.latest ?? t.due))),
    score: Float64Array.from(tasks.map((t) => t.score ?? 50)),
  };
}

function place(tasks: T[], owners: PlanOwner[], start = '2026-09-28', onLeave: 'reassign' | 'defer' = 'reassign') {
  const state = placeTasks(columns(tasks), { calendar: china, start: d(start), owners, onLeave });
  const days = [...state.day].map(dateOfDay);
  const explain = (i: number) => {
    const t = tasks[i] as T;
    return explainPlacement(
      state,
      i,
      { due: d(t.due), earliest: d(t.earliest ?? t.due), latest: d(t.latest ?? t.due) },
      china,
    );
  };
  return { state, days, explain };
}

describe('placeTasks (CA-1, CA-8: working days, capacity, leave)', () => {
  it('CA-1: worked example: moved from 2026-10-01 past National Day and two full days to the 调休 10-10', () => {
    const { days, explain, state } = place(
      [
        { due: '2026-10-08', score: 90 },
        { due: '2026-10-09', score: 90 },
        { due: '2026-10-01', earliest: '2026-10-01', latest: '2026-10-12', score: 40 },
      ],
      [{ id: 'o1', dailyCapacity: 1 }],
    );
    expect(days).toEqual(['2026-10-08', '2026-10-09', '2026-10-10']);
    expect(state.late[2]).toBe(0);
    const e = explain(2);
    expect(e.moved?.en).toBe(
      'moved from 2026-10-01: National Day (10-01..10-07); capacity full on 2026-10-08..2026-10-09',
    );
    expect(e.moved?.zh).toBe('由 2026-10-01 调整：国庆节（10-01..10-07）；2026-10-08..2026-10-09 已满额');
    expect(e.passedOver).toEqual([
      { from: '2026-10-01', to: '2026-10-07', why: 'holiday', name: { en: 'National Day', zh: '国庆节' } },
      { from: '2026-10-08', to: '2026-10-09', why: 'capacity' },
    ]);
  });

  it('CA-1: the preferred day when free; no explanation of moves', () => {
    const { days, explain } = place([{ due: '2026-09-29' }], [{ id: 'o1', dailyCapacity: 3 }]);
    expect(days).toEqual(['2026-09-29']);
    expect(explain(0)).toEqual({ passedOver: [], moved: null });
  });

  it('CA-1: tries later days first, then earlier ones (never before the start)', () => {
    const { days, explain } = place(
      [
        { due: '2026-09-30', score: 90 },
        { due: '2026-09-30', earliest: '2026-09-28', latest: '2026-09-30', score: 10 },
      ],
      [{ id: 'o1', dailyCapacity: 1 }],
    );
    // 09-30 is full and the window ends there: back to 09-29.
    expect(days).toEqual(['2026-09-30', '2026-09-29']);
    expect(explain(1).passedOver).toEqual([{ from: '2026-09-30', to: '2026-09-30', why: 'capacity' }]);
  });

  it('CA-8: never over capacity; what cannot fit is late on the first free working day after the window', () => {
    const tasks: T[] = Array.from({ length: 7 }, () => ({ due: '2026-09-28', latest: '2026-09-29' }));
    const { days, state } = place(tasks, [{ id: 'o1', dailyCapacity: 2 }]);
    expect(days.sort()).toEqual([
      '2026-09-28',
      '2026-09-28',
      '2026-09-29',
      '2026-09-29',
      '2026-09-30',
      '2026-09-30',
      '2026-10-08',
    ]);
    expect([...state.late].filter((x) => x === 1)).toHaveLength(3);
  });

  it('CA-8: priority first: the higher score keeps the day, ties by due then index', () => {
    const { days } = place(
      [
        { due: '2026-09-28', latest: '2026-09-30', score: 10 },
        { due: '2026-09-28', latest: '2026-09-30', score: 80 },
      ],
      [{ id: 'o1', dailyCapacity: 1 }],
    );
    expect(days).toEqual(['2026-09-29', '2026-09-28']);
  });

  it('CA-8: a task due on leave goes to the named cover (reassignedFrom), whose capacity counts', () => {
    const owners: PlanOwner[] = [
      { id: 'o1', dailyCapacity: 5, leave: [{ from: '2026-09-28', to: '2026-09-30', coverId: 'o2' }] },
      { id: 'o2', dailyCapacity: 1 },
    ];
    const { state, days } = place(
      [{ due: '2026-09-29', latest: '2026-09-30' }, { due: '2026-09-29', latest: '2026-09-30' }, { due: '2026-10-08' }],
      owners,
    );
    expect([...state.owner]).toEqual([1, 1, 0]);
    expect([...state.reassignedFrom]).toEqual([0, 0, -1]);
    expect(days).toEqual(['2026-09-29', '2026-09-30', '2026-10-08']);
  });

  it('CA-8: defer (or no cover): the leave days are not free; the task moves past the leave', () => {
    const owners: PlanOwner[] = [
      { id: 'o1', dailyCapacity: 5, leave: [{ from: '2026-09-28', to: '2026-09-29', coverId: 'o2' }] },
      { id: 'o2', dailyCapacity: 1 },
    ];
    const { state, days, explain } = place(
      [{ due: '2026-09-28', latest: '2026-10-09' }],
      owners,
      '2026-09-28',
      'defer',
    );
    expect([...state.owner]).toEqual([0]);
    expect(days).toEqual(['2026-09-30']);
    expect(explain(0).moved?.en).toBe('moved from 2026-09-28: on leave on 2026-09-28..2026-09-29');
  });

  it('CA-8: a cover on leave the same day does not take the task', () => {
    const owners: PlanOwner[] = [
      { id: 'o1', dailyCapacity: 1, leave: [{ from: '2026-09-28', to: '2026-09-28', coverId: 'o2' }] },
      { id: 'o2', dailyCapacity: 1, leave: [{ from: '2026-09-28', to: '2026-09-28' }] },
    ];
    const { state, days } = place([{ due: '2026-09-28', latest: '2026-09-30' }], owners);
    expect([...state.owner]).toEqual([0]);
    expect(days).toEqual(['2026-09-29']);
  });

  it('CA-1: a make-up workday (调休) is a working day; weekends and holidays are not', () => {
    const { days, explain } = place(
      [{ due: '2026-09-19', earliest: '2026-09-19', latest: '2026-09-25' }],
      [{ id: 'o1', dailyCapacity: 1 }],
      '2026-09-19',
    );
    // 09-19 is a Saturday; 09-20 (Sunday) is National Day's make-up workday.
    expect(days).toEqual(['2026-09-20']);
    expect(explain(0).passedOver).toEqual([{ from: '2026-09-19', to: '2026-09-19', why: 'non-working' }]);
  });

  it('CA-8: late work past a long backlog grows the horizon and never exceeds capacity', () => {
    const week = createBusinessCalendar({ timeZone: 'UTC', week: { mon: [['09:00', '17:00']] } });
    const tasks = columns(Array.from({ length: 40 }, () => ({ due: '2026-01-05' })));
    const state = placeTasks(tasks, {
      calendar: week,
      start: d('2026-01-05'),
      owners: [{ id: 'o1', dailyCapacity: 1 }],
      onLeave: 'reassign',
    });
    const placed = [...state.day].sort((a, b) => a - b);
    expect(new Set(placed).size).toBe(40);
    expect(dateOfDay(placed[39] as number)).toBe('2026-10-05');
  });

  it('CA-8: the counting order is stable and follows the given positions', () => {
    const keys = [3, 1, 3, 0, 1, 3];
    expect([...countingOrder(keys, 0, 3, undefined)]).toEqual([3, 1, 4, 0, 2, 5]);
    expect([...countingOrder(keys, 0, 3, [5, 4, 3, 2, 1, 0])]).toEqual([3, 4, 1, 5, 2, 0]);
    expect([...countingOrder([-2, 5, -2], -2, 5, undefined)]).toEqual([0, 2, 1]);
  });
});
