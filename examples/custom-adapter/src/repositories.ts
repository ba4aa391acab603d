import {
  auditEntryToJson,
  complaintEventToJson,
  complaintToJson,
  contactRecordToJson,
  customerToJson,
  churnScoreRecordToJson,
  customerExitToJson,
  gradeAssignmentToJson,
  KehuConflictError,
  KehuNotFoundError,
  parseAuditEntry,
  parseComplaint,
  parseComplaintEvent,
  parseContactRecord,
  parseCustomer,
  parseChurnScoreRecord,
  parseCustomerExit,
  parseOwner,
  parseRevisitAction,
  ownerToJson,
  revisitActionToJson,
  parseGradeAssignment,
  parseSurveyResponse,
  parseTransaction,
  summarizeTransactions,
  surveyResponseToJson,
  transactionToJson,
  validateSummaryWindow,
  type AuditContext,
  type AuditEntity,
  type AuditEntry,
  type ChurnScoreRecord,
  type ComplaintEvent,
  type JsonPatch,
  type JsonValue,
  complaintSeverityAfter,
  complaintStateAfter,
} from '@kehu/core';
import {
  auditPatch,
  checkExitFilter,
  checkInstantRange,
  compareKeys,
  checkExpectedVersion,
  checkOptionalExpectedVersion,
  checkScoreBatch,
  checkGradeVersion,
  checkScoreVersion,
  streamPages,
  type AppendResult,
  type ComplaintFilter,
  type ContactRecordFilter,
  type CustomerFilter,
  type ExitFilter,
  type InstantRange,
  type KehuRepositories,
  type PageRequest,
  type Versioned,
} from '@kehu/storage';
import { pageOf } from './paging.js';
import { planRepositories } from './plan-repositories.js';
import type { ComplaintJson, VersionedJson } from './tables.js';
import type { View } from './view.js';

/**
 * Runs one repository call: `read` for reads, `write` for changes. At the top level each
 * call is its own transaction; inside `withTransaction` calls share one view.
 */
export interface Runner {
  /** Runs a read on a view. */
  read<T>(fn: (view: View) => T): Promise<T>;
  /** Runs a change on a view; it is committed with the view's transaction. */
  write<T>(fn: (view: View) => T): Promise<T>;
}

type Json = Record<string, JsonValue>;
/** A stored JSON object, to read its fields. */
export const obj = (v: unknown) => v as Json;
/** The epoch milliseconds of a stored ISO instant. */
export const ms = (iso: JsonValue | undefined) => Date.parse(iso as string);

/** Equality of JSON values with object keys in any order (what the contract calls the same content). */
function sameJson(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]!));
  }
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameJson(a[k]!, b[k]!));
}

/** Appends an audit entry with `patch` to the view (an appended event is one `add` at `/events/<seq - 1>`). */
export function auditWith(
  view: View,
  entity: AuditEntity,
  entityId: string,
  action: AuditEntry['action'],
  ctx: AuditContext,
  version: number,
  patch: JsonPatch,
): void {
  const seq = ++view.auditSeq;
  const entry: AuditEntry = {
    seq,
    entity,
    entityId,
    action,
    actor: ctx.actor,
    at: ctx.at,
    reason: ctx.reason,
    version,
    patch,
  };
  view.put('audit', String(seq), auditEntryToJson(entry) as JsonValue);
}

/** Appends an audit entry with the patch from `before` to `after` to the view. */
function audit(
  view: View,
  entity: AuditEntity,
  entityId: string,
  action: AuditEntry['action'],
  ctx: AuditContext,
  version: number,
  before: JsonValue | null,
  after: JsonValue | null,
): void {
  auditWith(view, entity, entityId, action, ctx, version, auditPatch(before, after));
}

/**
 * The record, get and per-key reads of a table of facts recorded once by id (exits, revisit actions, budget actuals).
 * `record` of the same content again changes nothing (`created: false`); different content under the id is a
 * conflict; a creation is audited. `forKey(value)` gives the facts whose `key` field is `value`, in `(order, id)`
 * order.
 */
