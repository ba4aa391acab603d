/**
 * What an adapter supports, so the SDK chooses a code path up front instead of
 * discovering a missing feature at run time. Every method of the contract is always
 * present; capabilities describe qualities, not optional methods.
 */
export interface StorageCapabilities {
  /** The adapter's name, e.g. `memory`, `postgres`. */
  readonly name: string;
  /** Data survives the process (a file or a database), not only memory. */
  readonly durable: boolean;
  /**
   * Writes from several connections or processes run truly in parallel (a database
   * pool); `false` when the adapter serialises writers (one process, one lock).
   */
  readonly parallelWriters: boolean;
  /** `withTransaction` gives isolation and rollback (required by the contract: always `true`). */
  readonly transactions: true;
}
