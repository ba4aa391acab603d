import { KehuValidationError } from '@kehu/core';

/** What validation made of one raw input: the parsed value, or the typed refusal. */
export type HostileOutcome<T> =
  | {
      /** Validation accepted the input. */
      readonly accepted: true;
      /** The parsed domain value, which every adapter must store and give back exactly. */
      readonly value: T;
    }
  | {
      /** Validation refused the input. */
      readonly accepted: false;
      /** The refusal: always a `KehuValidationError` with the path of the bad field. */
      readonly error: KehuValidationError;
    };

/** A short, safe description of a thrown value (it may be anything, even a cyclic object). */
function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.slice(0, 300)}`;
  try {
    return `a thrown ${typeof error}: ${String(error).slice(0, 300)}`;
  } catch {
    return `a thrown ${typeof error}`;
  }
}

/**
 * Runs `validate` (a core parser, plus its limits check) on one raw input. A refusal must be a
 * `KehuValidationError` whose `path` is an array: anything else (a `TypeError`, a `RangeError` from deep
 * recursion, a `ZodError`) is a validation gap, reported as an `Error` naming `what` and the thrown value.
 *
 * @param what - the kind of input, for messages (`customer`, `transaction`, …)
 * @param raw - the input as a host would pass it
 * @param validate - parses and checks the input, throwing `KehuValidationError` when it is refused
 */
export function tryParse<T>(what: string, raw: unknown, validate: (input: unknown) => T): HostileOutcome<T> {
  try {
    return { accepted: true, value: validate(raw) };
  } catch (error) {
    if (error instanceof KehuValidationError && Array.isArray(error.path)) return { accepted: false, error };
    throw new Error(`${what}: validation threw ${describeThrown(error)} instead of a KehuValidationError`, {
      cause: error,
    });
  }
}

const SUFFIX_SEPARATOR = '~';

/**
 * Makes an id unique within one store by appending `~n`, keeping it a valid id when it was one (at most 256
 * UTF-16 units, whole code points) and leaving ids that are refused anyway (empty, too long, not text) as they
 * are, so the same input space reaches the parser.
 */
export function uniqueId(id: unknown, n: number): unknown {
  if (typeof id !== 'string' || id === '' || id.length > 256) return id;
  const suffix = `${SUFFIX_SEPARATOR}${n}`;
  const points = Array.from(id);
  let length = id.length;
  while (length + suffix.length > 256 && points.length > 1) length -= points.pop()!.length;
  return points.join('') + suffix;
}

/** `raw` with `raw[key]` made unique by {@link uniqueId}, when `raw` is an object with that key; else `raw`. */
export function withUniqueKey(raw: unknown, key: string, n: number): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof Date) return raw;
  if (!Object.hasOwn(raw, key)) return raw;
  const copy: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  copy[key] = uniqueId(copy[key], n);
  return copy;
}
