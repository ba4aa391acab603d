import { invalidInput, KehuConflictError } from '@kehu/core';

/** Options of use cases that re-read and retry after an optimistic-concurrency conflict. */
export interface RetryOptions {
  /** Attempts after the first one; default the `maxRetries` given to `createKehu` (5). */
  maxRetries?: number;
}

/**
 * Runs `attempt` (read, change, write with the expected version); when the write loses a
 * race (`KehuConflictError`) it runs again on fresh data, up to `maxRetries` more times,
 * then rethrows the last conflict. Other errors are rethrown at once.
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, maxRetries: number): Promise<T> {
  if (!Number.isInteger(maxRetries) || maxRetries < 0)
    throw invalidInput(['maxRetries'], 'maxRetries must be a non-negative integer', 'too_small');
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof KehuConflictError) || tries >= maxRetries) throw error;
    }
  }
}
