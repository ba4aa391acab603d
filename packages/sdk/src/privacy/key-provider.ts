import { invalidInput } from '@kehu/core';

/**
 * Where the keys of personal data live (rule AR-5). Kehu encrypts each person's personal
 * fields with a data key of their own (AES-256-GCM) and asks the host's key provider for
 * it; erasing the person destroys that key, so every copy of their personal data (live
 * rows, audit entries, the host's database backups) becomes unreadable at once.
 *
 * The provider must keep keys outside the store whose backups it protects: in a KMS or
 * HSM (a data key per subject, or data keys wrapped by a master key the KMS holds), or,
 * for a single machine, in a key file kept apart from the database and its backups. A
 * provider that stores its keys in the same database defeats crypto-shredding.
 */
export interface KeyProvider {
  /** The 32-byte data key of `subject`, or `null` when it has none (never created, or destroyed). */
  getKey(subject: string): Promise<Uint8Array | null>;
  /** The 32-byte data key of `subject`, created (from a secure random source) and kept when it has none. */
  getOrCreateKey(subject: string): Promise<Uint8Array>;
  /**
   * Destroys the data key of `subject` for good (every copy the provider holds); `true`
   * when there was one. Afterwards `getKey(subject)` is `null`.
   */
  destroyKey(subject: string): Promise<boolean>;
  /**
   * The secret of the blind index (at least 32 bytes), the same for every subject: exact
   * lookups by phone, e-mail or name go through keyed hashes (HMAC-SHA-256) made with it.
   */
  indexKey(): Promise<Uint8Array>;
}

/** The length of a data key in bytes (AES-256). */
export const DATA_KEY_BYTES = 32;

/** A fresh random key of `bytes` bytes from WebCrypto's secure random source. */
export function randomKey(bytes = DATA_KEY_BYTES): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(bytes));
}

/**
 * A {@link KeyProvider} that holds its keys in this process's memory: for tests, examples
 * and hosts that bring keys per process. Keys vanish with the process, so data sealed with
 * them cannot be read by the next one: never use it for data that must outlive the process.
 *
 * @param options - `indexKey`: the blind-index secret (default: a random one per provider)
 * @example
 * ```ts
 * const kehu = createKehu({ storage: createMemoryStorage(), keys: createMemoryKeyProvider() });
 * ```
 */
export function createMemoryKeyProvider(options: { indexKey?: Uint8Array } = {}): KeyProvider {
  const keys = new Map<string, Uint8Array>();
  const index = options.indexKey ?? randomKey();
  if (!(index instanceof Uint8Array) || index.length < DATA_KEY_BYTES)
    throw invalidInput(['indexKey'], `indexKey must be a Uint8Array of at least ${DATA_KEY_BYTES} bytes`);
  return {
    getKey: async (subject) => keys.get(subject)?.slice() ?? null,
    getOrCreateKey: async (subject) => {
      let key = keys.get(subject);
      if (key === undefined) keys.set(subject, (key = randomKey()));
      return key.slice();
    },
    destroyKey: async (subject) => {
      const key = keys.get(subject);
      if (key === undefined) return false;
      key.fill(0);
      return keys.delete(subject);
    },
    indexKey: async () => index.slice(),
  };
}
