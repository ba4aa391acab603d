/**
 * Typed errors shared by every Kehu package.
 *
 * Every error has a stable machine-readable `code`; validation errors also carry the
 * path of the offending field. Hosts switch on `code`, never on the message.
 */

/** A path into an input value, as zod reports it (`['contacts', 0, 'name']`). */
export type ErrorPath = ReadonlyArray<string | number>;

/**
 * Every `code` a {@link KehuError} can carry: one code per kind of refusal, the same in
 * every package. Hosts switch on these; a new code is a breaking change.
 */
export type KehuErrorCode =
  /** Input (an argument, a record, a row, an option) does not match its schema: {@link KehuValidationError}. */
  | 'VALIDATION_FAILED'
  /** A record that must exist does not: {@link KehuNotFoundError}. */
  | 'NOT_FOUND'
  /** A write lost an optimistic-concurrency race or met an existing id with different content. */
  | 'CONFLICT'
  /** A policy object is invalid: {@link KehuPolicyError}. */
  | 'POLICY_INVALID'
  /** A storage adapter failed for a reason of its own (I/O, the database): {@link KehuStorageError}. */
  | 'STORAGE_FAILED'
  /** A storage adapter was used after `close()`. */
  | 'STORAGE_CLOSED'
  /** A transaction-scoped store was used after its transaction ended. */
  | 'TRANSACTION_ENDED'
  /** The PostgreSQL adapter found no Kehu tables: `migrate()` has not run. */
  | 'NOT_MIGRATED'
  /** Amounts in different currencies met in one computation: {@link KehuCurrencyMismatchError}. */
  | 'CURRENCY_MISMATCH'
  /** A page cursor is malformed or belongs to another list. */
  | 'INVALID_CURSOR'
  /** A complaint event is not allowed in the complaint's current state (rule SL-1), in sla and the SDK alike. */
  | 'INVALID_TRANSITION'
  /** A segment map has no segment for an RFM score combination. */
  | 'SEGMENT_UNCOVERED'
  /** A relationship scorecard lacks a score and its policy says to fail. */
  | 'MISSING_SCORE'
  /** A CSV file's header is missing or lacks a required column. */
  | 'BAD_HEADER'
  /** A CSV row is malformed and the import was asked to stop at the first bad row (`strict`). */
  | 'BAD_ROW'
  /** A business calendar has no open time within its search horizon, so business time cannot be added. */
  | 'CALENDAR_NEVER_OPENS'
  /** A storage specifier (`memory`, `pglite:DIR`, `postgres:URL`) is not recognised. */
  | 'UNKNOWN_STORAGE'
  /** A worker thread of a parallel scan failed: an I/O error while reading its part of the file, or a crash. */
  | 'SCAN_FAILED'
  /** The host's authorization hook refused a use case, or an actor acted for another: {@link KehuForbiddenError}. */
  | 'FORBIDDEN';

/** Options accepted by every {@link KehuError} constructor. */
export interface KehuErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
  /** Extra structured details for logs and hosts. */
  details?: Readonly<Record<string, unknown>>;
}

/** Base class of every error thrown by Kehu. */
export class KehuError extends Error {
  /** Stable machine-readable code, e.g. `VALIDATION_FAILED`. */
  readonly code: KehuErrorCode;
  /** Extra structured details. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: KehuErrorCode, message: string, options: KehuErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** One problem found while validating input. */
export interface ValidationIssue {
  /** Where the problem is. */
  path: ErrorPath;
  /** What is wrong. */
  message: string;
  /** The validator's own issue code (zod's `code`, or a Kehu code). */
  code: string;
}

/** Input did not match its schema. `path` is the first failing field. */
export class KehuValidationError extends KehuError {
  /** Path of the first bad field (`[]` for the value itself). */
  readonly path: ErrorPath;
  /** Every issue found, in the order the validator reported them. */
  readonly issues: readonly ValidationIssue[];

