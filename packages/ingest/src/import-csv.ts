import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { customerToJson, invalidInput, KehuConflictError, type Transaction } from '@kehu/core';
import type { KehuRepositories, KehuStorage } from '@kehu/storage';
import { parse } from 'csv-parse';
import {
  buildRow,
  IMPORT_KINDS,
  REQUIRED_COLUMNS,
  type ComplaintEventRow,
  type CsvRow,
  type ImportKind,
  type RowValue,
} from './csv-rows.js';
import {
  checkOptionalFunction,
  checkOptionalInteger,
  checkOptions,
  checkSource,
  checkStorage,
  describeValue,
  fileSize,
} from './arguments.js';
import type { BadRow } from './scan-range.js';

const DEFAULT_BATCH_SIZE = 1000;
const DEFAULT_MAX_BAD_ROWS = 100;
const DEFAULT_ACTOR = 'kehu-import';

/** How far an import is; given after every batch. */
export interface ImportProgress {
  /** Data rows read so far. */
  rows: number;
  /** Rows written to the store so far. */
  written: number;
  /** Rows the store already held with the same content (a rerun after an interruption). */
  alreadyStored: number;
  /** Rows refused so far. */
  bad: number;
  /** Bytes of the file parsed so far. */
  bytesRead: number;
  /** Size of the file in bytes, when the source is a path. */
  totalBytes?: number;
}

/** Options of {@link importCsv}. */
export interface ImportCsvOptions {
  /** Rows written per storage call or transaction; default 1,000. */
  batchSize?: number;
  /** Refuse at the first bad row: throws `KehuValidationError` with code `BAD_ROW` (earlier batches stay stored). */
  strict?: boolean;
  /** Keep at most this many bad rows with their reasons in the result (all are counted); default 100. */
  maxBadRows?: number;
  /** Who the audit entries of created customers name (rule AR-4); default `kehu-import`. */
  actor?: string;
  /** Reason in those audit entries; default `import`. */
  reason?: string;
  /**
   * Refuse a transaction or a complaint intake whose customer is not stored (the row is reported with
   * `customer_id`, as the SDK refuses it); default `true`. Set `false` for hosts that import orders before
   * customers. Checked once per batch.
   */
  requireKnownCustomers?: boolean;
  /** Called after every batch. */
  onProgress?: (progress: ImportProgress) => void;
}

/** What {@link importCsv} did. */
export interface ImportResult extends ImportProgress {
  /** The first refused rows (up to `maxBadRows`), with line, column and reason. */
  badRows: BadRow[];
}

interface Line<K extends ImportKind> {
  line: number;
  value: RowValue[K];
}

interface BatchOutcome {
  written: number;
  alreadyStored: number;
  bad: BadRow[];
}

type Writer<K extends ImportKind> = (storage: KehuStorage, batch: Array<Line<K>>) => Promise<BatchOutcome>;

/** The customer a row needs to exist: a transaction's, or a complaint's on its intake row. */
function customerOf(kind: ImportKind, value: RowValue[ImportKind]): string | undefined {
  if (kind === 'transactions') return (value as RowValue['transactions']).customerId;
  if (kind === 'complaint-events') return (value as RowValue['complaint-events']).intake?.customerId;
  return undefined;
}

/** The rows of `batch` whose customer is stored; the others go to `refuse`, in one storage call. */
async function knownCustomersOnly(
  storage: KehuStorage,
  kind: ImportKind,
  batch: Array<Line<ImportKind>>,
  refuse: (bad: BadRow) => void,
): Promise<Array<Line<ImportKind>>> {
  const customers = batch.map(({ value }) => customerOf(kind, value));
  const ids = new Set(customers.filter((id) => id !== undefined));
  if (ids.size === 0) return batch;
  const missing = new Set(await storage.customers.missing([...ids]));
  if (missing.size === 0) return batch;
  return batch.filter(({ line }, i) => {
    const id = customers[i];
    if (id === undefined || !missing.has(id)) return true;
    refuse({ line, field: 'customer_id', reason: `customer ${id} does not exist` });
    return false;
  });
}

