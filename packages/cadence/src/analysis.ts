/**
 * The periodic analysis of revisit records (rule CA-9): completion and overdue work per owner and per tier,
 * contacts per customer, customers not contacted within their cadence (CA-1), and revisit work as a staff measure.
 */
import {
  compareCodePoints,
  type ErrorPath,
  invalidInput,
  normalQuantile,
  requireAsOf,
  type Tier,
  TIERS,
  dateOfDay,
  wilsonInterval,
} from '@kehu/core';
import { type CadencePolicy, type CadencePolicyInput, parseCadencePolicy } from './policy.js';
import { localDateDay } from './check-input.js';
import { type StatusContact, type StatusTask, statusEngine } from './task-status.js';
import type { Importance, LocalDate, PlanTaskAction } from './types.js';

/** A task as the analysis reads it ({@link RevisitTask} works as it is). */
export interface AnalysisTask extends StatusTask {
  readonly ownerId: string;
}

/** A contact as the analysis reads it (core's contact record works as it is: `owner` is the staff member). */
export interface AnalysisContact extends StatusContact {
  /** Who made the contact (core's field). */
  readonly owner?: string | undefined;
  /** Who made the contact (both given and different: refused). */
  readonly ownerId?: string | undefined;
  /** Accepted and not read. */
  readonly purpose?: string | undefined;
}

/** A customer as the analysis reads it (core's customer works as it is). */
export interface AnalysisCustomer {
  readonly id: string;
  readonly tier?: Tier | undefined;
  readonly owner?: string | undefined;
  readonly ownerId?: string | undefined;
  /** When given, a customer younger than its cadence is not counted as out of cadence. */
  readonly createdAt?: Date | undefined;
  /** `lost` customers are left out of the cadence check (their revisit is the win-back of CH-7). */
  readonly status?: string | undefined;
}

/** What {@link revisitAnalysis} analyses. */
export interface RevisitAnalysisInput {
  readonly tasks: Iterable<AnalysisTask>;
  readonly contacts: Iterable<AnalysisContact>;
  readonly customers: Iterable<AnalysisCustomer>;
  readonly actions?: Iterable<PlanTaskAction> | undefined;
}

/** Options of {@link revisitAnalysis}. */
export interface RevisitAnalysisOptions {
  /** First local date of the period (inclusive). */
  readonly from: LocalDate;
  /** Last local date of the period (inclusive). */
  readonly to: LocalDate;
  /** The moment of the analysis: statuses, contacts and cadences as of it. */
  readonly asOf: Date;
  /** The IANA zone of the local dates. */
  readonly zone: string;
  /** Confidence level of the intervals (default 0.95). */
  readonly level?: number | undefined;
}

/** A share with its Wilson interval. */
export interface AnalysisRate {
  /** successes / n, NaN when n is 0. */
  readonly rate: number;
  /** Lower end of the interval (NaN when n is 0). */
  readonly lower: number;
  /** Upper end of the interval (NaN when n is 0). */
  readonly upper: number;
  readonly successes: number;
  readonly n: number;
}

/** The tasks of a group whose due date falls in the period, by status as of `asOf`. */
export interface TaskFigures {
  readonly tasks: number;
  /** Done on time (a completed contact inside the window) or late (after it, up to `asOf`). */
  readonly done: number;
  readonly doneOnTime: number;
  readonly doneLate: number;
  /** Past the window with no completed contact since it opened. */
  readonly overdue: number;
  /** Due or upcoming: not yet judged. */
  readonly open: number;
  readonly snoozed: number;
  readonly skipped: number;
  /** done / (done + overdue): the tasks that were done or should have been by `asOf`. */
  readonly completionRate: AnalysisRate;
  /** doneOnTime / (done + overdue). */
  readonly onTimeRate: AnalysisRate;
}

/** Contacts per customer in a group, and the customers out of cadence. */
export interface ContactFigures {
  /** Customers of the group (from `customers`). */
  readonly customers: number;
  /** Completed contacts of those customers with a local date in the period, up to `asOf`. */
  readonly contacts: number;
  /** Per customer, customers without contacts counted as 0 (NaN without customers). */
  readonly meanPerCustomer: number;
  /** Per customer (NaN without customers). */
  readonly medianPerCustomer: number;
  /** Customers whose last completed contact is older than their cadence as of `asOf`, or who have none. */
  readonly outOfCadence: number;
}

