/**
 * The host's authorization hook: `createKehu({ storage, authorize })` asks `authorize`
 * about every use case before the use case reads or writes anything, and `kehu.as(actor)`
 * binds the use cases to the actor the host has authenticated.
 *
 * One table below says, per use case, which resources a call touches (derived from its
 * arguments, before validation) and which actors it names; {@link authorizeUseCases}
 * wraps every function of a {@link KehuUseCases} object through it, so the use-case files
 * know nothing of authorization. The table's type lists every use case of
 * {@link KehuUseCases}, so a new use case does not compile until it has its entry.
 */
import { idSchema, invalidInput, isKehuError, KehuForbiddenError } from '@kehu/core';
import type { KehuRepositories } from '@kehu/storage';
import type { KehuUseCases } from './kehu.js';

/**
 * Every use case the hook is asked about: `group.function` of {@link KehuUseCases}, one
 * literal per function (`kehu.customers.get` is `'customers.get'`).
 */
export type KehuAction =
  | 'customers.create'
  | 'customers.get'
  | 'customers.update'
  | 'customers.delete'
  | 'customers.list'
  | 'customers.stream'
  | 'customers.count'
  | 'customers.findBy'
  | 'customers.erase'
  | 'customers.exportData'
  | 'transactions.import'
  | 'transactions.get'
  | 'transactions.list'
  | 'transactions.stream'
  | 'transactions.count'
  | 'complaints.open'
  | 'complaints.appendEvents'
  | 'complaints.get'
  | 'complaints.events'
  | 'complaints.listByCustomer'
  | 'complaints.list'
  | 'complaints.stream'
  | 'contactRecords.record'
  | 'contactRecords.get'
  | 'contactRecords.listByCustomer'
  | 'contactRecords.list'
  | 'contactRecords.stream'
  | 'contactRecords.count'
  | 'surveys.recordResponses'
  | 'surveys.list'
  | 'surveys.stream'
  | 'surveys.count'
  | 'grades.assign'
  | 'grades.current'
  | 'grades.history'
  | 'value.summarize'
  | 'value.scoreRfm'
  | 'value.regradeAll'
  | 'sla.evaluate'
  | 'sla.board'
  | 'sla.report'
  | 'audit.list'
  | 'audit.stream'
  | 'retention.apply'
  | 'satisfaction.report'
  | 'satisfaction.dueForInterview'
  | 'satisfaction.recordInterview'
  | 'satisfaction.mayBeSurveyed'
  | 'satisfaction.followUps'
  | 'churn.score'
  | 'churn.current'
  | 'churn.history'
  | 'churn.list'
  | 'churn.recordExit'
  | 'churn.exits'
  | 'churn.report'
  | 'churn.winBacks'
  | 'churn.fit'
  | 'churn.backtest'
  | 'cadence.putOwner'
  | 'cadence.getOwner'
  | 'cadence.listOwners'
  | 'cadence.plan'
  | 'cadence.dayList'
  | 'cadence.recordContact'
  | 'cadence.snooze'
  | 'cadence.skip'
  | 'cadence.rebalance'
  | 'cadence.analysis'
  | 'plans.create'
  | 'plans.revise'
  | 'plans.submit'
  | 'plans.withdraw'
  | 'plans.sign'
  | 'plans.sendBack'
  | 'plans.addSigner'
  | 'plans.delegate'
  | 'plans.activate'
  | 'plans.evaluate'
  | 'plans.archive'
  | 'plans.get'
  | 'plans.list'
  | 'plans.recordActual'
  | 'plans.explainVariance'
  | 'plans.budget'
  | 'opportunities.open'
  | 'opportunities.moveStage'
  | 'opportunities.setProbability'
  | 'opportunities.change'
  | 'opportunities.win'
  | 'opportunities.lose'
  | 'opportunities.reopen'
  | 'opportunities.get'
  | 'opportunities.list'
  | 'opportunities.pipeline'
  | 'report.model';

/** The kind of record a use case reads or writes. */
export type KehuResourceType =
  | 'customer'
  | 'transaction'
  | 'complaint'
  | 'contact-record'
  | 'survey-response'
  | 'grade'
  | 'churn-score'
  | 'exit'
  | 'owner'
  | 'revisit-action'
  | 'maintenance-plan'
  | 'budget-actual'
  | 'opportunity'
  | 'audit-entry';

