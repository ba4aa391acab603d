/**
 * `@kehu/sample-data`: a deterministic sample business for demos, tests, benchmarks and
 * example apps. Seeded and pure: the same options give byte-identical data, nothing reads
 * the clock, and the output is boundary input (ISO strings, decimal strings) for the SDK.
 *
 * @packageDocumentation
 */
export {
  generateSampleBusiness,
  type SampleBusiness,
  type SampleBusinessOptions,
  type SampleComplaint,
} from './sample-business.js';
export { createRandom, type Random } from './random.js';
