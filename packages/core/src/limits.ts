import * as z from 'zod';
import type { AuditContext } from './audit.js';
import type { ComplaintEventBody, Complaint } from './complaint.js';
import type { ContactRecord } from './contact-record.js';
import type { Customer } from './customer.js';
import { KehuValidationError, type ErrorPath, type ValidationIssue } from './errors.js';
import type { GradeAssignment } from './grade.js';
import { JSON_LIMITS } from './json-value.js';
import type { Opportunity, OpportunityEventBody } from './opportunity-records.js';
import { policyParserFor } from './parse.js';
import type { BudgetActual, MaintenancePlan, PlanEventBody } from './plan-records.js';
import type { SurveyResponse } from './survey-response.js';
import type { Transaction } from './transaction.js';

/**
 * Size limits as policy data: how long texts may be, how many contacts, channels and
 * complaint events a record may gather, how large host attributes may grow, and how many
 * records one import or append call may carry. The schemas say what every store can hold;
 * these limits say how much a host wants to hold, so one runaway caller cannot fill the
 * audit log or stall a store. The checkers take parsed domain records and throw a
 * {@link KehuValidationError} (issue code `too_big`) naming the field, the limit and the size.
 */

const count = (what: string) => z.number().int(`${what} must be a whole number`).positive(`${what} must be positive`);

/** The limits policy (zod, strict, JSON-serialisable); every field has a documented default. */
export const limitsPolicySchema = z.strictObject({
  /**
   * Characters (code points) in one free-text field (notes, complaint content, contact summaries, reasons):
   * default 10,000, a few printed pages, more than any service card needs and small enough to audit cheaply.
   */
  maxTextLength: count('maxTextLength').default(10_000),
  /**
   * Characters (code points) in one name-like field (names, titles, tags, address parts, phone numbers and other
   * contact values, products, categories): default 200, above the longest registered company names.
   */
  maxNameLength: count('maxNameLength').default(200),
  /** Contacts of one customer: default 10,000, past any real account, so one record stays a bounded size. */
  maxContactsPerCustomer: count('maxContactsPerCustomer').default(10_000),
  /** Contact channels of one customer or one contact: default 100, far more than anyone has phones and e-mails. */
  maxChannels: count('maxChannels').default(100),
  /**
   * Events in one complaint's log: default 10,000. A complaint that gathers more is a runaway integration, not a
   * conversation with a customer.
   */
  maxEventsPerComplaint: count('maxEventsPerComplaint').default(10_000),
  /** Host attributes of one record (and a grade's explanation). */
  attributes: z
    .strictObject({
      /**
       * Bytes of the attributes' JSON text in UTF-8: default 65,536 (64 KiB), room for any key-value extension
       * data while keeping each record, and each audit entry of it, small.
       */
      maxBytes: count('attributes.maxBytes').default(65_536),
      /**
       * Nesting of arrays and objects, the attributes object itself counting 1: default 8, enough for structured
       * extension data; at most the hard limit `JSON_LIMITS.maxDepth` (32).
       */
      maxDepth: count('attributes.maxDepth')
        .max(JSON_LIMITS.maxDepth, `attributes.maxDepth must be at most ${JSON_LIMITS.maxDepth} (JSON_LIMITS)`)
        .default(8),
    })
    .prefault({}),
  /**
   * Records in one import or append call: default 100,000, so a call's work and memory stay bounded; larger
   * imports go in several calls (the importers batch for you).
   */
  maxBatchSize: count('maxBatchSize').default(100_000),
});

/** A limits policy with defaults applied. */
export type LimitsPolicy = z.output<typeof limitsPolicySchema>;
/** What {@link parseLimitsPolicy} accepts (every field optional). */
export type LimitsPolicyInput = z.input<typeof limitsPolicySchema>;

/** Validates a limits policy; throws `KehuPolicyError` (code `POLICY_INVALID`) with the path of the bad field. */
export function parseLimitsPolicy(input: unknown = {}): LimitsPolicy {
  return parseLimits(input);
}

const parseLimits = policyParserFor(limitsPolicySchema, 'limits policy');

/** The default limits (see each field of {@link limitsPolicySchema}). */
export const DEFAULT_LIMITS: LimitsPolicy = deepFreeze(limitsPolicySchema.parse({}));

