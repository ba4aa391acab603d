import type { KehuStorage } from '@kehu/storage';
import { afterEach } from 'vitest';
import type { StorageConformanceOptions } from './options.js';

/** Opens fresh stores for the tests of one suite and tears them down after each test. */
export interface Harness {
  /** A fresh, empty store, torn down after the current test. */
  open(): Promise<KehuStorage>;
  /** The options the suite runs with, defaults applied. */
  readonly options: Required<Omit<StorageConformanceOptions, 'teardown'>> & Pick<StorageConformanceOptions, 'teardown'>;
}

/** Makes the harness of one `runStorageConformance` call; registers its `afterEach`. */
export function createHarness(options: StorageConformanceOptions): Harness {
  const open: KehuStorage[] = [];
  afterEach(async () => {
    const stores = open.splice(0);
    for (const store of stores) {
      if (options.teardown) await options.teardown(store);
      else await store.close();
    }
  });
  return {
    options: {
      name: options.name,
      create: options.create,
      teardown: options.teardown,
      streamRecords: options.streamRecords ?? 100_000,
      concurrentWriters: options.concurrentWriters ?? 20,
      timeoutMs: options.timeoutMs ?? 120_000,
      hostileInputRuns: options.hostileInputRuns ?? 60,
      hostileInputSeed: options.hostileInputSeed ?? 20_261_130,
    },
    async open() {
      const store = await options.create();
      open.push(store);
      return store;
    },
  };
}
