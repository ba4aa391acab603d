/**
 * `@kehu/ingest`: CSV in, for Node.js.
 *
 * - {@link scanTransactions}: a transactions file (tens of millions of rows) into
 *   per-customer summary tables, with the bad-row report, on worker threads.
 * - {@link importCsv}: a transactions, customers or complaint-events file into any
 *   `KehuStorage`, batched, idempotent and resumable, with progress callbacks.
 *
 * @packageDocumentation
 */
export {
  scanTransactions,
  type ScanProgress,
  type ScanTransactionsOptions,
  type TransactionScan,
  type TransactionSummaryTables,
} from './scan-transactions.js';
export {
  importCsv,
  type ImportCsvOptions,
  type ImportProgress,
  type ImportResult,
} from './import-csv.js';
export { IMPORT_KINDS, REQUIRED_COLUMNS, type ComplaintEventRow, type ImportKind } from './csv-rows.js';
export type { BadRow } from './scan-range.js';
export { CsvWriter } from './csv-writer.js';
export { StringIndex } from './string-index.js';
