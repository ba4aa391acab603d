/**
 * `@kehu/core`: the Kehu domain model.
 *
 * zod schemas with inferred types for the customer archive, sales records, complaints,
 * contact records, survey responses, grades and the audit log; exact money on
 * `decimal.js`; and the typed errors every Kehu package throws.
 *
 * @packageDocumentation
 */
export * from './errors.js';
export * from './as-of.js';
export * from './decimal.js';
export * from './decimal-string.js';
export * from './scaled.js';
export * from './money.js';
export * from './codecs.js';
export * from './text.js';
export * from './numbers.js';
export * from './decimal-limits.js';
export * from './json-value.js';
export * from './record.js';
export * from './limits.js';
export * from './mask.js';
export * from './parse.js';
export * from './customer.js';
export * from './transaction.js';
export * from './transaction-summary.js';
export * from './transaction-columns.js';
export * from './summary-table.js';
export * from './summarize.js';
export * from './civil-day.js';
export * from './instant.js';
export * from './order.js';
export * from './integer-order.js';
export * from './complaint.js';
export * from './complaint-state.js';
export * from './contact-record.js';
export * from './survey-response.js';
export * from './grade.js';
export * from './churn-records.js';
export * from './revisit-records.js';
export * from './plan-records.js';
export * from './opportunity-records.js';
export * from './audit.js';
export * from './labels.js';
export * from './normal-quantile.js';
export * from './wilson-interval.js';
export * from './seeded-random.js';
export * from './report-model.js';
export * from './parse-report-model.js';
