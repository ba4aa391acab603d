import {
  parseAuditContext,
  parseComplaint,
  parseComplaintEvent,
  parseContactRecord,
  parseCustomer,
  parseGradeAssignment,
  parseSurveyResponse,
  parseTransaction,
  type AuditContext,
  type Complaint,
  type ComplaintEventBody,
  type ContactRecord,
  type Customer,
  type GradeAssignment,
  type SurveyResponse,
  type Transaction,
} from '@kehu/core';

/** A fixed instant plus `minutes`; fixtures never read the clock. */
export function fixtureInstant(minutes = 0): Date {
  return new Date(Date.UTC(2026, 0, 5, 1, 0, 0, 0) + minutes * 60_000);
}

/** An audit context (rule AR-4) for fixture writes. */
export function sampleAuditContext(reason = 'conformance test', actor = 'tester'): AuditContext {
  return parseAuditContext({ actor, at: fixtureInstant(), reason });
}

/** A valid person customer; `overrides` are applied to the input before validation. */
export function sampleCustomer(id: string, overrides: Record<string, unknown> = {}): Customer {
  return parseCustomer({
    id,
    kind: 'person',
    name: `Customer ${id}`,
    status: 'active',
    createdAt: fixtureInstant(),
    ...overrides,
  });
}

/** A valid purchase of `amount` CNY by `customerId`, `minutes` after the fixture epoch. */
export function sampleTransaction(
  id: string,
  customerId: string,
  minutes = 0,
  overrides: Record<string, unknown> = {},
): Transaction {
  return parseTransaction({
    id,
    customerId,
    occurredAt: fixtureInstant(minutes),
    amount: '100.00',
    currency: 'CNY',
    kind: 'purchase',
    ...overrides,
  });
}

/** A valid complaint intake (rule SL-1). */
export function sampleComplaint(
  id: string,
  customerId: string,
  minutes = 0,
  overrides: Record<string, unknown> = {},
): Complaint {
  return parseComplaint({
    id,
    customerId,
    content: 'The delivery arrived damaged. 货物破损。',
    occurredAt: fixtureInstant(minutes - 60),
    receivedAt: fixtureInstant(minutes),
    channel: 'phone',
    severity: 'normal',
    ...overrides,
  });
}

/** A valid complaint event body. */
export function sampleComplaintEvent(
  type: 'acknowledged' | 'resumed' | 'closed' | 'reopened' = 'acknowledged',
  minutes = 1,
  actor = 'agent-1',
): ComplaintEventBody {
  return parseComplaintEvent({ type, at: fixtureInstant(minutes), actor });
}

/** A valid contact record (rules CA-6, CA-9). */
export function sampleContactRecord(
  id: string,
  customerId: string,
  minutes = 0,
  overrides: Record<string, unknown> = {},
): ContactRecord {
  return parseContactRecord({
    id,
    customerId,
    at: fixtureInstant(minutes),
    channel: 'phone',
    purpose: 'post-purchase',
    owner: 'am-1',
    outcome: 'completed',
    ...overrides,
  });
}

/** A valid survey response (rule SA-1). */
export function sampleSurveyResponse(
  id: string,
  customerId: string,
  surveyId = 'csat-1',
  overrides: Record<string, unknown> = {},
): SurveyResponse {
  return parseSurveyResponse({
    id,
    surveyId,
    customerId,
    answeredAt: fixtureInstant(),
    answers: { csat: 5 },
    ...overrides,
  });
}

/** A valid grade assignment (rule GR-1). */
export function sampleGrade(
  customerId: string,
  tier: 'diamond' | 'gold' | 'silver' | 'regular' = 'gold',
  minutes = 0,
): GradeAssignment {
  return parseGradeAssignment({
    customerId,
    tier,
    effectiveFrom: fixtureInstant(minutes),
    source: 'evaluation',
    assignedBy: 'system',
    reason: `evaluated as ${tier}`,
  });
}