/** Transactions: idempotent appends by id; a conflicting id is found row by row and refused. */
const writeTransactions: Writer<'transactions'> = async (storage, batch) => {
  const values = batch.map((b) => b.value);
  try {
    const r = await storage.transactions.append(values);
    return { written: r.inserted, alreadyStored: r.duplicates, bad: [] };
  } catch (error) {
    if (!(error instanceof KehuConflictError)) throw error;
  }
  const outcome: BatchOutcome = { written: 0, alreadyStored: 0, bad: [] };
  for (const { line, value } of batch) {
    try {
      const r = await storage.transactions.append([value] satisfies Transaction[]);
      outcome.written += r.inserted;
      outcome.alreadyStored += r.duplicates;
    } catch (error) {
      if (!(error instanceof KehuConflictError)) throw error;
      outcome.bad.push({ line, field: 'id', reason: `id ${value.id} is stored with different content` });
    }
  }
  return outcome;
};

/** Customers: one transaction per batch; stored ids with the same content are skipped, others refused. */
function writeCustomers(actor: string, reason: string): Writer<'customers'> {
  return (storage, batch) =>
    storage.withTransaction(async (tx) => {
      const outcome: BatchOutcome = { written: 0, alreadyStored: 0, bad: [] };
      for (const { line, value } of batch) {
        const stored = await tx.customers.get(value.id);
        if (stored === null) {
          await tx.customers.create(value, { actor, at: value.createdAt, reason });
          outcome.written++;
        } else if (JSON.stringify(customerToJson(stored.record)) === JSON.stringify(customerToJson(value))) {
          outcome.alreadyStored++;
        } else outcome.bad.push({ line, field: 'id', reason: `customer ${value.id} is stored with different content` });
      }
      return outcome;
    });
}

/**
 * Complaint events: one transaction per batch; per complaint, events the log already
 * holds (`seq` at or below its version) are skipped, the next ones appended in `seq`
 * order, and a gap is refused.
 */
const writeComplaintEvents: Writer<'complaint-events'> = (storage, batch) =>
  storage.withTransaction(async (tx: KehuRepositories) => {
    const outcome: BatchOutcome = { written: 0, alreadyStored: 0, bad: [] };
    const byComplaint = new Map<string, Array<Line<'complaint-events'>>>();
    for (const row of batch) {
      const rows = byComplaint.get(row.value.complaintId) ?? [];
      rows.push(row);
      byComplaint.set(row.value.complaintId, rows);
    }
    for (const [id, rows] of byComplaint) {
      rows.sort((a, b) => a.value.seq - b.value.seq);
      let version = (await tx.complaints.get(id))?.version ?? 0;
      const pending: ComplaintEventRow[] = [];
      for (const { line, value } of rows) {
        const next = version + 1;
        if (value.seq < next) outcome.alreadyStored++;
        else if (value.seq > next)
          outcome.bad.push({ line, field: 'seq', reason: `seq ${value.seq} of complaint ${id}: expected ${next}` });
        else if (value.intake !== undefined) {
          await tx.complaints.open(value.intake, value.event.actor);
          outcome.written++;
          version = next;
        } else {
          pending.push(value);
          version = next;
        }
      }
      if (pending.length > 0) {
        await tx.complaints.appendEvents(
          id,
          pending[0]!.seq - 1,
          pending.map((p) => p.event),
        );
        outcome.written += pending.length;
      }
    }
    return outcome;
  });

/**
 * Streams a CSV file (a path, or a Readable of its bytes) of `kind` into any
 * {@link KehuStorage}, batched, idempotent and resumable: rerunning an import that was
 * interrupted (or run twice) ends with each row stored exactly once, because transactions
 * are appended idempotently by id, customers are created only when their id is not stored
 * (with an audit entry, rule AR-4), and complaint events are appended only past the log's
 * stored version. Every row is validated by `@kehu/core`'s parsers; a bad row is reported
 * with its line, column and reason and skipped, or refuses the import under `strict`.
 *
 * Headers (snake_case, any order, RFC 4180 quoting, other columns ignored):
 * - `transactions`: `id,customer_id,occurred_at,amount,currency` and optionally `kind`,
 *   `product`, `quantity`, `payment_method`, `channel`, `relates_to`;
 * - `customers`: `id,kind,name,status,created_at` and optionally `relationship`, `owner`,
 *   `birthday`, `industry`, and `needs`, `preferences`, `tags` as `;`-separated lists;
 * - `complaint-events`: `complaint_id,seq,type,at,actor` and the event's own fields
 *   (`note`, `summary`, `level`, `to`, `from`, `assignee`, `department`, `resolution`,
 *   `satisfied`, `score`); the `seq` 1 row is the `received` event and also carries the
 *   intake (`customer_id`, `content`, `occurred_at`, `channel` and optionally `severity`,
 *   `category`, `place`, `contact_id`, `contact_details`; received at `at`).
 *
 * Throws `KehuValidationError` with code `BAD_HEADER` (path `['header']`) when the header
 * lacks a required column, and with code `BAD_ROW` (path `[line, column]`) under `strict`.
 */
