import { KehuValidationError, parseSurveyResponse, type SurveyResponse } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { parseSurveyDefinition } from './survey-definition.js';
import { validateResponse, validateResponses } from './validate-response.js';

const survey = parseSurveyDefinition({
  id: 'after-purchase',
  version: 1,
  questions: [
    { id: 'csat', scale: { kind: 'rating', min: 1, max: 5 }, dimension: 'service' },
    { id: 'nps', scale: { kind: 'rating', min: 0, max: 10 } },
    { id: 'solved', scale: { kind: 'yes-no' } },
    { id: 'comment', scale: { kind: 'text' } },
  ],
});

const response = (answers: SurveyResponse['answers'], surveyId = 'after-purchase'): SurveyResponse =>
  parseSurveyResponse({ id: 'r-1', surveyId, customerId: 'c-1', answeredAt: '2026-03-01T08:00:00Z', answers });

/** The KehuValidationError `run` throws. */
function errorOf(run: () => unknown): KehuValidationError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(KehuValidationError);
    return e as KehuValidationError;
  }
  throw new Error('expected a KehuValidationError');
}

describe('validateResponse (rule SA-1)', () => {
  it('SA-1: accepts answers that fit their questions; null and absent mean not answered', () => {
    const r = response({ csat: 5, nps: 0, solved: true, comment: '很好' });
    expect(validateResponse(r, survey)).toBe(r);
    expect(() => validateResponse(response({ csat: null, comment: null }), survey)).not.toThrow();
    expect(() => validateResponse(response({}), survey)).not.toThrow();
  });

  it('SA-1: an out-of-scale rating is refused at its path', () => {
    const e = errorOf(() => validateResponse(response({ nps: 11 }), survey));
    expect(e.path).toEqual(['answers', 'nps']);
    expect(e.message).toContain('the rating 11 is off the scale 0-10 of question nps');
    expect(errorOf(() => validateResponse(response({ csat: 0 }), survey)).path).toEqual(['answers', 'csat']);
  });

  it('SA-1: a non-integer on an integer scale is refused (6.5 is not silently uncounted)', () => {
    const e = errorOf(() => validateResponse(response({ nps: 6.5 }), survey));
    expect(e.path).toEqual(['answers', 'nps']);
    expect(e.message).toContain('integer scale 0-10: got 6.5');
  });

  it('SA-1: a string or boolean on a rating, and a number on yes/no or text, are refused', () => {
    expect(errorOf(() => validateResponse(response({ csat: '5' }), survey)).message).toContain('got "5"');
    expect(errorOf(() => validateResponse(response({ csat: true }), survey)).path).toEqual(['answers', 'csat']);
    expect(errorOf(() => validateResponse(response({ solved: 1 }), survey)).message).toContain('yes/no');
    expect(errorOf(() => validateResponse(response({ comment: 3 }), survey)).path).toEqual(['answers', 'comment']);
  });

  it('SA-1: an unknown question and a response to another survey are refused; every problem is listed', () => {
    const unknown = errorOf(() => validateResponse(response({ price: 3 }), survey));
    expect(unknown.path).toEqual(['answers', 'price']);
    expect(unknown.message).toContain('has no question "price"');
    const other = errorOf(() => validateResponse(response({ csat: 9, x: 1 }, 'another'), survey));
    expect(other.path).toEqual(['surveyId']);
    expect(other.issues.map((i) => i.path)).toEqual([['surveyId'], ['answers', 'csat'], ['answers', 'x']]);
  });

  it('SA-1: a survey definition that is not valid is refused before any response is read', () => {
    expect(() => validateResponse(response({}), { id: 'after-purchase', version: 1, questions: [] })).toThrow(
      KehuValidationError,
    );
  });
});

describe('validateResponses (rule SA-1)', () => {
  it('SA-1: puts the index of the bad response in front of the path', () => {
    const list = [response({ csat: 5 }), response({ csat: 4 }), response({ nps: -1 })];
    const e = errorOf(() => validateResponses(list, survey));
    expect(e.path).toEqual([2, 'answers', 'nps']);
    expect(e.message).toContain('2.answers.nps');
  });

  it('SA-1: returns the responses in order, from an array or any iterable, without mutating them', () => {
    const list = [response({ csat: 5 }), response({ csat: 4 })];
    const copy = structuredClone(list);
    expect(validateResponses(list, survey)).toEqual(list);
    expect(validateResponses(new Set(list), survey)).toEqual(list);
    expect(list).toEqual(copy);
  });
});
