import { KehuValidationError } from '@kehu/core';

/** `error` about the item at `index` of a batch: its path and message start with the index. */
export function atIndex(index: number, error: KehuValidationError, what: string): KehuValidationError {
  const issues = error.issues.map((i) => ({ ...i, path: [index, ...i.path] }));
  return new KehuValidationError(`${what} ${index}: ${error.message}`, issues, { code: error.code, cause: error });
}

/**
 * Parses every item of a batch before anything is written; the first invalid item throws
 * its `KehuValidationError` with the item's index in front of the path.
 */
export function parseAll<T>(inputs: readonly unknown[], parse: (input: unknown) => T, what: string): T[] {
  return inputs.map((input, index) => {
    try {
      return parse(input);
    } catch (error) {
      if (error instanceof KehuValidationError) throw atIndex(index, error, what);
      throw error;
    }
  });
}
