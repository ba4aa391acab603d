/**
 * A stored record with its version. Versions start at 1 on create and grow by 1 with
 * every update; writers pass the version they read as `expectedVersion`, and a stale one
 * fails with `KehuConflictError` and changes nothing (optimistic concurrency).
 */
export interface Versioned<T> {
  /** The record (a fresh copy: mutating it changes nothing in the store). */
  readonly record: T;
  /** The record's version, 1 after create. */
  readonly version: number;
}

/** Result of an idempotent batch append. */
export interface AppendResult {
  /** Records that were new and are now stored. */
  readonly inserted: number;
  /** Records whose id was already stored with identical content; they changed nothing. */
  readonly duplicates: number;
}
