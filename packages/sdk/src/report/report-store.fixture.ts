// Test fixture (not exported by the package): a small sample business stored through the SDK for the report's tests.
import { generateSampleBusiness, type SampleBusiness, type SampleOpportunity } from '@kehu/sample-data';
import { createMemoryStorage } from '@kehu/storage-memory';
import { createKehu, type Kehu } from '../kehu.js';

const ACTOR = 'report-test';

/** Replays one sample opportunity's events through the SDK, as the CLI demo stores them. */
async function storeOpportunity(kehu: Kehu, { opportunity, actor, events }: SampleOpportunity): Promise<void> {
  await kehu.opportunities.open(opportunity, { actor });
  const id = opportunity.id;
  for (const e of events) {
    const ctx = { actor: e.actor, at: e.at };
    switch (e.type) {
      case 'stage-changed':
        await kehu.opportunities.moveStage(id, { stage: e.stage }, ctx);
        break;
      case 'probability-set':
        await kehu.opportunities.setProbability(id, { probability: e.probability ?? null }, ctx);
        break;
      case 'revenue-changed':
        await kehu.opportunities.change(id, { expectedRevenue: String(e.expectedRevenue) }, ctx);
        break;
      case 'close-date-changed':
        await kehu.opportunities.change(id, { expectedCloseDate: String(e.expectedCloseDate) }, ctx);
        break;
      case 'reassigned':
        await kehu.opportunities.change(id, { salespersonId: e.salespersonId }, ctx);
        break;
      case 'won':
        await kehu.opportunities.win(id, { reason: e.reason }, ctx);
        break;
      case 'lost':
        await kehu.opportunities.lose(id, { reason: e.reason }, ctx);
        break;
      case 'reopened':
        await kehu.opportunities.reopen(id, { stage: e.stage }, ctx);
        break;
    }
  }
}

/**
 * A memory store holding a sample business of `customers` customers (seed 42, as of 2026-06-30): customers,
 * transactions, complaints with their events, contact records, survey responses, account managers, opportunities,
 * and grades as of the as-of day (written by `regradeAll`, so the report finds grades in force).
 */
export async function sampleReportStore(customers = 300): Promise<{ kehu: Kehu; business: SampleBusiness }> {
  const business = generateSampleBusiness({ customers });
  const kehu = createKehu({ storage: createMemoryStorage() });
  const reason = 'report test: sample business';
  for (const customer of business.customers)
    await kehu.customers.create(customer, { actor: ACTOR, at: customer.createdAt, reason });
  await kehu.transactions.import(business.transactions);
  for (const { intake, actor, events } of business.complaints) {
    await kehu.complaints.open(intake, actor);
    if (events.length > 0) await kehu.complaints.appendEvents(intake.id, events, { expectedVersion: 1 });
  }
  for (const record of business.contactRecords)
    await kehu.contactRecords.record(record, { actor: ACTOR, at: record.at, reason });
  await kehu.surveys.recordResponses(business.surveyResponses);
  for (const owner of business.owners)
    await kehu.cadence.putOwner(owner, { actor: ACTOR, at: business.asOfInstant, reason });
  for (const o of business.opportunities) await storeOpportunity(kehu, o);
  await kehu.value.regradeAll({ asOf: business.asOfInstant, apply: { actor: ACTOR, reason: 'report test: grading' } });
  return { kehu, business };
}