/**
 * What a use case reads or writes, taken from its arguments as given (before validation,
 * so a field is set only when the argument holds text there). A call that names no record
 * (a list, a count, a whole-store analysis) gives its `filter` or options instead.
 */
export interface KehuResource {
  /** The kind of record. */
  readonly type: KehuResourceType;
  /** The record's id, when the call names one (`customers.get(id)`, `complaints.appendEvents(id, …)`). */
  readonly id?: string;
  /**
   * The customer the records belong to, when the arguments say so: the id of
   * `customers.*(id)`, the `customerId` of a written record or of a list filter, the
   * `entityId` of an audit filter on customers, grades or churn scores.
   */
  readonly customerId?: string;
  /** The call's filter or options as given (lists, counts, streams, value analysis, SLA boards and reports). */
  readonly filter?: unknown;
}

/** One question to the hook: may `actor` do `action` on `resource`? */
export interface AuthorizationRequest {
  /**
   * Who asks: the actor bound by `kehu.as(actor)`; otherwise the actor a write names (its
   * audit context's `actor`, the `actor` of `complaints.open`, of each complaint event, of
   * `regradeAll`'s `apply`); `undefined` for an unbound read.
   */
  readonly actor: string | undefined;
  /** The use case. */
  readonly action: KehuAction;
  /** What it touches. */
  readonly resource: KehuResource;
  /**
   * The repositories the use case runs on: the store's, or the transaction's inside
   * `kehu.transaction`. Read through these (an owner, a complaint's customer): they see the
   * transaction's own writes, and on single-connection stores (PGlite) a read through the
   * top-level store would wait for the transaction to end.
   */
  readonly repos: KehuRepositories;
}

/**
 * The host's authorization hook. Return (or resolve to) `true` to allow; anything else
 * (`false`, `undefined`, a thrown error, a rejected promise) refuses the call with a
 * {@link KehuForbiddenError} before it reads or writes anything. A thrown
 * `KehuForbiddenError` passes through unchanged; any other error becomes its `cause`.
 *
 * The hook is called once per resource of a call, in order, until one is refused: once for
 * most use cases, once per distinct `customerId` of a batch (`surveys.recordResponses`,
 * `transactions.import`). It may read the store, for instance to find a customer's owner,
 * through the request's `repos`.
 *
 * @example
 * ```ts
 * // Account managers see and change only their own customers; `lead` sees everything.
 * const authorize: KehuAuthorize = async ({ actor, resource, repos }) => {
 *   if (actor === 'lead') return true;
 *   if (resource.customerId === undefined) return false;
 *   const customer = await repos.customers.get(resource.customerId);
 *   return customer === null || customer.record.owner === actor;
 * };
 * ```
 */
export type KehuAuthorize = (request: AuthorizationRequest) => boolean | Promise<boolean>;

/** How a use case is checked: what it touches and which actors it names, from its raw arguments. */
interface Rule {
  /**
   * `call`: the hook runs before the function is called. `stream`: the function is called
   * at once (its arguments are checked as without a hook) and the hook runs on the first
   * `next()`, before the first read. `rows`: the first argument is a stream of rows, each
   * distinct `customerId` checked when its first row is read, before the row's batch is written.
   */
  readonly kind: 'call' | 'stream' | 'rows';
  /** The resources of a call (for `rows`: of one row); `undefined` entries are left out. */
  resources(args: readonly unknown[]): Array<KehuResource | undefined>;
  /** The actors the call names (audit context, complaint actor, event actors); non-text ones are ignored. */
  actors?(args: readonly unknown[]): readonly unknown[];
  /** The position of an argument that is a list (an array or a one-shot iterable), read once into an array. */
  readonly list?: number;
}

/** A rule for every function of every group of {@link KehuUseCases}: a missing one does not compile. */
type RuleTable = { readonly [G in keyof KehuUseCases]: { readonly [F in keyof KehuUseCases[G]]: Rule } };

/** `value[key]` when `value` is an object, for raw arguments of any shape. */
function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** `value[key]` when it is text. */
function text(value: unknown, key: string): string | undefined {
  const found = field(value, key);
  return typeof found === 'string' ? found : undefined;
}

