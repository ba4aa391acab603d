import { type BusinessCalendar, workingDays } from '@kehu/calendar';
import { compareCodePoints, dateOfDay, invalidInput, type Label } from '@kehu/core';
import { checkActions, checkHistory, checkOwners, localDateDay, ownerOfCustomer } from './check-input.js';
import type { PlanContext } from './context.js';
import { demandsFor, importanceOf } from './demands.js';
import { DEMAND_KIND_LABELS } from './labels.js';
import { clearSink, newSink } from './sink.js';
import { type MergedDemand, mergeDemands } from './merge.js';
import { countingOrder, explainPlacement, type PlacementState, placeTasks } from './place.js';
import { createPlanContext } from './plan-context.js';
import { buildPlanReport, emptyKindCounts, type PlanReport } from './plan-report.js';
import { type CadencePolicy, type CadencePolicyInput, parseCadencePolicy } from './policy.js';
import {
  type CustomerHistory,
  DEMAND_KINDS,
  type Demand,
  type DemandKind,
  REVISIT_CHANNELS,
  REVISIT_PURPOSES,
  type LocalDate,
  type PlanOwner,
  type PlanRound,
  type PlanTaskAction,
  type PriorityPart,
  type RevisitChannel,
  type RevisitPurpose,
  type RevisitTask,
  type SkippedEntry,
  type SkipReason,
} from './types.js';

/** What {@link createRevisitPlanner} plans with besides the customers' histories. */
export interface RevisitPlannerOptions {
  /** First local date of the plan (inclusive). */
  readonly from: LocalDate;
  /** Last local date of the plan (inclusive, at most 3660 days after `from`). */
  readonly to: LocalDate;
  /** The moment the plan is made (no hidden clock). */
  readonly asOf: Date;
  /** The business calendar: working days (调休 included), holidays, the zone of every local date. */
  readonly calendar: BusinessCalendar;
  /** The account managers: daily capacity and leave. */
  readonly owners: Iterable<PlanOwner>;
  /** Rounds covering every customer (CA-8). */
  readonly rounds?: Iterable<PlanRound> | undefined;
  /** Snoozes and skips decided on tasks, by component key. */
  readonly actions?: Iterable<PlanTaskAction> | undefined;
  /**
   * Receives each skipped entry as it comes, instead of the table keeping them (`skipped` is then empty; the
   * report still counts them by reason). For streaming plans of many customers: two years of history give about
   * ten passed or satisfied windows per customer, too many to keep for a million customers.
   */
  readonly onSkipped?: ((entry: SkippedEntry) => void) | undefined;
}

/** The streaming planner: feed it one customer history at a time, in customer id order, then finish. */
export interface RevisitPlanner {
  /** Adds one customer (code-point order of customer id, each once); keeps only the customer's compact demands. */
  add(history: CustomerHistory): void;
  /** Places every task and returns the plan as a table. The planner cannot be used after. */
  finish(): RevisitPlanTable;
}

/** The engine state behind a table's explained rows; not for direct use. */
export interface RevisitPlanSource {
  /** Marks the engine state (its fields are internal). */
  readonly brand: 'RevisitPlanSource';
}

/**
 * A revisit plan as columns (the bulk protocol): one row per task, ordered by due date, then owner id, then
 * priority descending, then customer id. `revisitTaskAt(table, i)` explains row `i`.
 */
export interface RevisitPlanTable {
  /** Number of tasks (rows). */
  readonly length: number;
  /**
   * Task ids: `rv_` and a 64-bit hash of the sorted component keys (stable for the same keys). Made on first
   * read: a plan streamed row by row with {@link revisitTaskAt} never builds the whole column.
   */
  readonly ids: readonly string[];
  /**
   * The customer of each row. Made on first read, like `ids`: {@link revisitTaskAt} does not need the column.
   */
  readonly customerIds: readonly string[];
  /** The owner who does each row (the cover when reassigned). Made on first read, like `ids`. */
  readonly ownerIds: readonly string[];
  /** Placed day (core day number of the local date). */
  readonly dueDays: Int32Array;
  /** First day of the window. */
  readonly earliestDays: Int32Array;
  /** Last day of the window. */
  readonly latestDays: Int32Array;
  /** Priority score (see `priorityOf`). */
  readonly scores: Float64Array;
  /** 1 when the task could not be placed inside its window. */
  readonly late: Uint8Array;
  /** Days overdue at the plan's start (0 when not overdue). */
  readonly overdueDays: Int32Array;
  /** Row → index of the task in the source columns. */
  readonly tasks: Uint32Array;
  /** Customers and rules that got no task, and why. */
  readonly skipped: readonly SkippedEntry[];
  /** Counts, late work and each owner's load per day. */
  readonly report: PlanReport;
  /** The engine state the rows are explained from. */
  readonly source: RevisitPlanSource;
}

