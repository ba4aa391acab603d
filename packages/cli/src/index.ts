export { EXIT, runCli } from './cli.js';
export type { CliIo, TextOutput } from './io.js';
export { formatSummary, runDemo, type DemoOptions, type DemoSummary } from './demo.js';
export {
  generateSampleBusiness,
  type SampleBusiness,
  type SampleBusinessOptions,
  type SampleComplaint,
} from './sample-business.js';
export { DEFAULT_PGLITE_DIR, openStorage, type OpenedStorage } from './open-storage.js';
export { createRandom, type Random } from './random.js';
export { startProgress, type Progress } from './progress.js';
export { VERSION } from './version.js';
export { runRfmCommand, StrictStop, type RfmCommandOptions, type RfmCommandResult } from './rfm-command.js';
export type { BadRow } from './transactions-csv.js';
export { parseInstant } from './fast-instant.js';
