import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DAY_MS, TIERS, type Tier } from '@kehu/core';
import { contributionTable, gradeByContribution } from '@kehu/grading';
import {
  CsvWriter,
  scanTransactions,
  StringIndex,
  type TransactionScan,
  type TransactionSummaryTables,
} from '@kehu/ingest';
import { RFM_11_SEGMENTS, rfmTable, scoreRfm, segmentOf, type RfmTable } from '@kehu/rfm';
import { Command } from 'commander';
import { MAX_REPORTED_BAD_ROWS, reportBadRows } from '../bad-rows.js';
import { CommandFailure, EXIT } from '../exit.js';
import { readableFile } from '../input.js';
import type { CliIo } from '../io.js';
import { localDate } from '../options.js';
import { plural } from '../plural.js';
import { startReadProgress } from '../progress.js';

/** Options of `kehu rfm`. */
export interface RfmCommandOptions {
  /** The as-of date `YYYY-MM-DD`; the moment used is the end of that day (UTC). */
  asOf: string;
  /** Output file (its folder is created when missing); default stdout. */
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

/** `,r,f,m,` as bytes for every score combination (scores are 1..10). */
const digitsRow: Buffer[][][] = Array.from({ length: 11 }, (_, r) =>
  Array.from({ length: 11 }, (_, f) => Array.from({ length: 11 }, (_, m) => Buffer.from(`,${r},${f},${m},`))),
);

/** What the writer needs of the scores: an `RfmTable`, or the same columns built from score objects. */
type Scores = Pick<
  RfmTable,
  | 'ids'
  | 'recencyDays'
  | 'frequency'
  | 'monetaryUnits'
  | 'monetaryScale'
  | 'monetaryDecimals'
  | 'r'
  | 'f'
  | 'm'
  | 'unscored'
>;

/** The scored and unscored customers to write, each with its tier. */
interface Graded {
  table: Scores;
  /** The tier of each scored row of `table`. */
  scoredTiers: Tier[];
  /** The tier of each of `table.unscored`. */
  unscoredTiers: Tier[];
}

/** Columnar path: scores and grades straight from the scan's summary tables, tiers matched by row. */
function gradeColumns(cols: TransactionSummaryTables, asOf: Date): Graded {
  const table = rfmTable(cols.all, { asOf });
  const grading = contributionTable(cols.trailing);
  const tierOfAll = new Array<Tier>(cols.all.ids.length).fill('regular');
  for (let k = 0; k < grading.tiers.length; k++)
    tierOfAll[cols.allRowOfTrailing[grading.inputIndex[k]!]!] = grading.tiers[k]!;
  // Scored and unscored rows are both in customer-id order, as `all` is: walk them together.
  const scoredTiers = new Array<Tier>(table.ids.length);
  const unscoredTiers = new Array<Tier>(table.unscored.length);
  const ids = cols.all.ids;
  let p = 0;
  let q = 0;
  for (let i = 0; i < ids.length; i++) {
    if (p < scoredTiers.length && table.ids[p] === ids[i]) scoredTiers[p++] = tierOfAll[i]!;
    else unscoredTiers[q++] = tierOfAll[i]!;
  }
  return { table, scoredTiers, unscoredTiers };
}

/** Exact path for any input (amounts beyond four decimal places, sums past 2^53 units): summary objects. */
function gradeObjects(scan: TransactionScan, asOf: Date, currency: string): Graded {
  const { all, trailing } = scan.summaries();
  const result = scoreRfm(all, { asOf, currency });
  const scores = result.scores;
  const table: Scores = {
    ids: scores.map((s) => s.customerId),
    recencyDays: Float64Array.from(scores, (s) => s.recencyDays),
    frequency: Float64Array.from(scores, (s) => s.frequency),
    monetaryUnits: undefined,
    monetaryScale: 0,
    monetaryDecimals: scores.map((s) => s.monetary),
    r: Uint8Array.from(scores, (s) => s.r),
    f: Uint8Array.from(scores, (s) => s.f),
    m: Uint8Array.from(scores, (s) => s.m),
    unscored: result.unscored,
  };
  const grading = gradeByContribution(trailing, {}, { currency });
  const grades = new StringIndex<Tier>(grading.grades.length);
  for (const g of grading.grades) grades.set(g.customerId, g.tier);
  return {
    table,
    scoredTiers: table.ids.map((id) => grades.get(id) ?? 'regular'),
    unscoredTiers: table.unscored.map((u) => grades.get(u.customerId) ?? 'regular'),
  };
}

/** Opens `path` for writing, creating its folder; a path that cannot be written is a {@link CommandFailure}. */
async function openOutput(path: string) {
  try {
    await mkdir(dirname(path), { recursive: true });
    return await open(path, 'w');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === 'EISDIR'
        ? 'it is a directory'
        : code === 'EEXIST' || code === 'ENOTDIR'
          ? `${dirname(path)} is not a folder`
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new CommandFailure(EXIT.cannotWrite, `cannot write ${path}: ${reason}`, { cause: error });
  }
}

/** The currency to score: the one asked for, or the file's only one; refuses a choice the file cannot meet. */
function chooseCurrency(scan: TransactionScan, asked: string | undefined): string | undefined {
  const held = scan.currencies.join(', ');
  if (asked === undefined) {
    if (scan.currencies.length > 1)
      throw new CommandFailure(
        EXIT.usage,
        `the file holds several currencies (${held}): score one at a time with --currency, ` +
          `e.g. --currency ${scan.currencies[0]}`,
      );
    return scan.currencies[0];
  }
  if (!scan.currencies.includes(asked))
    throw new CommandFailure(
      EXIT.noRows,
      `warning: no rows in currency ${asked}${held === '' ? '' : ` (the file holds ${held})`}; nothing written`,
    );
  return asked;
}

/**
 * `kehu rfm`: reads a transactions CSV, scores RFM (rule RF-1) as of the date, segments
 * customers with the 11-segment map and grades them by contribution over the grading
 * policy's trailing window (GR-1, GR-2), and writes
 * `customer_id,recency_days,frequency,monetary,r,f,m,segment,grade`, one row per customer
 * in customer-id order, scored customers first (customers with only refunds or returns
 * have empty scores).
 */
export async function runRfmCommand(file: string, options: RfmCommandOptions, io: CliIo): Promise<RfmCommandResult> {
  const asOf = new Date(Date.parse(`${options.asOf}T00:00:00Z`) + DAY_MS - 1);
  const size = await readableFile(file);
  const progress = startReadProgress(io.stderr, file, size);
  const scan = await scanTransactions(file, {
    asOf,
    maxBadRows: MAX_REPORTED_BAD_ROWS,
    ...(options.strict ? { strict: true } : {}),
    onProgress: (p) => progress.update(p.bytesRead),
  });
  progress.finish();
  reportBadRows(io.stderr, scan);
  const currency = chooseCurrency(scan, options.currency);
  const cols = currency === undefined ? undefined : scan.summaryTables(currency);
  const { table, scoredTiers, unscoredTiers } =
    currency === undefined
      ? empty()
      : cols === undefined
        ? gradeObjects(scan, asOf, currency)
        : gradeColumns(cols, asOf);
  const customers = table.ids.length + table.unscored.length;
  const output = options.out === undefined ? undefined : await openOutput(options.out);
  const sink = output?.createWriteStream();
  let failed: Error | undefined;
  sink?.on('error', (error) => {
    failed = error;
  });
  writeRows(
    table,
    scoredTiers,
    unscoredTiers,
    sink === undefined ? (chunk) => io.stdout.write(chunk.toString('utf8')) : (chunk) => sink.write(chunk),
  );
  if (sink !== undefined)
    await new Promise<void>((resolve) => sink.end(() => resolve())).then(() => {
      if (failed) throw new CommandFailure(EXIT.cannotWrite, `cannot write ${options.out}: ${failed.message}`);
    });
  io.stderr.write(
    `${plural(scan.rows, 'row')}, ${scan.bad.toLocaleString('en-US')} refused, ${plural(customers, 'customer')}\n`,
  );
  return { rows: scan.rows, bad: scan.bad, customers };
}

/** No currency at all (a file with a header and no accepted rows): nothing to score. */
function empty(): Graded {
  const none = new Uint8Array(0);
  const table: Scores = {
    ids: [],
    recencyDays: new Float64Array(0),
    frequency: new Float64Array(0),
    monetaryUnits: new Float64Array(0),
    monetaryScale: 0,
    monetaryDecimals: undefined,
    r: none,
    f: none,
    m: none,
    unscored: [],
  };
  return { table, scoredTiers: [], unscoredTiers: [] };
}

/** Writes the header and one row per customer through `write`. */
function writeRows(table: Scores, scoredTiers: Tier[], unscoredTiers: Tier[], write: (chunk: Buffer) => unknown): void {
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
  const writer = new CsvWriter(write);
  writer.bytes(encode('customer_id,recency_days,frequency,monetary,r,f,m,segment,grade\n'));
  const units = table.monetaryUnits;
  for (let i = 0; i < table.ids.length; i++) {
    const r = table.r[i]!;
    const f = table.f[i]!;
    const m = table.m[i]!;
    writer.text(table.ids[i]!);
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
}

/** The `kehu rfm` command. */
export function rfmCommand(io: CliIo): Command {
  return new Command('rfm')
    .description(
      'score RFM (R, F, M 1..5), segment and grade every customer of a transactions CSV with columns ' +
        'customer_id,occurred_at,amount and optional kind,currency; ' +
        'writes customer_id,recency_days,frequency,monetary,r,f,m,segment,grade',
    )
    .argument('<transactions.csv>', 'the transactions file (header required)')
    .requiredOption('--as-of <date>', 'score as of the end of this day, YYYY-MM-DD (UTC)', localDate)
    .option('--out <file>', 'write the scores here instead of stdout (its folder is created when missing)')
    .option('--currency <code>', 'score only this currency when the file holds several')
    .option(
      '--strict',
      'stop at the first bad row (otherwise bad rows are reported with their line numbers and skipped)',
    )
    .action(async (file: string, opts: RfmCommandOptions) => {
      await runRfmCommand(file, opts, io);
    });
}