/** The engine state behind a table's rows: per task and per component, as columns. */
interface PlanState extends RevisitPlanSource {
  /** The plan's context (policy, window, zone). */
  readonly ctx: PlanContext;
  /** The business calendar the plan was placed on. */
  readonly calendar: BusinessCalendar;
  /** Where each task went and each owner's final load. */
  readonly placement: PlacementState;
  /** The customers with tasks, in the order added. */
  readonly customers: readonly string[];
  /** Per task (in customer id order, then first key): its customer, as an index into `customers`. */
  readonly customerOf: Int32Array;
  /** Per task: the preferred day (after snoozes). */
  readonly due: Int32Array;
  /** Per task: the first day of the window. */
  readonly earliest: Int32Array;
  /** Per task: the last day of the window. */
  readonly latest: Int32Array;
  /** Per task: the highest priority points of its components. */
  readonly basePriority: Float64Array;
  /** Per task: days overdue at the plan's start (0 when not overdue). */
  readonly overdueDays: Int32Array;
  /** Per task: 1 when the customer is important (CA-1). */
  readonly important: Uint8Array;
  /** Per task: its components are `componentStart[t]` to `componentStart[t + 1] - 1` (sorted by key). */
  readonly componentStart: Int32Array;
  /** Per task: the component that sets its purpose, channel and priority (the highest priority, then the key). */
  readonly top: Int32Array;
  /**
   * Per component: its key as an index into `keyTexts`: `k` when the key is the customer id, `|` and
   * `keyTexts[k]`; `-1 - k` when the key is `keyTexts[k]` itself.
   */
  readonly keys: Int32Array;
  /** The distinct keys (without the customer id when they start with it). */
  readonly keyTexts: readonly string[];
  /** Per component: its reason, as an index into `reasonTexts`. */
  readonly reasons: Int32Array;
  /** The distinct reasons (the same texts recur across customers: dates, holidays, rules). */
  readonly reasonTexts: readonly Label[];
  /** Per component: the kind, as an index into `DEMAND_KINDS`. */
  readonly kinds: Uint8Array;
  /** Per component: the rule IDs, as an index into `ruleLists`. */
  readonly rules: Uint16Array;
  /** The distinct lists of rule IDs. */
  readonly ruleLists: ReadonlyArray<readonly string[]>;
  /** Per component: the purpose (CA-5), as an index into `REVISIT_PURPOSES`. */
  readonly purposes: Uint8Array;
  /** Per component: the channel (CA-8), as an index into `REVISIT_CHANNELS`. */
  readonly channels: Uint8Array;
  /** Task index → the snooze's first day, for snoozed tasks. */
  readonly snoozed: ReadonlyMap<number, number>;
}

// Three column classes, not one generic class over the typed-array kind: each keeps its element accesses
// monomorphic in the planner's hot loop (one generic class measured 0.3 s slower on the 1M-customer benchmark).
/** A growable column of 32-bit integers. */
class IntColumn {
  data = new Int32Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) this.room(1);
    this.data[this.length++] = x;
  }
  /** Makes room for `k` more values (the planner then writes `data[length++]` without a check per value). */
  room(k: number): void {
    if (this.length + k <= this.data.length) return;
    const bigger = new Int32Array(Math.max(this.data.length * 2, this.length + k));
    bigger.set(this.data);
    this.data = bigger;
  }
  /** The column's values (a view: no copy). */
  done(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/** A growable column of numbers. */
class FloatColumn {
  data = new Float64Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) this.room(1);
    this.data[this.length++] = x;
  }
  /** Makes room for `k` more values (the planner then writes `data[length++]` without a check per value). */
  room(k: number): void {
    if (this.length + k <= this.data.length) return;
    const bigger = new Float64Array(Math.max(this.data.length * 2, this.length + k));
    bigger.set(this.data);
    this.data = bigger;
  }
  /** The column's values (a view: no copy). */
  done(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/** A growable column of bytes. */
class ByteColumn {
  data = new Uint8Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) this.room(1);
    this.data[this.length++] = x;
  }
  /** Makes room for `k` more values (the planner then writes `data[length++]` without a check per value). */
  room(k: number): void {
    if (this.length + k <= this.data.length) return;
    const bigger = new Uint8Array(Math.max(this.data.length * 2, this.length + k));
    bigger.set(this.data);
    this.data = bigger;
  }
  /** The column's values (a view: no copy). */
  done(): Uint8Array {
    return this.data.subarray(0, this.length);
  }
}

/** A 64-bit hash (two 32-bit FNV-1a lanes) of the sorted keys of a task's components, as `rv_` and 16 hex digits. */
function idOfKeys(keys: readonly string[]): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    a = Math.imul(a ^ 0x0a, 0x01000193);
    b = Math.imul(b ^ 0x0a, 0x5bd1e995);
  }
  return idOf(a, b);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The task id of a hash: `rv_` and 16 hex digits. */
function idOf(a: number, b: number): string {
  return (
    'rv_' +
    HEX[(a >>> 24) & 255] +
    HEX[(a >>> 16) & 255] +
    HEX[(a >>> 8) & 255] +
    HEX[a & 255] +
    HEX[(b >>> 24) & 255] +
    HEX[(b >>> 16) & 255] +
    HEX[(b >>> 8) & 255] +
    HEX[b & 255]
  );
}

const KIND_CODE = new Map(DEMAND_KINDS.map((k, i) => [k, i]));
const PURPOSE_CODE = new Map(REVISIT_PURPOSES.map((k, i) => [k, i]));
const CHANNEL_CODE = new Map(REVISIT_CHANNELS.map((k, i) => [k, i]));

/** What a task's priority is made of. */
interface PriorityInput {
  /** The highest priority points of the task's components (policy `styles`). */
  readonly basePriority: number;
  /** The kind of the component that gives them. */
  readonly kind: DemandKind;
  /** Days overdue at the plan's start. */
  readonly overdueDays: number;
  /** The customer is important (CA-1). */
  readonly important: boolean;
}

/** The priority score of a task (see {@link priorityOf}). */
function scoreOf(basePriority: number, overdueDays: number, important: boolean, policy: CadencePolicy): number {
  const bonus = policy.priorityBonus;
  return (
    basePriority + (important ? bonus.important : 0) + Math.min(overdueDays * bonus.perOverdueDay, bonus.overdueCap)
  );
}

/**
 * The priority of a task with its parts (rule CA-4: whom to call first): the highest priority points of its
 * components' kinds (policy `styles`), plus `priorityBonus.important` for an important customer (CA-1), plus
 * `perOverdueDay` for each day overdue, at most `overdueCap`.
 */
