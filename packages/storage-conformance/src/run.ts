import { describe } from 'vitest';
import { appendOnlySuite } from './append-only.suite.js';
import { cadenceSuite } from './cadence.suite.js';
import { auditSuite } from './audit.suite.js';
import { auditedSuite } from './audited.suite.js';
import { capabilitiesSuite } from './capabilities.suite.js';
import { churnSuite } from './churn.suite.js';
import { complaintsSuite } from './complaints.suite.js';
import { concurrencySuite } from './concurrency.suite.js';
import { gradesSuite } from './grades.suite.js';
import { createHarness } from './harness.js';
import { hostileInputSuite } from './hostile-input.suite.js';
import type { StorageConformanceOptions } from './options.js';
import { pagingSuite } from './paging.suite.js';
import { plansSuite } from './plans.suite.js';
import { queriesSuite } from './queries.suite.js';
import { roundTripSuite } from './round-trip.suite.js';
import { streamingSuite } from './streaming.suite.js';
import { summarySuite } from './summary.suite.js';
import { transactionScopeSuite } from './transactions-scope.suite.js';
import { contactRecordToJson, customerToJson } from '@kehu/core';
import { sampleContactRecord, sampleCustomer } from './fixtures.js';

/**
 * Registers the storage conformance suite for one adapter: call it once, at the top
 * level of a vitest test file. Every rule stated in the `@kehu/storage` contract is
 * checked against fresh stores made by `options.create`.
 *
 * @example
 * ```ts
 * import { runStorageConformance } from '@kehu/storage-conformance';
 * import { createMyStorage } from './my-storage.js';
 *
 * runStorageConformance({ name: 'my-adapter', create: () => createMyStorage() });
 * ```
 */
export function runStorageConformance(options: StorageConformanceOptions): void {
  describe(`storage conformance: ${options.name}`, () => {
    const h = createHarness(options);
    capabilitiesSuite(h);
    auditedSuite(h, {
      title: 'customers (rules AR-1 to AR-4)',
      entity: 'customer',
      repo: (s) => s.customers,
      make: (id) => sampleCustomer(id),
      change: (c, tag) => ({ ...c, tags: [...c.tags, tag] }),
      toJson: customerToJson,
    });
    auditedSuite(h, {
      title: 'contact records (rules CA-6, CA-9, AR-4)',
      entity: 'contact-record',
      repo: (s) => s.contactRecords,
      make: (id) => sampleContactRecord(id, 'c-1'),
      change: (r, tag) => ({ ...r, summary: tag, outcome: 'callback-requested' as const }),
      toJson: contactRecordToJson,
    });
    appendOnlySuite(h);
    summarySuite(h);
    complaintsSuite(h);
    gradesSuite(h);
    churnSuite(h);
    cadenceSuite(h);
    plansSuite(h);
    auditSuite(h);
    transactionScopeSuite(h);
    pagingSuite(h);
    queriesSuite(h);
    concurrencySuite(h);
    roundTripSuite(h);
    streamingSuite(h);
    hostileInputSuite(h);
  });
}
