import {
  isKehuError,
  KehuValidationError,
  parseComplaint,
  parseComplaintEvent,
  parseCustomer,
  parseTransaction,
  type Complaint,
  type ComplaintEventBody,
  type Customer,
  type Transaction,
} from '@kehu/core';
import type { BadRow } from './scan-range.js';

/** The CSV files {@link importCsv} reads. */
export type ImportKind = 'transactions' | 'customers' | 'complaint-events';

/** Every kind {@link importCsv} reads. */
export const IMPORT_KINDS: readonly ImportKind[] = ['transactions', 'customers', 'complaint-events'];

/** One CSV row by header name (empty cells are absent). */
export type CsvRow = Readonly<Record<string, string>>;

/** A complaint-events row: the event, its position in the log, and the intake when it is the `received` event. */
export interface ComplaintEventRow {
  /** The complaint. */
  complaintId: string;
  /** Position in the complaint's log, from 1 (`received`). */
  seq: number;
  /** The event. */
  event: ComplaintEventBody;
  /** The intake, on the `seq` 1 row. */
  intake?: Complaint;
}

/** What a row of each kind becomes. */
export interface RowValue {
  /** A transactions row. */
  transactions: Transaction;
  /** A customers row. */
  customers: Customer;
  /** A complaint-events row. */
  'complaint-events': ComplaintEventRow;
}

/** The columns each kind must have in its header. */
export const REQUIRED_COLUMNS: Readonly<Record<ImportKind, readonly string[]>> = {
  transactions: ['id', 'customer_id', 'occurred_at', 'amount', 'currency'],
  customers: ['id', 'kind', 'name', 'status', 'created_at'],
  'complaint-events': ['complaint_id', 'seq', 'type', 'at', 'actor'],
};

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The CSV column a validation path points at (`['occurredAt']` → `occurred_at`). */
function fieldOf(error: KehuValidationError, rename: Readonly<Record<string, string>> = {}): string {
  const head = error.path[0];
  if (head === undefined) return '';
  const name = String(head);
  return rename[name] ?? snake(name);
}

/** Thrown by a row builder: the row is bad at `field`. */
class RowError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

function text(row: CsvRow, column: string): string | undefined {
  return row[column];
}

function int(row: CsvRow, column: string): number | undefined {
  const value = row[column];
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new RowError(column, `${column} ${JSON.stringify(value)} is not a whole number`);
  return Number(value);
}

function number(row: CsvRow, column: string): number | undefined {
  const value = row[column];
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^-?\d+(\.\d+)?$/.test(value) || !Number.isFinite(n))
    throw new RowError(column, `${column} ${JSON.stringify(value)} is not a number`);
  return n;
}

function bool(row: CsvRow, column: string): boolean | undefined {
  const value = row[column];
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false')
    throw new RowError(column, `${column} ${JSON.stringify(value)} is not true or false`);
  return value === 'true';
}

function list(row: CsvRow, column: string): string[] | undefined {
  const value = row[column];
  return value === undefined
    ? undefined
    : value
        .split(';')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
}

/** Drops the `undefined` fields, so optional fields stay absent rather than `undefined`. */
function defined(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

function transactionRow(row: CsvRow): Transaction {
  return parseTransaction(
    defined({
      id: text(row, 'id'),
      customerId: text(row, 'customer_id'),
      occurredAt: text(row, 'occurred_at'),
      kind: text(row, 'kind'),
      amount: text(row, 'amount'),
      currency: text(row, 'currency'),
      product: text(row, 'product'),
      quantity: int(row, 'quantity'),
      paymentMethod: text(row, 'payment_method'),
      channel: text(row, 'channel'),
      relatesTo: text(row, 'relates_to'),
    }),
  );
}

function customerRow(row: CsvRow): Customer {
  return parseCustomer(
    defined({
      id: text(row, 'id'),
      kind: text(row, 'kind'),
      name: text(row, 'name'),
      status: text(row, 'status'),
      relationship: text(row, 'relationship'),
      createdAt: text(row, 'created_at'),
      owner: text(row, 'owner'),
      birthday: text(row, 'birthday'),
      industry: text(row, 'industry'),
      needs: list(row, 'needs'),
      preferences: list(row, 'preferences'),
      tags: list(row, 'tags'),
    }),
  );
}

function complaintEventRow(row: CsvRow): ComplaintEventRow {
  const complaintId = text(row, 'complaint_id');
  if (complaintId === undefined) throw new RowError('complaint_id', 'complaint_id is empty');
  const seq = int(row, 'seq');
  if (seq === undefined || seq < 1) throw new RowError('seq', 'seq must be a whole number from 1');
  const type = text(row, 'type');
  if ((seq === 1) !== (type === 'received'))
    throw new RowError('type', 'the received event is seq 1, and only it (rule SL-1)');
  const event = parseComplaintEvent(
    defined({
      type,
      at: text(row, 'at'),
      actor: text(row, 'actor'),
      note: text(row, 'note'),
      summary: text(row, 'summary'),
      level: int(row, 'level'),
      to: text(row, 'to'),
      from: text(row, 'from'),
      assignee: text(row, 'assignee'),
      department: text(row, 'department'),
      resolution: text(row, 'resolution'),
      satisfied: bool(row, 'satisfied'),
      score: number(row, 'score'),
    }),
  );
  if (seq > 1) return { complaintId, seq, event };
  const intake = parseComplaint(
    defined({
      id: complaintId,
      customerId: text(row, 'customer_id'),
      contactId: text(row, 'contact_id'),
      contactDetails: text(row, 'contact_details'),
      content: text(row, 'content'),
      occurredAt: text(row, 'occurred_at'),
      place: text(row, 'place'),
      receivedAt: text(row, 'at'),
      channel: text(row, 'channel'),
      severity: text(row, 'severity'),
      category: text(row, 'category'),
    }),
  );
  return { complaintId, seq, event, intake };
}

const builders: { [K in ImportKind]: (row: CsvRow) => RowValue[K] } = {
  transactions: transactionRow,
  customers: customerRow,
  'complaint-events': complaintEventRow,
};

/** Columns whose validation path names differ from the snake_case of the field. */
const RENAMES: Readonly<Record<ImportKind, Readonly<Record<string, string>>>> = {
  transactions: {},
  customers: {},
  'complaint-events': { id: 'complaint_id', receivedAt: 'at' },
};

/**
 * Builds and validates one row of `kind` with core's parsers (the same rules as the SDK):
 * the value, or the bad row with the CSV column at fault and the reason.
 */
export function buildRow<K extends ImportKind>(
  kind: K,
  row: CsvRow,
  line: number,
): { value: RowValue[K] } | { bad: BadRow } {
  try {
    return { value: builders[kind](row) };
  } catch (error) {
    if (error instanceof RowError) return { bad: { line, field: error.field, reason: error.message } };
    if (error instanceof KehuValidationError) {
      const field = fieldOf(error, RENAMES[kind]);
      const issue = error.issues[0];
      const reason = issue === undefined ? error.message : `${field}: ${issue.message}`;
      return { bad: { line, field, reason } };
    }
    if (isKehuError(error)) return { bad: { line, field: '', reason: error.message } };
    throw error;
  }
}
