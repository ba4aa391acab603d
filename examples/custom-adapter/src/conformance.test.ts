import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStorageConformance } from '@kehu/storage-conformance';
import { createJsonFileStorage } from './json-file-storage.js';

const directories = new Map<object, string>();

runStorageConformance({
  name: 'json-file (examples/custom-adapter)',
  create: async () => {
    const directory = await mkdtemp(join(tmpdir(), 'kehu-json-'));
    const storage = await createJsonFileStorage({ directory });
    directories.set(storage, directory);
    return storage;
  },
  teardown: async (storage) => {
    await storage.close();
    await rm(directories.get(storage)!, { recursive: true, force: true });
  },
  // This adapter re-sorts a table for every page (simple, fine for an example); 20,000
  // records keep the streaming test to seconds while still showing that memory stays
  // bounded. Production adapters run the default 100,000.
  streamRecords: 20_000,
});
