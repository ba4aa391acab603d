/**
 * Typed errors shared by every Kehu package.
 *
 * Every error has a stable machine-readable `code`; validation errors also carry the
 * path of the offending field. Hosts switch on `code`, never on the message.
 *
 *
 */

/** A path into an input value, as zod reports it (`['contacts', 0, 'name']`). */
export type ErrorPath = ReadonlyArray<string | number>;

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
  readonly code: string;
  /** Extra structured details. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, options: KehuErrorOptions = {}) {
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

  constructor(message: string, issues: readonly ValidationIssue[], options: KehuErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'VALIDATION_FAILED', message, options);
    this.issues = issues;
    this.path = issues[0]?.path ?? [];
  }
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

  constructor(message: string, options: KehuErrorOptions & { code?: string; path?: ErrorPath } = {}) {
    super(options.code ?? 'POLICY_INVALID', message, options);
    this.path = options.path ?? [];
  }
}

/** A storage adapter failed. `operation` names what it was doing. */
export class KehuStorageError extends KehuError {
  /** The repository operation, e.g. `customers.update`. */
  readonly operation: string;

  constructor(operation: string, message: string, options: KehuErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'STORAGE_FAILED', `${operation}: ${message}`, options);
    this.operation = operation;
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
