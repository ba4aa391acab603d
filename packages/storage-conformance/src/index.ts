export { runStorageConformance } from './run.js';
export type { StorageConformanceOptions } from './options.js';
export {
  fixtureInstant,
  sampleAuditContext,
  sampleComplaint,
  sampleComplaintEvent,
  sampleContactRecord,
  sampleCustomer,
  sampleGrade,
  sampleSurveyResponse,
  sampleTransaction,
} from './fixtures.js';
export { CONTRACT_METHODS } from './capabilities.suite.js';
