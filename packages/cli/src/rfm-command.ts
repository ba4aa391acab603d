import { createWriteStream } from 'node:fs';
import { KehuCurrencyMismatchError, type Tier } from '@kehu/core';
import { gradeByContribution } from '@kehu/grading';
import { RFM_11_SEGMENTS, scoreRfm, segmentOf } from '@kehu/rfm';
import type { CliIo } from './io.js';
import { startProgress } from './progress.js';
import { scanTransactionsCsv, type BadRow } from './transactions-csv.js';

/** Options of `kehu rfm`. */
export interface RfmCommandOptions {
  /** The as-of date `YYYY-MM-DD`; the moment used is the end of that day (UTC). */
  asOf: string;
  /** Output file; default stdout. */
  out?: string;
  /** Stop at the first bad row. */
  strict?: boolean;
  /** Currency to score when the file holds several. */
  currency?: string;
}

/** What `kehu rfm` did. */
export interface RfmCommandResult {
  /** Data rows read. */
  rows: number;
  /** Rows refused. */
  bad: number;
  /** Customers written. */
  customers: number;
}

const DAY = 86_400_000;
const MAX_REPORTED = 20;

/** A bad row stops the run under `--strict`. */
export class StrictStop extends Error {
  /** The row. */
  readonly bad: BadRow;
  constructor(bad: BadRow) {
    super(`line ${bad.line}: ${bad.reason}`);
    this.bad = bad;
  }
}

const field = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * `kehu rfm`: reads a transactions CSV, scores RFM (rule RF-1) as of the date, segments
 * customers with the 11-segment map and grades them by contribution over the trailing year
 * (GR-1, GR-2), and writes `customer_id,recency_days,frequency,monetary,r,f,m,segment,grade`,
 * one row per customer (customers with only refunds or returns have empty scores).
 */
export async function runRfmCommand(file: string, options: RfmCommandOptions, io: CliIo): Promise<RfmCommandResult> {
  const asOf = new Date(Date.parse(`${options.asOf}T00:00:00Z`) + DAY - 1);
  let reported = 0;
  const progress = startProgress(io.stderr, `reading ${file} (MB)`, 100);
  const scan = await scanTransactionsCsv(file, {
    asOf,
    yearFrom: new Date(asOf.getTime() - 365 * DAY),
    onBadRow: (bad) => {
      if (options.strict) throw new StrictStop(bad);
      if (reported++ < MAX_REPORTED) io.stderr.write(`line ${bad.line}: ${bad.reason}\n`);
    },
    onProgress: (read, total) => progress.update(Math.floor((read / Math.max(total, 1)) * 100)),
  });
  progress.finish();
  if (scan.bad > MAX_REPORTED) io.stderr.write(`… and ${scan.bad - MAX_REPORTED} more bad rows\n`);
  const currencies = new Set(scan.all.map((s) => s.currency));
  if (options.currency === undefined && currencies.size > 1) throw new KehuCurrencyMismatchError([...currencies]);
  const pick = options.currency === undefined ? {} : { currency: options.currency };
  const rfm = scoreRfm(scan.all, { asOf, ...pick });
  const grades = new Map<string, Tier>(gradeByContribution(scan.yearly, {}, pick).grades.map((g) => [g.customerId, g.tier]));
  const out = options.out === undefined ? io.stdout : createWriteStream(options.out, { encoding: 'utf8' });
  let buffer = 'customer_id,recency_days,frequency,monetary,r,f,m,segment,grade\n';
  const flush = () => {
    out.write(buffer);
    buffer = '';
  };
  for (const s of rfm.scores) {
    buffer += `${field(s.customerId)},${s.recencyDays},${s.frequency},${s.monetary.toString()},${s.r},${s.f},${s.m},${segmentOf(s, RFM_11_SEGMENTS).segment},${grades.get(s.customerId) ?? 'regular'}\n`;
    if (buffer.length > 1 << 20) flush();
  }
  for (const u of rfm.unscored) buffer += `${field(u.customerId)},,0,,,,,,${grades.get(u.customerId) ?? 'regular'}\n`;
  flush();
  if (options.out !== undefined) {
    const stream = out as ReturnType<typeof createWriteStream>;
    await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
  io.stderr.write(`${scan.rows.toLocaleString('en-US')} rows, ${scan.bad.toLocaleString('en-US')} refused, ${(rfm.scores.length + rfm.unscored.length).toLocaleString('en-US')} customers\n`);
  return { rows: scan.rows, bad: scan.bad, customers: rfm.scores.length + rfm.unscored.length };
}
