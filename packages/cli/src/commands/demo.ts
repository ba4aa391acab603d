import { chinaCalendar } from '@kehu/calendar';
import { Decimal, KehuConflictError, SEVERITY_LABELS, type ComplaintSeverity } from '@kehu/core';
import { createKehu, createMemoryKeyProvider, type Kehu } from '@kehu/sdk';
import { Command } from 'commander';
import { generateSampleBusiness, SAMPLE_SURVEY, type SampleBusiness } from '@kehu/sample-data';
import { demoCadence, formatDemoCadence, type DemoCadence } from '../demo/cadence.js';
import { DEMO_EXIT_REASON, demoChurn, formatDemoChurn, type DemoChurn } from '../demo/churn.js';
import { demoSatisfaction, formatDemoSatisfaction, type DemoSatisfaction } from '../demo/satisfaction.js';
import { demoPlans, formatDemoPlans, type DemoPlans } from '../demo/plans.js';
import { storeSampleBusiness } from '../demo/sample-business.js';
import { DEMO_ERASURE_ID, demoPrivacy, formatDemoPrivacy, type DemoPrivacy } from '../demo/privacy.js';
import { demoSla, formatDemoSla, type DemoSla } from '../demo/sla.js';
import { createFileKeyProvider, DEFAULT_KEY_FILE } from '../file-key-provider.js';
import { demoValue, formatDemoValue, type DemoValue } from '../demo/value.js';
import type { CliIo } from '../io.js';
import { DEFAULT_PGLITE_DIR, openStorage } from '../open-storage.js';
import { integer, localDate } from '../options.js';
import { checkOutputPath, writeReportFile } from './report.js';

/** Options of `kehu demo`. */
export interface DemoOptions {
  /** Generator seed; default 42. */
  seed?: number;
  /** Number of customers; default 2,000. */
  customers?: number;
  /** The demo's "today" (`YYYY-MM-DD`); default `2026-06-30`. */
  asOf?: string;
  /** Store spec (`memory`, `pglite:DIR`, `postgres:URL`); default `pglite:.kehu/demo-pglite`. */
  storage?: string;
  /**
   * The key file of the personal-data keys (default `.kehu/demo-keys.json`; with `memory`
   * storage, keys are kept in memory unless a file is given).
   */
  keys?: string;
  /** The HTML report to write at the end (`kehu report` as of the demo's today); none when absent. */
  report?: string;
}

/** Where `kehu demo` writes its report unless told otherwise: in the working directory. */
export const DEFAULT_DEMO_REPORT = 'kehu-report.html';

/** What the demo stored, read back from the store. */
export interface DemoSummary {
  /** Generator seed. */
  seed: number;
  /** The demo's "today". */
  asOf: string;
  /** Where the data went. */
  storage: string;
  /** Customers by kind. */
  customers: { total: number; persons: number; organizations: number };
  /** Transactions by kind with exact gross and net value (refunds and returns netted, AR-6). */
  transactions: {
    total: number;
    purchases: number;
    refunds: number;
    returns: number;
    currency: 'CNY';
    gross: string;
    net: string;
  };
  /** Complaints by severity and their events (SL-1). */
  complaints: { total: number; normal: number; urgent: number; major: number; events: number };
  /** Contact records (CA-9). */
  contactRecords: number;
  /** Survey responses (SA-1). */
  surveyResponses: number;
  /** Audit entries (AR-4). */
  auditEntries: number;
  /** Grades, RFM segments and grade changes (RF-1, GR-1 to GR-4). */
  value: DemoValue;
  /** The SLA board and the complaint monitoring report (SL-2 to SL-4, SL-7 to SL-9). */
  sla: DemoSla;
  /** The quarter's satisfaction report (SA-1, SA-3 to SA-5). */
  satisfaction: DemoSatisfaction;
  /** Churn risk: scores, alerts, BG/NBD with its holdout check, the score's backtest, an exit (CH-1 to CH-7). */
  churn: DemoChurn;
  /** Two weeks of revisits planned from the store, today's calls of two owners, the overdue summary (CA-1 to CA-9). */
  cadence: DemoCadence;
  /** A maintenance plan through approval, its budget against actual, and the sales pipeline (MP-1 to MP-3). */
  plans: DemoPlans;
  /** Masking, lookup, export and erasure of personal data (AR-5, PIPL). */
  privacy: DemoPrivacy;
  /** The report file written at the end, as given; `null` when none was asked for. */
  report: string | null;
}

