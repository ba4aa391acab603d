import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { invalidInput, KehuError, KehuValidationError } from '@kehu/core';
import { CustomerTable, summaryTablesOf, summaryObjectsOf, type TransactionSummaryTables } from './customer-table.js';
import type { TransactionSummary } from '@kehu/core';
import { scanRange, splitQuoted, type BadRow, type Columns, type RangeConfig, type RangeResult } from './scan-range.js';
import type { WorkerReply, WorkerTask } from './scan-protocol.js';

export type { BadRow } from './scan-range.js';

/** Options of {@link scanTransactionsCsv}. */
export interface ScanOptions {
  /** Rows after this instant are ignored. */
  asOf: Date;
  /** Start of the trailing window for `yearly` (exclusive lower bound). */
  yearFrom: Date;
  /**
   * Called for each refused row, in line order, once the file has been read (the scan runs
   * in parallel); throw to stop. With `badRowLimit`, only for the first that many.
   */
  onBadRow?: (bad: BadRow) => void;
  /** Call `onBadRow` for at most this many rows (all are counted in `bad`); default all. */
  badRowLimit?: number;
  /**
   * Stop each part of the file once it has `badRowLimit` bad rows (for a strict scan: the first bad row is then
   * still found and reported in line order, but `rows`, `bad` and the summaries cover only what was read).
   */
  stopAtBadRowLimit?: boolean;
  /** Called now and then with bytes read and the file size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/**
 * What {@link scanTransactionsCsv} returns: the per-customer accumulators of every row up
 * to `asOf` and of the trailing year. {@link scanSummaryTables} turns them into the
 * columnar summaries of one currency; {@link scanSummaries} into summary objects.
 */
export interface ScanResult {
  /** The accumulators, one slot per customer and currency, in order of first appearance. */
  table: CustomerTable;
  /** Data rows read. */
  rows: number;
  /** Rows refused. */
  bad: number;
  /** The currencies seen, in order of first appearance. */
  currencies: string[];
}

/**
 * How {@link scanTransactionsCsv} splits its work; for tests and benchmarks, the defaults
 * are right otherwise.
 */
export interface ScanTuning {
  /** Byte ranges to scan in parallel (default: the available cores, for large files). */
  ranges?: number;
  /** Files with fewer data bytes are scanned in one range (default 16 MiB). */
  minParallelBytes?: number;
  /** Scan the ranges in worker threads (default: when the built worker is available), else one after another here. */
  threads?: boolean;
  /** Bytes read at a time (default 1 MiB). */
  chunkBytes?: number;
}

const DEFAULT_MIN_PARALLEL_BYTES = 16 << 20;
const MAX_RANGES = 16;

function badHeader(message: string): KehuValidationError {
  return invalidInput(['header'], message, 'invalid_value', { code: 'BAD_HEADER' });
}

/** Reads `length` bytes at `position` (fewer at the end of the file). */
function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

/** Finds the header (the first non-blank line): its columns, line number and the offset just after it. */
function readHeader(fd: number, size: number): { columns: Columns; line: number; end: number } | undefined {
  let pos = 0;
  let line = 0;
  let pending: Buffer = Buffer.alloc(0);
  while (pos < size || pending.length > 0) {
    const chunk = pos < size ? readAt(fd, pos, 1 << 16) : Buffer.alloc(0);
    pos += chunk.length;
    const buf = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    const eof = pos >= size;
    let start = 0;
    for (;;) {
      let nl = buf.indexOf(10, start);
      if (nl < 0) {
        if (!eof) break;
        nl = buf.length;
      }
      if (nl === buf.length && start === buf.length) break;
      line++;
      let e = nl;
      if (e > start && buf[e - 1] === 13) e--;
      if (e > start) {
        const text = buf.toString('utf8', start, e);
        const fields = text.includes('"') ? splitQuoted(text) : text.split(',');
        const names = fields.map((f) => f.trim().toLowerCase());
        const idx = (name: string) => names.indexOf(name);
        const missing = (['customer_id', 'occurred_at', 'amount'] as const).filter((name) => idx(name) < 0);
        if (missing.length > 0) throw badHeader(`the header lacks ${missing.join(', ')}`);
        const columns = {
          customer: idx('customer_id'),
          at: idx('occurred_at'),
          amount: idx('amount'),
          kind: idx('kind'),
          currency: idx('currency'),
          fields: names.length,
        };
        return { columns, line, end: Math.min(size, pos - buf.length + nl + 1) };
      }
      start = nl + 1;
      if (start >= buf.length) break;
    }
    pending = buf.subarray(start);
    if (eof) break;
  }
  return undefined;
}

/** Moves `at` forward to just after the next newline (or to `size`). */
function nextLineStart(fd: number, at: number, size: number): number {
  for (let pos = at; pos < size; ) {
    const chunk = readAt(fd, pos, 1 << 16);
    if (chunk.length === 0) break;
    const nl = chunk.indexOf(10);
    if (nl >= 0) return pos + nl + 1;
    pos += chunk.length;
  }
  return size;
}

/** Splits `[start, size)` into up to `n` ranges of whole lines. */
function splitRanges(fd: number, start: number, size: number, n: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let from = start;
  for (let i = 1; i < n && from < size; i++) {
    const to = nextLineStart(fd, Math.max(from, start + Math.floor(((size - start) * i) / n) - 1), size);
    if (to > from) ranges.push([from, to]);
    from = to;
  }
  if (from < size) ranges.push([from, size]);
  return ranges;
}

/** The built worker (`dist/scan-worker.js`), when this module runs from the build. */
function workerUrl(): URL | undefined {
  try {
    const url = new URL('./scan-worker.js', import.meta.url);
    return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
  } catch {
    return undefined;
  }
}

function runWorker(url: URL, task: WorkerTask, onProgress: (bytes: number) => void): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData: task });
    let settled = false;
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'progress') onProgress(reply.bytes);
      else if (reply.type === 'error') {
        settled = true;
        reject(
          reply.validation === undefined
            ? new KehuError('SCAN_FAILED', `scan worker: ${reply.message}`)
            : new KehuValidationError(reply.message, reply.validation.issues, { code: reply.validation.code }),
        );
      } else {
        settled = true;
        resolve({
          table: CustomerTable.fromData(reply.table),
          rows: reply.rows,
          bad: reply.bad,
          badRows: reply.badRows,
          lines: reply.lines,
        });
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(new KehuError('SCAN_FAILED', `scan worker: ${error.message}`, { cause: error }));
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new KehuError('SCAN_FAILED', `scan worker exited with code ${code}`));
    });
  });
}