export async function importCsv(
  storageInput: KehuStorage,
  kind: ImportKind,
  sourceInput: string | Readable,
  optionsInput?: ImportCsvOptions,
): Promise<ImportResult> {
  const storage = checkStorage(storageInput);
  if (!IMPORT_KINDS.includes(kind))
    throw invalidInput(['kind'], `unknown import kind ${describeValue(kind)}: use ${IMPORT_KINDS.join(', ')}`);
  const source = checkSource(sourceInput);
  const options = checkOptions<ImportCsvOptions>(optionsInput, 'import options');
  const batchSize = checkOptionalInteger(options.batchSize, ['batchSize'], 1) ?? DEFAULT_BATCH_SIZE;
  const maxBadRows = checkOptionalInteger(options.maxBadRows, ['maxBadRows'], 0) ?? DEFAULT_MAX_BAD_ROWS;
  const onProgress = checkOptionalFunction<(progress: ImportProgress) => void>(options.onProgress, ['onProgress']);
  const totalBytes = typeof source === 'string' ? await fileSize(source) : undefined;
  const input = typeof source === 'string' ? createReadStream(source) : source;
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true });
  input.on('error', (error: Error) => parser.destroy(error));
  input.pipe(parser);

  const writer: Writer<ImportKind> = (
    kind === 'transactions'
      ? writeTransactions
      : kind === 'customers'
        ? writeCustomers(options.actor ?? DEFAULT_ACTOR, options.reason ?? 'import')
        : writeComplaintEvents
  ) as Writer<ImportKind>;
  const progress: ImportProgress = {
    rows: 0,
    written: 0,
    alreadyStored: 0,
    bad: 0,
    bytesRead: 0,
    ...(totalBytes === undefined ? {} : { totalBytes }),
  };
  const badRows: BadRow[] = [];
  const refuse = (bad: BadRow) => {
    if (options.strict)
      throw invalidInput([bad.line, bad.field], `line ${bad.line}: ${bad.reason}`, 'invalid_value', {
        code: 'BAD_ROW',
        details: { ...bad },
      });
    progress.bad++;
    if (badRows.length < maxBadRows) badRows.push(bad);
  };
  let header: string[] | undefined;
  let batch: Array<Line<ImportKind>> = [];
  const checkCustomers = options.requireKnownCustomers !== false && kind !== 'customers';
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = checkCustomers ? await knownCustomersOnly(storage, kind, batch, refuse) : batch;
    const outcome = rows.length === 0 ? { written: 0, alreadyStored: 0, bad: [] } : await writer(storage, rows);
    batch = [];
    progress.written += outcome.written;
    progress.alreadyStored += outcome.alreadyStored;
    for (const bad of outcome.bad) refuse(bad);
    progress.bytesRead = parser.info.bytes;
    onProgress?.({ ...progress });
  };
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (header === undefined) {
        header = record.map((name) => name.trim().toLowerCase());
        const missing = REQUIRED_COLUMNS[kind].filter((name) => !header!.includes(name));
        if (missing.length > 0)
          throw invalidInput(['header'], `the ${kind} header lacks ${missing.join(', ')}`, 'invalid_value', {
            code: 'BAD_HEADER',
          });
        continue;
      }
      progress.rows++;
      const row: Record<string, string> = {};
      header.forEach((name, i) => {
        const cell = record[i];
        if (cell !== undefined && cell !== '') row[name] = cell;
      });
      const built = buildRow(kind, row as CsvRow, info.lines);
      if ('bad' in built) refuse(built.bad);
      else batch.push({ line: info.lines, value: built.value });
      if (batch.length >= batchSize) await flush();
    }
    if (header === undefined)
      throw invalidInput(['header'], `the file is empty: expected a ${kind} header`, 'invalid_value', {
        code: 'BAD_HEADER',
      });
    await flush();
  } finally {
    if (!input.destroyed) input.destroy();
  }
  progress.bytesRead = parser.info.bytes;
  return { ...progress, badRows };
}
