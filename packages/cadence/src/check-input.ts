import { compareCodePoints, dateOfDay, dayNumber, type ErrorPath, invalidInput, isBirthdayOf, TIERS } from '@kehu/core';
import {
  type CustomerHistory,
  type LocalDate,
  type PlanCallback,
  type PlanCustomer,
  type PlanInput,
  type PlanOwner,
  type PlanRound,
  type PlanSatisfactionFollowUp,
  type PlanTaskAction,
  type PlanVisit,
  type PlanWinBack,
  REVISIT_CHANNELS,
  REVISIT_PURPOSES,
} from './types.js';

/** A plan's input, checked and grouped per customer (see {@link checkPlanInput}). */
export interface CheckedPlanInput {
  /** The owners, in input order. */
  readonly owners: readonly PlanOwner[];
  /** One history per customer, in code-point order of customer id (the order the streaming planner consumes). */
  readonly histories: readonly CustomerHistory[];
  /** The rounds (CA-8), checked. */
  readonly rounds: readonly PlanRound[];
  /** The snooze and skip actions, checked. */
  readonly actions: readonly PlanTaskAction[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The day number of a local date `YYYY-MM-DD` (a real date of the years 0001..9999); throws
 * `KehuValidationError` at `path` otherwise.
 */
export function localDateDay(value: unknown, path: ErrorPath): number {
  if (typeof value === 'string' && DATE.test(value) && !value.startsWith('0000')) {
    const day = dayNumber(value);
    if (dateOfDay(day) === value) return day;
  }
  throw invalidInput(path, `${path.join('.')} must be a real local date YYYY-MM-DD`, 'invalid_format');
}

/** The owner a customer names (`ownerId` or core's `owner`), or `undefined`; both given and different: refused. */
export function ownerOfCustomer(customer: PlanCustomer, path: ErrorPath = ['customer']): string | undefined {
  const { ownerId, owner } = customer;
  if (ownerId !== undefined && owner !== undefined && ownerId !== owner)
    throw invalidInput([...path, 'ownerId'], `ownerId ${ownerId} and owner ${owner} differ`);
  return ownerId ?? owner;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

function text(value: unknown, path: ErrorPath): string {
  if (typeof value !== 'string' || value.length === 0)
    throw invalidInput(path, `${path.join('.')} must be a non-empty string`, 'invalid_type');
  return value;
}

function instant(value: unknown, path: ErrorPath): number {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw invalidInput(path, `${path.join('.')} must be a valid Date`, 'invalid_type');
  return value.getTime();
}

function oneOf<T extends string>(value: unknown, options: readonly T[], path: ErrorPath): T {
  if (!options.includes(value as T))
    throw invalidInput(path, `${path.join('.')} must be one of ${options.join(', ')}`, 'invalid_value');
  return value as T;
}

function record(value: unknown, path: ErrorPath): Record<string, unknown> {
  if (!isObject(value)) throw invalidInput(path, `${path.join('.')} must be an object`, 'invalid_type');
  return value;
}

function iterate<T>(value: Iterable<T> | undefined, name: string, visit: (item: T, i: number) => void): void {
  if (value === undefined) return;
  if (!isObject(value) || typeof (value as Iterable<T>)[Symbol.iterator] !== 'function')
    throw invalidInput([name], `${name} must be an iterable`, 'invalid_type');
  let i = 0;
  for (const item of value) visit(item, i++);
}

function range(from: unknown, to: unknown, path: ErrorPath): void {
  const a = localDateDay(from, [...path, 'from']);
  const b = localDateDay(to, [...path, 'to']);
  if (a > b) throw invalidInput([...path, 'to'], `${[...path, 'to'].join('.')} must not be before from`);
}

/** Checks one owner (but not its covers) and returns it. */
function checkOwner(o: PlanOwner, i: number): PlanOwner {
  const path = ['owners', i];
  record(o, path);
  text(o.id, [...path, 'id']);
  const cap = o.dailyCapacity;
  if (typeof cap !== 'number' || !Number.isInteger(cap) || cap < 1 || cap > 1_000_000)
    throw invalidInput(
      [...path, 'dailyCapacity'],
      `owners.${i}.dailyCapacity must be a whole number from 1 to 1000000 (a capacity of zero cannot work)`,
      'too_small',
    );
  if (o.leave !== undefined) {
    if (!Array.isArray(o.leave)) throw invalidInput([...path, 'leave'], 'leave must be an array', 'invalid_type');
    o.leave.forEach((l, j) => {
      record(l, [...path, 'leave', j]);
      range(l.from, l.to, [...path, 'leave', j]);
    });
  }
  return o;
}

/**
 * Checks the owners of a plan: unique ids, whole capacities of at least 1, leave ranges of real dates with `from`
 * not after `to`, and covers naming another existing owner. Returns them as an array (the iterable is read once).
 */
export function checkOwners(owners: Iterable<PlanOwner>): PlanOwner[] {
  if (owners === undefined || owners === null) throw invalidInput(['owners'], 'owners are required', 'invalid_type');
  const list: PlanOwner[] = [];
  const ids = new Set<string>();
  iterate(owners, 'owners', (o, i) => {
    checkOwner(o, i);
    if (ids.has(o.id)) throw invalidInput(['owners', i, 'id'], `duplicate owner id ${o.id}`);
    ids.add(o.id);
    list.push(o);
  });
  list.forEach((o, i) =>
    o.leave?.forEach((l, j) => {
      if (l.coverId === undefined) return;
      const path = ['owners', i, 'leave', j, 'coverId'];
      if (l.coverId === o.id) throw invalidInput(path, `owner ${o.id} cannot cover their own leave`);
      if (!ids.has(l.coverId)) throw invalidInput(path, `cover ${String(l.coverId)} is not an owner of the plan`);
    }),
  );
  return list;
}

/** Checks the rounds of a plan (CA-8): ids, windows of real dates, purpose, channel, tiers. */
export function checkRounds(rounds: Iterable<PlanRound> | undefined): PlanRound[] {
  const list: PlanRound[] = [];
  iterate(rounds, 'rounds', (r, i) => {
    const path = ['rounds', i];
    record(r, path);
    text(r.id, [...path, 'id']);
    range(r.from, r.to, path);
    oneOf(r.purpose, REVISIT_PURPOSES, [...path, 'purpose']);
    oneOf(r.channel, REVISIT_CHANNELS, [...path, 'channel']);
    r.tiers?.forEach((t, j) => oneOf(t, TIERS, [...path, 'tiers', j]));
    list.push(r);
  });
  return list;
}

/** Checks snooze and skip actions: keys, a kind, a reason for every action, `until` for a snooze. */
export function checkActions(actions: Iterable<PlanTaskAction> | undefined): PlanTaskAction[] {
  const list: PlanTaskAction[] = [];
  iterate(actions, 'actions', (a, i) => {
    const path = ['actions', i];
    record(a, path);
    text(a.id, [...path, 'id']);
    if (!Array.isArray(a.keys) || a.keys.length === 0)
      throw invalidInput([...path, 'keys'], 'keys must be a non-empty array of task keys', 'invalid_type');
    a.keys.forEach((k, j) => text(k, [...path, 'keys', j]));
    oneOf(a.kind, ['snooze', 'skip'] as const, [...path, 'kind']);
    if (typeof a.reason !== 'string' || a.reason.trim().length === 0)
      throw invalidInput([...path, 'reason'], 'snoozing or skipping a task needs a reason', 'too_small');
    if (a.kind === 'snooze') localDateDay(a.until, [...path, 'until']);
    instant(a.at, [...path, 'at']);
    list.push(a);
  });
  return list;
}

function checkCustomer(c: PlanCustomer, i: number): void {
  const path = ['customers', i];
  record(c, path);
  text(c.id, [...path, 'id']);
  instant(c.createdAt, [...path, 'createdAt']);
  if (c.tier !== undefined) oneOf(c.tier, TIERS, [...path, 'tier']);
  if (c.ownerId !== undefined) text(c.ownerId, [...path, 'ownerId']);
  if (c.owner !== undefined) text(c.owner, [...path, 'owner']);
  ownerOfCustomer(c, path);
  if (c.kind !== undefined) oneOf(c.kind, ['person', 'organization'] as const, [...path, 'kind']);
  if (c.status !== undefined) oneOf(c.status, ['prospect', 'active', 'dormant', 'lost'] as const, [...path, 'status']);
  // A birthday is a date of its calendar (AR-3): a lunar month has up to 30 days, so `--02-30` is a lunar birthday.
  const birthday = (b: unknown, cal: unknown, p: ErrorPath) => {
    const calendar = cal === undefined ? 'solar' : oneOf(cal, ['solar', 'lunar'] as const, [...p, 'birthdayCalendar']);
    if (b !== undefined && (typeof b !== 'string' || !isBirthdayOf(calendar, b)))
      throw invalidInput(
        [...p, 'birthday'],
        calendar === 'solar'
          ? 'birthday must be YYYY-MM-DD or --MM-DD'
          : 'a lunar birthday must be YYYY-MM-DD or --MM-DD with a day from 01 to 30',
        'invalid_format',
      );
  };
  birthday(c.birthday, c.birthdayCalendar, path);
  if (c.contacts !== undefined) {
    if (!Array.isArray(c.contacts)) throw invalidInput([...path, 'contacts'], 'contacts must be an array');
    c.contacts.forEach((p, j) => {
      record(p, [...path, 'contacts', j]);
      text(p.id, [...path, 'contacts', j, 'id']);
      birthday(p.birthday, p.birthdayCalendar, [...path, 'contacts', j]);
    });
  }
}

/** A customer's history while the input is grouped (its lists are then sorted). */
export interface Builder {
  customer: PlanCustomer;
  contactTimes: number[];
  contactFollowUps: Array<{ contactId: string; at: number; dueAt?: number }>;
  purchaseTimes: number[];
  callbacks: PlanCallback[];
  winBacks: PlanWinBack[];
  followUps: PlanSatisfactionFollowUp[];
  visits: PlanVisit[];
}

/** The history of `customer` with every list empty (new lists, for the caller to fill). */
export function emptyHistory(customer: PlanCustomer): Builder {
  return {
    customer,
    contactTimes: [],
    contactFollowUps: [],
    purchaseTimes: [],
    callbacks: [],
    winBacks: [],
    followUps: [],
    visits: [],
  };
}

const byNumber = (a: number, b: number) => a - b;
const byKey =
  <T>(...keys: Array<(x: T) => number | string>) =>
  (a: T, b: T): number => {
    for (const k of keys) {
      const x = k(a);
      const y = k(b);
      const c = typeof x === 'number' ? x - (y as number) : compareCodePoints(x, y as string);
      if (c !== 0) return c;
    }
    return 0;
  };

/**
 * Checks a plan's input and groups it per customer (the pipeline's first step). Refuses bad input with
 * `KehuValidationError` naming the field (`['owners', 2, 'dailyCapacity']`, `['customers', 5, 'ownerId']`,
 * `['contacts', 9, 'at']`): duplicate ids, capacities below 1, leave or windows with `from` after `to`, covers
 * that are not other owners, invalid dates, unknown tiers, events of unknown customers, snoozes without `until`,
 * actions without a reason. Customers without an owner, or with an owner not in the plan, are not errors: the
 * planner lists them as skipped. Each list is read once (iterables work); nothing is mutated.
 *
 * Grouping: contacts count toward `contactTimes` when completed or without an outcome; every contact with a
 * `followUp` gives a follow-up; lists are sorted (instants ascending, ties by id) and histories come in
 * code-point order of customer id, so the plan does not depend on input order.
 */
export function checkPlanInput(input: PlanInput): CheckedPlanInput {
  record(input, []);
  const owners = checkOwners(input.owners);
  if (input.customers === undefined || input.customers === null)
    throw invalidInput(['customers'], 'customers are required', 'invalid_type');
  const builders = new Map<string, Builder>();
  iterate(input.customers, 'customers', (c, i) => {
    checkCustomer(c, i);
    if (builders.has(c.id)) throw invalidInput(['customers', i, 'id'], `duplicate customer id ${c.id}`);
    builders.set(c.id, emptyHistory(c));
  });
  const builderOf = (customerId: unknown, path: ErrorPath): Builder => {
    const b = builders.get(text(customerId, path));
    if (b === undefined) throw invalidInput(path, `unknown customer ${String(customerId)}`, 'invalid_value');
    return b;
  };
  const ownerIds = new Set(owners.map((o) => o.id));
  iterate(input.contacts, 'contacts', (c, i) => {
    const path = ['contacts', i];
    record(c, path);
    const b = builderOf(c.customerId, [...path, 'customerId']);
    const at = instant(c.at, [...path, 'at']);
    if (c.id !== undefined) text(c.id, [...path, 'id']);
    if (c.outcome !== undefined)
      oneOf(c.outcome, ['completed', 'callback-requested', 'no-answer', 'declined', 'unreachable'] as const, [
        ...path,
        'outcome',
      ]);
    if (c.outcome === undefined || c.outcome === 'completed') b.contactTimes.push(at);
    if (c.followUp !== undefined) {
      record(c.followUp, [...path, 'followUp']);
      text(c.followUp.action, [...path, 'followUp', 'action']);
      const dueAt =
        c.followUp.dueAt === undefined ? undefined : instant(c.followUp.dueAt, [...path, 'followUp', 'dueAt']);
      if (dueAt !== undefined && dueAt < at)
        throw invalidInput([...path, 'followUp', 'dueAt'], 'a follow-up cannot be due before its contact');
      const contactId = c.id ?? `${c.customerId}@${new Date(at).toISOString()}`;
      b.contactFollowUps.push(dueAt === undefined ? { contactId, at } : { contactId, at, dueAt });
    }
  });
  iterate(input.purchases, 'purchases', (p, i) => {
    record(p, ['purchases', i]);
    builderOf(p.customerId, ['purchases', i, 'customerId']).purchaseTimes.push(instant(p.at, ['purchases', i, 'at']));
  });
  iterate(input.callbacks, 'callbacks', (c, i) => {
    const path = ['callbacks', i];
    record(c, path);
    const b = builderOf(c.customerId, [...path, 'customerId']);
    text(c.id, [...path, 'id']);
    oneOf(c.reason, ['written-complaint', 'resolved', 'deadline-passed'] as const, [...path, 'reason']);
    instant(c.at, [...path, 'at']);
    b.callbacks.push(c);
  });
  iterate(input.winBacks, 'winBacks', (w, i) => {
    const path = ['winBacks', i];
    record(w, path);
    const b = builderOf(w.customerId, [...path, 'customerId']);
    text(w.exitId, [...path, 'exitId']);
    if (!ownerIds.has(text(w.ownerId, [...path, 'ownerId'])))
      throw invalidInput([...path, 'ownerId'], `owner ${w.ownerId} is not an owner of the plan`);
    localDateDay(w.earliestDate, [...path, 'earliestDate']);
    b.winBacks.push(w);
  });
  iterate(input.followUps, 'followUps', (f, i) => {
    const path = ['followUps', i];
    record(f, path);
    const b = builderOf(f.customerId, [...path, 'customerId']);
    text(f.responseId, [...path, 'responseId']);
    const answered = instant(f.answeredAt, [...path, 'answeredAt']);
    if (instant(f.dueAt, [...path, 'dueAt']) < answered)
      throw invalidInput([...path, 'dueAt'], 'a follow-up cannot be due before the answer');
    b.followUps.push(f);
  });
  iterate(input.visits, 'visits', (v, i) => {
    const path = ['visits', i];
    record(v, path);
    const b = builderOf(v.customerId, [...path, 'customerId']);
    text(v.id, [...path, 'id']);
    range(v.from, v.to, path);
    oneOf(v.purpose, REVISIT_PURPOSES, [...path, 'purpose']);
    oneOf(v.channel, REVISIT_CHANNELS, [...path, 'channel']);
    b.visits.push(v);
  });
  const rounds = checkRounds(input.rounds);
  const actions = checkActions(input.actions);
  const ids = [...builders.keys()].sort(compareCodePoints);
  const histories = ids.map((id): CustomerHistory => {
    const b = builders.get(id) as Builder;
    return {
      customer: b.customer,
      contactTimes: b.contactTimes.sort(byNumber),
      contactFollowUps: b.contactFollowUps.sort(
        byKey(
          (f) => f.at,
          (f) => f.contactId,
        ),
      ),
      purchaseTimes: b.purchaseTimes.sort(byNumber),
      callbacks: b.callbacks.sort(
        byKey(
          (c) => c.at.getTime(),
          (c) => c.id,
        ),
      ),
      winBacks: b.winBacks.sort(
        byKey<PlanWinBack>(
          (w) => w.earliestDate,
          (w) => w.exitId,
          (w) => w.ownerId,
        ),
      ),
      followUps: b.followUps.sort(
        byKey(
          (f) => f.answeredAt.getTime(),
          (f) => f.responseId,
        ),
      ),
      visits: b.visits.sort(
        byKey<PlanVisit>(
          (v) => v.from as LocalDate,
          (v) => v.id,
        ),
      ),
    };
  });
  return { owners, histories, rounds, actions };
}

const HISTORY_LISTS = ['contactFollowUps', 'callbacks', 'winBacks', 'followUps', 'visits'] as const;

/** Checks that `history[name]` is an array of finite instants in ascending order (the path is made on failure). */
function ascendingInstants(history: CustomerHistory, name: 'contactTimes' | 'purchaseTimes'): void {
  const times: unknown = history[name];
  if (!Array.isArray(times)) throw invalidInput(['history', name], `history.${name} must be an array`, 'invalid_type');
  let previous = -Infinity;
  for (let j = 0; j < times.length; j++) {
    const t = times[j];
    if (typeof t !== 'number' || !Number.isFinite(t) || t < previous)
      throw invalidInput(['history', name, j], `history.${name} must be finite instants (ms) in ascending order`);
    previous = t;
  }
}

/**
 * Checks the shape of one {@link CustomerHistory} given to the streaming planner: the customer with a valid
 * `createdAt`, every list an array, contact and purchase instants finite and ascending (the generators search
 * them). Cheap: what a store streams passes at the cost of one look per instant, and the error paths are made only
 * on failure. Throws `KehuValidationError` at `['history', field, …]`. The events inside the lists are checked by
 * {@link checkPlanInput} on the object path.
 */
export function checkHistory(history: CustomerHistory): void {
  if (!isObject(history)) record(history, ['history']);
  const customer: unknown = history.customer;
  if (!isObject(customer)) record(customer, ['history', 'customer']);
  const { id, createdAt } = customer as Record<string, unknown>;
  if (typeof id !== 'string' || id.length === 0) text(id, ['history', 'customer', 'id']);
  if (!(createdAt instanceof Date) || Number.isNaN(createdAt.getTime()))
    instant(createdAt, ['history', 'customer', 'createdAt']);
  ascendingInstants(history, 'contactTimes');
  ascendingInstants(history, 'purchaseTimes');
  for (let k = 0; k < HISTORY_LISTS.length; k++) {
    const name = HISTORY_LISTS[k] as (typeof HISTORY_LISTS)[number];
    if (!Array.isArray(history[name])) throw invalidInput(['history', name], `history.${name} must be an array`);
  }
}