/** `value` when it is text. */
function asText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A resource with the fields that are set (an optional property is absent, not `undefined`). */
function resource(
  type: KehuResourceType,
  fields: { id?: string | undefined; customerId?: string | undefined; filter?: unknown },
): KehuResource {
  return {
    type,
    ...(fields.id === undefined ? {} : { id: fields.id }),
    ...(fields.customerId === undefined ? {} : { customerId: fields.customerId }),
    ...(fields.filter === undefined ? {} : { filter: fields.filter }),
  };
}

/** A call on one record named by its first argument. */
const byId = (type: KehuResourceType): Rule => ({
  kind: 'call',
  resources: ([id]) => [resource(type, { id: asText(id) })],
});

/** A call on one customer's records, the customer named by the first argument. */
const byCustomer = (type: KehuResourceType): Rule => ({
  kind: 'call',
  resources: ([customerId]) => [resource(type, { customerId: asText(customerId) })],
});

/** A call on the customer named by the first argument; a write names its actor in the argument at `contextAt`. */
const onCustomer = (contextAt?: number): Rule => ({
  kind: 'call',
  resources: ([id]) => [resource('customer', { id: asText(id), customerId: asText(id) })],
  ...(contextAt === undefined ? {} : { actors: (args: readonly unknown[]) => [text(args[contextAt], 'actor')] }),
});

/** A list, count or stream over the filter given as first argument; a filter's `customerId` is lifted. */
const byFilter = (type: KehuResourceType, kind: 'call' | 'stream' = 'call'): Rule => ({
  kind,
  resources: ([filter]) => [resource(type, { customerId: text(filter, 'customerId'), filter })],
});

/** A write of one record (the first argument) audited with the context at `contextAt`. */
const recordWrite = (type: KehuResourceType, contextAt: number, idKey?: string): Rule => ({
  kind: 'call',
  resources: ([input]) => [
    resource(type, {
      id: idKey === undefined ? undefined : text(input, idKey),
      customerId: text(input, type === 'customer' ? 'id' : 'customerId'),
    }),
  ],
  actors: (args) => [text(args[contextAt], 'actor')],
});

/** The distinct `customerId`s of a batch of records (one resource each). */
function perCustomer(type: KehuResourceType, items: unknown): KehuResource[] {
  if (!Array.isArray(items)) return [];
  const ids = new Set<string>();
  for (const item of items) {
    const id = text(item, 'customerId');
    if (id !== undefined) ids.add(id);
  }
  return Array.from(ids, (customerId) => resource(type, { customerId }));
}

/** An audit filter on customers or grades names a customer: its `entityId`. */
function auditCustomer(filter: unknown): string | undefined {
  const entity = text(filter, 'entity');
  return entity === 'customer' || entity === 'grade' || entity === 'churn-score' ? text(filter, 'entityId') : undefined;
}

/**
 * What planning revisits reads (rules CA-1 to CA-9): owners, customers, grades, contact records, purchases and
 * revisit actions, and when asked survey answers (SA-5), complaints (CA-3) and exits (CH-7). Each kind is asked
 * about, so a host refusing one kind of read cannot be got round here.
 */
function planReads(options: unknown): Array<KehuResource | undefined> {
  const kinds: KehuResourceType[] = ['owner', 'customer', 'grade', 'contact-record', 'transaction', 'revisit-action'];
  return [
    ...kinds.map((type) => resource(type, { filter: options })),
    field(options, 'satisfaction') === undefined ? undefined : resource('survey-response', { filter: options }),
    field(options, 'sla') === undefined ? undefined : resource('complaint', { filter: options }),
    field(options, 'winBacks') === undefined ? undefined : resource('exit', { filter: options }),
  ];
}

/** A change of the record named by the first argument, by the actor of the argument at `contextAt` (AR-4). */
const changeOf = (type: KehuResourceType, contextAt: number): Rule => ({
  kind: 'call',
  resources: ([id]) => [resource(type, { id: asText(id) })],
  actors: (args) => [text(args[contextAt], 'actor')],
});

/**
 * What evaluating a plan or reporting its budget reads besides the plan (rules MP-1, MP-2): customers and grades (the
 * group), transactions (results), and for an evaluation what a revisit plan reads (owners, contact records, revisit
 * actions), exits, and survey answers when asked. Each kind is asked about.
 */
function maintenancePlanReads(planId: unknown, options: unknown, kinds: readonly KehuResourceType[]): KehuResource[] {
  return [
    resource('maintenance-plan', { id: asText(planId) }),
    ...kinds.map((type) => resource(type, { filter: options })),
  ];
}

