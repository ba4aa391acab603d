import type {
  Complaint,
  ComplaintEvent,
  ContactRecord,
  Customer,
  CustomerExit,
  GradeAssignment,
  Opportunity,
  OpportunityEvent,
  RevisitAction,
  SurveyResponse,
  Transaction,
} from '@kehu/core';
import type { KehuRepositories, Page, Versioned } from '@kehu/storage';
import { invalidInput } from '@kehu/core';
import { ENVELOPE_PREFIX, isEnvelope, type SubjectCipher } from './cipher.js';
import { lookupTokens } from './lookup.js';
import type { SealSpec } from './sealing.js';
import { LOOKUP_KEY, SEALED_KEY, sealRecord, unsealRecord } from './sealing.js';
import type { SealSpecs } from './seal-specs.js';

/** What the sealing layer needs: the cipher over the host's keys, and how each record kind is sealed. */
export interface Sealer {
  /** Seals and opens with each person's data key. */
  readonly cipher: SubjectCipher;
  /** The seal specs of the personal-data policy. */
  readonly specs: SealSpecs;
  /** Whether personal fields are encrypted (the policy's `encrypt`); lookups work either way. */
  readonly encrypt: boolean;
}

type Plain = Record<string, unknown>;

/**
 * `inner` with the methods of `overrides` replacing its own; every other property is the
 * inner one (bound), so a repository method the sealing layer does not know passes through.
 */
function overlay<T extends object>(inner: T, overrides: Partial<T>): T {
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof T];
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Refuses input that uses what the sealing layer reserves: the attribute keys
 * {@link SEALED_KEY} and {@link LOOKUP_KEY}, or an event note that looks like an envelope.
 */
function refuseReserved(record: Plain, spec: SealSpec): void {
  const holder = record[spec.carrier];
  if (spec.inline !== undefined) {
    if (isEnvelope(holder))
      throw invalidInput([spec.inline], `${spec.inline} must not start with ${JSON.stringify(ENVELOPE_PREFIX)}`);
    return;
  }
  if (holder === null || typeof holder !== 'object') return;
  for (const key of [SEALED_KEY, LOOKUP_KEY])
    if (Object.hasOwn(holder, key))
      throw invalidInput([spec.carrier, key], `${spec.carrier} key ${JSON.stringify(key)} is reserved for Kehu`);
}

/**
 * The repositories `repos` behind a sealing layer: personal fields (by the policy) are
 * sealed with the person's data key on the way in and opened on the way out, so the store
 * and its audit log hold ciphertext only; customers also carry their blind-index tokens.
 * Sums, grades, dates and ids stay in the clear for the store to query.
 */
