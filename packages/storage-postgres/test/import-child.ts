// A child process for the crash test: imports batches of transactions into PGlite in a
// directory or into a server, printing "committed <b>" after each batch commits, until
// the parent kills it. Run with `node --import tsx` from the repository root.
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { importBatch } from './crash-data.js';
import { createPostgresStorage, migrate, type DatabaseClient } from '../src/index.js';

const [target, location, schema, batchesArg] = process.argv.slice(2);
const batches = Number(batchesArg);
const client: DatabaseClient =
  target === 'pglite' ? new PGlite(location!) : new pg.Pool({ connectionString: location! });
await migrate(client, { schema: schema! });
const storage = createPostgresStorage({ client, schema: schema! });
for (let b = 0; b < batches; b++) {
  await storage.transactions.append(importBatch(b));
  process.stdout.write(`committed ${b}\n`);
}
process.stdout.write('done\n');
