import { PGlite } from '@electric-sql/pglite';
import {
  type ComplaintEvent,
  complaintEventToJson,
  complaintToJson,
  contactRecordToJson,
  customerToJson,
  gradeAssignmentToJson,
  parseAuditContext,
  type SummaryWindow,
  summarizeTransactions,
  type Transaction,
  surveyResponseToJson,
  type TransactionSummary,
  transactionToJson,
} from '@kehu/core';
import type { KehuStorage, Page, PageRequest, Versioned } from '@kehu/storage';
import {
  HOSTILE_VALIDATORS,
  hostileComplaint,
  hostileComplaintEvent,
  hostileContactRecord,
  hostileCustomer,
  hostileGradeAssignment,
  hostileSurveyResponse,
  hostileTransaction,
  tryParse,
  withUniqueKey,
} from '@kehu/storage-conformance';
import { createMemoryStorage } from '@kehu/storage-memory';
import * as fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from './migrations.js';
import { createPostgresStorage } from './postgres-storage.js';

// The memory adapter and PGlite get the same generated batches: they must accept and refuse the same inputs,
// give back the same records, and compute the same summaries and listings (issue "one behaviour on every adapter").
const db = new PGlite();
afterAll(() => db.close());
let schemas = 0;

const RUNS = 20;
const SEED = 12;
const CONTEXT = parseAuditContext({ actor: 'differential', at: '2026-01-05T09:00:00+08:00', reason: 'differential' });

/** Customer ids whose code-point order differs from UTF-16 and locale order, so summaries group and sort them. */
const CUSTOMER_IDS = ['a', 'B', 'Z', '中', '😀', 'ｚ', '\uFFFF', '\u{10FFFF}', 'e\u0301', 'é', 'a-10', 'a-9'];

const FIRST = Date.parse('0001-01-01T00:00:00.000Z');
const LAST = Date.parse('9999-12-31T23:59:59.999Z');
const instant = fc.oneof(
  fc.constantFrom(FIRST, LAST, 0, Date.parse('2026-03-08T07:00:00.000Z')),
  fc.integer({ min: FIRST, max: LAST }),
);
/** Valid summary windows: `asOf`, and `from <= to` when both are given. */
const summaryWindow: fc.Arbitrary<SummaryWindow> = fc
  .tuple(instant, fc.option(instant, { nil: undefined }), fc.option(instant, { nil: undefined }))
  .map(([asOf, a, b]) => {
    const [from, to] = a !== undefined && b !== undefined && a > b ? [b, a] : [a, b];
    return {
      asOf: new Date(asOf),
      ...(from === undefined ? {} : { from: new Date(from) }),
      ...(to === undefined ? {} : { to: new Date(to) }),
    };
  });

const batch = fc.record({
  customers: fc.array(hostileCustomer(), { maxLength: 4 }),
  transactions: fc.array(
    hostileTransaction({
      customerId: fc.constantFrom(...CUSTOMER_IDS),
      currency: fc.constantFrom('CNY', 'USD', 'cny'),
    }),
    { minLength: 1, maxLength: 12 },
  ),
  complaints: fc.array(hostileComplaint(), { maxLength: 3 }),
  events: fc.array(hostileComplaintEvent(), { maxLength: 4 }),
  contactRecords: fc.array(hostileContactRecord(), { maxLength: 3 }),
  surveyResponses: fc.array(hostileSurveyResponse(), { maxLength: 3 }),
  grades: fc.array(hostileGradeAssignment(), { maxLength: 3 }),
  windows: fc.array(summaryWindow, { minLength: 1, maxLength: 3 }),
});

/** Parses each raw input (ids made unique within the batch); the accepted values, refusals checked to be typed. */
function accepted<T>(what: string, raws: unknown[], key: string, validate: (input: unknown) => T): T[] {
  return raws.flatMap((raw, i) => {
    const outcome = tryParse(what, withUniqueKey(raw, key, i), validate);
    return outcome.accepted ? [outcome.value] : [];
  });
}

/** What one adapter made of a write: `ok`, or the refusal's class and code. */
async function attempt(write: () => Promise<unknown>): Promise<string> {
  try {
    await write();
    return 'ok';
  } catch (error) {
    return `${(error as Error).name} ${(error as { code?: string }).code ?? ''}: ${(error as Error).message}`;
  }
}

