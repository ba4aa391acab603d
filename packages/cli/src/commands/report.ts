import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { BusinessCalendar } from '@kehu/calendar';
import { chinaCalendar } from '@kehu/calendar';
import { isKehuError, KehuPolicyError, KehuValidationError, parseInstant } from '@kehu/core';
import type { ReportSection } from '@kehu/core';
import { REPORT_LANGUAGES, renderReport, type ReportLanguage } from '@kehu/report';
import { createKehu, type Kehu, REPORT_SECTION_IDS, type ReportPolicies, type ReportSectionId } from '@kehu/sdk';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CommandFailure, EXIT } from '../exit.js';
import { createFileKeyProvider } from '../file-key-provider.js';
import { readableFile } from '../input.js';
import type { CliIo } from '../io.js';
import { openStorage } from '../open-storage.js';

const DAY_MS = 86_400_000;
/** Beijing time (UTC+8, no daylight saving since 1991): the zone of the mainland China calendar the CLI uses. */
const BEIJING_OFFSET = '+08:00';

/** Which end of a bare date an instant option means. */
type DayEnd = 'start' | 'end';

/**
 * A commander parser for an instant option: ISO-8601 with `Z` or an offset, or a bare date `YYYY-MM-DD` meaning
 * the start or the end (its last millisecond) of that day in Beijing time, the zone of the report's calendar.
 */
export function instantOption(end: DayEnd): (value: string) => Date {
  return (value: string): Date => {
    if (value.length === 10 && parseInstant(value, { dateOnly: true }) !== undefined) {
      const start = Date.parse(`${value}T00:00:00${BEIJING_OFFSET}`);
      return new Date(end === 'start' ? start : start + DAY_MS - 1);
    }
    const ms = parseInstant(value);
    if (ms === undefined)
      throw new InvalidArgumentError('expected an ISO-8601 instant with Z or an offset, or a date YYYY-MM-DD.');
    return new Date(ms);
  };
}

/** A commander parser for `--sections a,b`: known section ids, each once, at least one. */
export function sectionList(value: string): ReportSectionId[] {
  const ids = value.split(',').map((s) => s.trim());
  const known = REPORT_SECTION_IDS as readonly string[];
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length > 0)
    throw new InvalidArgumentError(
      `unknown section ${unknown.map((id) => `"${id}"`).join(', ')}: expected some of ${known.join(', ')}.`,
    );
  if (new Set(ids).size !== ids.length) throw new InvalidArgumentError('each section may be named once.');
  return ids as ReportSectionId[];
}

/** What to write with {@link writeReportFile}. */
export interface WriteReportOptions {
  /** The file to write (its folder is created when missing); written to a temporary file and renamed over it. */
  out: string;
  /** The moment reported on. */
  asOf: Date;
  /** The business calendar of the SLA clocks, revisit days and stage times. */
  calendar: BusinessCalendar;
  /** The moment compared with; default the SDK's (three calendar months before `asOf`). */
  previousAsOf?: Date;
  /** The start of the trends; default the SDK's (twelve calendar months before `asOf`). */
  from?: Date;
  /** The sections; default all of them. */
  sections?: readonly ReportSectionId[];
  /** The page's language; default bilingual. */
  language?: ReportLanguage;
  /** The policies per module (e.g. the survey of the satisfaction section); default each module's own. */
  policies?: ReportPolicies;
}

/** The report file written by {@link writeReportFile}. */
export interface WrittenReport {
  /** The path, as given. */
  path: string;
  /** Its size in bytes. */
  bytes: number;
  /** The sections written, in the report's order. */
  sections: readonly ReportSection[];
}

/** The option of `kehu report` behind each field of the SDK's report options, to name it in a usage error. */
const OPTION_OF_FIELD: Readonly<Record<string, string>> = {
  asOf: '--as-of',
  previousAsOf: '--previous-as-of',
  from: '--from',
  sections: '--sections',
  language: '--language',
  policies: '--policies',
};

/**
 * Refuses early an output path that can never be written (an existing folder), before any costly work; every other
 * failure to write is found when writing.
 */
export async function checkOutputPath(path: string): Promise<void> {
  const found = await stat(path).catch(() => undefined);
  if (found?.isDirectory()) throw new CommandFailure(EXIT.cannotWrite, `cannot write ${path}: it is a directory`);
}

/** Replaces `path` by `text` atomically: a temporary file in the same folder renamed over it. */
async function writeAtomically(path: string, text: string): Promise<number> {
  const folder = dirname(path);
  const temporary = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const bytes = Buffer.from(text, 'utf8');
  try {
    await mkdir(folder, { recursive: true });
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    const code = (error as { code?: string }).code;
    const reason =
      code === 'EISDIR'
        ? 'it is a directory'
        : code === 'EEXIST' || code === 'ENOTDIR'
          ? `${folder} is not a folder`
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new CommandFailure(EXIT.cannotWrite, `cannot write ${path}: ${reason}`, { cause: error });
  }
  return bytes.length;
}

/**
 * Builds the report from the store with `kehu.report.model`, renders it to one self-contained HTML file and writes
 * it atomically. Report options the SDK refuses are a usage {@link CommandFailure} naming the option.
 */
