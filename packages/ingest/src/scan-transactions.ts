import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { invalidInput, type SummaryWindow, type TransactionSummary } from '@kehu/core';
import { contributionWindow, type ContributionPolicyInput } from '@kehu/grading';
import { checkOptionalFunction, checkOptionalInteger, checkSource, describeValue, fileSize } from './arguments.js';
import type { TransactionSummaryTables } from './customer-table.js';
import {
  scanSummaries,
  scanSummaryTables,
  scanTransactionsCsv,
  type BadRow,
  type ScanResult,
} from './transactions-csv.js';

const DEFAULT_MAX_BAD_ROWS = 100;

/** How far a scan is, for a progress line. */
export interface ScanProgress {
  /** Bytes of the file read so far. */
  bytesRead: number;
  /** Size of the file in bytes. */
  totalBytes: number;
}

/** Options of {@link scanTransactions}. */
export interface ScanTransactionsOptions {
  /** Rows after this instant are ignored; `all` summaries cover everything up to it. */
  asOf: Date;
  /**
   * The grading policy whose `windowDays` sets the trailing window of the `trailing`
   * summaries (rule GR-2; default: `@kehu/grading`'s default policy, the past 365 days).
   */
  grading?: ContributionPolicyInput;
  /** Refuse the whole file at its first bad row: throws `KehuValidationError` with code `BAD_ROW`. */
  strict?: boolean;
  /** Scan large files on worker threads, one byte range per CPU (default `true`; used only from the build). */
  threads?: boolean;
  /** Keep at most this many bad rows in {@link TransactionScan.badRows} (all are counted); default 100. */
  maxBadRows?: number;
  /** Called now and then while the file is read, and once at the end. */
  onProgress?: (progress: ScanProgress) => void;
}

export type { TransactionSummaryTables } from './customer-table.js';

/** What {@link scanTransactions} found. */
export interface TransactionScan {
  /** Data rows read (blank lines excluded). */
  rows: number;
  /** Rows refused. */
  bad: number;
  /** The first refused rows (up to `maxBadRows`), in line order. */
  badRows: BadRow[];
  /** The currencies of the accepted rows, in order of first appearance. */
  currencies: string[];
  /** The window of the `all` summaries: everything up to `asOf`. */
  window: SummaryWindow;
  /** The trailing window of the grading policy (`from` exclusive, as summaries count it). */
  trailingWindow: SummaryWindow;
  /**
   * The summaries of `currency` as summary tables built straight from the scan's
   * accumulators, or `undefined` when some customer's sums need more than four decimal
   * places or pass 2^53 units: then use {@link TransactionScan.summaries}, which is exact
   * for any input.
   */
  summaryTables(currency: string): TransactionSummaryTables | undefined;
  /** Every customer's summary per currency as objects (exact for any input), in order of first appearance. */
  summaries(): { all: TransactionSummary[]; trailing: TransactionSummary[] };
}

/**
 * Scans a transactions CSV (a path, or a Readable of its bytes) into per-customer summaries
 * (rule AR-6) of everything up to `asOf` and of the grading policy's trailing window
 * (GR-2), in memory that grows with customers, not rows. The header names the columns
 * `customer_id`, `occurred_at`, `amount` and optionally `kind` (purchase, refund, return;
 * default purchase) and `currency` (ISO 4217; default CNY), in any order; other columns
 * are ignored and quoted fields follow RFC 4180. Each bad row is reported with its line,
 * field and reason and skipped, or, with `strict`, refuses the file. A stream is first
 * copied to a temporary file so large inputs can be split among worker threads.
 *
 * Throws `KehuValidationError` with code `BAD_HEADER` (path `['header']`) for an empty file
 * or a header without the required columns, and with code `BAD_ROW` (path `[line, field]`)
 * for the first bad row under `strict`.
 */
export async function scanTransactions(
  sourceInput: string | Readable,
  optionsInput: ScanTransactionsOptions,
): Promise<TransactionScan> {
  const source = checkSource(sourceInput);
  if (typeof optionsInput !== 'object' || optionsInput === null || Array.isArray(optionsInput))
    throw invalidInput(
      [],
      `scan options (with asOf) must be an object, got ${describeValue(optionsInput)}`,
      'invalid_type',
    );
  const options = optionsInput;
  checkOptionalInteger(options.maxBadRows, ['maxBadRows'], 0);
  checkOptionalFunction(options.onProgress, ['onProgress']);
  if (typeof source === 'string') {
    await fileSize(source);
    return scanFile(source, options);
  }
  const dir = await mkdtemp(join(tmpdir(), 'kehu-ingest-'));
  try {
    const file = join(dir, 'transactions.csv');
    await pipeline(source, createWriteStream(file));
    return await scanFile(file, options);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function scanFile(path: string, options: ScanTransactionsOptions): Promise<TransactionScan> {
  const { asOf, from: trailingFrom } = contributionWindow(options.grading, options);
  const badRows: BadRow[] = [];
  const onProgress = options.onProgress;
  const result: ScanResult = await scanTransactionsCsv(
    path,
    {
      asOf,
      yearFrom: trailingFrom,
      badRowLimit: options.strict ? 1 : (options.maxBadRows ?? DEFAULT_MAX_BAD_ROWS),
      ...(options.strict ? { stopAtBadRowLimit: true } : {}),
      onBadRow: (bad) => {
        if (options.strict) {
          throw invalidInput([bad.line, bad.field], `line ${bad.line}: ${bad.reason}`, 'invalid_value', {
            code: 'BAD_ROW',
            details: { ...bad },
          });
        }
        badRows.push(bad);
      },
      ...(onProgress === undefined
        ? {}
        : { onProgress: (bytesRead: number, totalBytes: number) => onProgress({ bytesRead, totalBytes }) }),
    },
    options.threads === false ? { threads: false } : {},
  );
  return {
    rows: result.rows,
    bad: result.bad,
    badRows,
    currencies: result.currencies,
    window: { asOf },
    trailingWindow: { asOf, from: new Date(trailingFrom.getTime() + 1) },
    summaryTables: (currency) => scanSummaryTables(result, currency),
    summaries: () => {
      const { all, yearly } = scanSummaries(result);
      return { all, trailing: yearly };
    },
  };
}
