import { chinaCalendar } from '@kehu/calendar';
import type { Kehu } from '@kehu/sdk';
import { generateSampleBusiness, SAMPLE_SURVEY, type SampleBusiness, type SampleOpportunity } from '@kehu/sample-data';

/** Options of {@link seedSampleBusiness}: those of `generateSampleBusiness`. */
export interface SeedOptions {
  /** The business's "today", `YYYY-MM-DD`; default `2026-06-30`. */
  asOf?: string;
  /** Number of customers; default 2,000. */
  customers?: number;
  /** Generator seed; default 42. */
  seed?: number;
}

/** What the seed stored. */
export interface SeedResult {
  /** The as-of day of the sample. */
  asOf: string;
  /** The end of that day, ISO-8601 (a good `KEHU_AS_OF`). */
  asOfInstant: string;
  /** Customers created by this run (those already stored are skipped). */
  customers: number;
  /** Transactions appended by this run (the others are duplicates of stored ones). */
  transactions: number;
  /** Complaints opened by this run. */
  complaints: number;
  /** Opportunities opened by this run. */
  opportunities: number;
  /** Grade changes written by the re-grading as of the sample's day. */
  gradeChanges: number;
  /** Churn risk scores recorded as of the sample's day (0 when scores were stored already). */
  churnScores: number;
}

const ACTOR = 'kehu-seed';

async function storeOpportunity(kehu: Kehu, { opportunity, actor, events }: SampleOpportunity): Promise<void> {
  await kehu.opportunities.open(opportunity, { actor });
  const id = opportunity.id;
  for (const e of events) {
    const ctx = { actor: e.actor, at: e.at };
    if (e.type === 'stage-changed') await kehu.opportunities.moveStage(id, { stage: e.stage! }, ctx);
    else if (e.type === 'probability-set')
      await kehu.opportunities.setProbability(id, { probability: e.probability ?? null }, ctx);
    else if (e.type === 'revenue-changed')
      await kehu.opportunities.change(id, { expectedRevenue: String(e.expectedRevenue) }, ctx);
    else if (e.type === 'close-date-changed')
      await kehu.opportunities.change(id, { expectedCloseDate: String(e.expectedCloseDate) }, ctx);
    else if (e.type === 'reassigned') await kehu.opportunities.change(id, { salespersonId: e.salespersonId! }, ctx);
    else if (e.type === 'won') await kehu.opportunities.win(id, { reason: e.reason! }, ctx);
    else if (e.type === 'lost') await kehu.opportunities.lose(id, { reason: e.reason! }, ctx);
    else if (e.type === 'reopened') await kehu.opportunities.reopen(id, { stage: e.stage! }, ctx);
  }
}

async function storePlan(kehu: Kehu, business: SampleBusiness): Promise<void> {
  const sample = business.maintenancePlan;
  for (const owner of sample.approvers)
    if ((await kehu.cadence.getOwner(owner.id)) === null)
      await kehu.cadence.putOwner(owner, { actor: ACTOR, at: sample.approval[0]?.at ?? business.asOfInstant });
  const planId = sample.plan.id;
  if ((await kehu.plans.get(planId)) !== null) return;
  for (const step of sample.approval) {
    const ctx = { actor: step.actor, at: step.at };
    if (step.type === 'drafted') await kehu.plans.create(sample.plan, ctx);
    else if (step.type === 'submitted') await kehu.plans.submit(planId, ctx);
    else if (step.type === 'signer-added') await kehu.plans.addSigner(planId, { ...ctx, signerId: step.signerId! });
    else if (step.type === 'signed') await kehu.plans.sign(planId, { ...ctx, signerId: step.signerId! });
    else await kehu.plans.activate(planId, ctx);
  }
  for (const entry of sample.actuals)
    await kehu.plans.recordActual(entry, { actor: sample.plan.ownerId, at: `${String(entry.spentOn)}T18:00:00+08:00` });
}

/**
 * Stores the deterministic sample business of `@kehu/sample-data` (as `kehu demo` does) through
 * the SDK: customers, transactions, complaints with their events, contact records, survey
 * responses, account managers, the maintenance plan through approval, and the opportunities with
 * their stage histories; then, as the nightly jobs would (see the worker example), re-grades everyone and records
 * churn risk scores as of the end of the sample's day, so the dashboard has tiers and risks to show. Running it again
 * on the same store adds nothing.
 */
export async function seedSampleBusiness(
  kehu: Kehu,
  options: SeedOptions = {},
  log: (line: string) => void = () => {},
): Promise<SeedResult> {
  const business = generateSampleBusiness(options);
  const reason = 'seed: sample business';
  const result: SeedResult = {
    asOf: business.asOf,
    asOfInstant: business.asOfInstant,
    customers: 0,
    transactions: 0,
    complaints: 0,
    opportunities: 0,
    gradeChanges: 0,
    churnScores: 0,
  };
  log(`customers 客户 ${business.customers.length}`);
  for (const customer of business.customers)
    if ((await kehu.customers.get(customer.id)) === null) {
      await kehu.customers.create(customer, { actor: ACTOR, at: customer.createdAt, reason });
      result.customers++;
    }
  log(`transactions 交易 ${business.transactions.length}`);
  result.transactions = (await kehu.transactions.import(business.transactions, { batchSize: 2000 })).inserted;
  log(`complaints 投诉 ${business.complaints.length}`);
  for (const { intake, actor, events } of business.complaints) {
    if ((await kehu.complaints.get(intake.id)) !== null) continue;
    await kehu.complaints.open(intake, actor);
    if (events.length > 0) await kehu.complaints.appendEvents(intake.id, events, { expectedVersion: 1 });
    result.complaints++;
  }
  log(`contact records 回访记录 ${business.contactRecords.length}`);
  for (const record of business.contactRecords)
    if ((await kehu.contactRecords.get(record.id)) === null)
      await kehu.contactRecords.record(record, { actor: ACTOR, at: record.at, reason });
  await kehu.surveys.recordResponses(business.surveyResponses);
  for (const owner of business.owners)
    if ((await kehu.cadence.getOwner(owner.id)) === null)
      await kehu.cadence.putOwner(owner, { actor: ACTOR, at: business.asOfInstant, reason });
  log('plans and opportunities 计划与商机');
  await storePlan(kehu, business);
  const stored = new Set<string>();
  let cursor: string | null = null;
  do {
    const page = await kehu.opportunities.list({ limit: 1000, ...(cursor === null ? {} : { cursor }) });
    for (const { record } of page.items) stored.add(record.id);
    cursor = page.nextCursor;
  } while (cursor !== null);
  for (const o of business.opportunities) {
    if (stored.has(o.opportunity.id)) continue;
    await storeOpportunity(kehu, o);
    result.opportunities++;
  }
  const asOf = new Date(Date.parse(business.asOfInstant) - 1);
  log('grades and churn risk 分级与流失风险');
  result.gradeChanges = (await kehu.value.regradeAll({ asOf, apply: { actor: ACTOR, reason } })).applied;
  if ((await kehu.churn.list({ limit: 1 })).items.length === 0) {
    const satisfaction = { surveyId: SAMPLE_SURVEY.id, question: 'csat', scale: { min: 1, max: 5 } };
    const run = await kehu.churn.score({
      asOf,
      satisfaction,
      sla: { calendar: chinaCalendar() },
      record: { actor: ACTOR, reason },
    });
    result.churnScores = run.scored;
  }
  return result;
}
