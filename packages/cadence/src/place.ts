import { type BusinessCalendar, dayInfo, workingDays } from '@kehu/calendar';
import { dateOfDay, dayNumber, invalidInput, type Label, orderByIntegerKeys } from '@kehu/core';
import type { PassedDay, PlanOwner } from './types.js';

/** The longest horizon placement extends to for late tasks, in days after the plan's start (about 50 years). */
const MAX_HORIZON = 18_000;

/** The tasks to place, as columns (one entry per merged task); days are core day numbers. */
export interface PlacementTasks {
  /** Number of tasks. */
  readonly length: number;
  /** Index into `owners` of the task's owner. */
  readonly owner: Int32Array;
  /** Preferred day. */
  readonly due: Int32Array;
  /** First day of the window. */
  readonly earliest: Int32Array;
  /** Last day of the window. */
  readonly latest: Int32Array;
  /** Priority score (higher first). */
  readonly score: Float64Array;
}

/** What {@link placeTasks} needs besides the tasks. */
export interface PlacementOptions {
  /** The business calendar: which days are working days. */
  readonly calendar: BusinessCalendar;
  /** The first day a task may take (the later of the plan's `from` and `asOf`'s local date). */
  readonly start: number;
  /** The owners (checked): daily capacity, leave and covers. */
  readonly owners: readonly PlanOwner[];
  /** The policy's `onLeave`: `reassign` to the leave's cover, or `defer` past the leave. */
  readonly onLeave: 'reassign' | 'defer';
}

/**
 * The placement of every task, as columns, and the final state of every owner's days (load per day from
 * `start`), from which one row's explanation is computed on demand ({@link explainPlacement}).
 */
export interface PlacementState {
  /** The first day a task may take. */
  readonly start: number;
  /** Days from `start` that `working` covers (an owner's `load` and `leave` may cover fewer: no task went there). */
  readonly horizon: number;
  /** 1 per working local day from `start`. */
  readonly working: Uint8Array;
  /** The owners (checked): daily capacity, leave and covers. */
  readonly owners: readonly PlanOwner[];
  /** Per owner: tasks placed on each day from `start`. */
  readonly load: Uint32Array[];
  /** Per owner: on leave on each day from `start` (1), or not (0). */
  readonly leave: Uint8Array[];
  /** Per task: the day it got. */
  readonly day: Int32Array;
  /** Per task: the owner index that does it. */
  readonly owner: Int32Array;
  /** Per task: the owner index it was reassigned from (on leave), or -1. */
  readonly reassignedFrom: Int32Array;
  /** Per task: 1 when placed outside its window (no free day in it). */
  readonly late: Uint8Array;
  /** The order tasks were placed in (priority score descending, then due, then index). */
  readonly order: Uint32Array;
}

/**
 * Integer sort keys of the first `n` scores, ascending for a descending score (equal scores, equal keys): the
 * scores times 1024 when that is exact (multiples of 1/1024, as the default policy gives), else their ranks.
 */
export function scoreKeys(score: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  let exact = true;
  for (let i = 0; i < n && exact; i++) {
    const k = -(score[i] as number) * 1024;
    exact = Number.isSafeInteger(k);
    out[i] = k;
  }
  if (exact) return out;
  const distinct = [...new Set(score.subarray(0, n))].sort((a, b) => b - a);
  const rank = new Map(distinct.map((x, i) => [x, i]));
  for (let i = 0; i < n; i++) out[i] = rank.get(score[i] as number) as number;
  return out;
}

/**
 * The positions (`positions`, or `0..keys.length - 1`) ordered by their integer key in `min..max`, stable: a
 * counting sort, one pass over the positions and one over the key range (days, owner ranks, score ranks).
 */
export function countingOrder(
  keys: ArrayLike<number>,
  min: number,
  max: number,
  positions: ArrayLike<number> | undefined,
): Uint32Array {
  const n = positions === undefined ? keys.length : positions.length;
  const count = new Uint32Array(max - min + 2);
  for (let k = 0; k < n; k++) {
    const i = positions === undefined ? k : (positions[k] as number);
    count[(keys[i] as number) - min + 1]!++;
  }
  for (let d = 1; d < count.length; d++) count[d]! += count[d - 1] as number;
  const out = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const i = positions === undefined ? k : (positions[k] as number);
    out[count[(keys[i] as number) - min]!++] = i;
  }
  return out;
}

