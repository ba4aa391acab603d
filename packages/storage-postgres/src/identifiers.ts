import { KehuValidationError } from '@kehu/core';

/** Default schema of the Kehu tables. */
export const DEFAULT_SCHEMA = 'kehu';

/**
 * Validates a schema name and returns it quoted for SQL. Only lower-case letters, digits
 * and underscores are accepted, so the name can never smuggle SQL in.
 */
export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new KehuValidationError(`invalid schema name ${JSON.stringify(schema)}`, [
      {
        path: ['schema'],
        message: 'expected lower-case letters, digits and underscores, at most 63',
        code: 'invalid_format',
      },
    ]);
  }
  return `"${schema}"`;
}
