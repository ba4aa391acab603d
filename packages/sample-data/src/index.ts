/**
 * `@kehu/sample-data`: a deterministic sample business for demos, tests, benchmarks and
 * example apps, and seeded bulk streams (transactions, complaint logs) of any size for
 * benchmarks and load tests. Seeded and pure: the same options give byte-identical data,
 * nothing reads the clock, and the output is boundary input for the SDK.
 *
 * @packageDocumentation
 */
export {
  generateSampleBusiness,
  SAMPLE_SURVEY,
  type SampleBusiness,
  type SampleBusinessOptions,
  type SampleComplaint,
} from './sample-business.js';
export { createRandom, type Random } from './random.js';
export {
  SAMPLE_LOST_REASONS,
  SAMPLE_STAGES,
  SAMPLE_WON_REASONS,
  type SampleOpportunitiesOptions,
  type SampleOpportunity,
  sampleOpportunities,
} from './opportunities.js';
export {
  SAMPLE_PLAN_ID,
  type SampleMaintenancePlan,
  type SamplePlanStep,
  type SampleVarianceCause,
  sampleMaintenancePlan,
} from './plan-spend.js';
export {
  type SampleTransactionRow,
  type SampleTransactionRowsOptions,
  sampleTransactionRows,
} from './transaction-rows.js';
export { SAMPLE_TRANSACTION_CSV_COLUMNS, sampleTransactionCsv } from './transaction-csv.js';
export { sampleTransactionColumns } from './transaction-columns.js';
export {
  SAMPLE_STEADY_TRANSACTION_CSV_COLUMNS,
  type SampleSteadyTransactionRow,
  type SampleSteadyTransactionRowsOptions,
  sampleSteadyTransactionCsv,
  sampleSteadyTransactionRows,
} from './steady-transaction-rows.js';
export { type SampleComplaintLog, type SampleComplaintLogsOptions, sampleComplaintLogs } from './complaint-logs.js';
export {
  SAMPLE_SERVICE_QUALITY_INDICATORS,
  type SampleServiceQualityColumns,
  type SampleServiceQualityColumnsOptions,
  sampleServiceQualityColumns,
} from './service-quality-columns.js';
