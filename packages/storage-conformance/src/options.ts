import type { KehuStorage } from '@kehu/storage';

/** How `runStorageConformance` reaches the adapter under test. */
export interface StorageConformanceOptions {
  /** The adapter's name, shown in the suite's `describe` block. */
  name: string;
  /** Creates a fresh, empty store; called once per test (several times in some). */
  create: () => KehuStorage | Promise<KehuStorage>;
  /** Releases a store after its test; default `storage.close()`. */
  teardown?: (storage: KehuStorage) => void | Promise<void>;
  /** Transactions appended and streamed by the bounded-memory test; default 100,000. */
  streamRecords?: number;
  /** Writers racing on one record in the concurrency tests; default 20. */
  concurrentWriters?: number;
  /** Timeout of the heavy tests (streaming, concurrency, hostile input), in ms; default 120,000. */
  timeoutMs?: number;
  /** Generated inputs per aggregate in the hostile-input tests; default 60. */
  hostileInputRuns?: number;
  /** The fast-check seed of the hostile-input tests, so a failure reproduces; default 20261130. */
  hostileInputSeed?: number;
}