const ACTOR = 'kehu-demo';

/** The demo's key file: beside a PGlite directory (`DIR.keys.json`), else {@link DEFAULT_KEY_FILE}. */
function defaultKeyFile(spec: string): string {
  return spec.startsWith('pglite:')
    ? `${spec.slice('pglite:'.length) || DEFAULT_PGLITE_DIR}.keys.json`
    : DEFAULT_KEY_FILE;
}

async function summarize(
  kehu: Kehu,
  business: SampleBusiness,
  asOf: Date,
  storage: string,
): Promise<Omit<DemoSummary, 'value' | 'sla' | 'satisfaction' | 'churn' | 'cadence' | 'plans' | 'privacy' | 'report'>> {
  const customers = { total: 0, persons: 0, organizations: 0 };
  for await (const { record } of kehu.customers.stream()) {
    // The person the personal-data section creates and erases is not part of the sample business.
    if (record.id === DEMO_ERASURE_ID) continue;
    customers.total++;
    if (record.kind === 'person') customers.persons++;
    else customers.organizations++;
  }
  // One summary per customer (and currency), computed by the store (AR-6).
  const tx = { total: 0, purchases: 0, refunds: 0, returns: 0 };
  let gross = new Decimal(0);
  let net = new Decimal(0);
  for await (const s of kehu.value.summarize({ asOf })) {
    tx.purchases += s.purchaseCount;
    tx.refunds += s.refundCount;
    tx.returns += s.returnCount;
    gross = gross.plus(s.grossAmount);
    net = net.plus(s.netAmount);
  }
  tx.total = tx.purchases + tx.refunds + tx.returns;
  const complaints = { total: 0, normal: 0, urgent: 0, major: 0, events: 0 };
  for await (const { record, version } of kehu.complaints.stream()) {
    complaints.total++;
    complaints[record.severity]++;
    complaints.events += version;
  }
  let auditEntries = 0;
  // What the demo's own analyses wrote (the erasure, churn scores, the exit) is not part of the stored business.
  for await (const entry of kehu.audit.stream())
    if (
      entry.entityId !== DEMO_ERASURE_ID &&
      entry.entity !== 'churn-score' &&
      entry.entity !== 'exit' &&
      entry.reason !== DEMO_EXIT_REASON
    )
      auditEntries++;
  return {
    seed: business.seed,
    asOf: business.asOf,
    storage,
    customers,
    transactions: { ...tx, currency: 'CNY', gross: gross.toFixed(2), net: net.toFixed(2) },
    complaints,
    contactRecords: await kehu.contactRecords.count(),
    surveyResponses: await kehu.surveys.count(),
    auditEntries,
  };
}

/**
 * Runs the demo: generates the sample business, stores it through the SDK (progress on
 * stderr), and returns the summary read back from the store.
 */
