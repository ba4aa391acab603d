import { KehuValidationError } from '@kehu/core';
import type { KehuStorage } from '@kehu/storage';
import { createMemoryStorage } from '@kehu/storage-memory';

/** A store opened from a `--storage` spec, with a description for humans. */
export interface OpenedStorage {
  /** The adapter. */
  storage: KehuStorage;
  /** Where the data lives, e.g. `memory (in process, not kept)`. */
  description: string;
}

/**
 * Opens the store a `--storage` spec names. Supported: `memory` (in process, nothing
 * kept). An unknown spec throws `KehuValidationError` at `['storage']` with code
 * `UNKNOWN_STORAGE`.
 */
export async function openStorage(spec: string): Promise<OpenedStorage> {
  if (spec === 'memory') return { storage: createMemoryStorage(), description: 'memory (in process, not kept)' };
  throw new KehuValidationError(`unknown storage "${spec}": use "memory"`, [
    { path: ['storage'], message: 'expected memory', code: 'UNKNOWN_STORAGE' },
  ], { code: 'UNKNOWN_STORAGE' });
}
