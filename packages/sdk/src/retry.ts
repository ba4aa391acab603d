import { invalidInput, KehuConflictError, type ErrorPath } from '@kehu/core';
import { describeValue, optionalInteger, optionalObject } from './arguments.js';

/**
 * How use cases that re-read and retry after an optimistic-concurrency conflict wait and
 * give up: plain data, checked when given. After the `n`th conflict (from 0) the writer
 * sleeps a random time in `[0, min(maxDelayMs, baseDelayMs * 2^n)]` ("full jitter"), so
 * writers that collided spread out instead of colliding again.
 */
export interface RetryOptions {
  /** Attempts after the first one; default {@link DEFAULT_RETRY_OPTIONS}`.maxRetries` (10). */
  maxRetries?: number;
  /** The first backoff's upper bound in milliseconds; default 2. */
  baseDelayMs?: number;
  /** The largest backoff in milliseconds; default 100. */
  maxDelayMs?: number;
}

/** {@link RetryOptions} with every field set. */
export type ResolvedRetryOptions = Required<RetryOptions>;

/**
 * The defaults: 10 retries, backoff bounds from 2 ms doubling up to 100 ms. With them 20
 * concurrent updates of one customer all succeed on the memory adapter and on PGlite
 * (`retry.test.ts`, `concurrent-updates.test.ts`), and a writer gives up after at most
 * about 0.6 s of waiting.
 */
export const DEFAULT_RETRY_OPTIONS: Readonly<ResolvedRetryOptions> = Object.freeze({
  maxRetries: 10,
  baseDelayMs: 2,
  maxDelayMs: 100,
});

/** The random source and the sleep of {@link retryOnConflict}, replaceable in tests. */
export interface RetryHooks {
  /** A number in `[0, 1)`; default `Math.random`. */
  random?: () => number;
  /** Waits `ms` milliseconds; default a `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
}

const RETRY_KEYS = new Set(['maxRetries', 'baseDelayMs', 'maxDelayMs']);

function optionalDelay(value: unknown, path: ErrorPath): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw invalidInput(
      path,
      `${path.join('.')} must be a finite number of milliseconds >= 0, got ${describeValue(value)}`,
      'invalid_type',
    );
  return value;
}

/**
 * Checks retry options given by a caller (`undefined` gives `{}`): an object whose
 * `maxRetries` is an integer >= 0 and whose delays are finite numbers >= 0, with no other
 * field. A bad one throws `KehuValidationError` at `[...path, field]`. Fields left out stay out.
 */
export function parseRetryOptions(input: unknown, path: ErrorPath = []): RetryOptions {
  const raw = optionalObject(input, path, 'retry options');
  for (const key of Object.keys(raw))
    if (!RETRY_KEYS.has(key))
      throw invalidInput([...path, key], `retry options: unknown field ${JSON.stringify(key)}`, 'unrecognized_keys');
  const maxRetries = optionalInteger(raw.maxRetries, [...path, 'maxRetries'], 0);
  const baseDelayMs = optionalDelay(raw.baseDelayMs, [...path, 'baseDelayMs']);
  const maxDelayMs = optionalDelay(raw.maxDelayMs, [...path, 'maxDelayMs']);
  return {
    ...(maxRetries === undefined ? {} : { maxRetries }),
    ...(baseDelayMs === undefined ? {} : { baseDelayMs }),
    ...(maxDelayMs === undefined ? {} : { maxDelayMs }),
  };
}

/**
 * The retry settings of one use case call: the caller's `options` (checked with
 * {@link parseRetryOptions}) over the store-wide ones of `createKehu` over
 * {@link DEFAULT_RETRY_OPTIONS}.
 */
export function retryOptions(options: unknown, defaults: RetryOptions = {}): ResolvedRetryOptions {
  return { ...DEFAULT_RETRY_OPTIONS, ...parseRetryOptions(defaults), ...parseRetryOptions(options) };
}

/**
 * The store-wide retry settings of a use case context: its `retry` options, or its
 * `maxRetries` alone where only that is set.
 */
export function contextRetry(ctx: { readonly maxRetries?: number; readonly retry?: RetryOptions }): RetryOptions {
  return { ...(ctx.maxRetries === undefined ? {} : { maxRetries: ctx.maxRetries }), ...ctx.retry };
}

/**
 * The upper bound of the backoff after conflict number `attempt` (from 0):
 * `min(maxDelayMs, baseDelayMs * 2^attempt)`.
 */
export function backoffCeiling(attempt: number, options: Pick<ResolvedRetryOptions, 'baseDelayMs' | 'maxDelayMs'>) {
  return Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` (read, change, write with the expected version); when the write loses a
 * race (`KehuConflictError`) it sleeps a jittered backoff (see {@link RetryOptions}) and
 * runs again on fresh data, up to `maxRetries` more times, then rethrows the last
 * conflict. Other errors are rethrown at once. Bad options reject with a
 * `KehuValidationError` at their path before the first attempt.
 *
 * @example
 * ```ts
 * await retryOnConflict(() => addTag(storage, 'c-1', 'vip'), { maxRetries: 10, baseDelayMs: 2, maxDelayMs: 100 });
 * ```
 */
export async function retryOnConflict<T>(
  attempt: () => Promise<T>,
  options?: RetryOptions,
  hooks: RetryHooks = {},
): Promise<T> {
  const settings = retryOptions(options);
  const random = hooks.random ?? Math.random;
  const sleep = hooks.sleep ?? sleepFor;
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof KehuConflictError) || tries >= settings.maxRetries) throw error;
    }
    const ceiling = backoffCeiling(tries, settings);
    if (ceiling > 0) await sleep(random() * ceiling);
  }
}