export function sealedRepositories(repos: KehuRepositories, sealer: Sealer): KehuRepositories {
  const { cipher, specs, encrypt } = sealer;
  const seal = async <T>(subject: string, record: T, spec: SealSpec): Promise<T> => {
    refuseReserved(record as Plain, spec);
    return encrypt ? ((await sealRecord(cipher, subject, record as Plain, spec)) as T) : record;
  };
  const open = async <T>(subject: string, record: T, spec: SealSpec): Promise<T> =>
    (await unsealRecord(cipher, subject, record as Plain, spec)) as T;
  const openVersioned = async <T>(v: Versioned<T>, subject: string, spec: SealSpec): Promise<Versioned<T>> => ({
    record: await open(subject, v.record, spec),
    version: v.version,
  });
  const openPage = async <T>(page: Page<T>, one: (item: T) => Promise<T>): Promise<Page<T>> => ({
    ...page,
    items: await Promise.all(page.items.map(one)),
  });
  async function* openAll<T>(items: AsyncIterable<T>, one: (item: T) => Promise<T>): AsyncIterable<T> {
    for await (const item of items) yield one(item);
  }

  const customer = (v: Versioned<Customer>) => openVersioned(v, v.record.id, specs.customer);
  const sealCustomer = async (record: Customer): Promise<Customer> => {
    const sealed = (await seal(record.id, record, specs.customer)) as Plain;
    const tokens = await lookupTokens(cipher, record);
    const attributes = { ...(sealed.attributes as Plain) };
    if (tokens.length > 0) attributes[LOOKUP_KEY] = tokens;
    return { ...sealed, attributes } as unknown as Customer;
  };
  const customers = overlay(repos.customers, {
    create: async (record, context) => customer(await repos.customers.create(await sealCustomer(record), context)),
    update: async (next, expectedVersion, context) =>
      customer(await repos.customers.update(await sealCustomer(next), expectedVersion, context)),
    get: async (id) => {
      const v = await repos.customers.get(id);
      return v === null ? null : customer(v);
    },
    list: async (request) => openPage(await repos.customers.list(request), customer),
    find: async (filter, request) => openPage(await repos.customers.find(filter, request), customer),
    stream: () => openAll(repos.customers.stream(), customer),
  });

  const transaction = (t: Transaction) => open(t.customerId, t, specs.transaction);
  const transactions = overlay(repos.transactions, {
    append: async (records) =>
      repos.transactions.append(await Promise.all(records.map((t) => seal(t.customerId, t, specs.transaction)))),
    get: async (id) => {
      const t = await repos.transactions.get(id);
      return t === null ? null : transaction(t);
    },
    list: async (filter, request) => openPage(await repos.transactions.list(filter, request), transaction),
    stream: (filter) => openAll(repos.transactions.stream(filter), transaction),
  });

  const complaint = (v: Versioned<Complaint>) => openVersioned(v, v.record.customerId, specs.complaint);
  const event = (subject: string) => (e: ComplaintEvent) => open(subject, e, specs.complaintEvent);
  const subjectOfComplaint = async (id: string): Promise<string | undefined> =>
    (await repos.complaints.get(id))?.record.customerId;
  const complaints = overlay(repos.complaints, {
    open: async (record, actor) =>
      complaint(await repos.complaints.open(await seal(record.customerId, record, specs.complaint), actor)),
    get: async (id) => {
      const v = await repos.complaints.get(id);
      return v === null ? null : complaint(v);
    },
    head: async (id) => {
      const head = await repos.complaints.head(id);
      return head === null ? null : { ...head, complaint: await complaint(head.complaint) };
    },
    appendEvents: async (complaintId, expectedVersion, bodies) => {
      const subject = await subjectOfComplaint(complaintId);
      // A missing complaint: the store says so (KehuNotFoundError), with nothing to seal.
      if (subject === undefined) return repos.complaints.appendEvents(complaintId, expectedVersion, bodies);
      const sealed = await Promise.all(bodies.map((b) => seal(subject, b, specs.complaintEvent)));
      const stored = await repos.complaints.appendEvents(complaintId, expectedVersion, sealed);
      return stored.map((e, i) => ({ ...bodies[i]!, complaintId: e.complaintId, seq: e.seq }) as ComplaintEvent);
    },
    events: async (complaintId) => {
      const subject = await subjectOfComplaint(complaintId);
      const events = await repos.complaints.events(complaintId);
      return subject === undefined ? events : Promise.all(events.map(event(subject)));
    },
    list: async (request) => openPage(await repos.complaints.list(request), complaint),
    listByCustomer: async (customerId, request) =>
      openPage(await repos.complaints.listByCustomer(customerId, request), complaint),
    find: async (filter, request) => openPage(await repos.complaints.find(filter, request), complaint),
    stream: () => openAll(repos.complaints.stream(), complaint),
    streamLogs: (query) =>
      openAll(repos.complaints.streamLogs(query), async (entry) => ({
        complaint: await complaint(entry.complaint),
        events: await Promise.all(entry.events.map(event(entry.complaint.record.customerId))),
      })),
  });

  const contactRecord = (v: Versioned<ContactRecord>) => openVersioned(v, v.record.customerId, specs.contactRecord);
  const sealContactRecord = (r: ContactRecord) => seal(r.customerId, r, specs.contactRecord);
  const contactRecords = overlay(repos.contactRecords, {
    create: async (record, context) =>
      contactRecord(await repos.contactRecords.create(await sealContactRecord(record), context)),
    update: async (next, expectedVersion, context) =>
      contactRecord(await repos.contactRecords.update(await sealContactRecord(next), expectedVersion, context)),
    get: async (id) => {
      const v = await repos.contactRecords.get(id);
      return v === null ? null : contactRecord(v);
    },
    list: async (request) => openPage(await repos.contactRecords.list(request), contactRecord),
    listByCustomer: async (customerId, request) =>
      openPage(await repos.contactRecords.listByCustomer(customerId, request), contactRecord),
    find: async (filter, request) => openPage(await repos.contactRecords.find(filter, request), contactRecord),
    stream: () => openAll(repos.contactRecords.stream(), contactRecord),
    streamByCustomer: (filter) =>
      openAll(repos.contactRecords.streamByCustomer(filter), (r) => open(r.customerId, r, specs.contactRecord)),
  });

  const response = (r: SurveyResponse) => open(r.customerId, r, specs.surveyResponse);
  const surveyResponses = overlay(repos.surveyResponses, {
    append: async (records) =>
      repos.surveyResponses.append(await Promise.all(records.map((r) => seal(r.customerId, r, specs.surveyResponse)))),
    get: async (id) => {
      const r = await repos.surveyResponses.get(id);
      return r === null ? null : response(r);
    },
    list: async (filter, request) => openPage(await repos.surveyResponses.list(filter, request), response),
    stream: (filter) => openAll(repos.surveyResponses.stream(filter), response),
  });

  const grade = (g: GradeAssignment) => open(g.customerId, g, specs.grade);
  const gradeVersioned = (v: Versioned<GradeAssignment>) => openVersioned(v, v.record.customerId, specs.grade);
  const grades = overlay(repos.grades, {
    assign: async (assignment, expectedVersion, context) =>
      gradeVersioned(
        await repos.grades.assign(await seal(assignment.customerId, assignment, specs.grade), expectedVersion, context),
      ),
    current: async (customerId) => {
      const v = await repos.grades.current(customerId);
      return v === null ? null : gradeVersioned(v);
    },
    history: async (customerId) => Promise.all((await repos.grades.history(customerId)).map(grade)),
    listCurrent: async (request) => openPage(await repos.grades.listCurrent(request), gradeVersioned),
    streamCurrent: () => openAll(repos.grades.streamCurrent(), gradeVersioned),
  });

  const exit = (e: CustomerExit) => open(e.customerId, e, specs.exit);
  const exits = overlay(repos.exits, {
    record: async (record, context) => {
      const result = await repos.exits.record(await seal(record.customerId, record, specs.exit), context);
      return { ...result, record: await exit(result.record) };
    },
    get: async (id) => {
      const e = await repos.exits.get(id);
      return e === null ? null : exit(e);
    },
    forCustomer: async (customerId) => Promise.all((await repos.exits.forCustomer(customerId)).map(exit)),
    list: async (filter, request) => openPage(await repos.exits.list(filter, request), exit),
    stream: (filter) => openAll(repos.exits.stream(filter), exit),
  });

  const revisitAction = (a: RevisitAction) => open(a.customerId, a, specs.revisitAction);
  const revisitActions = overlay(repos.revisitActions, {
    record: async (record, context) => {
      const sealed = await seal(record.customerId, record, specs.revisitAction);
      const result = await repos.revisitActions.record(sealed, context);
      return { ...result, record: await revisitAction(result.record) };
    },
    get: async (id) => {
      const a = await repos.revisitActions.get(id);
      return a === null ? null : revisitAction(a);
    },
    forCustomer: async (customerId) =>
      Promise.all((await repos.revisitActions.forCustomer(customerId)).map(revisitAction)),
    list: async (filter, request) => openPage(await repos.revisitActions.list(filter, request), revisitAction),
    stream: (filter) => openAll(repos.revisitActions.stream(filter), revisitAction),
  });

  const opportunity = (v: Versioned<Opportunity>) => openVersioned(v, v.record.customerId, specs.opportunity);
  const opportunityEvent = (subject: string) => (e: OpportunityEvent) => open(subject, e, specs.opportunityEvent);
  // An opportunity's name, attributes and notes are personal when its customer is a person (rule AR-5); a customer
  // that is not stored may be one, so its opportunities are sealed too.
  const personal = async (customerId: string) =>
    (await repos.customers.get(customerId))?.record.kind !== 'organization';
  const sealFor = async <T>(customerId: string, record: T, spec: SealSpec, isPersonal: boolean): Promise<T> => {
    if (isPersonal) return seal(customerId, record, spec);
    refuseReserved(record as Plain, spec);
    return record;
  };
  const opportunities = overlay(repos.opportunities, {
    open: async (record, context) => {
      const sealed = await sealFor(record.customerId, record, specs.opportunity, await personal(record.customerId));
      return opportunity(await repos.opportunities.open(sealed, context));
    },
    appendEvents: async (opportunityId, expectedVersion, bodies, context) => {
      const subject = (await repos.opportunities.get(opportunityId))?.record.customerId;
      // A missing opportunity: the store says so (KehuNotFoundError), with nothing to seal.
      if (subject === undefined)
        return repos.opportunities.appendEvents(opportunityId, expectedVersion, bodies, context);
      const isPersonal = await personal(subject);
      const sealed = await Promise.all(bodies.map((b) => sealFor(subject, b, specs.opportunityEvent, isPersonal)));
      const stored = await repos.opportunities.appendEvents(opportunityId, expectedVersion, sealed, context);
      return stored.map((e, i) => ({ ...bodies[i]!, opportunityId: e.opportunityId, seq: e.seq }) as OpportunityEvent);
    },
    get: async (id) => {
      const v = await repos.opportunities.get(id);
      return v === null ? null : opportunity(v);
    },
    events: async (opportunityId) => {
      const subject = (await repos.opportunities.get(opportunityId))?.record.customerId;
      const events = await repos.opportunities.events(opportunityId);
      return subject === undefined ? events : Promise.all(events.map(opportunityEvent(subject)));
    },
    list: async (request) => openPage(await repos.opportunities.list(request), opportunity),
    listByCustomer: async (customerId, request) =>
      openPage(await repos.opportunities.listByCustomer(customerId, request), opportunity),
    listBySalesperson: async (salespersonId, request) =>
      openPage(await repos.opportunities.listBySalesperson(salespersonId, request), opportunity),
    stream: () => openAll(repos.opportunities.stream(), opportunity),
    streamLogs: () =>
      openAll(repos.opportunities.streamLogs(), async (entry) => ({
        opportunity: await opportunity(entry.opportunity),
        events: await Promise.all(entry.events.map(opportunityEvent(entry.opportunity.record.customerId))),
      })),
  });

  return {
    customers,
    transactions,
    complaints,
    contactRecords,
    surveyResponses,
    grades,
    churnScores: repos.churnScores,
    exits,
    owners: repos.owners,
    revisitActions,
    plans: repos.plans,
    budgetActuals: repos.budgetActuals,
    opportunities,
    audit: repos.audit,
  };
}
