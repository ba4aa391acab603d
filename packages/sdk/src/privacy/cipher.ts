import { KehuStorageError, type JsonValue } from '@kehu/core';
import { DATA_KEY_BYTES, type KeyProvider } from './key-provider.js';

/**
 * How every sealed value starts: Kehu's envelope, version 1, `kehu:v1:<key id>:<base64 of IV and ciphertext>`
 * (AES-256-GCM with a synthetic 12-byte IV, the subject id as additional data). The key id says which of the
 * subject's keys sealed it, so values sealed before an erasure stay unreadable when a later write makes a new key.
 */
export const ENVELOPE_PREFIX = 'kehu:v1:';

const IV_BYTES = 12;
const KEY_CACHE_SIZE = 4096;
const MEMO_SIZE = 100_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** True when `value` is a sealed envelope. */
export function isEnvelope(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(ENVELOPE_PREFIX);
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In chunks: String.fromCharCode takes its arguments on the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A WebCrypto key (named here: the ES library types do not declare WebCrypto). */
type CryptoKey = Awaited<ReturnType<typeof globalThis.crypto.subtle.importKey>>;

/** The two keys derived from one subject's data key, and the key's id. */
interface SubjectKeys {
  readonly encrypt: CryptoKey;
  readonly iv: CryptoKey;
  /** A public id of the data key (HKDF output, 8 bytes in base64): envelopes name the key that sealed them. */
  readonly id: string;
}

/** Derives the encryption key and the IV key of one subject from its data key (HKDF-SHA-256). */
async function deriveKeys(raw: Uint8Array): Promise<SubjectKeys> {
  const subtle = globalThis.crypto.subtle;
  const base = await subtle.importKey('raw', raw, 'HKDF', false, ['deriveKey', 'deriveBits']);
  const hkdf = (info: string) => ({
    name: 'HKDF',
    hash: 'SHA-256',
    salt: new Uint8Array(0),
    info: encoder.encode(info),
  });
  const [encrypt, iv, id] = await Promise.all([
    subtle.deriveKey(hkdf('kehu v1 encrypt'), base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    subtle.deriveKey(hkdf('kehu v1 iv'), base, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']),
    subtle.deriveBits(hkdf('kehu v1 key id'), base, 64),
  ]);
  return { encrypt, iv, id: toBase64(new Uint8Array(id)) };
}

/**
 * Seals and opens personal values with each subject's data key (WebCrypto AES-256-GCM,
 * the subject id as additional data so a value cannot be moved to another person), and
 * makes the blind-index tokens.
 *
 * Sealing is deterministic: the IV is an HMAC of the subject and the value under a key
 * derived (HKDF) from the data key, as in SIV modes. The same value sealed twice for the
 * same person gives the same envelope, so idempotent imports still recognise a re-sent
 * record and an update leaves unchanged fields (and the audit patch) alone; GCM's IV is
 * never reused for two different values. What it reveals: whether two of one person's
 * sealed values are equal. Imported keys are cached per subject (up to 4,096) so a bulk
 * read does not ask the provider once per record, and the envelopes of values sealed or
 * opened lately (up to 100,000) so that re-sealing an unchanged value costs no cipher work;
 * {@link SubjectCipher.destroy} drops both for the subject along with the provider's key.
 */
export class SubjectCipher {
  readonly #keys: KeyProvider;
  readonly #cache = new Map<string, Promise<SubjectKeys>>();
  // Envelopes by subject and plain JSON, for values sealed or opened lately: sealing is
  // deterministic, so an update that re-seals an unchanged field (10,000 unchanged contacts)
  // finds its envelope here instead of running the cipher again. Dropped with the key.
  readonly #memo = new Map<string, { byJson: Map<string, string>; byEnvelope: Map<string, string> }>();
  #memoSize = 0;
  // How many destroys this instance ran: a key or value fetched while one ran may be the
  // destroyed key's, so it serves its own call but is not cached or remembered.
  #destroys = 0;
  #index: Promise<CryptoKey> | undefined;

  /** @param keys - the host's key provider */
  constructor(keys: KeyProvider) {
    this.#keys = keys;
  }

  async #key(subject: string, create: boolean): Promise<SubjectKeys | null> {
    const cached = this.#cache.get(subject);
    if (cached !== undefined) return cached;
    const destroys = this.#destroys;
    const raw = create ? await this.#keys.getOrCreateKey(subject) : await this.#keys.getKey(subject);
    if (raw === null) return null;
    if (!(raw instanceof Uint8Array) || raw.length !== DATA_KEY_BYTES)
      throw new KehuStorageError('keys', `the key provider gave a data key that is not ${DATA_KEY_BYTES} bytes`);
    const keys = deriveKeys(raw);
    if (destroys !== this.#destroys) return keys;
    if (this.#cache.size >= KEY_CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(subject, keys);
    keys.catch(() => this.#cache.delete(subject));
    return keys;
  }

  #remember(subject: string, json: string, envelope: string): void {
    let memo = this.#memo.get(subject);
    if (memo === undefined) this.#memo.set(subject, (memo = { byJson: new Map(), byEnvelope: new Map() }));
    if (memo.byJson.has(json)) return;
    // Past the bound, forget the subjects remembered first.
    while (this.#memoSize >= MEMO_SIZE && this.#memo.size > 0) {
      const [first, values] = this.#memo.entries().next().value!;
      this.#memoSize -= values.byJson.size;
      this.#memo.delete(first);
      if (first === subject) return;
    }
    memo.byJson.set(json, envelope);
    memo.byEnvelope.set(envelope, json);
    this.#memoSize++;
  }

  /** Seals `value` (its JSON) for `subject`, creating the subject's key when it has none. */
  async seal(subject: string, value: JsonValue): Promise<string> {
    const json = JSON.stringify(value);
    const known = this.#memo.get(subject)?.byJson.get(json);
    if (known !== undefined) return known;
    const destroys = this.#destroys;
    const keys = (await this.#key(subject, true))!;
    const aad = encoder.encode(subject);
    const data = encoder.encode(json);
    const mac = new Uint8Array(aad.length + 1 + data.length);
    mac.set(aad);
    mac.set(data, aad.length + 1);
    const iv = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', keys.iv, mac)).slice(0, IV_BYTES);
    const sealed = new Uint8Array(
      await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, keys.encrypt, data),
    );
    const out = new Uint8Array(IV_BYTES + sealed.length);
    out.set(iv);
    out.set(sealed, IV_BYTES);
    const envelope = `${ENVELOPE_PREFIX}${keys.id}:${toBase64(out)}`;
    if (destroys === this.#destroys) this.#remember(subject, json, envelope);
    return envelope;
  }

  /**
   * Opens an envelope sealed for `subject`: the value, or `undefined` when the subject's key
   * is gone (erased). A damaged envelope, or one sealed for another subject, throws
   * `KehuStorageError`.
   */
  async open(subject: string, envelope: string): Promise<JsonValue | undefined> {
    const known = this.#memo.get(subject)?.byEnvelope.get(envelope);
    if (known !== undefined) return JSON.parse(known) as JsonValue;
    const destroys = this.#destroys;
    const keys = await this.#key(subject, false);
    if (keys === null) return undefined;
    const separator = envelope.indexOf(':', ENVELOPE_PREFIX.length);
    // Sealed with a key the subject no longer has (destroyed by an erasure; a later write made a new one): unreadable.
    if (separator > 0 && envelope.slice(ENVELOPE_PREFIX.length, separator) !== keys.id) return undefined;
    try {
      if (separator < 0) throw new Error('the envelope names no key');
      const bytes = fromBase64(envelope.slice(separator + 1));
      const plain = await globalThis.crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES), additionalData: encoder.encode(subject) },
        keys.encrypt,
        bytes.subarray(IV_BYTES),
      );
      const json = decoder.decode(plain);
      if (destroys === this.#destroys) this.#remember(subject, json, envelope);
      return JSON.parse(json) as JsonValue;
    } catch (cause) {
      throw new KehuStorageError('unseal', `a sealed value of ${JSON.stringify(subject)} cannot be opened`, { cause });
    }
  }

  /** Opens every envelope inside `value` (any JSON), for exports and audit entries. */
  async openDeep(subject: string, value: JsonValue): Promise<JsonValue> {
    if (isEnvelope(value)) {
      const opened = await this.open(subject, value);
      return opened === undefined ? null : this.openDeep(subject, opened);
    }
    if (Array.isArray(value)) return Promise.all(value.map((v) => this.openDeep(subject, v)));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, JsonValue> = {};
      for (const [k, v] of Object.entries(value)) out[k] = await this.openDeep(subject, v);
      return out;
    }
    return value;
  }

  /** A blind-index token: HMAC-SHA-256 of `kind` and the normalised `value` under the provider's index key. */
  async token(kind: string, value: string): Promise<string> {
    this.#index ??= this.#keys.indexKey().then((raw) => {
      if (!(raw instanceof Uint8Array) || raw.length < DATA_KEY_BYTES)
        throw new KehuStorageError('keys', `the key provider gave an index key shorter than ${DATA_KEY_BYTES} bytes`);
      return globalThis.crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    });
    const mac = await globalThis.crypto.subtle.sign('HMAC', await this.#index, encoder.encode(`${kind}\u001f${value}`));
    return `${kind}:${toBase64(new Uint8Array(mac)).slice(0, 43)}`;
  }

  /** Destroys the subject's key at the provider and drops it from the cache; `true` when there was one. */
  async destroy(subject: string): Promise<boolean> {
    // Before and after the provider's call: what a read fetched meanwhile is not kept.
    this.#forget(subject);
    try {
      return await this.#keys.destroyKey(subject);
    } finally {
      this.#forget(subject);
    }
  }

  /** Drops the subject's cached key and remembered values, and marks every fetch under way as stale. */
  #forget(subject: string): void {
    this.#destroys++;
    this.#cache.delete(subject);
    this.#memoSize -= this.#memo.get(subject)?.byJson.size ?? 0;
    this.#memo.delete(subject);
  }
}
