import { isKehuError, KehuValidationError } from '@kehu/core';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { formatSummary, runDemo } from './demo.js';
import { DEFAULT_PGLITE_DIR } from './open-storage.js';
import { runRfmCommand, StrictStop } from './rfm-command.js';
import type { CliIo } from './io.js';
import { VERSION } from './version.js';

/** Exit codes of the `kehu` command. */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** The command ran and failed (storage, data). */
  failure: 1,
  /** The command line was wrong (unknown command or option, bad value). */
  usage: 2,
} as const;

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
    return n;
  };
}

function localDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new InvalidArgumentError('expected a date YYYY-MM-DD.');
  }
  return value;
}

function program(io: CliIo): Command {
  const root = new Command('kehu')
    .description('Kehu (客户): the customer-management practice of a well-run sales and service department.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .showHelpAfterError('(run "kehu --help" for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  root
    .command('demo')
    .description(
      'generate a deterministic sample business (customers, two years of transactions, complaints, revisits, surveys), store it and print what was stored',
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
      `where to store: pglite:DIR (embedded PostgreSQL in a directory), memory, or postgres:URL`,
      `pglite:${DEFAULT_PGLITE_DIR}`,
    )
    .option('--json', 'print the summary as JSON')
    .exitOverride()
    .action(async (opts: { seed: number; customers: number; asOf: string; storage: string; json?: boolean }) => {
      const started = performance.now();
      const summary = await runDemo(
        { seed: opts.seed, customers: opts.customers, asOf: opts.asOf, storage: opts.storage },
        io,
      );
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (opts.json) io.stdout.write(`${JSON.stringify({ ...summary, elapsedSeconds: Number(seconds) }, null, 2)}\n`);
      else io.stdout.write(`${formatSummary(summary)}\nDone in ${seconds} s. 用时 ${seconds} 秒。\n`);
    });
  root
    .command('rfm')
    .description(
      'score RFM (R, F, M 1..5), segment and grade every customer of a transactions CSV with columns customer_id,occurred_at,amount and optional kind,currency; writes customer_id,recency_days,frequency,monetary,r,f,m,segment,grade',
    )
    .argument('<transactions.csv>', 'the transactions file (header required)')
    .requiredOption('--as-of <date>', 'score as of the end of this day, YYYY-MM-DD (UTC)', localDate)
    .option('--out <file>', 'write the scores here instead of stdout')
    .option('--currency <code>', 'score only this currency when the file holds several')
    .option(
      '--strict',
      'stop at the first bad row (otherwise bad rows are reported with their line numbers and skipped)',
    )
    .exitOverride()
    .action(async (file: string, opts: { asOf: string; out?: string; currency?: string; strict?: boolean }) => {
      await runRfmCommand(file, opts, io);
    });
  return root;
}

/**
 * Runs the `kehu` command line with `argv` (without the node and script paths) and
 * returns the exit code; never calls `process.exit`. Output goes to `io`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const root = program(io);
  if (argv.length === 0) {
    root.outputHelp();
    return EXIT.ok;
  }
  try {
    await root.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return EXIT.ok;
      return EXIT.usage;
    }
    if (error instanceof KehuValidationError && error.code === 'UNKNOWN_STORAGE') {
      io.stderr.write(`kehu: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof StrictStop) {
      io.stderr.write(`kehu: ${error.message} (--strict)\n`);
      return EXIT.failure;
    }
    if (
      (error as { code?: unknown } | null)?.code === 'BAD_HEADER' ||
      (error as { code?: unknown } | null)?.code === 'ENOENT'
    ) {
      io.stderr.write(`kehu: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    const message = isKehuError(error)
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
    io.stderr.write(`kehu: ${message}\n`);
    return EXIT.failure;
  }
}