export async function runDemo(options: DemoOptions, io: CliIo): Promise<DemoSummary> {
  if (options.report !== undefined) await checkOutputPath(options.report);
  const business = generateSampleBusiness({
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.customers === undefined ? {} : { customers: options.customers }),
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
  });
  const opened = await openStorage(options.storage ?? `pglite:${DEFAULT_PGLITE_DIR}`);
  io.stderr.write(`storing into ${opened.description}\n`);
  const spec = options.storage ?? `pglite:${DEFAULT_PGLITE_DIR}`;
  const keys =
    options.keys === undefined && spec === 'memory'
      ? createMemoryKeyProvider()
      : await createFileKeyProvider(options.keys ?? defaultKeyFile(spec));
  const kehu = createKehu({ storage: opened.storage, keys });
  try {
    try {
      await storeSampleBusiness(kehu, business, { actor: ACTOR, reason: 'demo: sample business', progress: io.stderr });
    } catch (error) {
      // A store filled by another seed, size or version of the generator: say how to start afresh.
      if (error instanceof KehuConflictError)
        throw new KehuConflictError(
          error.entity,
          error.id,
          `${error.message}: the store holds a different sample business (another seed, size or Kehu version); ` +
            'use a fresh --storage directory or delete the old one',
          { cause: error },
        );
      throw error;
    }
    io.stderr.write('grading 分级 …\n');
    // The last moment of the as-of day: the sample's `asOfInstant` is where that day ends.
    const asOf = new Date(Date.parse(business.asOfInstant) - 1);
    const value = await demoValue(kehu, asOf, ACTOR);
    io.stderr.write('complaint SLAs 投诉时限 …\n');
    const sla = await demoSla(kehu, asOf);
    io.stderr.write('satisfaction 满意度 …\n');
    const satisfaction = await demoSatisfaction(kehu, asOf);
    io.stderr.write('churn risk 流失风险 …\n');
    const churn = await demoChurn(kehu, ACTOR, asOf);
    io.stderr.write('revisits 回访 …\n');
    const cadence = await demoCadence(kehu, asOf);
    io.stderr.write('plans and pipeline 计划与商机 …\n');
    const plans = await demoPlans(kehu, business, asOf);
    const summary = await summarize(kehu, business, asOf, opened.description);
    io.stderr.write('personal data 个人信息 …\n');
    const privacy = await demoPrivacy(kehu, ACTOR, asOf);
    if (options.report !== undefined) {
      io.stderr.write('report 报告 …\n');
      const policies = { satisfaction: { survey: SAMPLE_SURVEY } };
      await writeReportFile(kehu, { out: options.report, asOf, calendar: chinaCalendar(), policies });
    }
    return { ...summary, value, sla, satisfaction, churn, cadence, plans, privacy, report: options.report ?? null };
  } finally {
    await opened.close();
  }
}

const n = (x: number) => x.toLocaleString('en-US');
const money = (s: string) => {
  const [int, frac] = s.split('.');
  return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
};

