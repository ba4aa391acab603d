import { runStorageConformance } from '@kehu/storage-conformance';
import { createMemoryStorage } from './memory-storage.js';

// The reference adapter passes the whole published suite (every rule of @kehu/storage).
runStorageConformance({ name: 'memory', create: () => createMemoryStorage() });