  constructor(
    message: string,
    issues: readonly ValidationIssue[],
    options: KehuErrorOptions & { code?: KehuErrorCode } = {},
  ) {
    super(options.code ?? 'VALIDATION_FAILED', message, options);
    this.issues = issues;
    this.path = issues[0]?.path ?? [];
  }
}

/**
 * A {@link KehuValidationError} for one bad field: the helper every package uses to refuse input.
 *
 * @param path - where the bad value is (`['events', 2, 'type']`; `[]` for the value itself)
 * @param message - the whole error message, saying what was expected
 * @param issueCode - the issue's own code (default `invalid_value`, as zod names it)
 * @param options - the error's `code` (default `VALIDATION_FAILED`), `cause` and `details`
 */
export function invalidInput(
  path: ErrorPath,
  message: string,
  issueCode = 'invalid_value',
  options: KehuErrorOptions & { code?: KehuErrorCode } = {},
): KehuValidationError {
  return new KehuValidationError(message, [{ path, message, code: issueCode }], options);
}

/** A record that must exist does not. */
export class KehuNotFoundError extends KehuError {
  /** The kind of record, e.g. `customer`. */
  readonly entity: string;
  /** The id that was looked up. */
  readonly id: string;

  constructor(entity: string, id: string, options: KehuErrorOptions = {}) {
    super('NOT_FOUND', `${entity} ${JSON.stringify(id)} not found`, options);
    this.entity = entity;
    this.id = id;
  }
}

/**
 * A write lost a race: the record changed since it was read (optimistic concurrency),
 * or a create met an existing id with different content. Nothing was written.
 */
export class KehuConflictError extends KehuError {
  /** The kind of record, e.g. `customer`. */
  readonly entity: string;
  /** The record's id. */
  readonly id: string;
  /** The version the writer expected, when the conflict is a stale version. */
  readonly expectedVersion: number | undefined;
  /** The version the store holds (`undefined` when unknown or absent). */
  readonly actualVersion: number | undefined;

  constructor(
    entity: string,
    id: string,
    message: string,
    options: KehuErrorOptions & { expectedVersion?: number; actualVersion?: number } = {},
  ) {
    super('CONFLICT', message, options);
    this.entity = entity;
    this.id = id;
    this.expectedVersion = options.expectedVersion;
    this.actualVersion = options.actualVersion;
  }
}

/** A policy object is invalid, or a computation is not allowed by policy. */
export class KehuPolicyError extends KehuError {
  /** Path inside the policy, when the problem is a field. */
  readonly path: ErrorPath;

  constructor(message: string, options: KehuErrorOptions & { code?: KehuErrorCode; path?: ErrorPath } = {}) {
    super(options.code ?? 'POLICY_INVALID', message, options);
    this.path = options.path ?? [];
  }
}

/** A storage adapter failed. `operation` names what it was doing. */
export class KehuStorageError extends KehuError {
  /** The repository operation, e.g. `customers.update`. */
  readonly operation: string;

  constructor(operation: string, message: string, options: KehuErrorOptions & { code?: KehuErrorCode } = {}) {
    super(options.code ?? 'STORAGE_FAILED', `${operation}: ${message}`, options);
    this.operation = operation;
  }
}

/**
 * A use case was refused before it read or wrote anything: the host's authorization hook
 * (the SDK's `authorize` option) said no or threw, or a write named an actor other than
 * the one the caller is bound to. `details` holds the `action`, the `resource` and the
 * `actor`; a hook's own error, when it threw one, is the `cause`.
 */
export class KehuForbiddenError extends KehuError {
  /** The use case refused, e.g. `customers.get`. */
  readonly action: string;
  /** Who asked (`undefined` when the call named nobody). */
  readonly actor: string | undefined;

  constructor(action: string, message: string, options: KehuErrorOptions & { actor?: string } = {}) {
    super('FORBIDDEN', message, { ...options, details: { action, actor: options.actor, ...options.details } });
    this.action = action;
    this.actor = options.actor;
  }
}

/** Two amounts in different currencies met in one computation. */
export class KehuCurrencyMismatchError extends KehuError {
  /** The currencies that met. */
  readonly currencies: readonly string[];

  constructor(currencies: readonly string[], options: KehuErrorOptions = {}) {
    super('CURRENCY_MISMATCH', `cannot combine amounts in ${currencies.join(' and ')}`, options);
    this.currencies = currencies;
  }
}

/** True when `error` is a {@link KehuError} (across package copies too). */
export function isKehuError(error: unknown): error is KehuError {
  return (
    error instanceof KehuError ||
    (typeof error === 'object' &&
      error !== null &&
      typeof (error as { code?: unknown }).code === 'string' &&
      (error as Error).name?.startsWith('Kehu'))
  );
}