function deepFreeze(p: LimitsPolicy): LimitsPolicy {
  Object.freeze(p.attributes);
  return Object.freeze(p);
}

/** The record kinds {@link checkLimits} knows. */
export type LimitedKind =
  | 'customer'
  | 'transaction'
  | 'complaint'
  | 'complaint-event'
  | 'contact-record'
  | 'survey-response'
  | 'grade'
  | 'churn-score'
  | 'exit'
  | 'owner'
  | 'revisit-action'
  | 'maintenance-plan'
  | 'plan-event'
  | 'budget-actual'
  | 'opportunity'
  | 'opportunity-event'
  | 'audit-context';

/** What a rule measures: a text or name length, a list length, or the size of attributes. */
type Measure = 'text' | 'name' | 'contacts' | 'channels' | 'attributes';

/** A rule: the field (`*` stands for every element of an array or every value of an object) and its measure. */
type Rule = readonly [path: readonly string[], measure: Measure];

const channelRules = (at: string[]): Rule[] => [
  [at, 'channels'],
  [[...at, '*', 'value'], 'name'],
  [[...at, '*', 'label'], 'name'],
];

/** The free texts and attributes of a plan's content, under `at` (the plan itself or a `revised` event's content). */
const planContentRules = (at: string[]): Rule[] => [
  [[...at, 'name'], 'name'],
  [[...at, 'group', 'segments', '*'], 'name'],
  [[...at, 'measures', '*', 'description'], 'text'],
  [[...at, 'budgetLines', '*', 'description'], 'text'],
  [[...at, 'attributes'], 'attributes'],
];

/** The step names of an approval flow under `at`. */
const flowRules = (at: string[]): Rule[] => [
  [[...at, 'steps', '*', 'name', 'en'], 'name'],
  [[...at, 'steps', '*', 'name', 'zh'], 'name'],
];

const RULES: Readonly<Record<LimitedKind, readonly Rule[]>> = {
  customer: [
    [['name'], 'name'],
    [['contacts'], 'contacts'],
    [['contacts', '*', 'name'], 'name'],
    [['contacts', '*', 'title'], 'name'],
    [['contacts', '*', 'notes'], 'text'],
    ...channelRules(['contacts', '*', 'channels']),
    ...channelRules(['channels']),
    [['address', '*'], 'name'],
    [['industry'], 'name'],
    [['organization', 'legalRepresentative'], 'name'],
    [['organization', 'generalManager'], 'name'],
    [['organization', 'mainBusiness'], 'text'],
    [['needs', '*'], 'text'],
    [['preferences', '*'], 'text'],
    [['credit', 'rating'], 'name'],
    [['tags', '*'], 'name'],
    [['attributes'], 'attributes'],
  ],
  transaction: [
    [['product'], 'name'],
    [['channel'], 'name'],
    [['attributes'], 'attributes'],
  ],
  complaint: [
    [['contactDetails'], 'text'],
    [['content'], 'text'],
    [['place'], 'text'],
    [['category'], 'name'],
    [['attributes'], 'attributes'],
  ],
  'complaint-event': [
    [['note'], 'text'],
    [['summary'], 'text'],
    [['resolution'], 'text'],
    [['to'], 'name'],
    [['department'], 'name'],
  ],
  'contact-record': [
    [['summary'], 'text'],
    [['followUp', 'action'], 'text'],
    [['attributes'], 'attributes'],
  ],
  'survey-response': [
    [['answers', '*'], 'text'],
    [['attributes'], 'attributes'],
  ],
  grade: [
    [['reason'], 'text'],
    [['explanation'], 'attributes'],
  ],
  'churn-score': [
    [['policyVersion'], 'name'],
    [['explanation'], 'attributes'],
  ],
  exit: [
    [['detail'], 'text'],
    [['lessons'], 'text'],
    [['attributes'], 'attributes'],
  ],
  owner: [[['attributes'], 'attributes']],
  'revisit-action': [
    [['reason'], 'text'],
    [['attributes'], 'attributes'],
  ],
  'maintenance-plan': planContentRules([]),
  'plan-event': [
    [['note'], 'text'],
    [['reason'], 'text'],
    ...planContentRules(['content']),
    ...flowRules(['flow']),
    [['evaluation'], 'attributes'],
  ],
  'budget-actual': [
    [['description'], 'text'],
    [['attributes'], 'attributes'],
  ],
  opportunity: [
    [['name'], 'name'],
    [['source'], 'name'],
    [['attributes'], 'attributes'],
  ],
  'opportunity-event': [[['note'], 'text']],
  'audit-context': [[['reason'], 'text']],
};