/** The kinds of record each report section reads (through the modules' read use cases). */
const REPORT_READS: Readonly<Record<string, readonly KehuResourceType[]>> = {
  value: ['customer', 'transaction', 'grade'],
  rfm: ['transaction'],
  sla: ['complaint'],
  satisfaction: ['survey-response'],
  churn: ['customer', 'transaction', 'grade', 'churn-score', 'survey-response', 'complaint', 'exit'],
  cadence: ['owner', 'customer', 'grade', 'contact-record', 'transaction', 'revisit-action'],
  pipeline: ['opportunity'],
};

/**
 * What a report reads: every kind of record its sections read (all sections unless `sections` lists some), each
 * asked about once, so a host refusing one kind of read refuses the report that needs it.
 */
function reportReads(options: unknown): KehuResource[] {
  const listed = field(options, 'sections');
  const sections = Array.isArray(listed) ? listed.filter((s) => typeof s === 'string') : Object.keys(REPORT_READS);
  const kinds = new Set<KehuResourceType>();
  for (const section of sections) for (const kind of REPORT_READS[section] ?? []) kinds.add(kind);
  return Array.from(kinds, (type) => resource(type, { filter: options }));
}

/** How every use case is checked. */
const RULES: RuleTable = {
  customers: {
    create: recordWrite('customer', 1, 'id'),
    get: onCustomer(),
    update: onCustomer(2),
    delete: onCustomer(1),
    list: byFilter('customer'),
    stream: byFilter('customer', 'stream'),
    count: { kind: 'call', resources: () => [resource('customer', {})] },
    findBy: byFilter('customer'),
    erase: onCustomer(1),
    exportData: onCustomer(),
  },
  transactions: {
    import: { kind: 'rows', resources: ([row]) => [resource('transaction', { customerId: text(row, 'customerId') })] },
    get: byId('transaction'),
    list: byFilter('transaction'),
    stream: byFilter('transaction', 'stream'),
    count: byFilter('transaction'),
  },
  complaints: {
    open: {
      kind: 'call',
      resources: ([input]) => [resource('complaint', { id: text(input, 'id'), customerId: text(input, 'customerId') })],
      actors: (args) => [args[1]],
    },
    appendEvents: {
      kind: 'call',
      list: 1,
      resources: ([id]) => [resource('complaint', { id: asText(id) })],
      actors: ([, events]) => (Array.isArray(events) ? events.map((event) => text(event, 'actor')) : []),
    },
    get: byId('complaint'),
    events: byId('complaint'),
    listByCustomer: byCustomer('complaint'),
    list: byFilter('complaint'),
    stream: byFilter('complaint', 'stream'),
  },
  contactRecords: {
    record: recordWrite('contact-record', 1, 'id'),
    get: byId('contact-record'),
    listByCustomer: byCustomer('contact-record'),
    list: byFilter('contact-record'),
    stream: byFilter('contact-record', 'stream'),
    count: { kind: 'call', resources: () => [resource('contact-record', {})] },
  },
  surveys: {
    recordResponses: { kind: 'call', list: 0, resources: ([inputs]) => perCustomer('survey-response', inputs) },
    list: byFilter('survey-response'),
    stream: byFilter('survey-response', 'stream'),
    count: byFilter('survey-response'),
  },
  grades: {
    assign: recordWrite('grade', 1),
    current: byCustomer('grade'),
    history: byCustomer('grade'),
  },
  value: {
    summarize: { kind: 'stream', resources: ([window]) => [resource('transaction', { filter: window })] },
    scoreRfm: { kind: 'call', resources: ([options]) => [resource('transaction', { filter: options })] },
    regradeAll: {
      kind: 'call',
      resources: ([options]) => [resource('grade', { filter: options })],
      actors: ([options]) => [text(field(options, 'apply'), 'actor')],
    },
  },
  sla: {
    evaluate: byId('complaint'),
    board: { kind: 'call', resources: ([options]) => [resource('complaint', { filter: options })] },
    report: { kind: 'call', resources: ([options]) => [resource('complaint', { filter: options })] },
  },
  audit: {
    list: {
      kind: 'call',
      resources: ([filter]) => [resource('audit-entry', { customerId: auditCustomer(filter), filter })],
    },
    stream: {
      kind: 'stream',
      resources: ([filter]) => [resource('audit-entry', { customerId: auditCustomer(filter), filter })],
    },
  },
  satisfaction: {
    report: { kind: 'call', resources: ([options]) => [resource('survey-response', { filter: options })] },
    dueForInterview: { kind: 'call', resources: ([options]) => [resource('grade', { filter: options })] },
    recordInterview: {
      kind: 'call',
      resources: ([id, note]) => [resource('contact-record', { id: asText(id), customerId: text(note, 'customerId') })],
      actors: (args) => [text(args[2], 'actor')],
    },
    mayBeSurveyed: byCustomer('survey-response'),
    followUps: { kind: 'call', resources: ([options]) => [resource('survey-response', { filter: options })] },
  },
  churn: {
    // Scoring reads customers, their transactions and grades, and (when asked) survey answers and complaints:
    // each kind it reads is asked about, so a host refusing one kind of read cannot be got round here.
    score: {
      kind: 'call',
      resources: ([options]) => [
        resource('churn-score', { filter: options }),
        resource('customer', { filter: options }),
        resource('transaction', { filter: options }),
        resource('grade', { filter: options }),
        field(options, 'satisfaction') === undefined ? undefined : resource('survey-response', { filter: options }),
        field(options, 'sla') === undefined ? undefined : resource('complaint', { filter: options }),
      ],
      actors: ([options]) => [text(field(options, 'record'), 'actor')],
    },
    current: byCustomer('churn-score'),
    history: byCustomer('churn-score'),
    list: { kind: 'call', resources: ([request]) => [resource('churn-score', { filter: request })] },
    recordExit: recordWrite('exit', 1, 'id'),
    exits: byFilter('exit'),
    report: {
      kind: 'call',
      resources: ([options]) => [
        resource('exit', { filter: options }),
        resource('customer', { filter: options }),
        resource('grade', { filter: options }),
      ],
    },
    winBacks: { kind: 'call', resources: ([options]) => [resource('exit', { filter: options })] },
    fit: { kind: 'call', resources: ([options]) => [resource('transaction', { filter: options })] },
    backtest: {
      kind: 'call',
      resources: ([options]) => [
        resource('transaction', { filter: options }),
        resource('customer', { filter: options }),
        resource('grade', { filter: options }),
        resource('exit', { filter: options }),
      ],
    },
  },
  cadence: {
    putOwner: {
      kind: 'call',
      resources: ([owner]) => [resource('owner', { id: text(owner, 'id') })],
      actors: ([, options]) => [text(options, 'actor')],
    },
    getOwner: byId('owner'),
    listOwners: { kind: 'call', resources: ([request]) => [resource('owner', { filter: request })] },
    plan: { kind: 'call', resources: ([options]) => planReads(options) },
    dayList: { kind: 'call', resources: ([options]) => planReads(options) },
    recordContact: recordWrite('contact-record', 1, 'id'),
    snooze: recordWrite('revisit-action', 1, 'id'),
    skip: recordWrite('revisit-action', 1, 'id'),
    rebalance: {
      kind: 'call',
      resources: ([request]) => [resource('owner', { id: text(request, 'ownerId') }), ...planReads(request)],
      actors: ([, options]) => [text(options, 'actor')],
    },
    analysis: { kind: 'call', resources: ([options]) => planReads(options) },
  },
  plans: {
    create: {
      kind: 'call',
      resources: ([plan]) => [resource('maintenance-plan', { id: text(plan, 'id') })],
      actors: (args) => [text(args[1], 'actor')],
    },
    revise: changeOf('maintenance-plan', 2),
    submit: changeOf('maintenance-plan', 1),
    withdraw: changeOf('maintenance-plan', 1),
    sign: changeOf('maintenance-plan', 1),
    sendBack: changeOf('maintenance-plan', 1),
    addSigner: changeOf('maintenance-plan', 1),
    delegate: changeOf('maintenance-plan', 1),
    activate: changeOf('maintenance-plan', 1),
    evaluate: {
      kind: 'call',
      resources: ([planId, options]) =>
        maintenancePlanReads(planId, options, [
          'customer',
          'grade',
          'contact-record',
          'transaction',
          'exit',
          'owner',
          'revisit-action',
          ...(field(options, 'satisfaction') === undefined ? [] : (['survey-response'] as const)),
        ]),
      actors: (args) => [text(args[1], 'actor')],
    },
    archive: changeOf('maintenance-plan', 1),
    get: byId('maintenance-plan'),
    list: { kind: 'call', resources: ([request]) => [resource('maintenance-plan', { filter: request })] },
    recordActual: {
      kind: 'call',
      resources: ([entry]) => [
        resource('budget-actual', { id: text(entry, 'id') }),
        resource('maintenance-plan', { id: text(entry, 'planId') }),
      ],
      actors: (args) => [text(args[1], 'actor')],
    },
    explainVariance: changeOf('maintenance-plan', 2),
    budget: {
      kind: 'call',
      resources: ([planId, options]) =>
        maintenancePlanReads(planId, options, ['budget-actual', 'customer', 'grade', 'transaction']),
    },
  },
  opportunities: {
    open: recordWrite('opportunity', 1, 'id'),
    moveStage: changeOf('opportunity', 2),
    setProbability: changeOf('opportunity', 2),
    change: changeOf('opportunity', 2),
    win: changeOf('opportunity', 2),
    lose: changeOf('opportunity', 2),
    reopen: changeOf('opportunity', 2),
    get: byId('opportunity'),
    list: { kind: 'call', resources: ([request]) => [resource('opportunity', { filter: request })] },
    pipeline: { kind: 'call', resources: ([options]) => [resource('opportunity', { filter: options })] },
  },
  report: {
    model: { kind: 'call', resources: ([options]) => reportReads(options) },
  },
  retention: {
    apply: {
      kind: 'call',
      resources: ([policy]) => [
        resource('audit-entry', { filter: policy }),
        resource('contact-record', { filter: policy }),
      ],
      actors: ([, options]) => [text(options, 'actor')],
    },
  },
};

