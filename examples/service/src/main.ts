import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isKehuError, invalidInput, parseInstant } from '@kehu/core';
import { createKehu } from '@kehu/sdk';
import { seedSampleBusiness } from './seed.js';
import { startService } from './server.js';
import { DEFAULT_DATA_DIR, openStore, type StoreOptions } from './storage.js';

/** The PGlite directory of `demo` (kept apart from the `start` store). */
export const DEMO_DATA_DIR = '.kehu/service-demo-pglite';
/** The sample business's as-of day, the default of `seed` and of `demo`'s clock. */
export const SAMPLE_AS_OF = '2026-06-30';

const USAGE = `usage: tsx src/main.ts <command>
  migrate                     create or upgrade the Kehu schema of the store (repeatable)
  seed [--as-of YYYY-MM-DD] [--customers N] [--seed N]
                              store the deterministic sample business (again: adds nothing)
  serve                       serve HTTP (refuses a store that is not migrated)
  demo                        migrate, seed when empty, and serve as of the sample's day, on ${DEMO_DATA_DIR}
environment: DATABASE_URL (PostgreSQL) or KEHU_DATA_DIR (PGlite directory, default ${DEFAULT_DATA_DIR}),
  PORT (default 3000), HOST (default 127.0.0.1), KEHU_AS_OF (fixes the service clock: ISO-8601 or YYYY-MM-DD)`;

/** The end of a local day in China, or an ISO-8601 instant; anything else is a `KehuValidationError`. */
export function parseAsOf(text: string, name = 'KEHU_AS_OF'): Date {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T23:59:59.999+08:00` : text;
  const ms = parseInstant(iso);
  if (ms === undefined) throw invalidInput([name], `${name} must be YYYY-MM-DD or ISO-8601 with Z or an offset`);
  return new Date(ms);
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw invalidInput([name], `${name} needs a value`);
  return value;
}

function integerFlag(args: string[], name: string): number | undefined {
  const value = flag(args, name);
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw invalidInput([name], `${name} must be a whole number`);
  return Number(value);
}

function storeOptions(env: NodeJS.ProcessEnv, dataDir?: string): StoreOptions {
  if (env.DATABASE_URL) return { databaseUrl: env.DATABASE_URL };
  return { dataDir: dataDir ?? env.KEHU_DATA_DIR ?? DEFAULT_DATA_DIR };
}

async function seed(options: StoreOptions, args: string[]): Promise<void> {
  const store = await openStore(options);
  try {
    if (!(await store.isMigrated())) throw invalidInput([], `${store.description} is not migrated: run migrate first`);
    const asOf = flag(args, '--as-of');
    const customers = integerFlag(args, '--customers');
    const seedNo = integerFlag(args, '--seed');
    console.error(`seeding ${store.description}`);
    const result = await seedSampleBusiness(
      createKehu({ storage: store.storage }),
      {
        ...(asOf === undefined ? {} : { asOf }),
        ...(customers === undefined ? {} : { customers }),
        ...(seedNo === undefined ? {} : { seed: seedNo }),
      },
      process.stderr,
    );
    console.log(
      `seeded: ${result.customers} customers, ${result.transactions} transactions, ${result.complaints} complaints, ` +
        `${result.opportunities} opportunities, ${result.gradeChanges} grade changes, ${result.churnScores} churn ` +
        `scores (as of ${result.asOf}; set KEHU_AS_OF=${result.asOf} to serve it)`,
    );
  } finally {
    await store.close();
  }
}

async function serveUntilStopped(options: Parameters<typeof startService>[0]): Promise<void> {
  const service = await startService(options);
  console.error(`store: ${service.store.description}`);
  console.log(`listening on ${service.url}`);
  const stop = () => {
    service.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Runs one command of the service's command line (see the usage text). */
export async function main(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const [command, ...rest] = args;
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw invalidInput(['PORT'], 'PORT must be 0 to 65535');
  const host = env.HOST || '127.0.0.1';
  const clockAt = env.KEHU_AS_OF ? parseAsOf(env.KEHU_AS_OF) : undefined;
  const clock = clockAt === undefined ? {} : { clock: () => new Date(clockAt.getTime()) };
  switch (command) {
    case 'migrate': {
      const store = await openStore(storeOptions(env));
      try {
        const result = await store.migrate();
        console.log(
          result.applied.length === 0
            ? `${store.description}: schema already at version ${result.version}, nothing to apply`
            : `${store.description}: migrated to version ${result.version} (applied ${result.applied.join(', ')})`,
        );
      } finally {
        await store.close();
      }
      return;
    }
    case 'seed':
      return seed(storeOptions(env), rest);
    case 'serve':
      return serveUntilStopped({ ...storeOptions(env), port, host, ...clock });
    case 'demo': {
      const options = storeOptions(env, env.KEHU_DATA_DIR ?? DEMO_DATA_DIR);
      const store = await openStore(options);
      let empty: boolean;
      try {
        const migrated = await store.migrate();
        console.error(`${store.description}: schema at version ${migrated.version}`);
        empty = (await createKehu({ storage: store.storage }).customers.count()) === 0;
      } finally {
        await store.close();
      }
      if (empty) await seed(options, rest);
      const fixed = clockAt ?? parseAsOf(flag(rest, '--as-of') ?? SAMPLE_AS_OF);
      return serveUntilStopped({ ...options, port, host, clock: () => new Date(fixed.getTime()) });
    }
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(isKehuError(error) ? `error: ${error.message}` : error);
    process.exit(1);
  });
}