function priorityOf(task: PriorityInput, policy: CadencePolicy): { score: number; parts: PriorityPart[] } {
  const kind = DEMAND_KIND_LABELS[task.kind];
  const parts: PriorityPart[] = [
    { label: { en: `priority of ${kind.en}`, zh: `${kind.zh}的优先级` }, points: task.basePriority },
  ];
  const bonus = policy.priorityBonus;
  if (task.important)
    parts.push({ label: { en: 'important customer (CA-1)', zh: '重要客户（CA-1）' }, points: bonus.important });
  if (task.overdueDays > 0) {
    const points = Math.min(task.overdueDays * bonus.perOverdueDay, bonus.overdueCap);
    parts.push({
      label: {
        en: `overdue ${task.overdueDays} days (${bonus.perOverdueDay} a day, at most ${bonus.overdueCap})`,
        zh: `逾期 ${task.overdueDays} 天（每天 ${bonus.perOverdueDay} 分，最多 ${bonus.overdueCap} 分）`,
      },
      points,
    });
  }
  return { score: scoreOf(task.basePriority, task.overdueDays, task.important, policy), parts };
}

/** The latest action per key (by `at`, then id), so that the outcome does not depend on input order. */
function actionsByKey(actions: readonly PlanTaskAction[]): Map<string, PlanTaskAction> {
  const out = new Map<string, PlanTaskAction>();
  for (const a of actions) {
    for (const key of a.keys) {
      const current = out.get(key);
      if (
        current === undefined ||
        current.at.getTime() < a.at.getTime() ||
        (current.at.getTime() === a.at.getTime() && compareCodePoints(current.id, a.id) < 0)
      )
        out.set(key, a);
    }
  }
  return out;
}

/**
 * The streaming revisit planner (steps 2 to 5 of the pipeline). `add` takes one customer's history at a time, in
 * code-point order of customer id: it resolves the owner (no owner, or one not in `owners`: skipped `no-owner` /
 * `unknown-owner`), generates the customer's demands (`demandsFor`), applies the snooze and skip actions by key
 * (skip: skipped `skipped-by-user` with the action's reason; snooze: the window starts at `until`, extended to
 * `until` when it ended before), merges them (`mergeDemands`) and keeps only each task's numbers and its
 * components' codes (kind, rules, purpose, channel, key and reason), as typed columns, with each distinct key text
 * (after the customer id) and reason kept once: memory grows with the tasks, not with the histories, and strings
 * are made only when a row is explained. `finish` places every task (on each owner's working days, capacity and
 * leave) and returns the plan as a {@link RevisitPlanTable}. Throws
 * `KehuValidationError` for bad options (`['owners', 2, 'dailyCapacity']`, `['to']`, `['asOf']`, …), for
 * histories out of order and for malformed ones (`checkHistory`: `['history', 'contactTimes', 3]`);
 * `KehuPolicyError` for a bad policy.
 */