/** The largest key range {@link placeTasks} orders by counting (beyond: core's radix order). */
const MAX_COUNTING_RANGE = 1 << 20;

/** Smallest free index at or after `i` (path halving); free indexes point to themselves. */
function findNext(next: Int32Array, i: number): number {
  let x = i;
  while (next[x] !== x) {
    const p = next[x] as number;
    const pp = next[p] as number;
    next[x] = pp;
    x = pp;
  }
  return x;
}

/** A day an owner would take a task on (index from the plan's start), and whether it is after the window. */
interface Spot {
  readonly o: number;
  readonly d: number;
  readonly late: 0 | 1;
}

interface OwnerDays {
  cap: number;
  size: number;
  load: Uint32Array;
  leave: Uint8Array;
  /** Cover owner index + 1 per day on a leave with a cover, 0 otherwise. */
  cover: Int32Array;
  /** `next[d]`: next free day index at or after d; `next[size]` is the sentinel "beyond the horizon". */
  next: Int32Array;
  /** `prev[d + 1]`: 1 + the last free day at or before d; `prev[0]` is the sentinel "none". */
  prev: Int32Array;
}

/**
 * Places merged tasks for each owner against the business calendar, the owner's leave and daily capacity (rules
 * CA-1, CA-8; the placement rules). Tasks go in the order: priority score descending, then due day, then
 * index (the merged list is in customer id order, then first key). Each tries its due day, then the following
 * days up to `latest`, then the days before due down to `earliest` (never before `start`), and takes the first
 * working day, not on the owner's leave, with room. A task that finds none is `late`: it takes the first free
 * working day after `latest`, even past the plan's end: capacity is never exceeded and nothing is dropped. With
 * `onLeave: 'reassign'`, a task due on a day of a leave with a cover goes to the cover (their capacity counts)
 * when the cover is not on leave that day, or when the cover is away too but the owner has no free day in the
 * window and the cover's day comes sooner; otherwise the owner's leave days are simply not free.
 *
 * "Next free day" and "previous free day" are union-find structures over day indexes, so each search takes
 * nearly constant time: millions of tasks place in well under a second.
 */