/** Every {@link KehuAction}, in the order of {@link KehuUseCases}. */
export const KEHU_ACTIONS: readonly KehuAction[] = Object.entries(RULES).flatMap(([group, rules]) =>
  Object.keys(rules).map((name) => `${group}.${name}` as KehuAction),
);

/** A non-string, non-array synchronous iterable is read once into an array; anything else is returned as it is. */
function materialize(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const iterator = (value as { [Symbol.iterator]?: unknown })[Symbol.iterator];
  return typeof iterator === 'function' ? Array.from(value as Iterable<unknown>) : value;
}

/** Whether `value` is an object that is iterable or async-iterable (a string is neither here). */
function isRowSource(value: unknown): value is Iterable<unknown> | AsyncIterable<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { [Symbol.iterator]?: unknown; [Symbol.asyncIterator]?: unknown };
  return typeof v[Symbol.asyncIterator] === 'function' || typeof v[Symbol.iterator] === 'function';
}

/** Describes a refused request for the error message. */
function describe(action: KehuAction, target: KehuResource, actor: string | undefined): string {
  const what = target.id ?? target.customerId;
  const on = what === undefined ? target.type : `${target.type} ${JSON.stringify(what)}`;
  return `${actor === undefined ? 'a caller without actor' : JSON.stringify(actor)} may not ${action} (${on})`;
}