/**
 * Scans a transactions CSV (`customer_id,occurred_at,amount` and optional `kind,currency`
 * columns, in any order, with a header) keeping only one small accumulator per customer
 * and currency: memory grows with customers, not rows. Amounts are summed exactly (scaled
 * integers while they fit, Decimals after). Hand-written rather than a CSV library because
 * parsing dominates the time on tens of millions of rows (see `pnpm bench`): rows are parsed
 * from bytes (`scan-range.ts`), and with two or more CPUs a large file is split at newlines
 * into one range per CPU, scanned by worker threads and merged in file order, so results,
 * summary order and bad-row line numbers are those of one sequential pass. Quoted fields go
 * through an RFC 4180 splitter.
 */
export async function scanTransactionsCsv(
  path: string,
  options: ScanOptions,
  tuning: ScanTuning = {},
): Promise<ScanResult> {
  const size = (await stat(path)).size;
  const fd = openSync(path, 'r');
  let results: RangeResult[];
  let firstDataLine: number;
  try {
    const header = readHeader(fd, size);
    if (header === undefined) {
      options.onProgress?.(size, size);
      throw badHeader('the file is empty: expected a header customer_id,occurred_at,amount');
    }
    firstDataLine = header.line + 1;
    const config: RangeConfig = {
      columns: header.columns,
      asOf: options.asOf.getTime(),
      yearFrom: options.yearFrom.getTime(),
      badRowLimit: options.badRowLimit ?? Number.POSITIVE_INFINITY,
      ...(options.stopAtBadRowLimit ? { stopAtBadRowLimit: true } : {}),
      ...(tuning.chunkBytes === undefined ? {} : { chunkBytes: tuning.chunkBytes }),
    };
    const url = tuning.threads === false ? undefined : workerUrl();
    // Two scanning threads on the benchmark's two vCPUs (siblings of one core) each run at
    // about half speed, but they overlap each other's cache misses: with the merge, ten
    // million rows took about 4.6 s end to end against 4.8 s on one thread (measured).
    const cpus = availableParallelism();
    const wanted = tuning.ranges ?? (url === undefined || cpus < 2 ? 1 : Math.min(MAX_RANGES, cpus));
    const n = size - header.end < (tuning.minParallelBytes ?? DEFAULT_MIN_PARALLEL_BYTES) ? 1 : wanted;
    const ranges = splitRanges(fd, header.end, size, n);
    const done = new Array<number>(ranges.length).fill(0);
    let lastReport = 0;
    const progress = (i: number, bytes: number) => {
      done[i] = bytes;
      const read = header.end + done.reduce((a, b) => a + b, 0);
      if (options.onProgress && read - lastReport > 64 << 20) {
        lastReport = read;
        options.onProgress(read, size);
      }
    };
    if (url !== undefined && ranges.length > 1) {
      results = await Promise.all(
        ranges.map(([start, end], i) => runWorker(url, { path, start, end, config }, (bytes) => progress(i, bytes))),
      );
    } else {
      results = ranges.map(([start, end], i) => scanRange(fd, start, end, config, (bytes) => progress(i, bytes)));
    }
  } finally {
    closeSync(fd);
  }
  options.onProgress?.(size, size);
  // Merge in file order: slots keep the order of first appearance, line numbers continue.
  const table = results[0]?.table ?? new CustomerTable(1);
  let rows = 0;
  let bad = 0;
  let line = firstDataLine - 1;
  const badRows: BadRow[] = [];
  const limit = options.badRowLimit ?? Number.POSITIVE_INFINITY;
  for (const [i, r] of results.entries()) {
    if (i > 0) table.merge(r.table);
    rows += r.rows;
    bad += r.bad;
    for (const b of r.badRows) if (badRows.length < limit) badRows.push({ ...b, line: line + b.line });
    line += r.lines;
  }
  for (const b of badRows) options.onBadRow?.(b);
  const seen = new Set<number>();
  const currencies: string[] = [];
  for (let k = 0; k < table.size; k++) {
    const c = table.cur(k);
    if (!seen.has(c)) {
      seen.add(c);
      currencies.push(table.currencies[c]!);
    }
  }
  return { table, rows, bad, currencies };
}

/**
 * The summaries of `currency` in columns, straight from the accumulators, or `undefined`
 * when a customer's sums left the scaled integers (then take {@link scanSummaries}).
 */
export function scanSummaryTables(result: ScanResult, currency: string): TransactionSummaryTables | undefined {
  return summaryTablesOf(result.table, currency);
}

/** The summaries of every customer and currency as objects, in order of first appearance (exact for any input). */
export function scanSummaries(result: ScanResult): { all: TransactionSummary[]; yearly: TransactionSummary[] } {
  return summaryObjectsOf(result.table);
}