/** One group of the analysis: everything, one owner, or one tier. */
export interface RevisitAnalysisGroup {
  /** `all`, the owner's id, or the tier (`ungraded` for customers without a grade or not in `customers`). */
  readonly key: string;
  readonly tasks: TaskFigures;
  readonly contacts: ContactFigures;
}

/** Revisit work as a staff measure (rule CA-9), per owner. */
export interface StaffRevisitMeasure {
  readonly ownerId: string;
  /** Completed contacts the owner made with a local date in the period, up to `asOf`. */
  readonly completedContacts: number;
  /** The owner's tasks due in the period. */
  readonly tasks: number;
  readonly doneOnTime: number;
  readonly overdue: number;
  /** doneOnTime / (done + overdue) of the owner's tasks. */
  readonly onTimeRate: AnalysisRate;
}

/** A customer not contacted within its cadence (rule CA-1) as of `asOf`. */
export interface OutOfCadenceCustomer {
  readonly customerId: string;
  readonly ownerId: string | null;
  readonly tier: Tier | null;
  readonly importance: Importance;
  /** The policy's `cadence[importance].everyDays`. */
  readonly everyDays: number;
  /** The last completed contact's local date, `null` when never contacted. */
  readonly lastContactDate: LocalDate | null;
  /** Days from it to `asOf`'s local date, `null` when never contacted. */
  readonly daysSince: number | null;
}

/** Why an analysis deserves a second look. */
export type RevisitAnalysisWarningCode =
  | 'EMPTY'
  | 'NO_CUSTOMERS'
  | 'UNKNOWN_CUSTOMER'
  | 'UNGRADED_NOT_CHECKED'
  | 'UNATTRIBUTED_CONTACTS';

/** A warning on the analysis: it qualifies the figures, never replaces them. */
export interface RevisitAnalysisWarning {
  readonly code: RevisitAnalysisWarningCode;
  readonly message: string;
}

/** What {@link revisitAnalysis} returns. */
export interface RevisitAnalysis {
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly zone: string;
  readonly level: number;
  readonly overall: RevisitAnalysisGroup;
  /** Every owner of a task or a customer, in code-point order of the id. */
  readonly byOwner: readonly RevisitAnalysisGroup[];
  /** Every tier in GR-1 order, then `ungraded`, empty ones included. */
  readonly byTier: readonly RevisitAnalysisGroup[];
  /** Every owner of a task, a contact or a customer, in code-point order of the id. */
  readonly staff: readonly StaffRevisitMeasure[];
  /** In code-point order of the customer id. */
  readonly outOfCadence: readonly OutOfCadenceCustomer[];
  readonly warnings: readonly RevisitAnalysisWarning[];
}

/** A rate with its Wilson interval (`@kehu/core`'s) and its counts; n = 0 gives NaN, which the caller flags. */
function wilson(successes: number, n: number, z: number): AnalysisRate {
  return { ...wilsonInterval(successes, n, z), successes, n };
}

interface TaskCounts {
  tasks: number;
  doneOnTime: number;
  doneLate: number;
  overdue: number;
  open: number;
  snoozed: number;
  skipped: number;
}

interface ContactCounts {
  perCustomer: number[];
  outOfCadence: number;
}

const newTaskCounts = (): TaskCounts => ({
  tasks: 0,
  doneOnTime: 0,
  doneLate: 0,
  overdue: 0,
  open: 0,
  snoozed: 0,
  skipped: 0,
});

function ownerOf(value: { owner?: unknown; ownerId?: unknown }, path: ErrorPath): string | null {
  const { owner, ownerId } = value;
  for (const [field, v] of [
    ['owner', owner],
    ['ownerId', ownerId],
  ] as const)
    if (v !== undefined && (typeof v !== 'string' || v.length === 0))
      throw invalidInput([...path, field], `${field} must be a non-empty string`, 'invalid_type');
  if (owner !== undefined && ownerId !== undefined && owner !== ownerId)
    throw invalidInput(
      [...path, 'ownerId'],
      `ownerId ${JSON.stringify(ownerId)} differs from owner ${JSON.stringify(owner)}`,
    );
  return (ownerId ?? owner ?? null) as string | null;
}