export function createRevisitPlanner(
  policyInput: CadencePolicyInput | CadencePolicy | undefined,
  options: RevisitPlannerOptions,
): RevisitPlanner {
  const policy = parseCadencePolicy(policyInput ?? {});
  if (options === null || typeof options !== 'object') throw invalidInput([], 'options are required', 'invalid_type');
  const owners = checkOwners(options.owners);
  const actions = actionsByKey(checkActions(options.actions));
  const ctx = createPlanContext(policy, options, options.rounds ?? []);
  const calendar = options.calendar;
  const start = Math.max(ctx.fromDay, ctx.todayDay);
  const ownerIndex = new Map(owners.map((o, i) => [o.id, i]));

  // Per customer with tasks.
  const customerList: string[] = [];
  // Per task.
  const customerOf = new IntColumn();
  const owner = new IntColumn();
  const due = new IntColumn();
  const earliest = new IntColumn();
  const latest = new IntColumn();
  const overdue = new IntColumn();
  const componentStart = new IntColumn();
  const top = new IntColumn();
  const bases = new FloatColumn();
  const importantFlags = new ByteColumn();
  // Per component: codes into the distinct texts and lists.
  const keys = new IntColumn();
  const reasons = new IntColumn();
  const kinds = new ByteColumn();
  const rules = new IntColumn();
  const purposes = new ByteColumn();
  const channels = new ByteColumn();
  const taskColumns = [customerOf, owner, due, earliest, latest, overdue, componentStart, top, bases, importantFlags];
  const componentColumns = [keys, reasons, kinds, rules, purposes, channels];
  const texts = new TextTable();
  // One sink for every customer, emptied before each.
  const sink = newSink();
  const ruleLists: Array<readonly string[]> = [];
  const ruleCode = new Map<string, number>();
  const ruleCodeByList = new Map<readonly string[], number>();
  const kindCounts = new Float64Array(DEMAND_KINDS.length);
  let components = 0;
  const snoozed = new Map<number, number>();
  const kept: SkippedEntry[] = [];
  const onSkipped = options.onSkipped;
  const skippedByReason: Partial<Record<SkipReason, number>> = {};
  const skipped = {
    push(entry: SkippedEntry): void {
      skippedByReason[entry.why] = (skippedByReason[entry.why] ?? 0) + 1;
      if (onSkipped === undefined) kept.push(entry);
      else onSkipped(entry);
    },
  };
  let satisfiedByContact = 0;
  let passed = 0;
  let customers = 0;
  let previousId: string | undefined;
  let finished = false;

  const skip = (customerId: string, why: 'no-owner' | 'unknown-owner', ownerId?: string, d?: Demand) =>
    skipped.push({
      customerId,
      kind: d?.kind ?? null,
      why,
      key: d?.key ?? null,
      reason:
        why === 'no-owner'
          ? { en: 'the customer has no owner to do the revisits', zh: '客户没有负责人，无法安排回访' }
          : { en: `owner ${ownerId} is not an owner of the plan`, zh: `负责人 ${ownerId} 不在本计划的负责人之中` },
    });

  /** The code of a list of rule IDs: by the list itself (generators share constant lists), else by its text. */
  const ruleCodeOf = (list: readonly string[]): number => {
    const known = ruleCodeByList.get(list);
    if (known !== undefined) return known;
    const ruleKey = list.length === 1 ? (list[0] as string) : list.join('\u0000');
    let code = ruleCode.get(ruleKey);
    if (code === undefined) {
      code = ruleLists.length;
      ruleLists.push([...list]);
      ruleCode.set(ruleKey, code);
    }
    if (ruleCodeByList.size < MAX_RULE_LISTS) ruleCodeByList.set(list, code);
    return code;
  };

  /** The demands left after unknown owners, skips and snoozes (the demands themselves when nothing applies). */
  const applyActions = (
    customerId: string,
    demands: Demand[],
  ): { live: Demand[]; snoozes: Map<string, number> | undefined } => {
    let plain = actions.size === 0;
    for (let k = 0; plain && k < demands.length; k++) {
      const ownerId = (demands[k] as Demand).ownerId;
      if (ownerId !== undefined && !ownerIndex.has(ownerId)) plain = false;
    }
    if (plain) return { live: demands, snoozes: undefined };
    const live: Demand[] = [];
    let snoozes: Map<string, number> | undefined;
    for (const d of demands) {
      if (d.ownerId !== undefined && !ownerIndex.has(d.ownerId)) {
        skip(customerId, 'unknown-owner', d.ownerId, d);
        continue;
      }
      const action = actions.size === 0 ? undefined : actions.get(d.key);
      if (action === undefined) live.push(d);
      else if (action.kind === 'skip')
        skipped.push({
          customerId: d.customerId,
          kind: d.kind,
          why: 'skipped-by-user',
          key: d.key,
          reason: { en: `skipped by a person: ${action.reason}`, zh: `已由人工跳过：${action.reason}` },
        });
      else {
        const until = localDateDay(action.until, ['actions', action.id, 'until']);
        snoozes ??= new Map();
        snoozes.set(d.key, until);
        live.push({
          ...d,
          earliest: Math.max(d.earliest, until),
          due: Math.max(d.due, until),
          latest: Math.max(d.latest, until),
        });
      }
    }
    return { live, snoozes };
  };

  const add = (history: CustomerHistory): void => {
    if (finished) throw invalidInput([], 'the planner has finished', 'invalid_value');
    checkHistory(history);
    const customer = history.customer;
    if (previousId !== undefined && compareCodePoints(previousId, customer.id) >= 0)
      throw invalidInput(
        ['customer', 'id'],
        `histories must come in code-point order of customer id, each once: ${customer.id} after ${previousId}`,
      );
    previousId = customer.id;
    customers++;
    const ownerId = ownerOfCustomer(customer);
    if (ownerId === undefined) return void skip(customer.id, 'no-owner');
    const customerOwner = ownerIndex.get(ownerId);
    if (customerOwner === undefined) return void skip(customer.id, 'unknown-owner', ownerId);
    clearSink(sink);
    const result = demandsFor(history, ctx, sink);
    satisfiedByContact += result.closed['satisfied-by-contact'];
    passed += result.closed['window-passed'];
    for (let k = 0; k < result.skipped.length; k++) skipped.push(result.skipped[k] as SkippedEntry);
    const { live, snoozes } = applyActions(customer.id, result.demands);
    if (live.length === 0) return;
    // The sink's array (or the filtered one) is the planner's own: merging may sort it in place.
    const groups = mergeDemands(live, true);
    if (groups.length > 1) sortByFirstKey(groups);
    const important = importanceOf(customer, policy) === 'important' ? 1 : 0;
    // Room for every task and component of the customer first: the writes below then need no check each.
    if (customerOf.length + groups.length > customerOf.data.length)
      for (const column of taskColumns) column.room(groups.length);
    let partCount = 0;
    for (let g = 0; g < groups.length; g++) partCount += (groups[g] as MergedDemand).components.length;
    if (components + partCount > keys.data.length) for (const column of componentColumns) column.room(partCount);
    let slot = -1;
    for (let g = 0; g < groups.length; g++) {
      const m = groups[g] as MergedDemand;
      if (m.earliest > ctx.toDay) continue;
      if (slot < 0) {
        slot = customerList.length;
        customerList.push(customer.id);
      }
      const index = customerOf.length++;
      customerOf.data[index] = slot;
      owner.data[owner.length++] = m.ownerId === undefined ? customerOwner : (ownerIndex.get(m.ownerId) as number);
      due.data[due.length++] = m.due;
      earliest.data[earliest.length++] = m.earliest;
      latest.data[latest.length++] = m.latest;
      overdue.data[overdue.length++] = m.overdueDays;
      bases.data[bases.length++] = m.basePriority;
      importantFlags.data[importantFlags.length++] = important;
      componentStart.data[componentStart.length++] = components;
      let topAt = -1;
      const parts = m.components;
      for (let k = 0; k < parts.length; k++) {
        const c = parts[k] as Demand;
        const kind = KIND_CODE.get(c.kind) as number;
        kindCounts[kind]! += 1;
        if (topAt < 0 && c.basePriority === m.basePriority) topAt = components;
        const key = c.keySuffix === undefined ? texts.key(c.key, customer.id) : texts.suffix(c, customer.id);
        keys.data[components] = key;
        reasons.data[components] = texts.reason(c.reason, key);
        kinds.data[components] = kind;
        rules.data[components] = ruleCodeOf(c.rules);
        purposes.data[components] = PURPOSE_CODE.get(c.purpose) as number;
        channels.data[components] = CHANNEL_CODE.get(c.channel) as number;
        components++;
      }
      keys.length = reasons.length = kinds.length = rules.length = purposes.length = channels.length = components;
      top.data[top.length++] = topAt < 0 ? (componentStart.data[index] as number) : topAt;
      if (snoozes !== undefined) {
        let until = -Infinity;
        for (const c of parts) until = Math.max(until, snoozes.get(c.key) ?? -Infinity);
        if (until !== -Infinity) snoozed.set(index, until);
      }
    }
  };

  const finish = (): RevisitPlanTable => {
    if (finished) throw invalidInput([], 'the planner has finished', 'invalid_value');
    finished = true;
    const n = customerOf.length;
    componentStart.push(components);
    const base = bases.done();
    const overdueOf = overdue.done();
    const importantOf = importantFlags.done();
    const score = new Float64Array(n);
    for (let i = 0; i < n; i++)
      score[i] = scoreOf(base[i] as number, overdueOf[i] as number, importantOf[i] === 1, policy);
    const earliestOf = earliest.done();
    const latestOf = latest.done();
    const dueOf = due.done();
    const placement = placeTasks(
      { length: n, owner: owner.done(), due: dueOf, earliest: earliestOf, latest: latestOf, score },
      { calendar, start, owners, onLeave: policy.onLeave },
    );
    const { rows, scores: rowScores } = rowOrder(placement, score, n);
    const customerIdOf = customerOf.done();
    // Each task's values written to its row: a pass over the tasks in order (stores to scattered rows do not wait
    // for memory as loads from scattered tasks do).
    const rowOf = new Uint32Array(n);
    for (let r = 0; r < n; r++) rowOf[rows[r] as number] = r;
    const placedDay = placement.day;
    const placedLate = placement.late;
    const dueDays = new Int32Array(n);
    const earliestDays = new Int32Array(n);
    const latestDays = new Int32Array(n);
    const late = new Uint8Array(n);
    const overdueDays = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const r = rowOf[i] as number;
      dueDays[r] = placedDay[i] as number;
      earliestDays[r] = earliestOf[i] as number;
      latestDays[r] = latestOf[i] as number;
      late[r] = placedLate[i] as number;
      overdueDays[r] = overdueOf[i] as number;
    }
    const byKind = emptyKindCounts();
    DEMAND_KINDS.forEach((k, code) => {
      byKind[k] = kindCounts[code] as number;
    });
    const report = buildPlanReport({
      policy,
      fromDay: ctx.fromDay,
      toDay: ctx.toDay,
      asOf: new Date(ctx.asOfMs),
      customers,
      placement,
      working: workingDays(calendar, ctx.fromDay, ctx.toDay),
      overdueDays: overdueOf,
      byKind,
      skippedByReason,
      closedWindows: { satisfiedByContact, passed },
    });
    const state: PlanState = {
      brand: 'RevisitPlanSource',
      ctx,
      calendar,
      placement,
      customers: customerList,
      customerOf: customerIdOf,
      due: dueOf,
      earliest: earliestOf,
      latest: latestOf,
      basePriority: base,
      overdueDays: overdueOf,
      important: importantOf,
      componentStart: componentStart.done(),
      top: top.done(),
      keys: keys.done(),
      keyTexts: texts.keyTexts,
      reasons: reasons.done(),
      reasonTexts: texts.reasonTexts,
      kinds: kinds.done(),
      rules: new Uint16Array(rules.done()),
      ruleLists,
      purposes: purposes.done(),
      channels: channels.done(),
      snoozed,
    };
    let ids: string[] | undefined;
    let rowCustomers: string[] | undefined;
    let ownerIds: string[] | undefined;
    // The string columns are grown by push: `new Array(n)` of a large `n` makes a slow dictionary-mode array.
    return {
      length: n,
      get ids(): readonly string[] {
        if (ids === undefined) {
          ids = [];
          for (let r = 0; r < n; r++) ids.push(idOfKeys(taskKeys(state, rows[r] as number)));
        }
        return ids;
      },
      get customerIds(): readonly string[] {
        if (rowCustomers === undefined) {
          rowCustomers = [];
          for (let r = 0; r < n; r++)
            rowCustomers.push(customerList[customerIdOf[rows[r] as number] as number] as string);
        }
        return rowCustomers;
      },
      get ownerIds(): readonly string[] {
        if (ownerIds === undefined) {
          ownerIds = [];
          for (let r = 0; r < n; r++) ownerIds.push(ownerIdOf(state, rows[r] as number));
        }
        return ownerIds;
      },
      dueDays,
      earliestDays,
      latestDays,
      scores: rowScores,
      late,
      overdueDays,
      tasks: rows,
      skipped: kept,
      report,
      source: state,
    };
  };
  return { add, finish };
}