/** Asks the hook about one request; anything but `true` throws {@link KehuForbiddenError}. */
async function ask(authorize: KehuAuthorize, request: AuthorizationRequest): Promise<void> {
  let verdict: unknown;
  try {
    verdict = await authorize(request);
  } catch (error) {
    if (isKehuError(error) && error.code === 'FORBIDDEN') throw error;
    throw forbidden(request, error);
  }
  if (verdict !== true) throw forbidden(request);
}

function forbidden(request: AuthorizationRequest, cause?: unknown): KehuForbiddenError {
  const { action, resource: target, actor } = request;
  return new KehuForbiddenError(action, describe(action, target, actor), {
    ...(actor === undefined ? {} : { actor }),
    ...(cause === undefined ? {} : { cause }),
    details: { resource: target },
  });
}

/**
 * Checks the actor of `kehu.as(actor)` (an id: non-empty text) and returns it; anything
 * else throws `KehuValidationError` at `['actor']`.
 */
export function checkBoundActor(actor: unknown): string {
  const parsed = idSchema.safeParse(actor);
  if (!parsed.success) throw invalidInput(['actor'], 'the bound actor must be an id (non-empty text)', 'invalid_type');
  return parsed.data;
}

/**
 * Wraps every use case of `useCases` so that it first checks who acts and asks `authorize`
 * (when given) about each resource it touches, and only then runs; a refusal throws
 * {@link KehuForbiddenError} and leaves nothing read or written. With `actor` (see
 * `kehu.as`), a write that names another actor is refused the same way, hook or not.
 * Without either, `useCases` is returned as it is.
 *
 * Promise-returning use cases are checked when called (the promise rejects). Streams
 * (`customers.stream`, `value.summarize`, `audit.stream`, …) check their arguments' shape
 * when called, as without a hook, and ask the hook on the first `next()`, before the
 * first read. `transactions.import` asks once per distinct `customerId`, when the first
 * row of that customer is read: a refusal stops the import before the batch holding that
 * row is written (earlier batches stay, as with an invalid row under `onInvalid: 'throw'`).
 *
 * @param useCases - the use cases to guard (the store's or a transaction's)
 * @param repos - the repositories `useCases` run on, handed to the hook
 * @param guard - the host's hook (`authorize`, none when absent) and the bound `actor` (none when absent)
 */
