import { invalidInput } from '@kehu/core';

/** The worker's default schema: pg-boss's tables and the worker's own (`worker_fired`, `worker_checks`). */
export const DEFAULT_WORKER_SCHEMA = 'kehu_worker';

/**
 * Checks a schema name and returns it quoted for SQL. Only lower-case identifiers (`[a-z_][a-z0-9_]*`, at most 63
 * characters) are accepted, so a name never needs escaping; anything else throws `KehuValidationError` at `path`.
 */
export function quoteSchema(name: unknown, path: readonly (string | number)[]): string {
  if (typeof name !== 'string' || !/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw invalidInput([...path], `expected a lower-case SQL identifier, got ${JSON.stringify(name)}`, 'invalid_value');
  return `"${name}"`;
}
