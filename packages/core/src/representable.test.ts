import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { auditContextSchema, parseAuditContext } from './audit.js';
import { complaintEventToJson, complaintToJson, parseComplaint, parseComplaintEvent } from './complaint.js';
import { contactRecordToJson, parseContactRecord } from './contact-record.js';
import { customerToJson, parseCustomer } from './customer.js';
import { KehuValidationError } from './errors.js';
import { gradeAssignmentToJson, parseGradeAssignment } from './grade.js';
import { parseSurveyResponse, surveyResponseToJson } from './survey-response.js';
import { parseTransaction, transactionToJson } from './transaction.js';

/**
 * Every core parser, on any input: either the value parses, and its JSON form parses back to
 * the same JSON (so every store keeps it exactly), or it is refused with a
 * KehuValidationError, never another error.
 */

const at = '2026-01-05T09:00:00+08:00';
const cases: { name: string; parse: (x: unknown) => unknown; toJson: (x: never) => unknown; base: object }[] = [
  {
    name: 'customer',
    parse: parseCustomer,
    toJson: customerToJson,
    base: {
      id: 'c1',
      kind: 'organization',
      name: '上海华信',
      status: 'active',
      createdAt: at,
      contacts: [{ id: 'k1', name: '李娜', channels: [{ type: 'mobile', value: '13812345678' }] }],
      organization: { headcount: 12 },
      credit: { limit: '500000.00', currency: 'CNY' },
      tags: ['vip'],
      attributes: { erp: { id: 7 } },
    },
  },
  {
    name: 'transaction',
    parse: parseTransaction,
    toJson: transactionToJson,
    base: { id: 't1', customerId: 'c1', occurredAt: at, amount: '12.50', currency: 'CNY', quantity: 2 },
  },
  {
    name: 'complaint',
    parse: parseComplaint,
    toJson: complaintToJson,
    base: { id: 'p1', customerId: 'c1', content: '送货延迟', occurredAt: at, receivedAt: at, channel: 'phone' },
  },
  {
    name: 'complaint event',
    parse: parseComplaintEvent,
    toJson: complaintEventToJson,
    base: { type: 'escalated', at, actor: 'u1', level: 2, note: 'n' },
  },
  {
    name: 'contact record',
    parse: parseContactRecord,
    toJson: contactRecordToJson,
    base: { id: 'r1', customerId: 'c1', at, channel: 'phone', purpose: 'greeting', owner: 'u1', outcome: 'completed' },
  },
  {
    name: 'survey response',
    parse: parseSurveyResponse,
    toJson: surveyResponseToJson,
    base: { id: 's1', surveyId: 'q', customerId: 'c1', answeredAt: at, answers: { q1: 5, q2: 'ok' } },
  },
  {
    name: 'grade assignment',
    parse: parseGradeAssignment,
    toJson: gradeAssignmentToJson,
    base: { customerId: 'c1', tier: 'gold', effectiveFrom: at, source: 'manual', assignedBy: 'u1', reason: 'r' },
  },
  {
    name: 'audit context',
    parse: parseAuditContext,
    toJson: (x: never) => z.encode(auditContextSchema, x),
    base: { actor: 'u1', at, reason: 'r' },
  },
];

const cyclic: Record<string, unknown> = {};
cyclic.self = cyclic;

/** Values stores cannot hold exactly, mixed with what fast-check makes of anything. */
const hostile = fc.oneof(
  fc.constantFrom<unknown>(
    '1e9000000000000000',
    '123456789012345678901',
    -0,
    2 ** 31,
    Number.NaN,
    'a\uD800',
    'a\0',
    new Date('+010000-01-01T00:00:00Z'),
    new Date('0000-06-01T00:00:00Z'),
    '0000-06-01T00:00:00Z',
    JSON.parse('{"__proto__":1}'),
    { constructor: 'x' },
    cyclic,
    null,
    undefined,
  ),
  fc.anything({
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
    withBoxedValues: true,
    withUnicodeString: true,
  }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

function roundTripsOrRefuses(c: (typeof cases)[number], input: unknown): void {
  let parsed: unknown;
  try {
    parsed = c.parse(input);
  } catch (e) {
    expect(e).toBeInstanceOf(KehuValidationError);
    return;
  }
  const text = JSON.stringify(c.toJson(parsed as never));
  const again = c.parse(JSON.parse(text));
  expect(JSON.stringify(c.toJson(again as never))).toBe(text);
}

describe('every core parser stores exactly or refuses with a KehuValidationError', () => {
  for (const c of cases) {
    it(`${c.name}: hostile values in any field (property)`, () => {
      const keys = [...Object.keys(c.base), 'attributes', 'note', 'quantity', 'amount', 'answers', 'explanation'];
      fc.assert(
        fc.property(fc.dictionary(fc.constantFrom(...keys), hostile, { maxKeys: 3 }), (overrides) => {
          roundTripsOrRefuses(c, { ...c.base, ...overrides });
        }),
        { numRuns: 150 },
      );
    });
    it(`${c.name}: anything at all (property)`, () => {
      fc.assert(
        fc.property(hostile, (input) => roundTripsOrRefuses(c, input)),
        { numRuns: 50 },
      );
    });
  }
  it('refuses the inputs of issue 12 with the path of the field', () => {
    const base = cases[1]!.base;
    const pathOf = (input: object): unknown => {
      try {
        parseTransaction(input);
      } catch (e) {
        return (e as KehuValidationError).path;
      }
      return undefined;
    };
    expect(pathOf({ ...base, id: 'a\uD800' })).toEqual(['id']);
    expect(pathOf({ ...base, amount: '1e9000000000000000' })).toEqual(['amount']);
    expect(pathOf({ ...base, quantity: 2 ** 31 })).toEqual(['quantity']);
    expect(pathOf({ ...base, occurredAt: new Date('+010000-01-01T00:00:00Z') })).toEqual(['occurredAt']);
    expect(pathOf({ ...base, product: 'x\0' })).toEqual(['product']);
    expect(pathOf({ ...base, attributes: JSON.parse('{"__proto__":1}') })).toEqual(['attributes', '__proto__']);
  });
});
