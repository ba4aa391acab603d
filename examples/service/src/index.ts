/**
 * `@kehu/example-service`: the Kehu SDK behind HTTP (Hono on Node), for integrators to copy.
 *
 * @packageDocumentation
 */
export { createApp, dashboardDir } from './app.js';
export type { ServiceDeps } from './deps.js';
export { toJson, type Json } from './json.js';
export { PROBLEM_MEDIA_TYPE, type Problem, type ProblemFieldError } from './problem.js';
export { seedSampleBusiness, type SeedOptions, type SeedResult } from './seed.js';
export { startService, type RunningService, type StartServiceOptions } from './server.js';
export { DEFAULT_DATA_DIR, openStore, type ServiceStore, type StoreOptions } from './storage.js';
export { MAX_IMPORT_ROWS } from './routes/transactions.js';