export function recordedOnce<T extends { id: string }>(
  run: Runner,
  table: 'exits' | 'revisitActions' | 'budgetActuals',
  target: { entity: AuditEntity; noun: string; parse: (json: unknown) => T; toJson: (record: T) => unknown },
  key: string,
  order: (fact: Json) => string | number,
) {
  const { entity, noun, parse, toJson } = target;
  return {
    record: (fact: T, ctx: AuditContext) =>
      run.write((view): { record: T; created: boolean } => {
        const json = toJson(fact) as JsonValue;
        const stored = view.get(table, fact.id);
        if (stored !== undefined) {
          if (sameJson(stored, json)) return { record: parse(stored), created: false };
          throw new KehuConflictError(entity, fact.id, `${noun} ${fact.id} is already stored with different content`);
        }
        view.put(table, fact.id, json);
        audit(view, entity, fact.id, 'create', ctx, 1, null, json);
        return { record: parse(json), created: true };
      }),
    get: (id: string) =>
      run.read((view) => {
        const x = view.get(table, id);
        return x === undefined ? null : parse(x);
      }),
    forKey: (value: string) =>
      run.read((view) =>
        [...view.entries(table)]
          .filter(([, x]) => obj(x)[key] === value)
          .map(([id, x]) => ({ k: [order(obj(x)), id], x }))
          .sort((a, b) => compareKeys(a.k, b.k))
          .map(({ x }) => parse(x)),
      ),
  };
}

/** The conflict of a stale expected version. */
export function stale(entity: string, id: string, expected: number, actual: number): KehuConflictError {
  return new KehuConflictError(entity, id, `${entity} ${id} is at version ${actual}, not ${expected}`, {
    expectedVersion: expected,
    actualVersion: actual,
  });
}

/** Append-only tables: identical replays are duplicates, different content under an id refuses the batch. */
function appendAll<T extends { id: string }>(
  view: View,
  table: 'transactions' | 'surveyResponses',
  entity: string,
  records: readonly T[],
  toJson: (r: T) => unknown,
): AppendResult {
  // Decide for the whole batch first, write after: a conflict leaves nothing of the batch,
  // even inside a transaction whose callback catches the error and carries on.
  let duplicates = 0;
  const fresh = new Map<string, JsonValue>();
  for (const r of records) {
    const json = toJson(r) as JsonValue;
    const existing = fresh.get(r.id) ?? view.get(table, r.id);
    if (existing === undefined) {
      fresh.set(r.id, json);
    } else if (JSON.stringify(existing) === JSON.stringify(json)) {
      duplicates++;
    } else {
      throw new KehuConflictError(entity, r.id, `${entity} ${r.id} is stored with different content`);
    }
  }
  for (const [id, json] of fresh) view.put(table, id, json);
  const inserted = fresh.size;
  return { inserted, duplicates };
}