/** Writes through both adapters and asserts both stored it (a refusal after validation accepted is a bug). */
async function both(what: string, stores: KehuStorage[], write: (s: KehuStorage) => Promise<unknown>) {
  const results = await Promise.all(stores.map((s) => attempt(() => write(s))));
  expect(results, `${what}: memory, PGlite`).toEqual(['ok', 'ok']);
}

/** A summary row in comparable form: exact decimal strings, ISO instants. */
function plain(r: TransactionSummary) {
  return {
    ...r,
    firstPurchaseAt: r.firstPurchaseAt?.toISOString() ?? null,
    lastPurchaseAt: r.lastPurchaseAt?.toISOString() ?? null,
    grossAmount: r.grossAmount.toString(),
    reversedAmount: r.reversedAmount.toString(),
    netAmount: r.netAmount.toString(),
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** One page of ids. */
interface IdPage {
  items: string[];
  nextCursor: string | null;
}

async function idPage<T>(page: Promise<Page<T>>, id: (item: T) => string): Promise<IdPage> {
  const { items, nextCursor } = await page;
  return { items: items.map(id), nextCursor };
}

/** Every page of a list (pages of 7, so keyset cursors over astral ids are crossed), as ids. */
async function walkIds(list: (request: PageRequest) => Promise<IdPage>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await list(cursor === undefined ? { limit: 7 } : { limit: 7, cursor });
    ids.push(...page.items);
    if (page.nextCursor === null) return ids;
    cursor = page.nextCursor;
  }
}

/** The contract's string order: by code points, which is UTF-8 byte order (computed without the adapters). */
function codePointSort(ids: readonly string[]): string[] {
  return [...ids].sort((x, y) => Buffer.compare(Buffer.from(x, 'utf8'), Buffer.from(y, 'utf8')));
}

/** Lists through both adapters: the same ids in the same order, which is code-point order of `ids` when given. */
async function sameList(
  stores: KehuStorage[],
  name: string,
  list: (s: KehuStorage) => Promise<string[]>,
  ids?: string[],
) {
  const [memory, pglite] = await Promise.all(stores.map(list));
  expect(pglite, `PGlite lists ${name} like memory`).toEqual(memory);
  if (ids !== undefined) expect(memory, `${name} in code-point order`).toEqual(codePointSort(ids));
}

/** Reads back through both adapters, expecting both to give `expected` (the parsed value's JSON form). */
async function sameRecord(stores: KehuStorage[], read: (s: KehuStorage) => Promise<unknown>, expected: unknown) {
  const [memory, pglite] = await Promise.all(stores.map(read));
  expect(pglite, 'PGlite gives back what memory gives back').toEqual(memory);
  expect(memory, 'memory gives back the parsed value').toEqual(expected);
}

type Batch = typeof batch extends fc.Arbitrary<infer B> ? B : never;

/** Writes every accepted record of `raw` through both adapters and compares what each gives back. */
async function writeAll(stores: KehuStorage[], raw: Batch) {
  const customers = accepted('customer', raw.customers, 'id', HOSTILE_VALIDATORS.customer);
  for (const c of customers) {
    await both(`customer ${JSON.stringify(c.id)}`, stores, (s) => s.customers.create(c, CONTEXT));
    await sameRecord(stores, async (s) => customerToJson((await s.customers.get(c.id))!.record), customerToJson(c));
  }
  const transactions = accepted('transaction', raw.transactions, 'id', HOSTILE_VALIDATORS.transaction);
  if (transactions.length > 0) await both('transactions', stores, (s) => s.transactions.append(transactions));
  for (const t of transactions)
    await sameRecord(stores, async (s) => transactionToJson((await s.transactions.get(t.id))!), transactionToJson(t));
  const complaints = accepted('complaint', raw.complaints, 'id', HOSTILE_VALIDATORS.complaint);
  for (const k of complaints) {
    await both(`complaint ${JSON.stringify(k.id)}`, stores, (s) => s.complaints.open(k, 'agent'));
    await sameRecord(stores, async (s) => complaintToJson((await s.complaints.get(k.id))!.record), complaintToJson(k));
  }
  const bodies = accepted('complaint event', raw.events, 'note', HOSTILE_VALIDATORS.complaintEvent);
  const first = complaints[0];
  if (first !== undefined && bodies.length > 0) {
    await both(`events of ${JSON.stringify(first.id)}`, stores, (s) => s.complaints.appendEvents(first.id, 1, bodies));
    const log = (events: ComplaintEvent[]) =>
      events.map(({ complaintId, seq, ...body }) => ({ complaintId, seq, ...complaintEventToJson(body) }));
    const expected = bodies.map((b, i) => ({ complaintId: first.id, seq: i + 2, ...complaintEventToJson(b) }));
    await sameRecord(stores, async (s) => log(await s.complaints.events(first.id)).slice(1), expected);
  }
  const records = accepted('contact record', raw.contactRecords, 'id', HOSTILE_VALIDATORS.contactRecord);
  for (const r of records) {
    await both(`contact record ${JSON.stringify(r.id)}`, stores, (s) => s.contactRecords.create(r, CONTEXT));
    const read = async (s: KehuStorage) => contactRecordToJson((await s.contactRecords.get(r.id))!.record);
    await sameRecord(stores, read, contactRecordToJson(r));
  }
  const responses = accepted('survey response', raw.surveyResponses, 'id', HOSTILE_VALIDATORS.surveyResponse);
  if (responses.length > 0) await both('survey responses', stores, (s) => s.surveyResponses.append(responses));
  for (const r of responses) {
    const read = async (s: KehuStorage) => surveyResponseToJson((await s.surveyResponses.get(r.id))!);
    await sameRecord(stores, read, surveyResponseToJson(r));
  }
  const grades = accepted('grade', raw.grades, 'customerId', HOSTILE_VALIDATORS.gradeAssignment);
  for (const g of grades) {
    await both(`grade of ${JSON.stringify(g.customerId)}`, stores, (s) => s.grades.assign(g, 0, CONTEXT));
    const read = async (s: KehuStorage) => gradeAssignmentToJson((await s.grades.current(g.customerId))!.record);
    await sameRecord(stores, read, gradeAssignmentToJson(g));
  }
  return { customers, transactions, complaints, records, responses, grades };
}

/** Summaries: the same rows from both stores, and the rows core computes from the accepted transactions. */
async function sameSummaries(stores: KehuStorage[], transactions: Transaction[], windows: SummaryWindow[]) {
  for (const window of windows) {
    const read = async (s: KehuStorage) => (await collect(s.transactions.summarizeTransactions(window))).map(plain);
    await sameRecord(stores, read, summarizeTransactions(transactions, { window }).map(plain));
  }
}

type Written = Awaited<ReturnType<typeof writeAll>>;
const recordId = (v: Versioned<{ id: string }>) => v.record.id;

/** Each listing compared, with the ids it must give in code-point order when it lists by id. */
const LISTINGS: Array<[string, (s: KehuStorage, r: PageRequest) => Promise<IdPage>, ((w: Written) => string[])?]> = [
  ['customers', (s, r) => idPage(s.customers.list(r), recordId), (w) => w.customers.map((c) => c.id)],
  ['complaints', (s, r) => idPage(s.complaints.list(r), recordId), (w) => w.complaints.map((k) => k.id)],
  ['complaints by receipt', (s, r) => idPage(s.complaints.find({}, r), recordId)],
  ['contact records', (s, r) => idPage(s.contactRecords.list(r), recordId), (w) => w.records.map((c) => c.id)],
  [
    'survey responses',
    (s, r) => idPage(s.surveyResponses.list({}, r), (v) => v.id),
    (w) => w.responses.map((v) => v.id),
  ],
  [
    'current grades',
    (s, r) => idPage(s.grades.listCurrent(r), (v) => v.record.customerId),
    (w) => w.grades.map((g) => g.customerId),
  ],
  ['transactions', (s, r) => idPage(s.transactions.list({}, r), (t) => t.id)],
  ["one customer's transactions", (s, r) => idPage(s.transactions.list({ customerId: '😀' }, r), (t) => t.id)],
];

describe('memory and PGlite: one behaviour on hostile input', () => {
  it('store the same records, refuse none that validation accepted, and read, summarise and list alike', {
    timeout: 240_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(batch, async (raw) => {
        const schema = `kehu_differential_${++schemas}`;
        await migrate(db, { schema });
        const stores = [createMemoryStorage(), createPostgresStorage({ client: db, schema })];
        try {
          const written = await writeAll(stores, raw);
          await sameSummaries(stores, written.transactions, raw.windows);
          for (const [name, list, ids] of LISTINGS)
            await sameList(stores, name, (s) => walkIds((r) => list(s, r)), ids?.(written));
          const stream = async (s: KehuStorage) => (await collect(s.transactions.stream())).map((t) => t.id);
          await sameList(stores, 'the transaction stream', stream);
        } finally {
          await Promise.all(stores.map((s) => s.close()));
          await db.exec(`DROP SCHEMA ${schema} CASCADE`);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
