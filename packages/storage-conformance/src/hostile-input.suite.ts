import {
  type AuditContext,
  type AuditEntity,
  budgetActualToJson,
  maintenancePlanToJson,
  opportunityEventToJson,
  opportunityToJson,
  planEventToJson,
  churnScoreRecordToJson,
  type ComplaintEventBody,
  complaintEventToJson,
  complaintToJson,
  contactRecordToJson,
  customerExitToJson,
  customerToJson,
  gradeAssignmentToJson,
  ownerToJson,
  idSchema,
  parseAuditContext,
  parserFor,
  revisitActionToJson,
  surveyResponseToJson,
  transactionToJson,
} from '@kehu/core';
import type { KehuStorage } from '@kehu/storage';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hostileAuditContext,
  hostileBudgetActual,
  hostileChurnScore,
  hostileComplaint,
  hostileComplaintEvent,
  hostileContactRecord,
  hostileCustomer,
  hostileCustomerExit,
  hostileGradeAssignment,
  hostileId,
  hostileOpportunity,
  hostileOpportunityEvent,
  hostileOwner,
  hostilePlan,
  hostilePlanEvent,
  hostileRevisitAction,
  hostileSurveyResponse,
  hostileTransaction,
} from './arbitraries.js';
import { sampleComplaint } from './fixtures.js';
import { sampleOpportunity, samplePlan } from './plans.suite.js';
import type { Harness } from './harness.js';
import { type HostileOutcome, tryParse, withUniqueKey } from './hostile-parse.js';
import { HOSTILE_VALIDATORS } from './hostile-validators.js';

const parseActor = parserFor(idSchema, 'actor');

/** Counts of what validation did over one property, so a suite that refuses everything is caught. */
interface Tally {
  accepted: number;
  refused: number;
}

function outcome<T>(tally: Tally, what: string, raw: unknown, validate: (input: unknown) => T): HostileOutcome<T> {
  const result = tryParse(what, raw, validate);
  if (result.accepted) tally.accepted++;
  else tally.refused++;
  return result;
}

/** The audit context of a write: the generated one when valid, else a fixed one (the record is what is tested). */
function context(tally: Tally, raw: unknown): AuditContext {
  const parsed = outcome(tally, 'audit context', raw, HOSTILE_VALIDATORS.auditContext);
  return parsed.accepted
    ? parsed.value
    : parseAuditContext({ actor: 'tester', at: '2026-01-05T09:00:00+08:00', reason: 'hostile input' });
}

async function expectAudited(s: KehuStorage, entity: AuditEntity, id: string, ctx: AuditContext) {
  const entries = (await s.audit.list({ entity, entityId: id })).items;
  const entry = entries[entries.length - 1];
  expect(entry, `an audit entry for ${entity} ${JSON.stringify(id)}`).toBeDefined();
  expect(entry!.actor).toBe(ctx.actor);
  expect(entry!.reason).toBe(ctx.reason);
  expect(entry!.at.getTime()).toBe(ctx.at.getTime());
}

/**
 * Hostile input (issue "one behaviour on every adapter"): records generated across the whole input space of each
 * aggregate go through core's validation; each is either refused with a `KehuValidationError` (and the adapter is
 * never called), or written through the adapter and read back exactly: the same JSON form (decimals as exact
 * strings, instants to the millisecond, attributes deeply equal, `-0` and `0` told apart). A store that accepts
 * an input and gives back something else (a lone surrogate as U+FFFD, year 0001 as 2001) or refuses it after
 * validation accepted it (a `KehuStorageError`) fails here.
 */
