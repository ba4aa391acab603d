/**
 * `@kehu/cli`: the `kehu` command line (`kehu demo`, `kehu report`, `kehu rfm`,
 * `kehu import`, `kehu migrate`). Run it as `kehu …`, or call {@link runCli} to run it in process;
 * {@link storeSampleBusiness} stores the demo's sample business into a host's own store.
 *
 * @packageDocumentation
 */
export { runCli } from './cli.js';
export { EXIT, type ExitCode } from './exit.js';
export type { CliIo, TextOutput } from './io.js';
export {
  type StoredSampleBusiness,
  storeSampleBusiness,
  type StoreSampleBusinessOptions,
} from './demo/sample-business.js';
