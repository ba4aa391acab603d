import type { SampleBusiness, SampleOpportunity } from '@kehu/sample-data';
import type { Kehu } from '@kehu/sdk';
import type { TextOutput } from '../io.js';
import { startProgress } from '../progress.js';

/** Options of {@link storeSampleBusiness}. */
export interface StoreSampleBusinessOptions {
  /** Who stores the records that name no actor of their own (customers, contact records, account managers). */
  actor: string;
  /** The audit reason of those records (e.g. `demo: sample business`). */
  reason: string;
  /** Where the progress of each step goes (`customers 客户 500/2,000`); nowhere when absent. */
  progress?: TextOutput;
}

/** What {@link storeSampleBusiness} added to the store (0 for what an earlier run stored already). */
export interface StoredSampleBusiness {
  /** Customers created. */
  customers: number;
  /** Transactions appended (the others are duplicates of stored ones). */
  transactions: number;
  /** Complaints opened. */
  complaints: number;
  /** Opportunities opened, each with its stage history. */
  opportunities: number;
}

const NOWHERE: TextOutput = { write: () => undefined };

/** The maintenance plan's spend entry of a local date is recorded at the end of that day in Beijing. */
const endOfDay = (date: string) => `${date}T18:00:00+08:00`;

/** The stored opportunities' ids with the length of their logs. */
export async function storedOpportunities(kehu: Kehu): Promise<Map<string, number>> {
  const stored = new Map<string, number>();
  let cursor: string | null = null;
  do {
    const page = await kehu.opportunities.list({ limit: 1000, ...(cursor === null ? {} : { cursor }) });
    for (const o of page.items) stored.set(o.record.id, o.version);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return stored;
}

/** Replays one sample opportunity's events through the SDK (each checked against the policy before it is stored). */
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
      default:
        break;
    }
  }
}

/**
 * Stores the plan's approvers, the plan through approval, its spend and the causes of its variances; what an
 * earlier run stored is left as it is.
 */
async function storePlan(kehu: Kehu, business: SampleBusiness, { actor, reason }: StoreSampleBusinessOptions) {
  const sample = business.maintenancePlan;
  for (const owner of sample.approvers)
    if ((await kehu.cadence.getOwner(owner.id)) === null)
      await kehu.cadence.putOwner(owner, { actor, at: sample.approval[0]?.at ?? business.asOfInstant, reason });
  const planId = sample.plan.id;
  if ((await kehu.plans.get(planId)) === null) {
    for (const step of sample.approval) {
      const ctx = { actor: step.actor, at: step.at };
      if (step.type === 'drafted') await kehu.plans.create(sample.plan, ctx);
      else if (step.type === 'submitted') await kehu.plans.submit(planId, ctx);
      else if (step.type === 'signer-added') await kehu.plans.addSigner(planId, { ...ctx, signerId: step.signerId! });
      // The cover of a signer on leave signs: the SDK records the delegation and the signature.
      else if (step.type === 'signed') await kehu.plans.sign(planId, { ...ctx, signerId: step.signerId! });
      else await kehu.plans.activate(planId, ctx);
    }
  }
  for (const entry of sample.actuals)
    await kehu.plans.recordActual(entry, { actor: sample.plan.ownerId, at: endOfDay(String(entry.spentOn)) });
  const stored = await kehu.plans.get(planId);
  const given = stored?.causes ?? [];
  // An archived plan takes no more causes (a later run on the same store leaves it as it is).
  for (const c of stored?.state === 'archived' ? [] : sample.causes) {
    const done = given.some(
      (g) => (g.lineId ?? null) === (c.lineId ?? null) && g.category === c.category && g.period === c.period,
    );
    if (done) continue;
    await kehu.plans.explainVariance(
      planId,
      {
        ...(c.lineId === undefined ? {} : { lineId: c.lineId }),
        category: c.category,
        period: c.period,
        cause: c.cause,
      },
      { actor: sample.plan.ownerId, at: c.at, note: c.note },
    );
  }
}

/**
 * Stores a sample business of `@kehu/sample-data` through the SDK, as `kehu demo` does: customers, transactions,
 * complaints with their events, contact records, survey responses, account managers, the maintenance plan through
 * approval with its spend and variance causes, and the opportunities with their stage histories. Running it again
 * on the same store adds nothing; a store holding another sample business (another seed or size) makes the
 * transactions' import fail with a `KehuConflictError`. It grades, scores and evaluates nothing.
 *
 * @example
 * ```ts
 * const business = generateSampleBusiness({ customers: 200 });
 * await storeSampleBusiness(kehu, business, { actor: 'seed', reason: 'sample data', progress: process.stderr });
 * ```
 */
export async function storeSampleBusiness(
  kehu: Kehu,
  business: SampleBusiness,
  options: StoreSampleBusinessOptions,
): Promise<StoredSampleBusiness> {
  const { actor, reason } = options;
  const out = options.progress ?? NOWHERE;
  const added: StoredSampleBusiness = { customers: 0, transactions: 0, complaints: 0, opportunities: 0 };

  let p = startProgress(out, 'customers 客户', business.customers.length);
  for (const [i, customer] of business.customers.entries()) {
    if ((await kehu.customers.get(customer.id)) === null) {
      await kehu.customers.create(customer, { actor, at: customer.createdAt, reason });
      added.customers++;
    }
    if (i % 250 === 0) p.update(i);
  }
  p.finish();

  p = startProgress(out, 'transactions 交易', business.transactions.length);
  const imported = await kehu.transactions.import(business.transactions, {
    batchSize: 2000,
    onProgress: (x) => p.update(x.processed),
  });
  added.transactions = imported.inserted;
  p.finish();

  p = startProgress(out, 'complaints 投诉', business.complaints.length);
  for (const [i, { intake, actor: opener, events }] of business.complaints.entries()) {
    const existing = await kehu.complaints.get(intake.id);
    if (existing === null) added.complaints++;
    const version = existing?.version ?? (await kehu.complaints.open(intake, opener)).version;
    // A complaint opened by a run stopped before its events gets them now.
    if (version === 1 && events.length > 0)
      await kehu.complaints.appendEvents(intake.id, events, { expectedVersion: 1 });
    if (i % 50 === 0) p.update(i);
  }
  p.finish();

  p = startProgress(out, 'contact records 回访记录', business.contactRecords.length);
  for (const [i, record] of business.contactRecords.entries()) {
    if ((await kehu.contactRecords.get(record.id)) === null) {
      await kehu.contactRecords.record(record, { actor, at: record.at, reason });
    }
    if (i % 500 === 0) p.update(i);
  }
  p.finish();

  await kehu.surveys.recordResponses(business.surveyResponses);

  // The account managers' capacity and leave (CA-8), as of the sample's as-of day.
  for (const owner of business.owners)
    if ((await kehu.cadence.getOwner(owner.id)) === null)
      await kehu.cadence.putOwner(owner, { actor, at: business.asOfInstant, reason });

  out.write('plan and opportunities 计划与商机 …\n');
  await storePlan(kehu, business, options);
  const stored = await storedOpportunities(kehu);
  for (const o of business.opportunities)
    if (!stored.has(o.opportunity.id)) {
      await storeOpportunity(kehu, o);
      added.opportunities++;
    }
  return added;
}
