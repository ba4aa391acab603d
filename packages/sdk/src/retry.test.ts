import { KehuConflictError, KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffCeiling, DEFAULT_RETRY_OPTIONS, parseRetryOptions, retryOnConflict, retryOptions } from './retry.js';

const noWait = { sleep: async () => {} };

describe('retryOnConflict', () => {
  it('retries conflicts up to the limit and rethrows other errors at once', async () => {
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls < 3) throw new KehuConflictError('customer', 'c-1', 'stale');
      return calls;
    };
    expect(await retryOnConflict(flaky, { maxRetries: 5 }, noWait)).toBe(3);
    calls = 0;
    await expect(retryOnConflict(flaky, { maxRetries: 1 }, noWait)).rejects.toBeInstanceOf(KehuConflictError);
    let other = 0;
    await expect(
      retryOnConflict(
        async () => {
          other++;
          throw new Error('disk full');
        },
        { maxRetries: 5 },
        noWait,
      ),
    ).rejects.toThrow('disk full');
    expect(other).toBe(1);
  });

  it('refuses bad options at their path before trying', async () => {
    const cases: Array<[unknown, Array<string | number>]> = [
      [{ maxRetries: -1 }, ['maxRetries']],
      [{ maxRetries: 1.5 }, ['maxRetries']],
      [{ maxRetries: Number.NaN }, ['maxRetries']],
      [{ maxRetries: '3' }, ['maxRetries']],
      [{ baseDelayMs: -1 }, ['baseDelayMs']],
      [{ maxDelayMs: Infinity }, ['maxDelayMs']],
      [{ retries: 3 }, ['retries']],
      [null, []],
      [5, []],
    ];
    for (const [bad, path] of cases) {
      let tried = false;
      const error = await retryOnConflict(async () => {
        tried = true;
      }, bad as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KehuValidationError);
      expect((error as KehuValidationError).path).toEqual(path);
      expect(tried).toBe(false);
    }
  });

  it('sleeps random * min(maxDelayMs, baseDelayMs * 2^attempt) after each conflict (full jitter)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 13, maxLength: 13 }),
        async (maxRetries, baseDelayMs, maxDelayMs, draws) => {
          const slept: number[] = [];
          let k = 0;
          const hooks = { random: () => draws[k++]!, sleep: async (ms: number) => void slept.push(ms) };
          const conflict = async () => {
            throw new KehuConflictError('customer', 'c-1', 'stale');
          };
          const options = { maxRetries, baseDelayMs, maxDelayMs };
          await expect(retryOnConflict(conflict, options, hooks)).rejects.toBeInstanceOf(KehuConflictError);
          const ceilings = Array.from({ length: maxRetries }, (_, n) => backoffCeiling(n, options)).filter(
            (c) => c > 0,
          );
          expect(slept).toEqual(ceilings.map((c, i) => draws[i]! * c));
          for (const [i, ms] of slept.entries())
            expect(ms).toBeLessThanOrEqual(Math.min(maxDelayMs, baseDelayMs * 2 ** i));
        },
      ),
    );
  });

  it('takes the caller’s options over the store-wide ones over the defaults', () => {
    expect(retryOptions(undefined)).toEqual(DEFAULT_RETRY_OPTIONS);
    expect(retryOptions({ maxRetries: 2 }, { maxRetries: 7, maxDelayMs: 50 })).toEqual({
      ...DEFAULT_RETRY_OPTIONS,
      maxRetries: 2,
      maxDelayMs: 50,
    });
    expect(parseRetryOptions({ maxRetries: 0 })).toEqual({ maxRetries: 0 });
  });
});
