import { isStorableText } from '@kehu/core';
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
  hostileOpportunity,
  hostileOpportunityEvent,
  hostilePlan,
  hostilePlanEvent,
  hostileSurveyResponse,
  hostileTransaction,
  INVALID_TEXT,
  NASTY_TEXT,
} from './arbitraries.js';
import { tryParse } from './hostile-parse.js';
import { HOSTILE_VALIDATORS } from './hostile-validators.js';

const SAMPLE = { seed: 7, numRuns: 300 };

describe('hostile arbitraries', () => {
  const cases: Array<[string, fc.Arbitrary<unknown>, (input: unknown) => unknown]> = [
    ['customer', hostileCustomer(), HOSTILE_VALIDATORS.customer],
    ['transaction', hostileTransaction(), HOSTILE_VALIDATORS.transaction],
    ['complaint', hostileComplaint(), HOSTILE_VALIDATORS.complaint],
    ['complaint event', hostileComplaintEvent(), HOSTILE_VALIDATORS.complaintEvent],
    ['contact record', hostileContactRecord(), HOSTILE_VALIDATORS.contactRecord],
    ['survey response', hostileSurveyResponse(), HOSTILE_VALIDATORS.surveyResponse],
    ['grade assignment', hostileGradeAssignment(), HOSTILE_VALIDATORS.gradeAssignment],
    ['churn score', hostileChurnScore(), HOSTILE_VALIDATORS.churnScore],
    ['customer exit', hostileCustomerExit(), HOSTILE_VALIDATORS.customerExit],
    ['audit context', hostileAuditContext(), HOSTILE_VALIDATORS.auditContext],
    ['maintenance plan', hostilePlan(), HOSTILE_VALIDATORS.plan],
    ['plan event', hostilePlanEvent(), HOSTILE_VALIDATORS.planEvent],
    ['budget actual', hostileBudgetActual(), HOSTILE_VALIDATORS.budgetActual],
    ['opportunity', hostileOpportunity(), HOSTILE_VALIDATORS.opportunity],
    ['opportunity event', hostileOpportunityEvent(), HOSTILE_VALIDATORS.opportunityEvent],
  ];

  it.each(cases)(
    'give %s inputs that validation accepts and inputs it refuses, each refusal typed',
    (what, arb, validate) => {
      let accepted = 0;
      for (const input of fc.sample(arb, SAMPLE)) if (tryParse(what, input, validate).accepted) accepted++;
      // Both halves of the rule get exercised: at least a fifth of the inputs accepted, a tenth refused.
      expect(accepted).toBeGreaterThan(SAMPLE.numRuns / 5);
      expect(accepted).toBeLessThan((SAMPLE.numRuns * 9) / 10);
    },
  );

  it('keep the valid text well-formed and the invalid text ill-formed, with NUL or a leading BOM', () => {
    for (const text of NASTY_TEXT) expect(isStorableText(text), text).toBe(true);
    for (const text of INVALID_TEXT) expect(isStorableText(text), text).toBe(false);
  });
});