export function hostileInputSuite(h: Harness): void {
  const { hostileInputRuns: numRuns, hostileInputSeed: seed } = h.options;
  const run = async <T>(arbitrary: fc.Arbitrary<T>, check: (input: T, n: number) => Promise<void>, tally: Tally) => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(arbitrary, (input) => check(input, ++n)),
      { numRuns, seed },
    );
    // The arbitraries mix valid and invalid input; a run that only refuses (or only accepts) tests half the rule.
    expect(tally.accepted, 'no generated input was accepted').toBeGreaterThan(0);
    expect(tally.refused, 'no generated input was refused').toBeGreaterThan(0);
  };

  describe('hostile input: stored and read back exactly, or refused by validation first', () => {
    it('customers (rules AR-1 to AR-4)', { timeout: h.options.timeoutMs }, async () => {
      const s = await h.open();
      const tally: Tally = { accepted: 0, refused: 0 };
      await run(
        fc.tuple(hostileCustomer(), hostileAuditContext()),
        async ([raw, rawContext], n) => {
          const parsed = outcome(tally, 'customer', withUniqueKey(raw, 'id', n), HOSTILE_VALIDATORS.customer);
          if (!parsed.accepted) return;
          const ctx = context(tally, rawContext);
          const customer = parsed.value;
          await s.customers.create(customer, ctx);
          const back = await s.customers.get(customer.id);
          expect(back?.version).toBe(1);
          expect(customerToJson(back!.record)).toEqual(customerToJson(customer));
          await expectAudited(s, 'customer', customer.id, ctx);
        },
        tally,
      );
    });

    it('transactions (rule AR-6), appended in batches', { timeout: h.options.timeoutMs }, async () => {
      const s = await h.open();
      const tally: Tally = { accepted: 0, refused: 0 };
      await run(
        fc.array(hostileTransaction(), { minLength: 1, maxLength: 4 }),
        async (raws, n) => {
          const batch = raws
            .map((raw, i) =>
              outcome(tally, 'transaction', withUniqueKey(raw, 'id', n * 10 + i), HOSTILE_VALIDATORS.transaction),
            )
            .flatMap((o) => (o.accepted ? [o.value] : []));
          if (batch.length === 0) return;
          const result = await s.transactions.append(batch);
          expect(result.inserted).toBe(batch.length);
          for (const t of batch) {
            const back = await s.transactions.get(t.id);
            expect(back, `transaction ${JSON.stringify(t.id)} read back`).not.toBeNull();
            expect(transactionToJson(back!)).toEqual(transactionToJson(t));
            expect(back!.amount.toString()).toBe(t.amount.toString());
          }
        },
        tally,
      );
    });

    it('complaint intakes (rule SL-1)', { timeout: h.options.timeoutMs }, async () => {
      const s = await h.open();
      const tally: Tally = { accepted: 0, refused: 0 };
      await run(
        fc.tuple(hostileComplaint(), hostileId()),
        async ([raw, rawActor], n) => {
          const parsed = outcome(tally, 'complaint', withUniqueKey(raw, 'id', n), HOSTILE_VALIDATORS.complaint);
          const actor = outcome(tally, 'actor', rawActor, parseActor);
          if (!parsed.accepted || !actor.accepted) return;
          await s.complaints.open(parsed.value, actor.value);
          const back = await s.complaints.get(parsed.value.id);
          expect(back?.version).toBe(1);
          expect(complaintToJson(back!.record)).toEqual(complaintToJson(parsed.value));
          const [received] = await s.complaints.events(parsed.value.id);
          expect(received!.actor).toBe(actor.value);
          expect(received!.at.getTime()).toBe(parsed.value.receivedAt.getTime());
        },
        tally,
      );
    });

    it('complaint events (rule SL-1), appended in batches', { timeout: h.options.timeoutMs }, async () => {
      const s = await h.open();
      const tally: Tally = { accepted: 0, refused: 0 };
      await run(
        fc.array(hostileComplaintEvent(), { minLength: 1, maxLength: 4 }),
        async (raws, n) => {
          const bodies = raws
            .map((raw) => outcome(tally, 'complaint event', raw, HOSTILE_VALIDATORS.complaintEvent))
            .flatMap((o) => (o.accepted ? [o.value] : []));
          if (bodies.length === 0) return;
          const id = `k-${n}`;
          await s.complaints.open(sampleComplaint(id, 'c-1'), 'agent-1');
          const appended = await s.complaints.appendEvents(id, 1, bodies);
          expect(appended.map((e) => e.seq)).toEqual(bodies.map((_, i) => i + 2));
          const log = await s.complaints.events(id);
          expect(log.map((e) => e.seq)).toEqual([1, ...bodies.map((_, i) => i + 2)]);
          const stored = log.slice(1).map(({ complaintId, seq, ...body }) => {
            expect(complaintId).toBe(id);
            return complaintEventToJson(body as ComplaintEventBody);
          });
          expect(stored).toEqual(bodies.map((b) => complaintEventToJson(b)));
          expect((await s.complaints.get(id))?.version).toBe(bodies.length + 1);
        },
        tally,
      );
    });

    it('contact records (rules CA-6, CA-9, AR-4)', { timeout: h.options.timeoutMs }, async () => {
      const s = await h.open();
      const tally: Tally = { accepted: 0, refused: 0 };
      await run(
        fc.tuple(hostileContactRecord(), hostileAuditContext()),
        async ([raw, rawContext], n) => {
          const parsed = outcome(
            tally,
            'contact record',
            withUniqueKey(raw, 'id', n),
            HOSTILE_VALIDATORS.contactRecord,
          );
          if (!parsed.accepted) return;
          const ctx = context(tally, rawContext);
          await s.contactRecords.create(parsed.value, ctx);
          const back = await s.contactRecords.get(parsed.value.id);
          expect(back?.version).toBe(1);
          expect(contactRecordToJson(back!.record)).toEqual(contactRecordToJson(parsed.value));
          await expectAudited(s, 'contact-record', parsed.value.id, ctx);
        },
        tally,
      );
    });

    it('survey responses (rule SA-1)', { timeout: h.options.timeoutMs }, async () => {
      const s = await h.open();
      const tally: Tally = { accepted: 0, refused: 0 };
      await run(
        hostileSurveyResponse(),
        async (raw, n) => {
          const parsed = outcome(
            tally,
            'survey response',
            withUniqueKey(raw, 'id', n),
            HOSTILE_VALIDATORS.surveyResponse,
          );
          if (!parsed.accepted) return;
          const result = await s.surveyResponses.append([parsed.value]);
          expect(result.inserted).toBe(1);
          const back = await s.surveyResponses.get(parsed.value.id);
          expect(back).not.toBeNull();
          expect(surveyResponseToJson(back!)).toEqual(surveyResponseToJson(parsed.value));
        },
        tally,
      );
    });

    it('grade assignments (rules GR-1, AR-4)', { timeout: h.options.timeoutMs }, async () => {
      const s = await h.open();
      const tally: Tally = { accepted: 0, refused: 0 };
      await run(
        fc.tuple(hostileGradeAssignment(), hostileAuditContext()),
        async ([raw, rawContext], n) => {
          const parsed = outcome(
            tally,
            'grade assignment',
            withUniqueKey(raw, 'customerId', n),
            HOSTILE_VALIDATORS.gradeAssignment,
          );
          if (!parsed.accepted) return;
          const ctx = context(tally, rawContext);
          const stored = await s.grades.assign(parsed.value, 0, ctx);
          expect(stored.version).toBe(1);
          const back = await s.grades.current(parsed.value.customerId);
          expect(back?.version).toBe(1);
          expect(gradeAssignmentToJson(back!.record)).toEqual(gradeAssignmentToJson(parsed.value));
          const history = await s.grades.history(parsed.value.customerId);
          expect(history.map((g) => gradeAssignmentToJson(g))).toEqual([gradeAssignmentToJson(parsed.value)]);
          await expectAudited(s, 'grade', parsed.value.customerId, ctx);
        },
        tally,
      );
    });

    it('churn scores (rules CH-1 to CH-3, AR-4)', { timeout: h.options.timeoutMs }, async () => {
      const s = await h.open();
      const tally: Tally = { accepted: 0, refused: 0 };
      await run(
        fc.tuple(hostileChurnScore(), hostileAuditContext()),
        async ([raw, rawContext], n) => {
          const parsed = outcome(
            tally,
            'churn score',
            withUniqueKey(raw, 'customerId', n),
            HOSTILE_VALIDATORS.churnScore,
          );
          if (!parsed.accepted) return;
          const ctx = context(tally, rawContext);
          const stored = await s.churnScores.record(parsed.value, 0, ctx);
          expect(stored.version).toBe(1);
          const back = await s.churnScores.current(parsed.value.customerId);
          expect(back?.version).toBe(1);
          expect(churnScoreRecordToJson(back!.record)).toEqual(churnScoreRecordToJson(parsed.value));
          expect(Object.is(back!.record.score, parsed.value.score)).toBe(true);
          await expectAudited(s, 'churn-score', parsed.value.customerId, ctx);
        },
        tally,
      );
    });

    it('customer exits (rules CH-4, CH-5, AR-4)', { timeout: h.options.timeoutMs }, async () => {
      const s = await h.open();
      const tally: Tally = { accepted: 0, refused: 0 };
      await run(
        fc.tuple(hostileCustomerExit(), hostileAuditContext()),
        async ([raw, rawContext], n) => {
          const parsed = outcome(tally, 'customer exit', withUniqueKey(raw, 'id', n), HOSTILE_VALIDATORS.customerExit);
          if (!parsed.accepted) return;
          const ctx = context(tally, rawContext);
          expect((await s.exits.record(parsed.value, ctx)).created).toBe(true);
          const back = await s.exits.get(parsed.value.id);
          expect(back).not.toBeNull();
          expect(customerExitToJson(back!)).toEqual(customerExitToJson(parsed.value));
          // The stored exit read back is the same content: recording it again changes nothing.
          expect((await s.exits.record(back!, ctx)).created).toBe(false);
          await expectAudited(s, 'exit', parsed.value.id, ctx);
        },
        tally,
      );
    });

    it('owners with capacity and leave (rules CA-1 to CA-9, AR-4)', { timeout: h.options.timeoutMs }, async () => {
      const s = await h.open();
      const tally: Tally = { accepted: 0, refused: 0 };
      await run(
        fc.tuple(hostileOwner(), hostileAuditContext()),
        async ([raw, rawContext], n) => {
          const parsed = outcome(tally, 'owner', withUniqueKey(raw, 'id', n), HOSTILE_VALIDATORS.owner);
          if (!parsed.accepted) return;
          const ctx = context(tally, rawContext);
          expect((await s.owners.put(parsed.value, {}, ctx)).version).toBe(1);
          const back = await s.owners.get(parsed.value.id);
          expect(back?.version).toBe(1);
          expect(ownerToJson(back!.record)).toEqual(ownerToJson(parsed.value));
          // The stored owner read back is written again unchanged at the next version.
          expect((await s.owners.put(back!.record, { expectedVersion: 1 }, ctx)).version).toBe(2);
          expect(ownerToJson((await s.owners.get(parsed.value.id))!.record)).toEqual(ownerToJson(parsed.value));
          await expectAudited(s, 'owner', parsed.value.id, ctx);
        },
        tally,
      );
    });

    it('revisit actions: snoozes and skips with reasons (AR-4)', { timeout: h.options.timeoutMs }, async () => {
      const s = await h.open();
      const tally: Tally = { accepted: 0, refused: 0 };
      await run(
        fc.tuple(hostileRevisitAction(), hostileAuditContext()),
        async ([raw, rawContext], n) => {
          const parsed = outcome(
            tally,
            'revisit action',
            withUniqueKey(raw, 'id', n),
            HOSTILE_VALIDATORS.revisitAction,
          );
          if (!parsed.accepted) return;
          const ctx = context(tally, rawContext);
          expect((await s.revisitActions.record(parsed.value, ctx)).created).toBe(true);
          const back = await s.revisitActions.get(parsed.value.id);
          expect(back).not.toBeNull();
          expect(revisitActionToJson(back!)).toEqual(revisitActionToJson(parsed.value));
          // The stored action read back is the same content: recording it again changes nothing.
          expect((await s.revisitActions.record(back!, ctx)).created).toBe(false);
          await expectAudited(s, 'revisit-action', parsed.value.id, ctx);
        },
        tally,
      );
    });

    it('maintenance plans (rules MP-1, MP-2, AR-4)', { timeout: h.options.timeoutMs }, async () => {
      const s = await h.open();
      const tally: Tally = { accepted: 0, refused: 0 };
      await run(
        fc.tuple(hostilePlan(), hostileAuditContext()),
        async ([raw, rawContext], n) => {
          const parsed = outcome(tally, 'maintenance plan', withUniqueKey(raw, 'id', n), HOSTILE_VALIDATORS.plan);
          if (!parsed.accepted) return;
          const ctx = context(tally, rawContext);
          expect((await s.plans.open(parsed.value, ctx)).version).toBe(1);
          const back = await s.plans.get(parsed.value.id);
          expect(maintenancePlanToJson(back!.record)).toEqual(maintenancePlanToJson(parsed.value));
          await expectAudited(s, 'maintenance-plan', parsed.value.id, ctx);
        },
        tally,
      );
    });

    it('plan events (rules MP-1, MP-2, AR-4), appended in batches', { timeout: h.options.timeoutMs }, async () => {
      const s = await h.open();
      const tally: Tally = { accepted: 0, refused: 0 };
      await run(
        fc.tuple(fc.array(hostilePlanEvent(), { minLength: 1, maxLength: 3 }), hostileAuditContext()),
        async ([raws, rawContext], n) => {
          const bodies = [];
          for (const raw of raws) {
            const parsed = outcome(tally, 'plan event', raw, HOSTILE_VALIDATORS.planEvent);
            if (!parsed.accepted) return;
            bodies.push(parsed.value);
          }
          const ctx = context(tally, rawContext);
          const id = `p-${n}`;
          await s.plans.open(samplePlan(id), ctx);
          const appended = await s.plans.appendEvents(id, 1, bodies, ctx);
          const back = await s.plans.events(id);
          expect(back.slice(1)).toEqual(appended);
          expect(back.slice(1).map(({ planId: _p, seq: _s, ...b }) => planEventToJson(b))).toEqual(
            bodies.map((b) => planEventToJson(b)),
          );
          await expectAudited(s, 'maintenance-plan', id, ctx);
        },
        tally,
      );
    });

    it('budget actuals (rules MP-2, AR-4)', { timeout: h.options.timeoutMs }, async () => {
      const s = await h.open();
      const tally: Tally = { accepted: 0, refused: 0 };
      await run(
        fc.tuple(hostileBudgetActual(), hostileAuditContext()),
        async ([raw, rawContext], n) => {
          const parsed = outcome(tally, 'budget actual', withUniqueKey(raw, 'id', n), HOSTILE_VALIDATORS.budgetActual);
          if (!parsed.accepted) return;
          const ctx = context(tally, rawContext);
          expect((await s.budgetActuals.record(parsed.value, ctx)).created).toBe(true);
          const back = await s.budgetActuals.get(parsed.value.id);
          expect(budgetActualToJson(back!)).toEqual(budgetActualToJson(parsed.value));
          expect((await s.budgetActuals.record(back!, ctx)).created).toBe(false);
          await expectAudited(s, 'budget-actual', parsed.value.id, ctx);
        },
        tally,
      );
    });

    it('sales opportunities (rules MP-3, AR-4)', { timeout: h.options.timeoutMs }, async () => {
      const s = await h.open();
      const tally: Tally = { accepted: 0, refused: 0 };
      await run(
        fc.tuple(hostileOpportunity(), hostileAuditContext()),
        async ([raw, rawContext], n) => {
          const parsed = outcome(tally, 'opportunity', withUniqueKey(raw, 'id', n), HOSTILE_VALIDATORS.opportunity);
          if (!parsed.accepted) return;
          const ctx = context(tally, rawContext);
          expect((await s.opportunities.open(parsed.value, ctx)).version).toBe(1);
          const back = await s.opportunities.get(parsed.value.id);
          expect(opportunityToJson(back!.record)).toEqual(opportunityToJson(parsed.value));
          const [created] = await s.opportunities.events(parsed.value.id);
          expect(created!.at.getTime()).toBe(parsed.value.createdAt.getTime());
          await expectAudited(s, 'opportunity', parsed.value.id, ctx);
        },
        tally,
      );
    });

    it('opportunity events (rules MP-3, AR-4), appended in batches', { timeout: h.options.timeoutMs }, async () => {
      const s = await h.open();
      const tally: Tally = { accepted: 0, refused: 0 };
      await run(
        fc.tuple(fc.array(hostileOpportunityEvent(), { minLength: 1, maxLength: 3 }), hostileAuditContext()),
        async ([raws, rawContext], n) => {
          const bodies = [];
          for (const raw of raws) {
            const parsed = outcome(tally, 'opportunity event', raw, HOSTILE_VALIDATORS.opportunityEvent);
            if (!parsed.accepted) return;
            bodies.push(parsed.value);
          }
          const ctx = context(tally, rawContext);
          const id = `o-${n}`;
          await s.opportunities.open(sampleOpportunity(id), ctx);
          const appended = await s.opportunities.appendEvents(id, 1, bodies, ctx);
          const back = await s.opportunities.events(id);
          expect(back.slice(1)).toEqual(appended);
          expect(back.slice(1).map(({ opportunityId: _o, seq: _s, ...b }) => opportunityEventToJson(b))).toEqual(
            bodies.map((b) => opportunityEventToJson(b)),
          );
          await expectAudited(s, 'opportunity', id, ctx);
        },
        tally,
      );
    });
  });
}
