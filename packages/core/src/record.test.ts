import { describe, expect, it } from 'vitest';
import { KehuValidationError } from './errors.js';
import { parseSurveyResponse } from './survey-response.js';

const response = { id: 'r1', surveyId: 's1', customerId: 'c1', answeredAt: '2026-01-05T09:00:00Z' };

function pathOf(answers: unknown): ReadonlyArray<string | number> {
  try {
    parseSurveyResponse({ ...response, answers });
  } catch (e) {
    expect(e).toBeInstanceOf(KehuValidationError);
    return (e as KehuValidationError).path;
  }
  throw new Error('expected a validation error');
}

describe('records by key (survey answers)', () => {
  it('refuses a __proto__ key made by JSON.parse instead of dropping it', () => {
    expect(pathOf(JSON.parse('{"q1":5,"__proto__":1}'))).toEqual(['answers', '__proto__']);
    expect(pathOf({ constructor: 1 })).toEqual(['answers', 'constructor']);
  });
  it('checks keys and values with their path, and copies the record', () => {
    expect(pathOf({ '': 1 })).toEqual(['answers', '']);
    expect(pathOf({ q1: -0 })).toEqual(['answers', 'q1']);
    expect(pathOf({ q1: 'a\0' })).toEqual(['answers', 'q1']);
    expect(pathOf({ q1: {} })).toEqual(['answers', 'q1']);
    expect(pathOf([])).toEqual(['answers']);
    const answers = { q1: 5, q2: 'good', q3: true, q4: null };
    const parsed = parseSurveyResponse({ ...response, answers });
    expect(parsed.answers).toEqual(answers);
    expect(parsed.answers).not.toBe(answers);
  });
});
