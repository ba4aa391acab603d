import { invalidInput, type ErrorPath, type KehuValidationError } from './errors.js';

/** A `KehuValidationError` for malformed columns, naming the column and row (internal). */
export function invalidColumns(path: ErrorPath, message: string, code = 'invalid_value'): KehuValidationError {
  return invalidInput(path, `invalid columns: ${path.join('.')} ${message}`, code);
}
