import {
  auditEntryToJson,
  complaintEventToJson,
  complaintToJson,
  churnScoreRecordToJson,
  contactRecordToJson,
  customerExitToJson,
  customerToJson,
  gradeAssignmentToJson,
  KehuNotFoundError,
  opportunityEventToJson,
  opportunityToJson,
  revisitActionToJson,
  surveyResponseToJson,
  transactionToJson,
  type AuditEntry,
  type ComplaintEvent,
  type JsonValue,
  type OpportunityEvent,
} from '@kehu/core';
import { streamPages, type KehuRepositories } from '@kehu/storage';
import type { SubjectCipher } from './cipher.js';

/** Everything Kehu stores about one person, as JSON (PIPL's right to a copy). */
export interface PersonalDataExport {
  /** The format of this document. */
  format: 'kehu.personal-data/v1';
  /** The customer the export is about. */
  customerId: string;
  /** The customer record. */
  customer: JsonValue;
  /** Grade history, oldest first. */
  grades: JsonValue[];
  /** Sales records. */
  transactions: JsonValue[];
  /** Complaints, each with its event log. */
  complaints: Array<{ complaint: JsonValue; events: JsonValue[] }>;
  /** Revisit and contact records. */
  contactRecords: JsonValue[];
  /** Survey responses. */
  surveyResponses: JsonValue[];
  /** Churn risk scores with their explanations, oldest first (rules CH-1 to CH-3). */
  churnScores: JsonValue[];
  /** Exit records: when and why the customer left, settlement and lessons (rule CH-7). */
  exits: JsonValue[];
  /** Snoozes and skips of planned revisits with their reasons, oldest first (rules CA-6, CA-9). */
  revisitActions: JsonValue[];
  /** Sales opportunities, each with its event log (stage moves, notes, outcome; rule MP-3). */
  opportunities: Array<{ opportunity: JsonValue; events: JsonValue[] }>;
  /**
   * Audit entries about the customer, its grades, churn scores, exits, revisit actions, opportunities and contact
   * records (those deleted or purged since included), sealed values opened.
   */
  audit: JsonValue[];
}

/**
 * Collects everything stored about customer `id` through `repos` (the sealing layer's, so
 * values come back opened) into one JSON document. Audit entries are read from `raw` and
 * their sealed values opened with `cipher` when Kehu encrypts.
 */
export async function exportPersonalData(
  repos: KehuRepositories,
  cipher: SubjectCipher | undefined,
  id: string,
): Promise<PersonalDataExport> {
  const customer = await repos.customers.get(id);
  if (customer === null) throw new KehuNotFoundError('customer', id);
  const collect = async <T, J>(items: AsyncIterable<T>, toJson: (t: T) => J): Promise<J[]> => {
    const out: J[] = [];
    for await (const item of items) out.push(toJson(item));
    return out;
  };
  const contactRecords = await collect(
    streamPages((request) => repos.contactRecords.listByCustomer(id, request)),
    (v) => v,
  );
  const complaints: PersonalDataExport['complaints'] = [];
  for await (const v of streamPages((request) => repos.complaints.listByCustomer(id, request))) {
    const events = await repos.complaints.events(v.record.id);
    complaints.push({
      complaint: complaintToJson(v.record) as JsonValue,
      events: events.map(({ complaintId: _c, seq, ...body }) => ({
        seq,
        ...(complaintEventToJson(body as ComplaintEvent) as Record<string, JsonValue>),
      })),
    });
  }
  const audit: JsonValue[] = [];
  const add = async (entry: AuditEntry) => {
    const json = auditEntryToJson(entry) as JsonValue;
    audit.push(cipher === undefined ? json : await cipher.openDeep(id, json));
  };
  for (const entity of ['customer', 'grade', 'churn-score'] as const)
    for await (const entry of repos.audit.stream({ entity, entityId: id })) await add(entry);
  const exits = await repos.exits.forCustomer(id);
  for (const e of exits)
    for await (const entry of repos.audit.stream({ entity: 'exit', entityId: e.id })) await add(entry);
  const revisitActions = await repos.revisitActions.forCustomer(id);
  for (const a of revisitActions)
    for await (const entry of repos.audit.stream({ entity: 'revisit-action', entityId: a.id })) await add(entry);
  const opportunities: PersonalDataExport['opportunities'] = [];
  for await (const v of streamPages((request) => repos.opportunities.listByCustomer(id, request))) {
    const events = await repos.opportunities.events(v.record.id);
    opportunities.push({
      opportunity: opportunityToJson(v.record) as JsonValue,
      events: events.map(({ opportunityId: _o, seq, ...body }) => ({
        seq,
        ...(opportunityEventToJson(body as OpportunityEvent) as Record<string, JsonValue>),
      })),
    });
    for await (const entry of repos.audit.stream({ entity: 'opportunity', entityId: v.record.id })) await add(entry);
  }
  // Contact records by whom their entries name, so that records deleted or purged since (whose
  // entries keep their sealed text) are in the copy too.
  const owners = new Map<string, unknown>();
  for await (const entry of repos.audit.stream({ entity: 'contact-record' })) {
    const before = owners.get(entry.entityId);
    for (const op of entry.patch)
      if (op.op === 'add' || op.op === 'replace') {
        const value = op.value as Record<string, unknown> | null;
        if (op.path === '') owners.set(entry.entityId, value?.customerId);
        else if (op.path === '/customerId') owners.set(entry.entityId, value);
      }
    if (before === id || owners.get(entry.entityId) === id) await add(entry);
  }
  return {
    format: 'kehu.personal-data/v1',
    customerId: id,
    customer: customerToJson(customer.record) as JsonValue,
    grades: (await repos.grades.history(id)).map((g) => gradeAssignmentToJson(g) as JsonValue),
    transactions: await collect(
      repos.transactions.stream({ customerId: id }),
      (t) => transactionToJson(t) as JsonValue,
    ),
    complaints,
    contactRecords: contactRecords.map((r) => contactRecordToJson(r.record) as JsonValue),
    surveyResponses: await collect(
      repos.surveyResponses.stream({ customerId: id }),
      (r) => surveyResponseToJson(r) as JsonValue,
    ),
    churnScores: (await repos.churnScores.history(id)).map((s) => churnScoreRecordToJson(s) as JsonValue),
    exits: exits.map((e) => customerExitToJson(e) as JsonValue),
    revisitActions: revisitActions.map((a) => revisitActionToJson(a) as JsonValue),
    opportunities,
    audit: audit.sort((a, b) => (a as { seq: number }).seq - (b as { seq: number }).seq),
  };
}
