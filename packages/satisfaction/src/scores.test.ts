import { KehuValidationError, parseSurveyResponse, type SurveyResponse } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoresOf } from './scores.js';
import { parseSurveyDefinition } from './survey-definition.js';

const rating = (min: number, max: number) => ({ kind: 'rating' as const, min, max });
const survey = parseSurveyDefinition({
  id: 's',
  version: 1,
  questions: [
    { id: 'overall', scale: rating(1, 5) },
    { id: 'fast', scale: rating(1, 5), dimension: 'response-speed', weight: 2 },
    { id: 'waited', scale: rating(1, 5), dimension: 'response-speed', reverse: true },
    { id: 'expect-fast', scale: rating(1, 5), dimension: 'response-speed', expectation: true },
    { id: 'solved', scale: { kind: 'yes-no' } },
  ],
});

let next = 0;
const response = (answers: SurveyResponse['answers']): SurveyResponse =>
  parseSurveyResponse({
    id: `r-${(next += 1)}`,
    surveyId: 's',
    customerId: 'c-1',
    answeredAt: '2026-03-01T08:00:00Z',
    answers,
  });

describe('scoresOf (rules SA-1, SA-3)', () => {
  it("SA-1: one question's ratings in response order, missing answers skipped", () => {
    const list = [response({ overall: 5 }), response({ overall: null }), response({}), response({ overall: 2 })];
    expect(scoresOf(list, survey, { question: 'overall' })).toEqual([5, 2]);
  });

  it('SA-3: a reverse-scored item counts min + max - x', () => {
    const list = [response({ waited: 1 }), response({ waited: 5 }), response({ waited: 4 })];
    expect(scoresOf(list, survey, { question: 'waited' })).toEqual([5, 1, 2]);
  });

  it('SA-3: a dimension is the weighted mean of its answered perception items, per response', () => {
    const list = [
      response({ fast: 5, waited: 2 }), // (2·5 + 1·(6 − 2)) / 3 = 14 / 3
      response({ fast: 3 }), // only one item answered: 3
      response({ waited: 5 }), // reverse: 1
      response({ overall: 4 }), // no item of the dimension: no score
    ];
    const scores = scoresOf(list, survey, { dimension: 'response-speed' });
    expect(scores).toHaveLength(3);
    expect(scores[0]).toBeCloseTo(14 / 3, 14);
    expect(scores.slice(1)).toEqual([3, 1]);
  });

  it('SA-3: the SERVQUAL expectation items on request', () => {
    const list = [response({ fast: 2, 'expect-fast': 5 }), response({ 'expect-fast': 4 })];
    expect(scoresOf(list, survey, { dimension: 'response-speed', items: 'expectation' })).toEqual([5, 4]);
  });

  it('SA-1, SA-3: refuses a question or dimension the survey cannot score, with the path', () => {
    const pathOf = (options: unknown) => {
      try {
        scoresOf([], survey, options as never);
      } catch (e) {
        expect(e).toBeInstanceOf(KehuValidationError);
        return (e as KehuValidationError).path;
      }
      return 'no error';
    };
    expect(pathOf({ question: 'nope' })).toEqual(['question']);
    expect(pathOf({ question: 'solved' })).toEqual(['question']);
    expect(pathOf({ dimension: 'price' })).toEqual(['dimension']);
    expect(pathOf({ dimension: 'speed' })).toEqual(['dimension']);
    expect(pathOf({ dimension: 'response-speed', items: 'both' })).toEqual(['items']);
    expect(pathOf({ question: 'overall', dimension: 'response-speed' })).toEqual(['dimension']);
    expect(pathOf({})).toEqual([]);
  });

  it('SA-1: responses are validated first: a bad answer is an error with its index, never a NaN', () => {
    const list = [response({ overall: 5 }), response({ overall: '5' })];
    expect(() => scoresOf(list, survey, { question: 'overall' })).toThrow(
      expect.objectContaining({ path: [1, 'answers', 'overall'] }),
    );
  });

  it('SA-1, SA-3: the scores do not depend on response order (property)', () => {
    const answer = fc.option(fc.integer({ min: 1, max: 5 }), { nil: null });
    const responses = fc.array(fc.record({ fast: answer, waited: answer }), { maxLength: 30 });
    fc.assert(
      fc.property(responses, fc.func(fc.integer()), (answers, key) => {
        const list = answers.map((a) => response(a));
        const shuffled = [...list].sort((a, b) => key(a.id) - key(b.id));
        const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
        expect(sorted(scoresOf(shuffled, survey, { dimension: 'response-speed' }))).toEqual(
          sorted(scoresOf(list, survey, { dimension: 'response-speed' })),
        );
      }),
    );
  });
});