function list<T>(value: Iterable<T> | undefined, path: ErrorPath, required: boolean): T[] {
  if (value === undefined && !required) return [];
  if (value === null || typeof value !== 'object' || !(Symbol.iterator in value))
    throw invalidInput(path, 'expected an iterable', 'invalid_type');
  return Array.from(value);
}

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const TIER_SET: ReadonlySet<string> = new Set(TIERS);

/**
 * Analyses revisit records for a period (rule CA-9), per owner and per tier:
 * - tasks whose `dueDate` falls in `[from, to]`, by their status as of `asOf` (see `revisitTaskStatus`): done on
 *   time (a completed contact inside the window), done late (a completed contact after the window, up to `asOf`),
 *   overdue, open (due or upcoming), snoozed, skipped; the completion rate done / (done + overdue) and the on-time
 *   rate doneOnTime / (done + overdue), each with its Wilson interval. Tasks group by their `ownerId` and by their
 *   customer's tier;
 * - contacts per customer (mean and median, customers without contacts counted as 0): completed contacts with a
 *   local date in the period up to `asOf`, grouped by the customer's owner and tier;
 * - customers out of cadence (CA-1): the last completed contact (any time up to `asOf`) older than the policy's
 *   `cadence[importance].everyDays`, or none, counting days between local dates; a customer created less than
 *   `everyDays` before `asOf` is not out of cadence yet; `lost` customers are left out; ungraded customers follow
 *   the policy's `ungraded` (when `null`, they are not checked, with a warning);
 * - the staff measure per owner: completed contacts made (by the contact's `owner`), tasks, done on time, overdue
 *   and the on-time rate: revisit work counts in staff performance.
 *
 * Nothing is invented for empty groups: rates and per-customer figures are NaN, with `EMPTY` (no task due in the
 * period) or `NO_CUSTOMERS` warnings.
 *
 * @param input - tasks, contacts, customers and the snooze/skip actions
 * @param policy - the revisit policy (its `importance`, `ungraded` and `cadence`); default policy when `undefined`
 * @param options - the period `from`..`to`, `asOf`, the `zone` and the confidence `level`
 * @throws KehuValidationError naming the bad field (`['tasks', 2, 'ownerId']`, `['to']`, …); KehuPolicyError for a
 *   bad policy
 */
