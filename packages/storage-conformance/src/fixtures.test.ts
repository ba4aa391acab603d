import {
  complaintToJson,
  contactRecordToJson,
  customerToJson,
  gradeAssignmentToJson,
  surveyResponseToJson,
  transactionToJson,
} from '@kehu/core';
import { describe, expect, it } from 'vitest';
import {
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

describe('conformance fixtures', () => {
  it('are valid, deterministic records that never read the clock', () => {
    const make = () => [
      customerToJson(sampleCustomer('c-1')),
      transactionToJson(sampleTransaction('t-1', 'c-1', 5)),
      complaintToJson(sampleComplaint('k-1', 'c-1')),
      contactRecordToJson(sampleContactRecord('r-1', 'c-1')),
      surveyResponseToJson(sampleSurveyResponse('s-1', 'c-1')),
      gradeAssignmentToJson(sampleGrade('c-1')),
    ];
    expect(make()).toEqual(make());
    expect(fixtureInstant(0).toISOString()).toBe('2026-01-05T01:00:00.000Z');
    expect(sampleComplaintEvent('closed', 3).at.getTime()).toBe(fixtureInstant(3).getTime());
    expect(sampleAuditContext('why', 'who')).toMatchObject({ actor: 'who', reason: 'why' });
    expect(() => sampleCustomer('c-2', { kind: 'robot' })).toThrow();
  });
});
