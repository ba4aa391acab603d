import type { KehuRepositories, KehuStorage } from '@kehu/storage';
import { auditLogRepository } from './audit-log.js';
import { budgetActualRepository } from './budget-actuals.js';
import { churnScoreRepository } from './churn-scores.js';
import { complaintRepository } from './complaints.js';
import { contactRecordRepository } from './contact-records.js';
import { customerRepository } from './customers.js';
import { exitRepository } from './exits.js';
import { gradeRepository } from './grades.js';
import { opportunityRepository } from './opportunities.js';
import { ownerRepository } from './owners.js';
import { planRepository } from './plans.js';
import { revisitActionRepository } from './revisit-actions.js';
import { DEFAULT_SCHEMA } from './identifiers.js';
import { ensureOpen, storageError, topLevelRunner, transactionRunner, type Lifecycle, type Runner } from './runner.js';
import { toSqlClient, type DatabaseClient } from './sql-client.js';
import { surveyResponseRepository } from './survey-responses.js';
import { tableNames, type TableNames } from './tables.js';
import { transactionRepository } from './transactions.js';

/** Options of {@link createPostgresStorage}. */
export interface PostgresStorageOptions {
  /**
   * The database: your `pg` `Pool` (a PostgreSQL server) or your PGlite instance
   * (embedded, in memory or in a directory). The adapter never creates, configures or
   * closes it: the host owns its client.
   */
  client: DatabaseClient;
  /** Schema of the Kehu tables, as given to `migrate()`; default `kehu`. */
  schema?: string;
}

function repositories(run: Runner, t: TableNames): KehuRepositories {
  return {
    customers: customerRepository(run, t),
    transactions: transactionRepository(run, t),
    complaints: complaintRepository(run, t),
    contactRecords: contactRecordRepository(run, t),
    surveyResponses: surveyResponseRepository(run, t),
    grades: gradeRepository(run, t),
    churnScores: churnScoreRepository(run, t),
    exits: exitRepository(run, t),
    owners: ownerRepository(run, t),
    revisitActions: revisitActionRepository(run, t),
    plans: planRepository(run, t),
    budgetActuals: budgetActualRepository(run, t),
    opportunities: opportunityRepository(run, t),
    audit: auditLogRepository(run, t),
  };
}

/**
 * A Kehu store on PostgreSQL: one implementation for a `pg` Pool and for PGlite. Run
 * {@link migrate} once before use. Every top-level call is one database transaction;
 * `withTransaction(fn)` runs `fn` on one connection in one transaction (each call inside
 * in a savepoint, so a failed call leaves nothing even when `fn` catches its error).
 * Database errors surface as `KehuStorageError` with the operation and the driver's
 * error as `cause`; a connection lost mid-transaction means the transaction rolled back.
 *
 * With a `pg` Pool writers run in parallel on separate connections and optimistic
 * concurrency is enforced by row locks; PGlite has one connection, so its calls are
 * serialised (and, as with any single-connection store, `fn` must use the repositories it
 * is given, not the top-level store, or it waits for itself).
 *
 * @example
 * ```ts
 * import { Pool } from 'pg';
 * const pool = new Pool({ connectionString: process.env.DATABASE_URL });
 * await migrate(pool);
 * const storage = createPostgresStorage({ client: pool });
 * ```
 */
export function createPostgresStorage(options: PostgresStorageOptions): KehuStorage {
  const client = toSqlClient(options.client);
  const t = tableNames(options.schema ?? DEFAULT_SCHEMA);
  const lifecycle: Lifecycle = { closed: false };
  return {
    ...repositories(topLevelRunner(client, lifecycle), t),
    capabilities: {
      name: `postgres (${client.driver})`,
      durable: true,
      parallelWriters: client.parallel,
      transactions: true,
    },
    withTransaction: async <T>(fn: (tx: KehuRepositories) => Promise<T>): Promise<T> => {
      ensureOpen(lifecycle, 'withTransaction');
      let thrownByFn: { error: unknown } | undefined;
      try {
        return await client.transaction(async (session) => {
          const status = { active: true };
          try {
            return await fn(repositories(transactionRunner(session, status, lifecycle), t));
          } catch (error) {
            thrownByFn = { error };
            throw error;
          } finally {
            status.active = false;
          }
        });
      } catch (error) {
        // What fn threw is rethrown as it is; failures of BEGIN or COMMIT become storage errors.
        if (thrownByFn !== undefined && thrownByFn.error === error) throw error;
        throw storageError('withTransaction', error);
      }
    },
    close: async () => {
      lifecycle.closed = true;
    },
  };
}