/** How many lists of rule IDs are remembered by identity (generators share a few constant lists). */
const MAX_RULE_LISTS = 256;

/** The order of two components' keys, for one customer: by their key suffixes when both have one. */
function compareKeys(a: Demand, b: Demand): number {
  if (a.keySuffix !== undefined && b.keySuffix !== undefined) return compareCodePoints(a.keySuffix, b.keySuffix);
  return compareCodePoints(a.key, b.key);
}

/** Sorts one customer's merged tasks by their first key (an insertion sort: a customer has a few tasks). */
function sortByFirstKey(groups: MergedDemand[]): void {
  for (let i = 1; i < groups.length; i++) {
    const g = groups[i] as MergedDemand;
    const key = g.components[0] as Demand;
    let j = i - 1;
    while (j >= 0 && compareKeys((groups[j] as MergedDemand).components[0] as Demand, key) > 0) {
      groups[j + 1] = groups[j] as MergedDemand;
      j--;
    }
    groups[j + 1] = g;
  }
}

/** Slots of the cache of key suffixes in {@link TextTable.suffix} (a power of two). */
const SUFFIX_SLOTS = 4096;

/** How many reason objects {@link TextTable} remembers by identity. */
const MAX_REASON_OBJECTS = 1 << 16;

/** How many reasons {@link TextTable} remembers per key text. */
const REASONS_PER_KEY = 8;