export function placeTasks(tasks: PlacementTasks, options: PlacementOptions): PlacementState {
  const { calendar, start, owners, onLeave } = options;
  const n = tasks.length;
  let maxLatest = start;
  for (let i = 0; i < n; i++) if ((tasks.latest[i] as number) > maxLatest) maxLatest = tasks.latest[i] as number;
  let horizon = Math.min(maxLatest - start + 64, MAX_HORIZON);
  let working = workingDays(calendar, start, start + horizon - 1);
  const leaveRanges = owners.map((o) =>
    (o.leave ?? []).map((l) => ({
      from: dayNumber(l.from) - start,
      to: dayNumber(l.to) - start,
      cover: l.coverId === undefined ? -1 : owners.findIndex((x) => x.id === l.coverId),
    })),
  );

  const build = (o: number, size: number, old?: OwnerDays): OwnerDays => {
    const load = new Uint32Array(size);
    const leave = new Uint8Array(size);
    const cover = new Int32Array(size);
    for (const r of leaveRanges[o] as Array<{ from: number; to: number; cover: number }>) {
      for (let d = Math.max(0, r.from); d <= Math.min(size - 1, r.to); d++) {
        leave[d] = 1;
        if (cover[d] === 0 && r.cover >= 0) cover[d] = r.cover + 1;
      }
    }
    const cap = (owners[o] as PlanOwner).dailyCapacity;
    const next = new Int32Array(size + 1);
    const prev = new Int32Array(size + 1);
    const from = old === undefined ? 0 : old.size;
    if (old !== undefined) {
      load.set(old.load);
      next.set(old.next.subarray(0, old.size));
      prev.set(old.prev.subarray(0, old.size + 1));
    }
    for (let d = from; d < size; d++) {
      const free = working[d] === 1 && leave[d] === 0 && load[d]! < cap;
      next[d] = free ? d : d + 1;
      prev[d + 1] = free ? d + 1 : d;
    }
    next[size] = size;
    return { cap, size, load, leave, cover, next, prev };
  };
  const days = owners.map((_, o) => build(o, horizon));

  const grow = (o: number): void => {
    const current = days[o] as OwnerDays;
    if (current.size >= MAX_HORIZON) {
      const id = (owners[o] as PlanOwner).id;
      let workingDay = false;
      let available = false;
      for (let d = 0; d < current.size && !available; d++)
        if (working[d] === 1) {
          workingDay = true;
          available = current.leave[d] === 0;
        }
      // Name what makes the work impossible: a calendar without working days, a leave without end, or the capacity.
      if (!workingDay)
        throw invalidInput(['calendar'], `the calendar has no working day within ${MAX_HORIZON} days`, 'invalid_value');
      if (!available)
        throw invalidInput(['owners', o, 'leave'], `owner ${id} is on leave on every working day`, 'invalid_value');
      throw invalidInput(
        ['owners', o, 'dailyCapacity'],
        `owner ${id} cannot fit the plan's tasks within ${MAX_HORIZON} days`,
        'too_small',
      );
    }
    const size = Math.min(current.size * 2, MAX_HORIZON);
    if (size > horizon) {
      horizon = size;
      working = workingDays(calendar, start, start + horizon - 1);
    }
    days[o] = build(o, size, current);
  };

  /**
   * Where owner `o` would take a task (day index from `start`) without taking it: the first free day from `due` to
   * `latest`, else the last one from `due` back to `earliest`, else (late) the first free day after `latest`.
   */
  const seek = (o: number, due: number, earliest: number, latest: number): Spot => {
    let od = days[o] as OwnerDays;
    while (latest >= od.size) {
      grow(o);
      od = days[o] as OwnerDays;
    }
    let d = findNext(od.next, due);
    if (d <= latest) return { o, d, late: 0 };
    const back = findNext(od.prev, due) - 1;
    if (back >= earliest && back < due) return { o, d: back, late: 0 };
    while (d >= od.size) {
      grow(o);
      od = days[o] as OwnerDays;
      d = findNext(od.next, d);
    }
    return { o, d, late: 1 };
  };

  const day = new Int32Array(n);
  const owner = new Int32Array(n);
  const reassignedFrom = new Int32Array(n).fill(-1);
  const late = new Uint8Array(n);
  const relDue = new Int32Array(n);
  let maxDue = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.max(0, (tasks.due[i] as number) - start);
    relDue[i] = d;
    if (d > maxDue) maxDue = d;
  }
  const order = placementOrder(tasks.score, relDue, maxDue, n);
  // The tasks in placement order, side by side: owner, due, earliest and latest (days from `start`). Priority order
  // jumps across the task indexes; written here in one pass over the tasks (stores to scattered places do not wait
  // for memory as loads do), the loop below reads them in sequence.
  const rankOf = new Uint32Array(n);
  for (let k = 0; k < n; k++) rankOf[order[k] as number] = k;
  const queue = new Int32Array(4 * n);
  for (let i = 0; i < n; i++) {
    const at = 4 * (rankOf[i] as number);
    const d = relDue[i] as number;
    queue[at] = tasks.owner[i] as number;
    queue[at + 1] = d;
    queue[at + 2] = Math.max(0, (tasks.earliest[i] as number) - start);
    queue[at + 3] = Math.max(d, (tasks.latest[i] as number) - start);
  }
  // Owners with a named cover on some leave day: only their tasks look for a cover.
  const hasCover = new Uint8Array(owners.length);
  for (let o = 0; o < owners.length; o++)
    hasCover[o] = (leaveRanges[o] as Array<{ cover: number }>).some((r) => r.cover >= 0) ? 1 : 0;
  // Per task in placement order: day (from `start`), owner and late; put back in task order after the loop.
  const placedDay = new Int32Array(n);
  const placedOwner = new Int32Array(n);
  const placedLate = new Uint8Array(n);

  for (let k = 0; k < n; k++) {
    let o = queue[4 * k] as number;
    const due = queue[4 * k + 1] as number;
    const earliest = queue[4 * k + 2] as number;
    const latest = queue[4 * k + 3] as number;
    let spot: Spot | undefined;
    const od0 = days[o] as OwnerDays;
    if (onLeave === 'reassign' && hasCover[o] === 1 && due < od0.size && od0.cover[due]! > 0) {
      const c = od0.cover[due]! - 1;
      const cd = days[c] as OwnerDays;
      if (due >= cd.size || cd.leave[due] === 0) spot = seek(c, due, earliest, latest);
      else {
        // The cover is away on the due day too: the cover still takes it when the owner cannot do it in its
        // window and the cover can do it sooner (a cover back in a week beats an owner back in a year).
        const own = seek(o, due, earliest, latest);
        if (own.late === 0) spot = own;
        else {
          const covered = seek(c, due, earliest, latest);
          spot = covered.d < own.d ? covered : own;
        }
      }
      if (spot.o !== o) reassignedFrom[order[k] as number] = o;
    }
    spot ??= seek(o, due, earliest, latest);
    o = spot.o;
    const d = spot.d;
    const od = days[o] as OwnerDays;
    placedLate[k] = spot.late;
    placedDay[k] = d;
    placedOwner[k] = o;
    if (++od.load[d]! >= od.cap) {
      od.next[d] = d + 1;
      od.prev[d + 1] = d;
    }
  }
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    day[i] = start + (placedDay[k] as number);
    owner[i] = placedOwner[k] as number;
    late[i] = placedLate[k] as number;
  }
  return {
    start,
    horizon,
    working,
    owners,
    load: days.map((x) => x.load),
    leave: days.map((x) => x.leave),
    day,
    owner,
    reassignedFrom,
    late,
    order,
  };
}

