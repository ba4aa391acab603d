import {
  checkAuditContextLimits,
  invalidInput,
  KehuValidationError,
  parseAuditContext,
  type AuditContext,
  type AuditContextInput,
  type ErrorPath,
  type LimitsPolicy,
  type ValidationIssue,
} from '@kehu/core';
import type { KehuRepositories } from '@kehu/storage';
import type { Sealer } from './privacy/sealed-repositories.js';
import type { RetryOptions } from './retry.js';

/**
 * What the use cases run on: the repositories of the store or of one transaction, how to
 * run several writes atomically there, and the options of `createKehu`.
 */
export interface UseCaseContext {
  /** The repositories (the store's, or a transaction's inside `kehu.transaction`). */
  readonly repos: KehuRepositories;
  /**
   * Runs `fn` atomically: a transaction of its own, or the surrounding one. `tx` are the
   * repositories use cases work with (behind the sealing layer when Kehu encrypts), `raw`
   * the same transaction's repositories without it (the stored form).
   */
  atomic<T>(fn: (tx: KehuRepositories, raw: KehuRepositories) => Promise<T>): Promise<T>;
  /** The store's repositories without the sealing layer (the stored form). */
  readonly raw: KehuRepositories;
  /** The sealing layer's cipher and specs, when a key provider was given. */
  readonly sealer: Sealer | undefined;
  /** Size limits every record is checked against before it reaches the store. */
  readonly limits: LimitsPolicy;
  /** Retries after an optimistic-concurrency conflict (`createKehu`'s `maxRetries`), when given. */
  readonly maxRetries?: number | undefined;
  /** Store-wide retry settings (`createKehu`'s `retry`). */
  readonly retry?: RetryOptions;
  /** Whether transactions and complaints must name a stored customer. */
  readonly requireKnownCustomers: boolean;
}

/** The issue of a reference at `path` to the customer `id`, which is not stored (issue code `unknown_customer`). */
export function unknownCustomer(id: string, path: ErrorPath): ValidationIssue {
  return { path, message: `customer ${JSON.stringify(id)} does not exist`, code: 'unknown_customer' };
}

/**
 * Checks in one store call that the customers `ids` name exist; `pathOf(i)` is the path of
 * the `i`th id in the input. The missing ones throw one `KehuValidationError` with an
 * issue per reference (issue code `unknown_customer`), the first one's path first.
 */
export async function requireCustomers(
  repos: KehuRepositories,
  ids: readonly string[],
  pathOf: (i: number) => Array<string | number>,
): Promise<void> {
  if (ids.length === 0) return;
  const missing = new Set(await repos.customers.missing(ids));
  if (missing.size === 0) return;
  const issues: ValidationIssue[] = [];
  ids.forEach((id, i) => {
    if (missing.has(id)) issues.push(unknownCustomer(id, pathOf(i)));
  });
  throw new KehuValidationError(`${issues[0]!.path.join('.')}: ${issues[0]!.message}`, issues);
}

/** A `KehuValidationError` for an option that is not a boolean. */
export function checkBoolean(value: unknown, path: Array<string | number>): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw invalidInput(path, `${path.join('.')} must be true or false`, 'invalid_type');
}

/** Validates an audit context (who, when, why; rule AR-4) and checks it against the context's limits. */
export function auditContextOf(ctx: Pick<UseCaseContext, 'limits'>, input: AuditContextInput): AuditContext {
  const context = parseAuditContext(input);
  checkAuditContextLimits(context, ctx.limits);
  return context;
}