/** The summary as readable bilingual (English / 简体中文) text. */
export function formatSummary(s: DemoSummary): string {
  const sev = (k: ComplaintSeverity) =>
    `${SEVERITY_LABELS[k].en.toLowerCase()} ${SEVERITY_LABELS[k].zh} ${n(s.complaints[k])}`;
  const rows: Array<[string, string, string?]> = [
    [
      'customers 客户',
      n(s.customers.total),
      `persons 个人 ${n(s.customers.persons)} · organizations 企业 ${n(s.customers.organizations)}`,
    ],
    [
      'transactions 交易',
      n(s.transactions.total),
      `purchases 购买 ${n(s.transactions.purchases)} · refunds 退款 ${n(s.transactions.refunds)} · ` +
        `returns 退货 ${n(s.transactions.returns)}`,
    ],
    ['gross value 销售总额', `${s.transactions.currency} ${money(s.transactions.gross)}`],
    [
      'net value 净销售额',
      `${s.transactions.currency} ${money(s.transactions.net)}`,
      'refunds and returns netted, rule AR-6 · 已扣除退款退货',
    ],
    ['complaints 投诉', n(s.complaints.total), `${sev('normal')} · ${sev('urgent')} · ${sev('major')}`],
    ['complaint events 投诉事件', n(s.complaints.events)],
    ['contact records 回访记录', n(s.contactRecords)],
    ['survey responses 满意度调查', n(s.surveyResponses)],
    ['audit entries 审计记录', n(s.auditEntries)],
  ];
  const width = (t: string) => [...t].reduce((w, c) => w + (/[\u1100-\uffff]/.test(c) ? 2 : 1), 0);
  const labelWidth = Math.max(...rows.map(([l]) => width(l)));
  const valueWidth = Math.max(...rows.map(([, v]) => v.length));
  const lines = [
    `Kehu demo 客户管理演示 · seed ${s.seed} · as of 截至 ${s.asOf}`,
    `Store 存储: ${s.storage}`,
    '',
    'Stored 已存储',
    ...rows.map(
      ([l, v, note]) =>
        `  ${l}${' '.repeat(labelWidth - width(l) + 2)}${v.padStart(valueWidth)}${note ? `  (${note})` : ''}`,
    ),
  ];
  lines.push(...formatDemoValue(s.value));
  lines.push(...formatDemoSla(s.sla));
  lines.push(...formatDemoSatisfaction(s.satisfaction));
  lines.push(...formatDemoChurn(s.churn));
  lines.push(...formatDemoCadence(s.cadence));
  lines.push(...formatDemoPlans(s.plans));
  lines.push(...formatDemoPrivacy(s.privacy));
  const top = s.value.topFifthSharePercent;
  if (top !== null) {
    lines.push(
      '',
      `The top 20% of buying customers bring ${top}% of their net value in the grading window (rule GR-6).`,
      `前 20% 的购买客户贡献了分级期间购买客户净销售额的 ${top}%（规则 GR-6）。`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The `kehu demo` command. */
export function demoCommand(io: CliIo): Command {
  return new Command('demo')
    .description(
      'generate a deterministic sample business (customers, two years of transactions, complaints, revisits, ' +
        'surveys, a maintenance plan, sales opportunities), store it and print what was stored',
    )
    .option(
      '--seed <n>',
      'seed of the generator: the same seed gives the same business',
      integer('seed', 0, 2 ** 32 - 1),
      42,
    )
    .option('--customers <n>', 'number of customers', integer('customers', 1, 1_000_000), 2000)
    .option('--as-of <date>', "the demo's today, YYYY-MM-DD (nothing reads the clock)", localDate, '2026-06-30')
    .option(
      '--storage <spec>',
      'where to store: pglite:DIR (embedded PostgreSQL in a directory), memory, or postgres:URL',
      `pglite:${DEFAULT_PGLITE_DIR}`,
    )
    .option(
      '--keys <file>',
      'key file of the personal-data keys, kept apart from the database (default: DIR.keys.json beside ' +
        `pglite:DIR, ${DEFAULT_KEY_FILE} with postgres:URL, in memory with --storage memory)`,
    )
    .option(
      '--report <file>',
      "write the report as of the demo's today to this HTML file (charts as inline SVG; see kehu report)",
      DEFAULT_DEMO_REPORT,
    )
    .option('--no-report', 'write no report')
    .option('--json', 'print the summary as JSON')
    .action(
      async (opts: {
        seed: number;
        customers: number;
        asOf: string;
        storage: string;
        keys?: string;
        report: string | false;
        json?: boolean;
      }) => {
        const started = performance.now();
        const summary = await runDemo(
          {
            seed: opts.seed,
            customers: opts.customers,
            asOf: opts.asOf,
            storage: opts.storage,
            ...(opts.keys === undefined ? {} : { keys: opts.keys }),
            ...(opts.report === false ? {} : { report: opts.report }),
          },
          io,
        );
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        if (opts.json) io.stdout.write(`${JSON.stringify({ ...summary, elapsedSeconds: Number(seconds) }, null, 2)}\n`);
        else {
          const report = summary.report === null ? '' : `\nReport 报告: ${summary.report}`;
          io.stdout.write(`${formatSummary(summary)}${report}\nDone in ${seconds} s. 用时 ${seconds} 秒。\n`);
        }
      },
    );
}
