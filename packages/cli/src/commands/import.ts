import { IMPORT_KINDS, importCsv, type ImportKind } from '@kehu/ingest';
import { createKehu } from '@kehu/sdk';
import { Command, InvalidArgumentError } from 'commander';
import { MAX_REPORTED_BAD_ROWS, reportBadRows } from '../bad-rows.js';
import { readableFile } from '../input.js';
import { createFileKeyProvider } from '../file-key-provider.js';
import type { CliIo } from '../io.js';
import { openStorage } from '../open-storage.js';
import { integer } from '../options.js';
import { plural } from '../plural.js';
import { startReadProgress } from '../progress.js';

const n = (x: number) => x.toLocaleString('en-US');

function kindOf(value: string): ImportKind {
  if (!(IMPORT_KINDS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${IMPORT_KINDS.join(', ')}.`);
  return value as ImportKind;
}

/** Options of `kehu import`. */
interface ImportOptions {
  storage: string;
  batchSize: number;
  strict?: boolean;
  allowUnknownCustomers?: boolean;
  keys?: string;
}

/**
 * `kehu import <kind> <file> --storage …`: streams a transactions, customers or
 * complaint-events CSV into a store with `@kehu/ingest`, batched and resumable (running it
 * again after an interruption stores each row once), with progress and the bad rows on stderr.
 */
export function importCommand(io: CliIo): Command {
  return new Command('import')
    .description(
      'import a CSV file into a store, batched and resumable: running it again stores each row once ' +
        '(see the ingest README for the columns)',
    )
    .argument('<kind>', `what the file holds: ${IMPORT_KINDS.join(', ')}`, kindOf)
    .argument('<file>', 'the CSV file (header required)')
    .requiredOption('--storage <spec>', 'where to store: pglite:DIR, postgres:URL or memory')
    .option('--batch-size <n>', 'rows per write', integer('batch size', 1, 100_000), 1000)
    .option(
      '--strict',
      'stop at the first bad row (otherwise bad rows are reported with their line numbers and skipped)',
    )
    .option(
      '--allow-unknown-customers',
      'store transactions and complaints of customers the store does not hold yet (orders before customers)',
    )
    .option(
      '--keys <file>',
      'key file of the personal-data keys (as kehu demo writes it): personal fields are sealed per person (AR-5)',
    )
    .action(async (kind: ImportKind, file: string, opts: ImportOptions) => {
      const size = await readableFile(file);
      const keys = opts.keys === undefined ? undefined : await createFileKeyProvider(opts.keys);
      const opened = await openStorage(opts.storage);
      // With keys, records go through the SDK's sealing layer like the use cases' writes.
      const storage = keys === undefined ? opened.storage : createKehu({ storage: opened.storage, keys }).sealedStorage;
      io.stderr.write(`importing ${kind} into ${opened.description}\n`);
      try {
        const progress = startReadProgress(io.stderr, file, size);
        const result = await importCsv(storage, kind, file, {
          batchSize: opts.batchSize,
          maxBadRows: MAX_REPORTED_BAD_ROWS,
          ...(opts.strict ? { strict: true } : {}),
          ...(opts.allowUnknownCustomers ? { requireKnownCustomers: false } : {}),
          onProgress: (p) => progress.update(p.bytesRead),
        });
        progress.finish();
        reportBadRows(io.stderr, result);
        io.stdout.write(
          `${plural(result.rows, 'row')}: ${n(result.written)} written, ` +
            `${n(result.alreadyStored)} already stored, ${n(result.bad)} refused\n`,
        );
      } finally {
        await opened.close();
      }
    });
}
