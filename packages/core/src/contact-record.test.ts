import { describe, expect, it } from 'vitest';
import { contactRecordToJson, parseContactRecord } from './contact-record.js';
import { KehuValidationError } from './errors.js';

const base = {
  id: 'r-1',
  customerId: 'c-1',
  at: '2026-03-02T09:30:00.123+08:00',
  channel: 'phone',
  purpose: 'post-purchase',
  owner: 'am-1',
  outcome: 'callback-requested',
};

describe('contact records (rules CA-5, CA-6, CA-9)', () => {
  it('records when, how, why, by whom, the outcome and the follow-up, with defaults', () => {
    const r = parseContactRecord({
      ...base,
      summary: '客户表示产品使用顺利',
      followUp: { action: 'call back', dueAt: '2026-03-03T09:00:00+08:00' },
    });
    expect(r.direction).toBe('outbound');
    expect(r.attributes).toEqual({});
    expect(r.at.toISOString()).toBe('2026-03-02T01:30:00.123Z');
    expect(contactRecordToJson(r)).toMatchObject({
      at: '2026-03-02T01:30:00.123Z',
      followUp: { dueAt: '2026-03-03T01:00:00.000Z' },
    });
  });
  it('knows the CA-5 purposes and rejects unknown ones at their path', () => {
    for (const purpose of ['explanation', 'promotion', 'emotional', 'mediation', 'suggestion', 'guidance']) {
      expect(parseContactRecord({ ...base, purpose }).purpose).toBe(purpose);
    }
    expect(() => parseContactRecord({ ...base, purpose: 'gossip' })).toThrow(KehuValidationError);
    try {
      parseContactRecord({ ...base, outcome: 'maybe' });
    } catch (e) {
      expect((e as KehuValidationError).path).toEqual(['outcome']);
    }
  });
  it('requires a follow-up action when a follow-up is given', () => {
    expect(() => parseContactRecord({ ...base, followUp: { action: '' } })).toThrow(KehuValidationError);
  });
});
