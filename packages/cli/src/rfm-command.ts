import { createWriteStream } from 'node:fs';
import { KehuCurrencyMismatchError, TIERS, type Tier } from '@kehu/core';
import { contributionTable } from '@kehu/grading';
import { RFM_11_SEGMENTS, scoreRfmTable, segmentOf, type RfmTable } from '@kehu/rfm';
import { CsvWriter } from './csv-writer.js';
import type { CliIo } from './io.js';
import { startProgress } from './progress.js';
import { StringIndex } from './string-index.js';
import {
  scanSummaries,
  scanSummaryColumns,
  scanTransactionsCsv,
  type BadRow,
  type ScanColumns,
  type ScanResult,
} from './transactions-csv.js';

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

/** `,r,f,m,` as bytes for every score combination (scores are 1..10). */
const digitsRow: Buffer[][][] = Array.from({ length: 11 }, (_, r) =>
  Array.from({ length: 11 }, (_, f) => Array.from({ length: 11 }, (_, m) => Buffer.from(`,${r},${f},${m},`))),
);

/** The scored and unscored customers to write, each with its tier. */
interface Graded {
  table: RfmTable;
  /** The tier of each scored row of `table`. */
  scoredTiers: Tier[];
  /** The tier of each of `table.unscored`. */
  unscoredTiers: Tier[];
}

/** Columnar path: scores and grades straight from the scan's accumulators, tiers matched by row. */
function gradeColumns(cols: ScanColumns, asOf: Date): Graded {
  const table = scoreRfmTable(cols.all, { asOf });
  const grading = contributionTable(cols.yearly);
  const tierOfAll = new Array<Tier>(cols.all.customerIds.length).fill('regular');
  for (let k = 0; k < grading.tiers.length; k++)
    tierOfAll[cols.allRowOfYearly[grading.inputIndex[k]!]!] = grading.tiers[k]!;
  // Scored and unscored rows are both in customer-id order, as `all` is: walk them together.
  const scoredTiers = new Array<Tier>(table.customerIds.length);
  const unscoredTiers = new Array<Tier>(table.unscored.length);
  const ids = cols.all.customerIds;
  let p = 0;
  let q = 0;
  for (let i = 0; i < ids.length; i++) {
    if (p < scoredTiers.length && table.customerIds[p] === ids[i]) scoredTiers[p++] = tierOfAll[i]!;
    else unscoredTiers[q++] = tierOfAll[i]!;
  }
  return { table, scoredTiers, unscoredTiers };
}

/** Exact path for any input (amounts beyond four decimal places, sums past 2^53 units): summary objects. */
function gradeObjects(scan: ScanResult, asOf: Date, currency: string | undefined): Graded {
  const pick = currency === undefined ? {} : { currency };
  const { all, yearly } = scanSummaries(scan);
  const table = scoreRfmTable(all, { asOf, ...pick });
  const grading = contributionTable(yearly, {}, pick);
  const grades = new StringIndex<Tier>(grading.customerIds.length);
  grading.customerIds.forEach((id, k) => grades.set(id, grading.tiers[k]!));
  return {
    table,
    scoredTiers: table.customerIds.map((id) => grades.get(id) ?? 'regular'),
    unscoredTiers: table.unscored.map((u) => grades.get(u.customerId) ?? 'regular'),
  };
}

/**
 * `kehu rfm`: reads a transactions CSV, scores RFM (rule RF-1) as of the date, segments
 * customers with the 11-segment map and grades them by contribution over the trailing year
 * (GR-1, GR-2), and writes `customer_id,recency_days,frequency,monetary,r,f,m,segment,grade`,
 * one row per customer in customer-id order, scored customers first (customers with only
 * refunds or returns have empty scores).
 */