export function authorizeUseCases(
  useCases: KehuUseCases,
  repos: KehuRepositories,
  guard: { authorize?: KehuAuthorize | undefined; actor?: string | undefined },
): KehuUseCases {
  const { authorize, actor } = guard;
  if (authorize === undefined && actor === undefined) return useCases;
  const bound = actor === undefined ? undefined : checkBoundActor(actor);
  const guarded: Record<string, Record<string, unknown>> = {};
  for (const [group, rules] of Object.entries(RULES) as Array<[keyof KehuUseCases, Record<string, Rule>]>) {
    const target = useCases[group] as unknown as Record<string, (...args: unknown[]) => unknown>;
    const out: Record<string, unknown> = {};
    for (const [name, rule] of Object.entries(rules)) {
      const action = `${group}.${name}` as KehuAction;
      const fn = (...args: unknown[]) => target[name]!.apply(target, args);
      /** The actors a call is asked for: the bound one (after refusing any other named), or the named ones. */
      const actorsOf = (args: readonly unknown[], first: KehuResource | undefined): Array<string | undefined> => {
        const named = new Set<string>();
        for (const a of rule.actors?.(args) ?? []) if (typeof a === 'string') named.add(a);
        if (bound === undefined) return named.size === 0 ? [undefined] : [...named];
        for (const a of named)
          if (a !== bound)
            throw new KehuForbiddenError(
              action,
              `${action}: the caller acts as ${JSON.stringify(bound)}, not as ${JSON.stringify(a)}`,
              {
                actor: bound,
                details: { resource: first, namedActor: a },
              },
            );
        return [bound];
      };
      const check = async (args: readonly unknown[], resources: Array<KehuResource | undefined>) => {
        const present = resources.filter((r): r is KehuResource => r !== undefined);
        const actors = actorsOf(args, present[0]);
        if (authorize === undefined) return;
        for (const r of present) for (const a of actors) await ask(authorize, { actor: a, action, resource: r, repos });
      };
      if (authorize === undefined && rule.actors === undefined) {
        out[name] = fn;
      } else if (rule.kind === 'stream') {
        out[name] = (...args: unknown[]) => {
          const inner = fn(...args) as AsyncIterable<unknown>;
          return (async function* () {
            await check(args, rule.resources(args));
            yield* inner;
          })();
        };
      } else if (rule.kind === 'rows') {
        out[name] = async (rows: unknown, ...rest: unknown[]) => {
          if (!isRowSource(rows) || authorize === undefined) return fn(rows, ...rest);
          const asked = new Set<string>();
          const source = rows;
          const checked = (async function* () {
            for await (const row of source) {
              const [r] = rule.resources([row]);
              const key = r?.customerId;
              if (r !== undefined && key !== undefined && !asked.has(key)) {
                await check([row], [r]);
                asked.add(key);
              }
              yield row;
            }
          })();
          return fn(checked, ...rest);
        };
      } else {
        out[name] = async (...given: unknown[]) => {
          const args = rule.list === undefined ? given : given.map((a, i) => (i === rule.list ? materialize(a) : a));
          await check(args, rule.resources(args));
          return fn(...args);
        };
      }
    }
    guarded[group] = out;
  }
  return guarded as unknown as KehuUseCases;
}