export async function writeReportFile(kehu: Kehu, options: WriteReportOptions): Promise<WrittenReport> {
  let model: Awaited<ReturnType<Kehu['report']['model']>>;
  try {
    model = await kehu.report.model({
      asOf: options.asOf,
      calendar: options.calendar,
      ...(options.previousAsOf === undefined ? {} : { previousAsOf: options.previousAsOf }),
      ...(options.from === undefined ? {} : { from: options.from }),
      ...(options.sections === undefined ? {} : { sections: options.sections }),
      ...(options.policies === undefined ? {} : { policies: options.policies }),
    });
  } catch (error) {
    const field = error instanceof KehuValidationError || error instanceof KehuPolicyError ? error.path[0] : undefined;
    const option = typeof field === 'string' ? OPTION_OF_FIELD[field] : undefined;
    if (option !== undefined && isKehuError(error))
      throw new CommandFailure(EXIT.usage, `${option}: ${error.message}`, { cause: error });
    throw error;
  }
  const html = renderReport(model, { language: options.language ?? 'bilingual' });
  const bytes = await writeAtomically(options.out, html);
  return { path: options.out, bytes, sections: model.sections };
}

/**
 * The policies in a JSON file given to `--policies`: a missing or unreadable file exits `noInput`, text that is not
 * JSON `badInput`; what the policies say is checked by the SDK.
 */
export async function readPolicies(path: string): Promise<ReportPolicies> {
  await readableFile(path);
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as ReportPolicies;
  } catch (error) {
    throw new CommandFailure(EXIT.badInput, `--policies: ${path} is not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** The lines `kehu report` prints: the path and one line per section written. */
export function formatWrittenReport(report: WrittenReport): string {
  const width = Math.max(...report.sections.map((s) => s.id.length));
  const lines = [`Report 报告: ${report.path} (${Math.ceil(report.bytes / 1024).toLocaleString('en-US')} KB)`];
  for (const s of report.sections) {
    const charts = `${s.charts.length} ${s.charts.length === 1 ? 'chart' : 'charts'} 图表`;
    const note = s.charts.length === 0 && s.notes[0] !== undefined ? ` (${s.notes[0].en} ${s.notes[0].zh})` : '';
    lines.push(`  ${s.id.padEnd(width)}  ${s.title.en} ${s.title.zh} · ${charts}${note}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Options of `kehu report`, as commander parsed them. */
interface ReportCommandOptions {
  storage: string;
  asOf: Date;
  out: string;
  previousAsOf?: Date;
  from?: Date;
  language: ReportLanguage;
  sections?: ReportSectionId[];
  keys?: string;
  policies?: string;
}

/**
 * `kehu report --storage … --as-of … --out report.html`: writes the report of a store (grades and the 80/20 point,
 * RFM, SLAs, satisfaction, churn risk, revisit workload, the pipeline) as one self-contained HTML file with its
 * charts as inline SVG, on the mainland China calendar, and prints its path and sections.
 */
export function reportCommand(io: CliIo): Command {
  return new Command('report')
    .description(
      'write the report of a store as one self-contained HTML file (charts as inline SVG, a data table behind each, ' +
        'English and Chinese) on the mainland China calendar; it reads the store and writes nothing to it',
    )
    .requiredOption('--storage <spec>', 'the store: pglite:DIR, postgres:URL or memory')
    .requiredOption(
      '--as-of <ISO>',
      'the moment reported on: ISO-8601 with Z or an offset, or YYYY-MM-DD for the end of that day (Beijing time)',
      instantOption('end'),
    )
    .requiredOption('--out <file>', 'the HTML file to write (replaced atomically; its folder is created when missing)')
    .option(
      '--previous-as-of <ISO>',
      'the moment compared with (segment migration); YYYY-MM-DD is the end of that day; ' +
        'default three calendar months before --as-of',
      instantOption('end'),
    )
    .option(
      '--from <ISO>',
      'the start of the trends; YYYY-MM-DD is the start of that day; default twelve calendar months before --as-of',
      instantOption('start'),
    )
    .addOption(
      new Option('--language <language>', 'the language of the page')
        .choices([...REPORT_LANGUAGES])
        .default('bilingual'),
    )
    .option('--sections <ids>', `the sections, comma-separated, from ${REPORT_SECTION_IDS.join(',')}`, sectionList)
    .option(
      '--policies <file>',
      'a JSON file of the policies per module (grading, rfm, sla, satisfaction with its survey, churn, cadence, ' +
        "opportunity); each one absent is the module's default",
    )
    .option('--keys <file>', 'key file of the personal-data keys (as kehu demo writes it), to read sealed fields')
    .action(async (opts: ReportCommandOptions) => {
      await checkOutputPath(opts.out);
      const policies = opts.policies === undefined ? undefined : await readPolicies(opts.policies);
      const keys = opts.keys === undefined ? undefined : await createFileKeyProvider(opts.keys);
      const opened = await openStorage(opts.storage);
      io.stderr.write(`reporting on ${opened.description}\n`);
      try {
        const kehu = createKehu({ storage: opened.storage, ...(keys === undefined ? {} : { keys }) });
        const written = await writeReportFile(kehu, {
          out: opts.out,
          asOf: opts.asOf,
          calendar: chinaCalendar(),
          language: opts.language,
          ...(opts.previousAsOf === undefined ? {} : { previousAsOf: opts.previousAsOf }),
          ...(opts.from === undefined ? {} : { from: opts.from }),
          ...(opts.sections === undefined ? {} : { sections: opts.sections }),
          ...(policies === undefined ? {} : { policies }),
        });
        io.stdout.write(formatWrittenReport(written));
      } finally {
        await opened.close();
      }
    });
}