/**
 * The distinct keys and reasons of a plan's components, each kept once: keys without their customer id (the rest,
 * `kind|anchor`, recurs across customers), reasons as they are (dates, holidays and rules recur too).
 */
class TextTable {
  readonly keyTexts: string[] = [];
  readonly reasonTexts: Label[] = [];
  /** Per key code: the hash of a key text without its customer id; `undefined` for a whole key. */
  private readonly keyHashes: Array<number | undefined> = [];
  /** Open addressing over the key texts without customer id: a key code per slot, -1 when free. */
  private slots = new Int32Array(1024).fill(-1);
  private readonly wholeCode = new Map<string, number>();
  /** The suffix last found in each slot of {@link TextTable.suffix}'s cache, and its key code. */
  private readonly slotSuffix: Array<string | undefined> = new Array(SUFFIX_SLOTS).fill(undefined);
  private readonly slotCode = new Int32Array(SUFFIX_SLOTS);
  /** Key codes by key suffix (see {@link TextTable.suffix}). */
  private readonly suffixCode = new Map<string, number>();
  private readonly reasonCode = new Map<string, number>();
  /**
   * Reason codes by the reason object (generators share one object per distinct reason), for the first
   * {@link MAX_REASON_OBJECTS} objects.
   */
  private readonly reasonByObject = new Map<Label, number>();
  /** Reasons whose English text is known with another Chinese text, by both texts. */
  private readonly pairCode = new Map<string, number>();
  /** Per key text (without the customer id): the codes of reasons last seen with it. */
  private readonly reasonsOfKey: number[][] = [];
  /**
   * Per key text (without the customer id): the reason object last seen with it and its code, found without a
   * lookup (a key's reason is mostly the same shared object from one customer to the next).
   */
  private readonly lastReasonOfKey: Array<Label | undefined> = [];
  private readonly lastCodeOfKey: number[] = [];
  /** Misses so far: picks which remembered reason of a key a new one replaces. */
  private misses = 0;

  /**
   * The code of `key` for customer `customerId` (see `PlanState.keys`). The rest of a key after its customer id is
   * found in an open-addressing table by an FNV-1a hash of its characters, compared in place: no slice is made
   * unless the text is new.
   */
  key(key: string, customerId: string): number {
    const n = customerId.length;
    if (!(key.length > n && key.charCodeAt(n) === 124 && key.startsWith(customerId)))
      return -1 - this.wholeKeyCode(key);
    let h = 0x811c9dc5;
    for (let i = n + 1; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    const length = key.length - n - 1;
    let mask = this.slots.length - 1;
    let slot = h & mask;
    for (;;) {
      const code = this.slots[slot] as number;
      if (code < 0) break;
      const text = this.keyTexts[code] as string;
      if (this.keyHashes[code] === h && text.length === length && key.startsWith(text, n + 1)) return code;
      slot = (slot + 1) & mask;
    }
    const code = this.keyTexts.length;
    this.keyTexts.push(key.slice(n + 1));
    this.keyHashes.push(h);
    if (2 * (code + 1) > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2).fill(-1);
      mask = this.slots.length - 1;
      for (let c = 0; c <= code; c++) {
        if (this.keyHashes[c] === undefined) continue;
        let at = (this.keyHashes[c] as number) & mask;
        while ((this.slots[at] as number) >= 0) at = (at + 1) & mask;
        this.slots[at] = c;
      }
    } else this.slots[slot] = code;
    return code;
  }

  /**
   * The code of a component's key given its suffix (`|kind|anchor`, shared between customers by the generators):
   * found first in a small cache slotted by the component's window (the same window of the same kind mostly has
   * the same shared suffix string: one comparison of two references), then by the suffix string itself, whose
   * hash the engine keeps, else by {@link TextTable.key}.
   */
  suffix(component: Demand, customerId: string): number {
    const suffix = component.keySuffix as string;
    const slot = (component.earliest * 31 + component.latest * 7 + component.kind.length) & (SUFFIX_SLOTS - 1);
    if (this.slotSuffix[slot] === suffix) return this.slotCode[slot] as number;
    let code = this.suffixCode.get(suffix);
    if (code === undefined) {
      code = this.key(component.key, customerId);
      this.suffixCode.set(suffix, code);
    }
    this.slotSuffix[slot] = suffix;
    this.slotCode[slot] = code;
    return code;
  }

  /** The code of a key that does not start with its customer id (kept whole). */
  private wholeKeyCode(key: string): number {
    let code = this.wholeCode.get(key);
    if (code === undefined) {
      code = this.keyTexts.length;
      this.keyTexts.push(key);
      this.keyHashes.push(undefined);
      this.wholeCode.set(key, code);
    }
    return code;
  }

  /**
   * The code of a reason, given its component's key code: by the reason object itself when seen before (the
   * generators share one label per distinct reason, so this is the usual case), else one of the reasons last seen
   * with the same key text when it has the same texts (a key's reasons differ little between customers: the
   * importance, the day counted from), else looked up by its text. The labels are kept as given: rows copy them.
   */
  reason(reason: Label, key: number): number {
    if (key >= 0 && this.lastReasonOfKey[key] === reason) return this.lastCodeOfKey[key] as number;
    let code = this.reasonByObject.get(reason);
    if (code === undefined) {
      code = this.reasonByText(reason, key);
      if (this.reasonByObject.size < MAX_REASON_OBJECTS) this.reasonByObject.set(reason, code);
    }
    if (key >= 0) {
      this.lastReasonOfKey[key] = reason;
      this.lastCodeOfKey[key] = code;
    }
    return code;
  }