/** Versioned, audited tables: customers and contact records. */
function audited<T extends { id: string }>(
  run: Runner,
  table: 'customers' | 'contactRecords' | 'owners',
  entity: 'customer' | 'contact-record' | 'owner',
  parse: (json: unknown) => T,
  toJson: (r: T) => unknown,
) {
  const out = (v: VersionedJson): Versioned<T> => ({ record: parse(v.json), version: v.version });
  const list = (request?: PageRequest) =>
    run.read((view) =>
      pageOf(
        view.entries(table),
        ([id]) => [id],
        table,
        1,
        request,
        ([, v]) => out(v),
      ),
    );
  return {
    get: (id: string) =>
      run.read((view) => {
        const v = view.get(table, id);
        return v === undefined ? null : out(v);
      }),
    create: (record: T, ctx: AuditContext) =>
      run.write((view) => {
        if (view.get(table, record.id) !== undefined)
          throw new KehuConflictError(entity, record.id, `${entity} ${record.id} already exists`);
        const json = toJson(record) as JsonValue;
        view.put(table, record.id, { version: 1, json });
        audit(view, entity, record.id, 'create', ctx, 1, null, json);
        return out({ version: 1, json });
      }),
    update: (next: T, expectedVersion: number, ctx: AuditContext) =>
      run.write((view) => {
        checkExpectedVersion(expectedVersion);
        const current = view.get(table, next.id);
        if (current === undefined) throw new KehuNotFoundError(entity, next.id);
        if (current.version !== expectedVersion) throw stale(entity, next.id, expectedVersion, current.version);
        const json = toJson(next) as JsonValue;
        const version = current.version + 1;
        view.put(table, next.id, { version, json });
        audit(view, entity, next.id, 'update', ctx, version, current.json, json);
        return out({ version, json });
      }),
    delete: (id: string, ctx: AuditContext, expectedVersion?: number) =>
      run.write((view) => {
        checkOptionalExpectedVersion(expectedVersion);
        const current = view.get(table, id);
        if (current === undefined) return false;
        if (expectedVersion !== undefined && current.version !== expectedVersion)
          throw stale(entity, id, expectedVersion, current.version);
        view.remove(table, id);
        audit(view, entity, id, 'delete', ctx, current.version, current.json, null);
        return true;
      }),
    list,
    stream: () => streamPages(list),
    count: () => run.read((view) => view.size(table)),
    /** One customer's records in `(at, id)` order (contact records only). */
    listByCustomer: (customerId: string, request?: PageRequest) =>
      run.read((view) =>
        pageOf(
          [...view.entries(table)].filter(([, v]) => obj(v.json).customerId === customerId),
          ([id, v]) => [ms(obj(v.json).at), id],
          `${table}.byCustomer.${customerId}`,
          2,
          request,
          ([, v]) => out(v),
        ),
      ),
    /** The records matching `filter` in `(at, id)` order (contact records only). */
    find: (filter: ContactRecordFilter, request?: PageRequest) =>
      run.read((view) =>
        pageOf(
          [...view.entries(table)].filter(
            ([, v]) =>
              (filter.customerId === undefined || obj(v.json).customerId === filter.customerId) &&
              (filter.owner === undefined || obj(v.json).owner === filter.owner) &&
              (filter.purpose === undefined || obj(v.json).purpose === filter.purpose),
          ),
          ([id, v]) => [ms(obj(v.json).at), id],
          `${table}.find`,
          2,
          request,
          ([, v]) => out(v),
        ),
      ),
  };
}

/** True when the customer's blind-index tokens (`attributes["kehu:lookup"]`) include `token`. */
function hasLookup(c: Json, token: string): boolean {
  const tokens = obj(c.attributes)['kehu:lookup'];
  return Array.isArray(tokens) && tokens.includes(token);
}

