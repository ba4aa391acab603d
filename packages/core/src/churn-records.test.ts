import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHURN_BANDS,
  checkChurnScoreLimits,
  checkCustomerExitLimits,
  compareChurnBands,
  churnScoreRecordToJson,
  customerExitToJson,
  parseChurnScoreRecord,
  parseCustomerExit,
} from './churn-records.js';
import { issueOf } from './test-support.js';

const score = {
  customerId: 'c-1',
  scoredAt: '2026-03-01T00:00:00Z',
  score: 72.5,
  band: 'high',
  previousBand: 'medium',
  alert: true,
  policyVersion: 'risk-2026-01',
  explanation: { factors: [{ factor: 'recency', contribution: 31.25 }], reasons: ['service.slow-response'] },
};

const exit = {
  id: 'exit-1',
  customerId: 'c-1',
  leftAt: '2026-03-10T08:00:00Z',
  reason: 'price.competitor-cheaper',
  detail: '竞争对手报价低 15%',
  settlement: 'settled',
  lessons: 'Quote reviews every quarter',
  ownerId: 'am-7',
  recordedBy: 'am-7',
  recordedAt: '2026-03-11T02:00:00Z',
};

describe('churn score records (rules CH-1 to CH-3)', () => {
  it('orders the four bands from the lowest risk', () => {
    expect(CHURN_BANDS).toEqual(['low', 'medium', 'high', 'critical']);
    expect(compareChurnBands('low', 'critical')).toBeLessThan(0);
    expect(compareChurnBands('high', 'high')).toBe(0);
  });

  it('round-trips every field, the instant as a Date and the explanation as JSON', () => {
    const parsed = parseChurnScoreRecord(score);
    expect(parsed.scoredAt).toEqual(new Date('2026-03-01T00:00:00Z'));
    expect(churnScoreRecordToJson(parsed)).toEqual({ ...score, scoredAt: '2026-03-01T00:00:00.000Z' });
    expect(parseChurnScoreRecord({ ...score, previousBand: null, policyVersion: undefined }).previousBand).toBeNull();
  });

  it('refuses a score outside 0..100, NaN and -0, naming the field', () => {
    for (const bad of [-0.01, 100.5, Number.NaN, Number.POSITIVE_INFINITY, -0]) {
      expect(issueOf(() => parseChurnScoreRecord({ ...score, score: bad })).path).toEqual(['score']);
    }
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true, noDefaultInfinity: true }), (s) => {
        fc.pre(!Object.is(s, -0));
        expect(parseChurnScoreRecord({ ...score, score: s }).score).toBe(s);
      }),
    );
  });

  it('refuses unknown fields, unknown bands and a missing explanation', () => {
    expect(issueOf(() => parseChurnScoreRecord({ ...score, extra: 1 })).code).toBe('unrecognized_keys');
    expect(issueOf(() => parseChurnScoreRecord({ ...score, band: 'severe' })).path).toEqual(['band']);
    expect(issueOf(() => parseChurnScoreRecord({ ...score, previousBand: undefined })).path).toEqual(['previousBand']);
    const { explanation: _, ...withoutExplanation } = score;
    expect(issueOf(() => parseChurnScoreRecord(withoutExplanation)).path).toEqual(['explanation']);
  });

  it('applies the JSON rules to the explanation: no prototype keys, no undefined', () => {
    const proto = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    expect(issueOf(() => parseChurnScoreRecord({ ...score, explanation: proto })).path).toEqual([
      'explanation',
      '__proto__',
    ]);
    expect(issueOf(() => parseChurnScoreRecord({ ...score, explanation: { factors: [undefined] } })).path).toEqual([
      'explanation',
      'factors',
      0,
    ]);
  });

  it('checks the explanation against the limits policy as attributes', () => {
    const big = parseChurnScoreRecord({ ...score, explanation: { text: 'x'.repeat(70_000) } });
    const issue = issueOf(() => checkChurnScoreLimits(big));
    expect(issue).toMatchObject({ path: ['explanation'], code: 'too_big' });
    expect(() => checkChurnScoreLimits(parseChurnScoreRecord(score))).not.toThrow();
  });
});

describe('customer exits (rules CH-4, CH-5)', () => {
  it('round-trips every field with empty attributes by default', () => {
    const parsed = parseCustomerExit(exit);
    expect(parsed.leftAt).toEqual(new Date('2026-03-10T08:00:00Z'));
    expect(customerExitToJson(parsed)).toEqual({
      ...exit,
      leftAt: '2026-03-10T08:00:00.000Z',
      recordedAt: '2026-03-11T02:00:00.000Z',
      attributes: {},
    });
  });

  it('takes a reason shaped as a CH-5 code or a single word, and refuses anything else', () => {
    for (const ok of ['other', 'service.quality', 'internal.communication', 'market.product-obsolete']) {
      expect(parseCustomerExit({ ...exit, reason: ok }).reason).toBe(ok);
    }
    for (const bad of ['', 'Service.quality', 'service.', 'service.quality.extra', 'price too high', 'a.b_c']) {
      expect(issueOf(() => parseCustomerExit({ ...exit, reason: bad })).path).toEqual(['reason']);
    }
  });

  it('refuses an unknown settlement, empty texts and unknown fields, naming the field', () => {
    expect(issueOf(() => parseCustomerExit({ ...exit, settlement: 'closed' })).path).toEqual(['settlement']);
    expect(issueOf(() => parseCustomerExit({ ...exit, detail: '' })).path).toEqual(['detail']);
    expect(issueOf(() => parseCustomerExit({ ...exit, lessons: 'a\0b' })).path).toEqual(['lessons']);
    expect(issueOf(() => parseCustomerExit({ ...exit, recordedBy: '' })).path).toEqual(['recordedBy']);
    expect(issueOf(() => parseCustomerExit({ ...exit, leftAt: 'yesterday' })).path).toEqual(['leftAt']);
    expect(issueOf(() => parseCustomerExit({ ...exit, note: 'x' })).code).toBe('unrecognized_keys');
  });

  it('checks detail and lessons against the text limit of the limits policy', () => {
    const long = parseCustomerExit({ ...exit, lessons: 'x'.repeat(10_001) });
    expect(issueOf(() => checkCustomerExitLimits(long))).toMatchObject({ path: ['lessons'], code: 'too_big' });
    expect(() => checkCustomerExitLimits(parseCustomerExit(exit))).not.toThrow();
  });
});
