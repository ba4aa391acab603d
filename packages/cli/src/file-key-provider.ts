import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { invalidInput, KehuStorageError } from '@kehu/core';
import type { KeyProvider } from '@kehu/sdk';

/** The demo's key file with a PostgreSQL server (relative to the working directory). */
export const DEFAULT_KEY_FILE = '.kehu/demo-keys.json';

interface KeyFile {
  format: 'kehu.keys/v1';
  indexKey: string;
  keys: Record<string, string>;
}

/**
 * A {@link KeyProvider} over one JSON file (mode 0600): the blind-index secret and one data
 * key per person, written to a temporary file and renamed over the old one before a new key
 * is used, so no sealed value outlives a crash without its key. Destroying a key rewrites
 * the file without it. For the demo and single-machine trials: the file must live apart
 * from the database and its backups, and a file system (journal, SSD wear levelling,
 * snapshots) may keep old copies of its blocks, which a KMS or HSM does not. Production
 * hosts use their KMS.
 */
export async function createFileKeyProvider(path: string): Promise<KeyProvider> {
  let file: KeyFile;
  try {
    file = JSON.parse(await readFile(path, 'utf8')) as KeyFile;
    if (file.format !== 'kehu.keys/v1' || typeof file.indexKey !== 'string' || typeof file.keys !== 'object')
      throw invalidInput([], `${path} is not a Kehu key file`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    file = { format: 'kehu.keys/v1', indexKey: randomBytes(32).toString('base64'), keys: {} };
  }
  // A Map, so that no subject id (`__proto__` included) can touch an object's prototype.
  const keys = new Map(Object.entries(file.keys));
  let writing: Promise<void> = Promise.resolve();
  async function save(): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    try {
      const text = JSON.stringify({ ...file, keys: Object.fromEntries(keys) });
      await writeFile(temporary, `${text}\n`, { mode: 0o600 });
      await rename(temporary, path);
    } catch (cause) {
      throw new KehuStorageError('keys', `cannot write the key file ${path}`, { cause });
    }
  }
  // One write at a time, in call order.
  const persist = () => (writing = writing.then(save, save));
  await persist();
  const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
  return {
    getKey: async (subject) => {
      const key = keys.get(subject);
      return key === undefined ? null : bytes(key);
    },
    getOrCreateKey: async (subject) => {
      let key = keys.get(subject);
      if (key === undefined) {
        keys.set(subject, (key = randomBytes(32).toString('base64')));
        await persist();
      }
      return bytes(key);
    },
    destroyKey: async (subject) => {
      if (!keys.delete(subject)) return false;
      await persist();
      return true;
    },
    indexKey: async () => bytes(file.indexKey),
  };
}
