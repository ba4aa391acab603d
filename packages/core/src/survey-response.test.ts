import { describe, expect, it } from 'vitest';
import { KehuValidationError } from './errors.js';
import { parseSurveyResponse, surveyResponseToJson } from './survey-response.js';

describe('survey responses (rule SA-1)', () => {
  const base = {
    id: 's-1',
    surveyId: 'csat-2026q1',
    customerId: 'c-1',
    answeredAt: '2026-03-31T23:59:59.999Z',
    answers: { csat: 5, nps: 9, comment: '服务很好 👍', recommend: true, skipped: null },
  };
  it('keeps answers by question and defaults the channel to online', () => {
    const r = parseSurveyResponse(base);
    expect(r.channel).toBe('online');
    expect(surveyResponseToJson(r)).toEqual({ ...base, channel: 'online', attributes: {} });
    expect(parseSurveyResponse({ ...base, channel: 'offline' }).channel).toBe('offline');
  });
  it('rejects non-finite numbers and empty question ids', () => {
    expect(() => parseSurveyResponse({ ...base, answers: { csat: Number.NaN } })).toThrow(KehuValidationError);
    expect(() => parseSurveyResponse({ ...base, answers: { '': 1 } })).toThrow(KehuValidationError);
  });
});
