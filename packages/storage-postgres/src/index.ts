export { createPostgresStorage, type PostgresStorageOptions } from './postgres-storage.js';
export { migrate, MIGRATIONS, type Migration, type MigrateOptions, type MigrateResult } from './migrations.js';
export {
  fromPGlite,
  fromPgPool,
  toSqlClient,
  type DatabaseClient,
  type PGliteLike,
  type PGliteQueryOptions,
  type PgPoolClientLike,
  type PgPoolLike,
  type Row,
  type SqlClient,
  type SqlSession,
} from './sql-client.js';
export { DEFAULT_SCHEMA } from './identifiers.js';
