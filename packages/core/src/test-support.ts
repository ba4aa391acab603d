/**
 * Helpers the core tests share. Not exported from the package index; free of vitest so that any test may import it.
 */
import { KehuValidationError, type ValidationIssue } from './errors.js';

/** The first issue of the validation error thrown by `fn`; any other outcome is rethrown or reported. */
export function issueOf(fn: () => unknown): ValidationIssue {
  try {
    fn();
  } catch (error) {
    if (error instanceof KehuValidationError && error.issues[0] !== undefined) return error.issues[0];
    throw error;
  }
  throw new Error('expected a KehuValidationError');
}