export async function runRfmCommand(file: string, options: RfmCommandOptions, io: CliIo): Promise<RfmCommandResult> {
  const asOf = new Date(Date.parse(`${options.asOf}T00:00:00Z`) + DAY - 1);
  let reported = 0;
  const progress = startProgress(io.stderr, `reading ${file} (MB)`, 100);
  const scan = await scanTransactionsCsv(file, {
    asOf,
    yearFrom: new Date(asOf.getTime() - 365 * DAY),
    // Only the reported rows need their reasons; the rest are counted.
    badRowLimit: options.strict ? 1 : MAX_REPORTED,
    onBadRow: (bad) => {
      if (options.strict) throw new StrictStop(bad);
      if (reported++ < MAX_REPORTED) io.stderr.write(`line ${bad.line}: ${bad.reason}\n`);
    },
    onProgress: (read, total) => progress.update(Math.floor((read / Math.max(total, 1)) * 100)),
  });
  progress.finish();
  if (scan.bad > MAX_REPORTED) io.stderr.write(`… and ${scan.bad - MAX_REPORTED} more bad rows\n`);
  if (options.currency === undefined && scan.currencies.length > 1)
    throw new KehuCurrencyMismatchError([...scan.currencies]);
  const currency = options.currency ?? scan.currencies[0];
  const cols = currency === undefined ? undefined : scanSummaryColumns(scan, currency);
  const { table, scoredTiers, unscoredTiers } =
    cols === undefined ? gradeObjects(scan, asOf, options.currency) : gradeColumns(cols, asOf);
  // Words written per row are encoded once: segments by score combination, tiers by name.
  const encode = (word: string) => Buffer.from(word, 'utf8');
  const segments = new Map<number, Buffer>();
  const segment = (r: number, f: number, m: number) => {
    const key = (r * 16 + f) * 16 + m;
    let name = segments.get(key);
    if (name === undefined) {
      name = encode(segmentOf({ r, f, m }, RFM_11_SEGMENTS).segment);
      segments.set(key, name);
    }
    return name;
  };
  const tierBytes = Object.fromEntries(TIERS.map((t) => [t, encode(t)])) as Record<Tier, Buffer>;
  const sink = options.out === undefined ? undefined : createWriteStream(options.out);
  const writer = new CsvWriter(
    sink === undefined ? (chunk) => io.stdout.write(chunk.toString('utf8')) : (chunk) => sink.write(chunk),
  );
  writer.bytes(encode('customer_id,recency_days,frequency,monetary,r,f,m,segment,grade\n'));
  const units = table.monetaryUnits;
  for (let i = 0; i < table.customerIds.length; i++) {
    const r = table.r[i]!;
    const f = table.f[i]!;
    const m = table.m[i]!;
    writer.text(table.customerIds[i]!);
    writer.byte(44);
    writer.int(table.recencyDays[i]!);
    writer.byte(44);
    writer.int(table.frequency[i]!);
    writer.byte(44);
    if (units === undefined) writer.text(table.monetaryDecimals![i]!.toString());
    else writer.units(units[i]!, table.monetaryScale);
    writer.bytes(digitsRow[r]![f]![m]!);
    writer.bytes(segment(r, f, m));
    writer.byte(44);
    writer.bytes(tierBytes[scoredTiers[i]!]);
    writer.endRow();
  }
  const unscoredMiddle = encode(',,0,,,,,,');
  table.unscored.forEach((u, i) => {
    writer.text(u.customerId);
    writer.bytes(unscoredMiddle);
    writer.bytes(tierBytes[unscoredTiers[i]!]);
    writer.endRow();
  });
  writer.flush();
  if (sink !== undefined)
    await new Promise<void>((resolve, reject) =>
      sink.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  const customers = table.customerIds.length + table.unscored.length;
  io.stderr.write(
    `${scan.rows.toLocaleString('en-US')} rows, ${scan.bad.toLocaleString('en-US')} refused, ${customers.toLocaleString('en-US')} customers\n`,
  );
  return { rows: scan.rows, bad: scan.bad, customers };
}