/** Code points in `s`, counting only as far as needed to know whether it exceeds `max`. */
function codePointsOver(s: string, max: number): number | undefined {
  if (s.length <= max) return undefined;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    n++;
  }
  return n > max ? n : undefined;
}

/** Bytes of `s` in UTF-8, without encoding it. */
export function utf8ByteLength(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Nesting of arrays and objects in a parsed JSON value (the value itself counting 1; primitives 0). */
function jsonDepth(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  for (const v of Array.isArray(value) ? value : Object.values(value)) deepest = Math.max(deepest, jsonDepth(v));
  return deepest + 1;
}

function measure(value: unknown, m: Measure, limits: LimitsPolicy): string | undefined {
  switch (m) {
    case 'text':
    case 'name': {
      if (typeof value !== 'string') return undefined;
      const max = m === 'text' ? limits.maxTextLength : limits.maxNameLength;
      const got = codePointsOver(value, max);
      return got === undefined ? undefined : `too long: at most ${max} characters, got ${got}`;
    }
    case 'contacts':
    case 'channels': {
      if (!Array.isArray(value)) return undefined;
      const max = m === 'contacts' ? limits.maxContactsPerCustomer : limits.maxChannels;
      return value.length > max ? `too many ${m}: at most ${max}, got ${value.length}` : undefined;
    }
    case 'attributes': {
      if (value === null || typeof value !== 'object') return undefined;
      const { maxBytes, maxDepth } = limits.attributes;
      const depth = jsonDepth(value);
      if (depth > maxDepth) return `nested too deep: at most ${maxDepth} levels, got ${depth}`;
      const bytes = utf8ByteLength(JSON.stringify(value));
      return bytes > maxBytes ? `too large: at most ${maxBytes} bytes of JSON (UTF-8), got ${bytes}` : undefined;
    }
  }
}

function applyRule(
  value: unknown,
  rule: Rule,
  at: number,
  path: (string | number)[],
  limits: LimitsPolicy,
  issues: ValidationIssue[],
): void {
  const [fields, m] = rule;
  if (at === fields.length) {
    const message = measure(value, m, limits);
    if (message !== undefined) issues.push({ path: [...path], message, code: 'too_big' });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const field = fields[at]!;
  const entries: [string | number, unknown][] =
    field !== '*'
      ? [[field, (value as Record<string, unknown>)[field]]]
      : Array.isArray(value)
        ? value.map((v, i) => [i, v])
        : Object.entries(value);
  for (const [key, v] of entries) {
    if (v === undefined) continue;
    path.push(key);
    applyRule(v, rule, at + 1, path, limits, issues);
    path.pop();
  }
}

function throwIssues(what: string, issues: ValidationIssue[]): void {
  const first = issues[0];
  if (first === undefined) return;
  const where = first.path.length > 0 ? `, field ${JSON.stringify(first.path.join('.'))}` : '';
  throw new KehuValidationError(`${what} exceeds the limits policy${where}: ${first.message}`, issues);
}

/**
 * Checks a parsed record of `kind` against `limits` (table-driven: each kind lists its
 * fields and what each measures). Throws one {@link KehuValidationError} with an issue
 * (code `too_big`, the field's path, the limit and the actual size) per field over its limit.
 */
export function checkLimits(kind: LimitedKind, record: unknown, limits: LimitsPolicy = DEFAULT_LIMITS): void {
  const issues: ValidationIssue[] = [];
  for (const rule of RULES[kind]) applyRule(record, rule, 0, [], limits, issues);
  throwIssues(kind.replace('-', ' '), issues);
}

/** Checks a customer against `limits` (see {@link checkLimits}). */
export function checkCustomerLimits(customer: Customer, limits: LimitsPolicy = DEFAULT_LIMITS): void {
  checkLimits('customer', customer, limits);
}

/** Checks a transaction against `limits` (see {@link checkLimits}). */
export function checkTransactionLimits(transaction: Transaction, limits: LimitsPolicy = DEFAULT_LIMITS): void {
  checkLimits('transaction', transaction, limits);
}

/** Checks a complaint intake against `limits` (see {@link checkLimits}). */
export function checkComplaintLimits(complaint: Complaint, limits: LimitsPolicy = DEFAULT_LIMITS): void {
  checkLimits('complaint', complaint, limits);
}

/**
 * Checks a complaint event against `limits`, and that the complaint, which holds
 * `eventsSoFar` events, has room for it (`maxEventsPerComplaint`; the issue's path is `[]`).
 */
export function checkComplaintEventLimits(
  event: ComplaintEventBody,
  limits: LimitsPolicy = DEFAULT_LIMITS,
  options: { eventsSoFar: number } = { eventsSoFar: 0 },
): void {
  const max = limits.maxEventsPerComplaint;
  if (options.eventsSoFar >= max) {
    const message = `too many events: at most ${max} per complaint, which holds ${options.eventsSoFar} already`;
    throwIssues('complaint event', [{ path: [], message, code: 'too_big' }]);
  }
  checkLimits('complaint-event', event, limits);
}

/** Checks a contact record against `limits` (see {@link checkLimits}). */
export function checkContactRecordLimits(record: ContactRecord, limits: LimitsPolicy = DEFAULT_LIMITS): void {
  checkLimits('contact-record', record, limits);
}

/** Checks a survey response against `limits`: text answers and attributes (see {@link checkLimits}). */
export function checkSurveyResponseLimits(response: SurveyResponse, limits: LimitsPolicy = DEFAULT_LIMITS): void {
  checkLimits('survey-response', response, limits);
}

/** Checks a grade assignment against `limits`: its reason and explanation (see {@link checkLimits}). */
export function checkGradeLimits(grade: GradeAssignment, limits: LimitsPolicy = DEFAULT_LIMITS): void {
  checkLimits('grade', grade, limits);
}

/** Checks a maintenance plan against `limits`: its name, segment names, descriptions and attributes. */
export function checkPlanLimits(plan: MaintenancePlan, limits: LimitsPolicy = DEFAULT_LIMITS): void {
  checkLimits('maintenance-plan', plan, limits);
}

/** Checks a plan event against `limits`: its note, reason, revised content, flow step names and evaluation. */
export function checkPlanEventLimits(event: PlanEventBody, limits: LimitsPolicy = DEFAULT_LIMITS): void {
  checkLimits('plan-event', event, limits);
}

/** Checks an actual spend entry against `limits`: its description and attributes (see {@link checkLimits}). */
export function checkBudgetActualLimits(actual: BudgetActual, limits: LimitsPolicy = DEFAULT_LIMITS): void {
  checkLimits('budget-actual', actual, limits);
}

/** Checks an opportunity against `limits`: its name, source and attributes (see {@link checkLimits}). */
export function checkOpportunityLimits(opportunity: Opportunity, limits: LimitsPolicy = DEFAULT_LIMITS): void {
  checkLimits('opportunity', opportunity, limits);
}

/** Checks an opportunity event against `limits`: its note (see {@link checkLimits}). */
export function checkOpportunityEventLimits(event: OpportunityEventBody, limits: LimitsPolicy = DEFAULT_LIMITS): void {
  checkLimits('opportunity-event', event, limits);
}

/** Checks an audit context against `limits`: its reason (see {@link checkLimits}). */
export function checkAuditContextLimits(context: AuditContext, limits: LimitsPolicy = DEFAULT_LIMITS): void {
  checkLimits('audit-context', context, limits);
}

/**
 * Checks that one import or append call carries at most `maxBatchSize` records; `path`
 * names the argument (`['transactions']`).
 */
export function checkBatchSize(n: number, limits: LimitsPolicy = DEFAULT_LIMITS, path: ErrorPath = []): void {
  const max = limits.maxBatchSize;
  if (n > max) {
    const message = `too many records in one call: at most ${max}, got ${n}; split the batch`;
    throwIssues('batch', [{ path, message, code: 'too_big' }]);
  }
}