/** The repositories of one runner (the store, or one transaction). */
export function repositories(run: Runner): KehuRepositories {
  const customers = audited(run, 'customers', 'customer', parseCustomer, customerToJson);
  const contactRecords = audited(run, 'contactRecords', 'contact-record', parseContactRecord, contactRecordToJson);
  const owners = audited(run, 'owners', 'owner', parseOwner, ownerToJson);
  const exits = recordedOnce(
    run,
    'exits',
    { entity: 'exit', noun: 'exit', parse: parseCustomerExit, toJson: customerExitToJson },
    'customerId',
    (x) => ms(x.leftAt),
  );
  const revisitActions = recordedOnce(
    run,
    'revisitActions',
    { entity: 'revisit-action', noun: 'revisit action', parse: parseRevisitAction, toJson: revisitActionToJson },
    'customerId',
    (x) => ms(x.at),
  );
  const { listByCustomer: _unused, find: _unusedFind, ...customerBase } = customers;
  const currentTier = (view: View, id: string) => {
    const history = view.get('grades', id);
    return history === undefined ? undefined : obj(history[history.length - 1]).tier;
  };
  const customerMatch = (view: View, f: CustomerFilter) => (c: Json) =>
    (f.status === undefined || c.status === f.status) &&
    (f.kind === undefined || c.kind === f.kind) &&
    (f.owner === undefined || c.owner === f.owner) &&
    (f.tier === undefined || currentTier(view, c.id as string) === f.tier) &&
    (f.lookup === undefined || hasLookup(c, f.lookup));
  const customerRepo = {
    ...customerBase,
    find: (filter: CustomerFilter, request?: PageRequest) =>
      run.read((view) =>
        pageOf(
          [...view.entries('customers')].filter(([, v]) => customerMatch(view, filter)(obj(v.json))),
          ([id]) => [id],
          'customers.find',
          1,
          request,
          ([, v]) => ({ record: parseCustomer(v.json), version: v.version }),
        ),
      ),
    missing: (ids: readonly string[]) =>
      run.read((view) => [...new Set(ids)].filter((id) => view.get('customers', id) === undefined)),
  };

  const txKey = (t: JsonValue) => [obj(t).customerId as string, ms(obj(t).occurredAt), obj(t).id as string];
  type TxFilter = { customerId?: string; from?: Date; to?: Date };
  const txMatch =
    (f: TxFilter = {}) =>
    (t: JsonValue) => {
      const at = ms(obj(t).occurredAt);
      return (
        (f.customerId === undefined || obj(t).customerId === f.customerId) &&
        (f.from === undefined || at >= f.from.getTime()) &&
        (f.to === undefined || at < f.to.getTime())
      );
    };
  const txList = (filter?: TxFilter, request?: PageRequest) =>
    run.read((view) =>
      pageOf(
        [...view.entries('transactions')].map(([, t]) => t).filter(txMatch(filter)),
        txKey,
        'transactions',
        3,
        request,
        parseTransaction,
      ),
    );

  type SurveyFilter = { surveyId?: string; customerId?: string; from?: Date; to?: Date };
  const surveyMatch =
    (f: SurveyFilter = {}) =>
    (r: JsonValue) =>
      (f.surveyId === undefined || obj(r).surveyId === f.surveyId) &&
      (f.customerId === undefined || obj(r).customerId === f.customerId) &&
      (f.from === undefined || ms(obj(r).answeredAt) >= f.from.getTime()) &&
      (f.to === undefined || ms(obj(r).answeredAt) < f.to.getTime());
  const surveyList = (filter?: SurveyFilter, request?: PageRequest) =>
    run.read((view) =>
      pageOf(
        [...view.entries('surveyResponses')].map(([, r]) => r).filter(surveyMatch(filter)),
        (r) => [obj(r).id as string],
        'surveyResponses',
        1,
        request,
        parseSurveyResponse,
      ),
    );

  const complaintOut = (v: { complaint: JsonValue; events: JsonValue[] }) => ({
    record: parseComplaint(v.complaint),
    version: v.events.length,
  });
  const eventOut =
    (complaintId: string) =>
    (e: JsonValue, i: number): ComplaintEvent => ({ ...parseComplaintEvent(e), complaintId, seq: i + 1 });
  const complaintList = (request?: PageRequest) =>
    run.read((view) =>
      pageOf(
        view.entries('complaints'),
        ([id]) => [id],
        'complaints',
        1,
        request,
        ([, v]) => complaintOut(v),
      ),
    );
  // May be open at `at` (ms): received by then, and the log does not end with a `closed` event by then.
  const mayBeOpenAt =
    (at: number) =>
    ([, v]: [string, ComplaintJson]) => {
      const last = obj(v.events[v.events.length - 1]);
      return ms(obj(v.complaint).receivedAt) <= at && (last.type !== 'closed' || ms(last.at) > at);
    };
  const complaintLogs = (openAt: Date | undefined) => (request?: PageRequest) =>
    run.read((view) => {
      const entries = [...view.entries('complaints')];
      const kept = openAt === undefined ? entries : entries.filter(mayBeOpenAt(openAt.getTime()));
      return pageOf(
        kept,
        ([id]) => [id],
        'complaints.logs',
        1,
        request,
        ([id, v]) => ({ complaint: complaintOut(v), events: v.events.map(eventOut(id)) }),
      );
    });

  const complaintMatch =
    (f: ComplaintFilter) =>
    ([id, v]: [string, ComplaintJson]) => {
      const c = parseComplaint(v.complaint);
      const received = c.receivedAt.getTime();
      const events = v.events.map(eventOut(id));
      return (
        (f.customerId === undefined || c.customerId === f.customerId) &&
        (f.receivedFrom === undefined || received >= f.receivedFrom.getTime()) &&
        (f.receivedTo === undefined || received < f.receivedTo.getTime()) &&
        (f.state === undefined || complaintStateAfter(events) === f.state) &&
        (f.severity === undefined || complaintSeverityAfter(events, c.severity) === f.severity)
      );
    };

  const gradeOut = (history: JsonValue[]) => ({
    record: parseGradeAssignment(history[history.length - 1]),
    version: history.length,
  });
  const gradeList = (request?: PageRequest) =>
    run.read((view) =>
      pageOf(
        view.entries('grades'),
        ([id]) => [id],
        'grades',
        1,
        request,
        ([, h]) => gradeOut(h),
      ),
    );

  const churnScoreOut = (history: JsonValue[]) => ({
    record: parseChurnScoreRecord(history[history.length - 1]),
    version: history.length,
  });
  // The customer's score history, which must be at `expectedVersion` (else a conflict).
  const churnScoreHistory = (view: View, customerId: string, expectedVersion: number): JsonValue[] => {
    const history = view.get('churnScores', customerId) ?? [];
    if (history.length !== expectedVersion) throw stale('churn-score', customerId, expectedVersion, history.length);
    return history;
  };
  // Appends a checked score with its audit entry: create for the first score, update after it.
  const appendChurnScore = (view: View, score: ChurnScoreRecord, ctx: AuditContext) => {
    const history = view.get('churnScores', score.customerId) ?? [];
    const json = churnScoreRecordToJson(score) as JsonValue;
    const next = [...history, json];
    view.put('churnScores', score.customerId, next);
    audit(
      view,
      'churn-score',
      score.customerId,
      history.length === 0 ? 'create' : 'update',
      ctx,
      next.length,
      history[history.length - 1] ?? null,
      json,
    );
    return churnScoreOut(next);
  };
  const churnScoreList = (request?: PageRequest) =>
    run.read((view) =>
      pageOf(
        view.entries('churnScores'),
        ([id]) => [id],
        'churnScores',
        1,
        request,
        ([, h]) => churnScoreOut(h),
      ),
    );
  const exitList = (filter: ExitFilter = {}, request?: PageRequest) =>
    run.read((view) => {
      checkExitFilter(filter);
      const from = filter.from?.getTime() ?? Number.NEGATIVE_INFINITY;
      const to = filter.to?.getTime() ?? Number.POSITIVE_INFINITY;
      return pageOf(
        [...view.entries('exits')].filter(([, x]) => ms(obj(x).leftAt) >= from && ms(obj(x).leftAt) < to),
        ([id, x]) => [ms(obj(x).leftAt), id],
        'exits',
        2,
        request,
        ([, x]) => parseCustomerExit(x),
      );
    });

  /** A table of records with `customerId` and `at`, in `(customerId, at, id)` order within `from <= at < to`. */
  const byCustomerTime = <V, R>(
    entries: Iterable<[string, V]>,
    json: (v: V) => Json,
    scope: string,
    filter: InstantRange,
    request: PageRequest | undefined,
    project: (v: V) => R,
  ) => {
    checkInstantRange(filter);
    const from = filter.from?.getTime() ?? Number.NEGATIVE_INFINITY;
    const to = filter.to?.getTime() ?? Number.POSITIVE_INFINITY;
    return pageOf(
      [...entries].filter(([, v]) => ms(json(v).at) >= from && ms(json(v).at) < to),
      ([id, v]) => [json(v).customerId as string, ms(json(v).at), id],
      scope,
      3,
      request,
      ([, v]) => project(v),
    );
  };
  const actionList = (filter: InstantRange = {}, request?: PageRequest) =>
    run.read((view) =>
      byCustomerTime(view.entries('revisitActions'), obj, 'revisitActions', filter, request, parseRevisitAction),
    );
  const contactsByCustomer = (filter: InstantRange, request: PageRequest) =>
    run.read((view) =>
      byCustomerTime(
        view.entries('contactRecords'),
        (v) => obj(v.json),
        'contactRecords.streamByCustomer',
        filter,
        request,
        (v) => parseContactRecord(v.json),
      ),
    );

  type AuditFilter = { entity?: AuditEntity; entityId?: string; before?: Date };
  const auditList = (filter: AuditFilter = {}, request?: PageRequest) =>
    run.read((view) =>
      pageOf(
        [...view.entries('audit')]
          .map(([, e]) => e)
          .filter(
            (e) =>
              (filter.entity === undefined || obj(e).entity === filter.entity) &&
              (filter.entityId === undefined || obj(e).entityId === filter.entityId) &&
              (filter.before === undefined || ms(obj(e).at) < filter.before.getTime()),
          ),
        (e) => [obj(e).seq as number],
        'audit',
        1,
        request,
        parseAuditEntry,
      ),
    );

  return {
    customers: customerRepo,
    contactRecords: {
      ...contactRecords,
      purge: (before, ctx) =>
        run.write((view) => {
          // In (at, id) order, one audit delete entry each, as `delete` writes.
          const doomed = [...view.entries('contactRecords')]
            .filter(([, v]) => ms(obj(v.json).at) < before.getTime())
            .sort(([a, x], [b, y]) => ms(obj(x.json).at) - ms(obj(y.json).at) || compareKeys([a], [b]));
          for (const [id, v] of doomed) {
            view.remove('contactRecords', id);
            audit(view, 'contact-record', id, 'delete', ctx, v.version, v.json, null);
          }
          return doomed.length;
        }),
      streamByCustomer: (filter = {}) => streamPages((r) => contactsByCustomer(filter, r)),
    },
    transactions: {
      append: (records) =>
        run.write((view) => appendAll(view, 'transactions', 'transaction', records, transactionToJson)),
      get: (id) =>
        run.read((view) => {
          const t = view.get('transactions', id);
          return t === undefined ? null : parseTransaction(t);
        }),
      list: txList,
      stream: (filter) => streamPages((r) => txList(filter, r)),
      count: (filter) =>
        run.read((view) => [...view.entries('transactions')].filter(([, t]) => txMatch(filter)(t)).length),
      summarizeTransactions: (window) =>
        (async function* () {
          validateSummaryWindow(window);
          yield* await run.read((view) =>
            summarizeTransactions(
              Array.from(view.entries('transactions'), ([, t]) => parseTransaction(t)),
              { window },
            ),
          );
        })(),
    },
    surveyResponses: {
      append: (records) =>
        run.write((view) => appendAll(view, 'surveyResponses', 'survey-response', records, surveyResponseToJson)),
      get: (id) =>
        run.read((view) => {
          const r = view.get('surveyResponses', id);
          return r === undefined ? null : parseSurveyResponse(r);
        }),
      list: surveyList,
      stream: (filter) => streamPages((r) => surveyList(filter, r)),
      count: (filter) =>
        run.read((view) => [...view.entries('surveyResponses')].filter(([, r]) => surveyMatch(filter)(r)).length),
    },
    complaints: {
      open: (complaint, actor) =>
        run.write((view) => {
          if (view.get('complaints', complaint.id) !== undefined)
            throw new KehuConflictError('complaint', complaint.id, `complaint ${complaint.id} already exists`);
          const received = complaintEventToJson({ type: 'received', at: complaint.receivedAt, actor }) as JsonValue;
          const value = { complaint: complaintToJson(complaint) as JsonValue, events: [received] };
          view.put('complaints', complaint.id, value);
          return complaintOut(value);
        }),
      get: (id) =>
        run.read((view) => {
          const v = view.get('complaints', id);
          return v === undefined ? null : complaintOut(v);
        }),
      // The head from the stored log: this example keeps no head of its own, so its cost grows with the log.
      head: (id) =>
        run.read((view) => {
          const v = view.get('complaints', id);
          if (v === undefined) return null;
          const complaint = complaintOut(v);
          const events = v.events.map(eventOut(id));
          return {
            complaint,
            state: complaintStateAfter(events),
            severity: complaintSeverityAfter(events, complaint.record.severity),
            lastEventAt: events[events.length - 1]!.at,
          };
        }),
      appendEvents: (complaintId, expectedVersion, bodies) =>
        run.write((view) => {
          checkExpectedVersion(expectedVersion);
          const v = view.get('complaints', complaintId);
          if (v === undefined) throw new KehuNotFoundError('complaint', complaintId);
          if (v.events.length !== expectedVersion)
            throw stale('complaint', complaintId, expectedVersion, v.events.length);
          const added = bodies.map((b) => complaintEventToJson(b) as JsonValue);
          view.put('complaints', complaintId, { complaint: v.complaint, events: [...v.events, ...added] });
          return added.map((e, i) => eventOut(complaintId)(e, expectedVersion + i));
        }),
      events: (complaintId) =>
        run.read((view) => view.get('complaints', complaintId)?.events.map(eventOut(complaintId)) ?? []),
      list: complaintList,
      listByCustomer: (customerId, request) =>
        run.read((view) =>
          pageOf(
            [...view.entries('complaints')].filter(([, v]) => obj(v.complaint).customerId === customerId),
            ([id, v]) => [ms(obj(v.complaint).receivedAt), id],
            `complaints.byCustomer.${customerId}`,
            2,
            request,
            ([, v]) => complaintOut(v),
          ),
        ),
      find: (filter, request) =>
        run.read((view) =>
          pageOf(
            [...view.entries('complaints')].filter(complaintMatch(filter)),
            ([id, v]) => [ms(obj(v.complaint).receivedAt), id],
            'complaints.find',
            2,
            request,
            ([, v]) => complaintOut(v),
          ),
        ),
      stream: () => streamPages(complaintList),
      streamLogs: (query = {}) => streamPages(complaintLogs(query.openAt)),
      count: () => run.read((view) => view.size('complaints')),
    },
    grades: {
      assign: async (assignment, expectedVersion, ctx) => {
        checkGradeVersion(expectedVersion);
        return run.write((view) => {
          const history = view.get('grades', assignment.customerId) ?? [];
          if (history.length !== expectedVersion)
            throw stale('grade', assignment.customerId, expectedVersion, history.length);
          const json = gradeAssignmentToJson(assignment) as JsonValue;
          const next = [...history, json];
          view.put('grades', assignment.customerId, next);
          audit(
            view,
            'grade',
            assignment.customerId,
            history.length === 0 ? 'create' : 'update',
            ctx,
            next.length,
            history[history.length - 1] ?? null,
            json,
          );
          return gradeOut(next);
        });
      },
      current: (customerId) =>
        run.read((view) => {
          const h = view.get('grades', customerId);
          return h === undefined ? null : gradeOut(h);
        }),
      history: (customerId) =>
        run.read((view) => (view.get('grades', customerId) ?? []).map((g) => parseGradeAssignment(g))),
      listCurrent: gradeList,
      streamCurrent: () => streamPages(gradeList),
    },
    churnScores: {
      record: async (score, expectedVersion, ctx) => {
        checkScoreVersion(expectedVersion);
        return run.write((view) => {
          churnScoreHistory(view, score.customerId, expectedVersion);
          return appendChurnScore(view, score, ctx);
        });
      },
      recordBatch: async (entries, ctx) => {
        checkScoreBatch(entries);
        return run.write((view) => {
          // Every version is checked before the first append, so a stale entry leaves nothing of the batch.
          for (const { score, expectedVersion } of entries) churnScoreHistory(view, score.customerId, expectedVersion);
          return entries.map(({ score }) => appendChurnScore(view, score, ctx));
        });
      },
      current: (customerId) =>
        run.read((view) => {
          const h = view.get('churnScores', customerId);
          return h === undefined ? null : churnScoreOut(h);
        }),
      history: (customerId) =>
        run.read((view) => (view.get('churnScores', customerId) ?? []).map((x) => parseChurnScoreRecord(x))),
      listCurrent: churnScoreList,
      streamCurrent: () => streamPages(churnScoreList),
    },
    exits: {
      record: exits.record,
      get: exits.get,
      forCustomer: exits.forKey,
      list: exitList,
      stream: (filter) => streamPages((r) => exitList(filter, r)),
    },
    owners: {
      // Without an expected version `put` creates, with one it replaces: the audited create and update.
      put: async (owner, options, ctx) => {
        const expectedVersion = checkOptionalExpectedVersion(options?.expectedVersion);
        return expectedVersion === undefined ? owners.create(owner, ctx) : owners.update(owner, expectedVersion, ctx);
      },
      get: owners.get,
      list: owners.list,
      stream: owners.stream,
    },
    revisitActions: {
      record: revisitActions.record,
      get: revisitActions.get,
      forCustomer: revisitActions.forKey,
      list: actionList,
      stream: (filter) => streamPages((r) => actionList(filter, r)),
    },
    ...planRepositories(run),
    audit: {
      list: auditList,
      stream: (filter) => streamPages((r) => auditList(filter, r)),
      purge: (before) =>
        run.write((view) => {
          const doomed = [...view.entries('audit')].filter(([, e]) => ms(obj(e).at) < before.getTime());
          for (const [seq] of doomed) view.remove('audit', seq);
          return doomed.length;
        }),
    },
  };
}