/** Tasks by priority score descending, then due day (`relDue`, `0..maxDue`), then index. */
function placementOrder(score: Float64Array, relDue: Int32Array, maxDue: number, n: number): Uint32Array {
  const keys = scoreKeys(score, n);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const k = keys[i] as number;
    if (k < min) min = k;
    if (k > max) max = k;
  }
  if (n > 0 && max - min < MAX_COUNTING_RANGE) {
    // Few distinct scores (the usual case): one counting sort by (score rank, due), in one pass over the tasks.
    const rank = new Int32Array(max - min + 1).fill(-1);
    for (let i = 0; i < n; i++) rank[(keys[i] as number) - min] = 0;
    let distinct = 0;
    for (let k = 0; k < rank.length; k++) if (rank[k] === 0) rank[k] = ++distinct;
    const width = maxDue + 1;
    if (distinct * width <= MAX_COUNTING_RANGE) {
      const composite = new Int32Array(n);
      for (let i = 0; i < n; i++)
        composite[i] = ((rank[(keys[i] as number) - min] as number) - 1) * width + (relDue[i] as number);
      return countingOrder(composite, 0, distinct * width - 1, undefined);
    }
  }
  const byDue = countingOrder(relDue, 0, maxDue, undefined);
  if (n === 0 || max - min >= MAX_COUNTING_RANGE) return orderByIntegerKeys(keys, { positions: byDue });
  return countingOrder(keys, min, max, byDue);
}

/** The explanation words the first ranges passed over; `passedOver` lists them all. */
const MAX_WORDED_RANGES = 6;

/** `MM-DD` of a day number. */
const monthDay = (d: number) => dateOfDay(d).slice(5);
const span = (a: number, b: number, short = false) =>
  short
    ? a === b
      ? monthDay(a)
      : `${monthDay(a)}..${monthDay(b)}`
    : a === b
      ? dateOfDay(a)
      : `${dateOfDay(a)}..${dateOfDay(b)}`;

/** One task's window as placement saw it. */
export interface PlacedWindow {
  /** Preferred day. */
  readonly due: number;
  /** First day of the window. */
  readonly earliest: number;
  /** Last day of the window. */
  readonly latest: number;
}

/**
 * Why task `i` took its day, computed from the final state: the days passed over between its preferred day and
 * its day, as ranges in the order they were tried (a day passed over was full when the task was placed and stays
 * full), and the explanation in words, e.g. `moved from 2026-10-01: National Day (10-01..10-07); capacity full on
 * 2026-10-09`. Non-working days are named from the calendar (`holiday` with the holiday's name, or `non-working`).
 */
