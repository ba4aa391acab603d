/**
 * `@kehu/storage`: the contract between Kehu and a storage adapter.
 *
 * Typed repositories per aggregate, each stating its rules in TSDoc;
 * `@kehu/storage-conformance` checks every rule against an adapter.
 *
 * @packageDocumentation
 */
export * from './pagination.js';
export * from './versioned.js';
export * from './expected-version.js';
export * from './audited-repository.js';
export * from './capabilities.js';
export * from './customers.js';
export * from './transactions.js';
export * from './complaints.js';
export * from './contact-records.js';
export * from './survey-responses.js';
export * from './grades.js';
export * from './churn-scores.js';
export * from './exits.js';
export * from './instant-range.js';
export * from './owners.js';
export * from './revisit-actions.js';
export * from './plans.js';
export * from './budget-actuals.js';
export * from './opportunities.js';
export * from './event-log.js';
export * from './audit-log.js';
export * from './audit-patch.js';
export * from './storage.js';