export function revisitAnalysis(
  input: RevisitAnalysisInput,
  policy: CadencePolicyInput | CadencePolicy | undefined,
  options: RevisitAnalysisOptions,
): RevisitAnalysis {
  const asOf = requireAsOf(options);
  const fromDay = localDateDay(options.from, ['from']);
  const toDay = localDateDay(options.to, ['to']);
  if (toDay < fromDay) throw invalidInput(['to'], `to ${options.to} is before from ${options.from}`);
  const level = options.level ?? 0.95;
  if (typeof level !== 'number' || !(level > 0 && level < 1))
    throw invalidInput(['level'], `level must be strictly between 0 and 1, got ${String(level)}`);
  const z = normalQuantile(1 - (1 - level) / 2);
  const cadence = parseCadencePolicy(policy ?? {});
  if (input === null || typeof input !== 'object') throw invalidInput([], 'input must be an object', 'invalid_type');

  const customers = list(input.customers, ['customers'], true);
  const contacts = list(input.contacts, ['contacts'], true);
  const tasks = list(input.tasks, ['tasks'], true);
  const actions = list(input.actions, ['actions'], false);
  const engine = statusEngine({ asOf, zone: options.zone, contacts, actions });
  const { localDay, todayDay } = engine;

  // Customers: owner, tier, creation day.
  const byId = new Map<string, { owner: string | null; tier: Tier | null; createdDay: number | null; lost: boolean }>();
  customers.forEach((c, i) => {
    if (c === null || typeof c !== 'object') throw invalidInput(['customers', i], 'a customer must be an object');
    if (typeof c.id !== 'string' || c.id.length === 0)
      throw invalidInput(['customers', i, 'id'], 'id must be a non-empty string', 'invalid_type');
    if (byId.has(c.id)) throw invalidInput(['customers', i, 'id'], `customer ${JSON.stringify(c.id)} is listed twice`);
    if (c.tier !== undefined && !TIER_SET.has(c.tier))
      throw invalidInput(
        ['customers', i, 'tier'],
        `unknown tier ${JSON.stringify(c.tier)}; expected ${TIERS.join(', ')}`,
      );
    let createdDay: number | null = null;
    if (c.createdAt !== undefined) {
      if (!(c.createdAt instanceof Date) || Number.isNaN(c.createdAt.getTime()))
        throw invalidInput(['customers', i, 'createdAt'], 'createdAt must be a valid Date', 'invalid_type');
      createdDay = localDay(c.createdAt.getTime());
    }
    const owner = ownerOf(c, ['customers', i]);
    byId.set(c.id, { owner, tier: c.tier ?? null, createdDay, lost: c.status === 'lost' });
  });

  const warnings: { code: RevisitAnalysisWarningCode; message: string }[] = [];
  const tierKey = (customerId: string): string => byId.get(customerId)?.tier ?? 'ungraded';

  // Tasks due in the period, by status.
  const overallTasks = newTaskCounts();
  const ownerTasks = new Map<string, TaskCounts>();
  const tierTasks = new Map<string, TaskCounts>();
  let unknownTaskCustomers = 0;
  tasks.forEach((t, i) => {
    const status = engine.status(t, ['tasks', i]);
    if (typeof t.ownerId !== 'string' || t.ownerId.length === 0)
      throw invalidInput(['tasks', i, 'ownerId'], 'ownerId must be a non-empty string', 'invalid_type');
    const due = localDateDay(t.dueDate, ['tasks', i, 'dueDate']);
    if (due < fromDay || due > toDay) return;
    if (!byId.has(t.customerId)) unknownTaskCustomers += 1;
    let field: keyof TaskCounts = 'open';
    if (status.status === 'done') field = 'doneOnTime';
    else if (status.status === 'skipped') field = 'skipped';
    else if (status.status === 'snoozed') field = 'snoozed';
    else if (status.status === 'overdue') {
      const latest = localDateDay(t.latestDate, ['tasks', i, 'latestDate']);
      const days = engine.contactDays.get(t.customerId) ?? [];
      field = days.some((d) => d > latest) ? 'doneLate' : 'overdue';
    }
    for (const counts of [
      overallTasks,
      getOr(ownerTasks, t.ownerId, newTaskCounts),
      getOr(tierTasks, tierKey(t.customerId), newTaskCounts),
    ]) {
      counts.tasks += 1;
      counts[field] += 1;
    }
  });
  if (overallTasks.tasks === 0)
    warnings.push({
      code: 'EMPTY',
      message: `no task is due from ${options.from} to ${options.to}: every task rate is undefined (NaN)`,
    });

  // Contacts in the period per customer and per staff member.
  const periodContacts = new Map<string, number>();
  const staffContacts = new Map<string, number>();
  let unknownContactCustomers = 0;
  let unattributed = 0;
  contacts.forEach((c, i) => {
    const owner = ownerOf(c, ['contacts', i]);
    if (!(c.outcome === undefined || c.outcome === 'completed') || c.at.getTime() > asOf.getTime()) return;
    const day = localDay(c.at.getTime());
    if (day < fromDay || day > toDay) return;
    if (byId.has(c.customerId)) periodContacts.set(c.customerId, (periodContacts.get(c.customerId) ?? 0) + 1);
    else unknownContactCustomers += 1;
    if (owner === null) unattributed += 1;
    else staffContacts.set(owner, (staffContacts.get(owner) ?? 0) + 1);
  });
  if (unknownTaskCustomers + unknownContactCustomers > 0)
    warnings.push({
      code: 'UNKNOWN_CUSTOMER',
      message:
        `${unknownTaskCustomers} task(s) and ${unknownContactCustomers} contact(s) concern customers not in ` +
        '`customers`: their tasks count as ungraded, their contacts in no per-customer figure',
    });
  if (unattributed > 0)
    warnings.push({
      code: 'UNATTRIBUTED_CONTACTS',
      message: `${unattributed} completed contact(s) in the period name no owner: no staff measure counts them`,
    });
  if (byId.size === 0)
    warnings.push({
      code: 'NO_CUSTOMERS',
      message: 'no customers: contacts per customer are undefined (NaN) and no cadence is checked',
    });

  // Contacts per customer and cadence (CA-1), per customer's owner and tier.
  const overallContacts: ContactCounts = { perCustomer: [], outOfCadence: 0 };
  const ownerContacts = new Map<string, ContactCounts>();
  const tierContacts = new Map<string, ContactCounts>();
  const newContactCounts = (): ContactCounts => ({ perCustomer: [], outOfCadence: 0 });
  const outOfCadence: OutOfCadenceCustomer[] = [];
  let ungradedNotChecked = 0;
  for (const [id, c] of byId) {
    const groups = [overallContacts, getOr(tierContacts, c.tier ?? 'ungraded', newContactCounts)];
    if (c.owner !== null) groups.push(getOr(ownerContacts, c.owner, newContactCounts));
    const count = periodContacts.get(id) ?? 0;
    for (const g of groups) g.perCustomer.push(count);
    if (c.lost) continue;
    const importance = c.tier === null ? cadence.ungraded : cadence.importance[c.tier];
    if (importance === null) {
      ungradedNotChecked += 1;
      continue;
    }
    const everyDays = cadence.cadence[importance].everyDays;
    const days = engine.contactDays.get(id);
    const last = days === undefined ? null : (days[days.length - 1] as number);
    const since = last === null ? null : todayDay - last;
    const young = c.createdDay !== null && todayDay - c.createdDay <= everyDays;
    if ((since === null && !young) || (since !== null && since > everyDays)) {
      for (const g of groups) g.outOfCadence += 1;
      outOfCadence.push({
        customerId: id,
        ownerId: c.owner,
        tier: c.tier,
        importance,
        everyDays,
        lastContactDate: last === null ? null : dateOfDay(last),
        daysSince: since,
      });
    }
  }
  if (ungradedNotChecked > 0)
    warnings.push({
      code: 'UNGRADED_NOT_CHECKED',
      message:
        `${ungradedNotChecked} customer(s) have no grade and the policy's ungraded importance is null: ` +
        'no cadence checked',
    });
  outOfCadence.sort((a, b) => compareCodePoints(a.customerId, b.customerId));

  const group = (key: string, t: TaskCounts, c: ContactCounts): RevisitAnalysisGroup => {
    const judged = t.doneOnTime + t.doneLate + t.overdue;
    const sorted = [...c.perCustomer].sort((a, b) => a - b);
    const contactsTotal = sorted.reduce((s, x) => s + x, 0);
    return {
      key,
      tasks: {
        tasks: t.tasks,
        done: t.doneOnTime + t.doneLate,
        doneOnTime: t.doneOnTime,
        doneLate: t.doneLate,
        overdue: t.overdue,
        open: t.open,
        snoozed: t.snoozed,
        skipped: t.skipped,
        completionRate: wilson(t.doneOnTime + t.doneLate, judged, z),
        onTimeRate: wilson(t.doneOnTime, judged, z),
      },
      contacts: {
        customers: sorted.length,
        contacts: contactsTotal,
        meanPerCustomer: sorted.length === 0 ? Number.NaN : contactsTotal / sorted.length,
        medianPerCustomer: median(sorted),
        outOfCadence: c.outOfCadence,
      },
    };
  };

  const owners = [...new Set([...ownerTasks.keys(), ...ownerContacts.keys()])].sort(compareCodePoints);
  const staffIds = [...new Set([...owners, ...staffContacts.keys()])].sort(compareCodePoints);
  const byOwner = owners.map((o) =>
    group(o, ownerTasks.get(o) ?? newTaskCounts(), ownerContacts.get(o) ?? newContactCounts()),
  );
  const byTier = [...TIERS, 'ungraded'].map((k) =>
    group(k, tierTasks.get(k) ?? newTaskCounts(), tierContacts.get(k) ?? newContactCounts()),
  );
  const staff = staffIds.map((ownerId): StaffRevisitMeasure => {
    const t = ownerTasks.get(ownerId) ?? newTaskCounts();
    return {
      ownerId,
      completedContacts: staffContacts.get(ownerId) ?? 0,
      tasks: t.tasks,
      doneOnTime: t.doneOnTime,
      overdue: t.overdue,
      onTimeRate: wilson(t.doneOnTime, t.doneOnTime + t.doneLate + t.overdue, z),
    };
  });
  return {
    from: options.from,
    to: options.to,
    zone: options.zone,
    level,
    overall: group('all', overallTasks, overallContacts),
    byOwner,
    byTier,
    staff,
    outOfCadence,
    warnings,
  };
}

function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}