export function explainPlacement(
  state: PlacementState,
  i: number,
  window: PlacedWindow,
  calendar: BusinessCalendar,
): { passedOver: PassedDay[]; moved: Label | null } {
  const { start } = state;
  const o = state.owner[i] as number;
  const placed = state.day[i] as number;
  const due = Math.max(window.due, start);
  const leave = state.leave[o] as Uint8Array;
  const out: Array<{ from: number; to: number; why: PassedDay['why']; name?: Label }> = [];
  const why = (d: number): { why: PassedDay['why']; name?: Label } => {
    const r = d - start;
    if (r < 0) return { why: 'before-start' };
    if (r >= state.horizon || state.working[r] === 0) {
      const info = dayInfo(calendar, dateOfDay(d));
      if (info.working) return { why: 'capacity' };
      return info.kind === 'holiday' && info.name !== null
        ? { why: 'holiday', name: info.name }
        : { why: info.kind === 'holiday' ? 'holiday' : 'non-working' };
    }
    // A working day passed over is on leave, or was full when the task was placed (and stays full).
    return { why: leave[r] === 1 ? 'leave' : 'capacity' };
  };
  const visit = (d: number) => {
    const w = why(d);
    const last = out[out.length - 1];
    if (
      last !== undefined &&
      last.why === w.why &&
      last.name?.en === w.name?.en &&
      (d === last.to + 1 || d === last.from - 1)
    ) {
      if (d === last.to + 1) last.to = d;
      else last.from = d;
    } else out.push({ from: d, to: d, why: w.why, ...(w.name === undefined ? {} : { name: w.name }) });
  };
  if (state.late[i] === 0 && placed >= due) {
    for (let d = due; d < placed; d++) visit(d);
  } else if (state.late[i] === 0) {
    for (let d = due; d <= window.latest; d++) visit(d);
    for (let d = due - 1; d > placed; d--) visit(d);
  } else {
    for (let d = due; d <= window.latest; d++) visit(d);
    for (let d = due - 1; d >= Math.max(window.earliest, start); d--) visit(d);
    for (let d = window.latest + 1; d < placed; d++) visit(d);
  }
  const passedOver: PassedDay[] = out.map((p) => ({
    from: dateOfDay(p.from),
    to: dateOfDay(p.to),
    why: p.why,
    ...(p.name === undefined ? {} : { name: p.name }),
  }));
  if (out.length === 0) return { passedOver, moved: null };
  const en: string[] = [];
  const zh: string[] = [];
  for (const p of out.slice(0, MAX_WORDED_RANGES)) {
    if (p.why === 'holiday' && p.name !== undefined) {
      en.push(`${p.name.en} (${span(p.from, p.to, true)})`);
      zh.push(`${p.name.zh}（${span(p.from, p.to, true)}）`);
    } else if (p.why === 'holiday') {
      en.push(`holiday on ${span(p.from, p.to)}`);
      zh.push(`${span(p.from, p.to)} 放假`);
    } else if (p.why === 'non-working') {
      en.push(`non-working on ${span(p.from, p.to)}`);
      zh.push(`${span(p.from, p.to)} 非工作日`);
    } else if (p.why === 'leave') {
      en.push(`on leave on ${span(p.from, p.to)}`);
      zh.push(`${span(p.from, p.to)} 休假`);
    } else if (p.why === 'before-start') {
      en.push(`before the plan's start on ${span(p.from, p.to)}`);
      zh.push(`${span(p.from, p.to)} 早于计划开始`);
    } else {
      en.push(`capacity full on ${span(p.from, p.to)}`);
      zh.push(`${span(p.from, p.to)} 已满额`);
    }
  }
  if (out.length > MAX_WORDED_RANGES) {
    const more = out.length - MAX_WORDED_RANGES;
    en.push(`and ${more} more ranges`);
    zh.push(`另有 ${more} 段`);
  }
  return {
    passedOver,
    moved: { en: `moved from ${dateOfDay(due)}: ${en.join('; ')}`, zh: `由 ${dateOfDay(due)} 调整：${zh.join('；')}` },
  };
}
