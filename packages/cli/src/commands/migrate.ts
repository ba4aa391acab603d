import { Command } from 'commander';
import type { CliIo } from '../io.js';
import { openStorage } from '../open-storage.js';

/**
 * `kehu migrate --storage postgres:URL|pglite:DIR`: applies the schema migrations the
 * store does not have yet (repeatable: a second run applies nothing) and says where.
 */
export function migrateCommand(io: CliIo): Command {
  return new Command('migrate')
    .description('create or upgrade the Kehu schema of a store (repeatable: applies only what is missing)')
    .requiredOption('--storage <spec>', 'the store: postgres:URL (a PostgreSQL server) or pglite:DIR (embedded)')
    .action(async (opts: { storage: string }) => {
      const opened = await openStorage(opts.storage, { persistentOnly: true });
      try {
        io.stdout.write(`${opened.migration}\n`);
      } finally {
        await opened.close();
      }
    });
}