  /** {@link TextTable.reason} for a reason object not seen before. */
  private reasonByText(reason: Label, key: number): number {
    const seen = key >= 0 ? this.reasonsOfKey[key] : undefined;
    if (seen !== undefined)
      for (let k = 0; k < seen.length; k++) {
        const code = seen[k] as number;
        const known = this.reasonTexts[code] as Label;
        if (known === reason || (known.en === reason.en && known.zh === reason.zh)) return code;
      }
    const code = this.reasonCodeOf(reason);
    if (key >= 0) {
      if (seen === undefined) this.reasonsOfKey[key] = [code];
      else if (seen.length < REASONS_PER_KEY) seen.push(code);
      else seen[this.misses++ % REASONS_PER_KEY] = code;
    }
    return code;
  }

  private reasonCodeOf(reason: Label): number {
    const code = this.reasonCode.get(reason.en);
    if (code !== undefined && (this.reasonTexts[code] as Label).zh === reason.zh) return code;
    if (code === undefined) {
      const added = this.reasonTexts.length;
      this.reasonTexts.push(reason);
      this.reasonCode.set(reason.en, added);
      return added;
    }
    const pair = `${reason.en}\u0000${reason.zh}`;
    let other = this.pairCode.get(pair);
    if (other === undefined) {
      other = this.reasonTexts.length;
      this.reasonTexts.push(reason);
      this.pairCode.set(pair, other);
    }
    return other;
  }
}

/** The largest number of day-and-owner buckets {@link rowOrder} orders by in one counting sort. */
const MAX_ROW_BUCKETS = 1 << 22;

/**
 * The rows' order: by placed day, then owner id, then priority descending, then task index (customer id, first
 * key), with each row's score. One counting sort by day and owner rank (stable, so task order stays within a day
 * and owner; each bucket holds at most the owner's daily capacity) writes the scores beside the rows, then each
 * bucket is sorted by score there, without going back to the task columns.
 */
function rowOrder(
  placement: PlacementState,
  score: Float64Array,
  n: number,
): { rows: Uint32Array; scores: Float64Array } {
  const owners = placement.owners;
  const width = owners.length;
  const ownerRankOf = new Int32Array(width);
  [...owners.keys()]
    .sort((a, b) => compareCodePoints((owners[a] as PlanOwner).id, (owners[b] as PlanOwner).id))
    .forEach((o, rank) => {
      ownerRankOf[o] = rank;
    });
  const day = placement.day;
  const owner = placement.owner;
  let minDay = placement.start;
  let maxDay = placement.start;
  for (let i = 0; i < n; i++) {
    const d = day[i] as number;
    if (d < minDay) minDay = d;
    if (d > maxDay) maxDay = d;
  }
  const rows = new Uint32Array(n);
  const scores = new Float64Array(n);
  const buckets = (maxDay - minDay + 1) * width;
  if (buckets > MAX_ROW_BUCKETS) {
    // A plan spread over very many days: by owner rank, then by day (both stable).
    const rank = new Int32Array(n);
    for (let i = 0; i < n; i++) rank[i] = ownerRankOf[owner[i] as number] as number;
    const byDay = countingOrder(day, minDay, maxDay, countingOrder(rank, 0, width - 1, undefined));
    rows.set(byDay);
    for (let r = 0; r < n; r++) scores[r] = score[rows[r] as number] as number;
    let a = 0;
    while (a < n) {
      const first = rows[a] as number;
      let b = a + 1;
      while (b < n && day[rows[b] as number] === day[first] && owner[rows[b] as number] === owner[first]) b++;
      if (b - a > 1) sortRunByScore(rows, scores, a, b);
      a = b;
    }
    return { rows, scores };
  }
  const bucket = new Int32Array(n);
  const end = new Uint32Array(buckets + 1);
  for (let i = 0; i < n; i++) {
    const b = ((day[i] as number) - minDay) * width + (ownerRankOf[owner[i] as number] as number);
    bucket[i] = b;
    end[b + 1]!++;
  }
  for (let b = 1; b <= buckets; b++) end[b]! += end[b - 1] as number;
  for (let i = 0; i < n; i++) {
    const r = end[bucket[i] as number]!++;
    rows[r] = i;
    scores[r] = score[i] as number;
  }
  // `end[b]` is now where bucket `b` ends.
  let a = 0;
  for (let b = 0; b < buckets; b++) {
    const e = end[b] as number;
    if (e - a > 1) sortRunByScore(rows, scores, a, e);
    a = e;
  }
  return { rows, scores };
}

/**
 * Sorts `rows[a..b - 1]` (task indexes ascending) and their `scores` by score descending, equal scores keeping
 * their order.
 */
function sortRunByScore(rows: Uint32Array, scores: Float64Array, a: number, b: number): void {
  if (b - a > 64) {
    const run = Array.from(rows.subarray(a, b), (row, k) => ({ row, score: scores[a + k] as number }));
    run.sort((x, y) => y.score - x.score || x.row - y.row);
    for (let k = 0; k < run.length; k++) {
      rows[a + k] = (run[k] as { row: number }).row;
      scores[a + k] = (run[k] as { score: number }).score;
    }
    return;
  }
  for (let k = a + 1; k < b; k++) {
    const x = rows[k] as number;
    const s = scores[k] as number;
    let j = k - 1;
    while (j >= a && (scores[j] as number) < s) {
      rows[j + 1] = rows[j] as number;
      scores[j + 1] = scores[j] as number;
      j--;
    }
    rows[j + 1] = x;
    scores[j + 1] = s;
  }
}

/** The state behind a table (the only place the opaque source is opened). */
function stateOf(table: RevisitPlanTable): PlanState {
  return table.source as PlanState;
}

