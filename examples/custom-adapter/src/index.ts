export { createJsonFileStorage, type JsonFileStorageOptions } from './json-file-storage.js';
