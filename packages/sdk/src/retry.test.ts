import { KehuConflictError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { retryOnConflict } from './retry.js';

describe('retryOnConflict', () => {
  it('retries conflicts up to the limit and rethrows other errors at once', async () => {
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls < 3) throw new KehuConflictError('customer', 'c-1', 'stale');
      return calls;
    };
    expect(await retryOnConflict(flaky, 5)).toBe(3);
    calls = 0;
    await expect(retryOnConflict(flaky, 1)).rejects.toBeInstanceOf(KehuConflictError);
    let other = 0;
    await expect(
      retryOnConflict(async () => {
        other++;
        throw new Error('disk full');
      }, 5),
    ).rejects.toThrow('disk full');
    expect(other).toBe(1);
  });

  it('refuses a bad maxRetries at its path before trying', async () => {
    for (const bad of [-1, 1.5, Number.NaN])
      await expect(retryOnConflict(async () => 1, bad)).rejects.toMatchObject({ path: ['maxRetries'] });
  });
});
