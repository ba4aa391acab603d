import { KehuValidationError, type ErrorPath } from './errors.js';

/** A `KehuValidationError` for malformed columns, naming the column and row (internal). */
export function invalidColumns(path: ErrorPath, message: string, code = 'invalid_value'): KehuValidationError {
  return new KehuValidationError(`invalid columns: ${path.join('.')} ${message}`, [{ path, message, code }]);
}