/** The id of the owner who does task `t` (the cover when reassigned). */
function ownerIdOf(state: PlanState, t: number): string {
  return (state.placement.owners[state.placement.owner[t] as number] as PlanOwner).id;
}

/** The keys of task `t`'s components, in order. */
function taskKeys(state: PlanState, t: number): string[] {
  const first = state.componentStart[t] as number;
  const end = state.componentStart[t + 1] as number;
  const customerId = state.customers[state.customerOf[t] as number] as string;
  const out: string[] = new Array(end - first);
  for (let k = first; k < end; k++) {
    const code = state.keys[k] as number;
    out[k - first] =
      code >= 0 ? `${customerId}|${state.keyTexts[code] as string}` : (state.keyTexts[-1 - code] as string);
  }
  return out;
}

/** The rule IDs of components `from..to - 1`, each once, in order of first appearance. */
function rulesOf(state: PlanState, from: number, to: number): string[] {
  const out: string[] = [];
  for (let k = from; k < to; k++)
    for (const r of state.ruleLists[state.rules[k] as number] as readonly string[]) if (!out.includes(r)) out.push(r);
  return out;
}

/**
 * Row `i` of a plan, explained: the task's component keys, rules and reasons, purpose and channel (of its
 * highest-priority component), priority with its parts, and the placement: the preferred day, the days passed
 * over (ranges, with why and the holiday's name), the cover it was reassigned to, the snooze, and the explanation
 * in words (`moved from 2026-10-01: National Day (10-01..10-07); capacity full on 2026-10-09`). Throws
 * `KehuValidationError` for a row outside the table.
 */
export function revisitTaskAt(table: RevisitPlanTable, i: number): RevisitTask {
  if (!Number.isInteger(i) || i < 0 || i >= table.length)
    throw invalidInput(['i'], `row ${i} is outside the plan (0..${table.length - 1})`, 'too_big');
  const state = stateOf(table);
  const { ctx, calendar, placement, important, snoozed } = state;
  const t = table.tasks[i] as number;
  const m = {
    due: state.due[t] as number,
    earliest: state.earliest[t] as number,
    latest: state.latest[t] as number,
    overdueDays: state.overdueDays[t] as number,
  };
  const first = state.componentStart[t] as number;
  const end = state.componentStart[t + 1] as number;
  const top = state.top[t] as number;
  const keys = taskKeys(state, t);
  const reasons: Label[] = [];
  const kinds: DemandKind[] = [];
  for (let k = first; k < end; k++) {
    const reason = state.reasonTexts[state.reasons[k] as number] as Label;
    reasons.push({ en: reason.en, zh: reason.zh });
    kinds.push(DEMAND_KINDS[state.kinds[k] as number] as DemandKind);
  }
  const { passedOver, moved } = explainPlacement(placement, t, m, calendar);
  const from = placement.reassignedFrom[t] as number;
  const ownerId = ownerIdOf(state, t);
  const fromId = from >= 0 ? (placement.owners[from] as PlanOwner).id : undefined;
  const until = snoozed.get(t);
  const late = table.late[i] === 1;
  const en: string[] = [];
  const zh: string[] = [];
  if (until !== undefined) {
    en.push(`snoozed until ${dateOfDay(until)}`);
    zh.push(`已推迟至 ${dateOfDay(until)}`);
  }
  if (fromId !== undefined) {
    en.push(`reassigned from ${fromId} (on leave on ${dateOfDay(Math.max(m.due, placement.start))}) to ${ownerId}`);
    zh.push(`${fromId} 于 ${dateOfDay(Math.max(m.due, placement.start))} 休假，转由 ${ownerId} 负责`);
  }
  if (late) {
    en.push(`late: no free day in ${dateOfDay(m.earliest)}..${dateOfDay(m.latest)}`);
    zh.push(`逾期安排：${dateOfDay(m.earliest)}..${dateOfDay(m.latest)} 内没有空闲日`);
  }
  if (moved !== null) {
    en.push(moved.en);
    zh.push(moved.zh);
  } else {
    en.push(`on the preferred day ${dateOfDay(table.dueDays[i] as number)}`);
    zh.push(`按首选日期 ${dateOfDay(table.dueDays[i] as number)}`);
  }
  return {
    id: idOfKeys(keys),
    keys,
    customerId: state.customers[state.customerOf[t] as number] as string,
    ownerId,
    dueDate: dateOfDay(table.dueDays[i] as number),
    earliestDate: dateOfDay(m.earliest),
    latestDate: dateOfDay(m.latest),
    rules: rulesOf(state, first, end),
    reasons,
    kinds,
    lead: top - first,
    purpose: REVISIT_PURPOSES[state.purposes[top] as number] as RevisitPurpose,
    channel: REVISIT_CHANNELS[state.channels[top] as number] as RevisitChannel,
    priority: priorityOf(
      {
        basePriority: state.basePriority[t] as number,
        kind: DEMAND_KINDS[state.kinds[top] as number] as DemandKind,
        overdueDays: m.overdueDays,
        important: important[t] === 1,
      },
      ctx.policy,
    ),
    placement: {
      preferredDate: dateOfDay(Math.max(m.due, placement.start)),
      passedOver,
      ...(fromId === undefined ? {} : { reassignedFrom: fromId }),
      ...(until === undefined ? {} : { snoozedUntil: dateOfDay(until) }),
      explanation: { en: en.join('; '), zh: zh.join('；') },
    },
    late,
    overdueDays: m.overdueDays,
  };
}

/** Every row of a plan, explained ({@link revisitTaskAt}), in the table's order. */
export function revisitTaskRows(table: RevisitPlanTable): RevisitTask[] {
  const out: RevisitTask[] = [];
  for (let i = 0; i < table.length; i++) out.push(revisitTaskAt(table, i));
  return out;
}
