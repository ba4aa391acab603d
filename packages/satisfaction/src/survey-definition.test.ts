import { KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { parseSurveyDefinition, questionsById, type SurveyDefinitionInput } from './survey-definition.js';

const survey: SurveyDefinitionInput = {
  id: 'after-purchase',
  version: '2026-1',
  title: { en: 'After your purchase', zh: '购后调查' },
  questions: [
    { id: 'quality', scale: { kind: 'rating', min: 1, max: 5 }, dimension: 'product-quality' },
    { id: 'price', scale: { kind: 'rating', min: 1, max: 5 }, dimension: 'price', weight: 2 },
    { id: 'slow', scale: { kind: 'rating', min: 1, max: 5 }, dimension: 'response-speed', reverse: true },
    {
      id: 'nps',
      text: { en: 'How likely …?', zh: '您向朋友推荐的可能性？' },
      scale: { kind: 'rating', min: 0, max: 10 },
    },
    { id: 'solved', scale: { kind: 'yes-no' } },
    { id: 'comment', scale: { kind: 'text' } },
  ],
};

/** The path of the KehuValidationError `run` throws. */
function pathOf(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(KehuValidationError);
    return (e as KehuValidationError).path;
  }
  throw new Error('expected a KehuValidationError');
}

const withQuestions = (questions: unknown[]) => ({ ...survey, questions });

describe('survey definitions (rule SA-1)', () => {
  it('SA-1: parses questions with scales, dimensions, reverse items and weights, with defaults', () => {
    const s = parseSurveyDefinition(survey);
    expect(s.version).toBe('2026-1');
    expect(s.questions.map((q) => q.reverse)).toEqual([false, false, true, false, false, false]);
    expect(s.questions.every((q) => q.expectation === false)).toBe(true);
    expect(s.questions[1]?.weight).toBe(2);
    expect(parseSurveyDefinition({ ...survey, version: 3 }).version).toBe(3);
  });

  it('SA-1: a parsed definition is frozen and passes through unparsed; questions by id', () => {
    const s = parseSurveyDefinition(survey);
    expect(Object.isFrozen(s) && Object.isFrozen(s.questions[0]?.scale)).toBe(true);
    expect(parseSurveyDefinition(s)).toBe(s);
    expect(questionsById(s).get('nps')?.scale).toEqual({ kind: 'rating', min: 0, max: 10 });
    expect(questionsById(survey).has('comment')).toBe(true);
  });

  it('SA-1: accepts any integer rating scale with min below max (1-5, 1-7, 0-10, -3..3)', () => {
    for (const [min, max] of [
      [1, 5],
      [1, 7],
      [0, 10],
      [-3, 3],
    ])
      expect(() =>
        parseSurveyDefinition(withQuestions([{ id: 'q', scale: { kind: 'rating', min, max } }])),
      ).not.toThrow();
  });

  it('SA-1: refuses bad scales with the path of the field', () => {
    const rating = (min: number, max: number) => withQuestions([{ id: 'q', scale: { kind: 'rating', min, max } }]);
    expect(pathOf(() => parseSurveyDefinition(rating(5, 5)))).toEqual(['questions', 0, 'scale', 'max']);
    expect(pathOf(() => parseSurveyDefinition(rating(1, 4.5)))).toEqual(['questions', 0, 'scale', 'max']);
    expect(pathOf(() => parseSurveyDefinition(withQuestions([{ id: 'q', scale: { kind: 'stars' } }])))).toEqual([
      'questions',
      0,
      'scale',
      'kind',
    ]);
  });

  it('SA-1: refuses duplicate question ids, unknown fields and unknown dimensions', () => {
    const q = { id: 'q', scale: { kind: 'yes-no' } };
    expect(pathOf(() => parseSurveyDefinition(withQuestions([q, q])))).toEqual(['questions', 1, 'id']);
    expect(pathOf(() => parseSurveyDefinition(withQuestions([{ ...q, colour: 'red' }])))).toEqual([
      'questions',
      0,
      'colour',
    ]);
    expect(
      pathOf(() =>
        parseSurveyDefinition(withQuestions([{ id: 'q', scale: { kind: 'rating', min: 1, max: 5 }, dimension: 'x' }])),
      ),
    ).toEqual(['questions', 0, 'dimension']);
    expect(pathOf(() => parseSurveyDefinition(withQuestions([])))).toEqual(['questions']);
  });

  it('SA-1: reverse scoring, weights and dimensions belong to rating questions only', () => {
    const at = (q: Record<string, unknown>) => pathOf(() => parseSurveyDefinition(withQuestions([q])));
    expect(at({ id: 'q', scale: { kind: 'yes-no' }, reverse: true })).toEqual(['questions', 0, 'reverse']);
    expect(at({ id: 'q', scale: { kind: 'text' }, weight: 2 })).toEqual(['questions', 0, 'weight']);
    expect(at({ id: 'q', scale: { kind: 'text' }, dimension: 'service' })).toEqual(['questions', 0, 'dimension']);
    expect(at({ id: 'q', scale: { kind: 'rating', min: 1, max: 5 }, weight: 2 })).toEqual(['questions', 0, 'weight']);
    expect(at({ id: 'q', scale: { kind: 'rating', min: 1, max: 5 }, dimension: 'service', weight: 0 })).toEqual([
      'questions',
      0,
      'weight',
    ]);
  });

  it('SA-3: the items of one dimension share one scale', () => {
    const path = pathOf(() =>
      parseSurveyDefinition(
        withQuestions([
          { id: 'a', scale: { kind: 'rating', min: 1, max: 5 }, dimension: 'attitude' },
          { id: 'b', scale: { kind: 'rating', min: 1, max: 7 }, dimension: 'attitude' },
        ]),
      ),
    );
    expect(path).toEqual(['questions', 1, 'scale']);
  });

  it('SA-3: a SERVQUAL expectation item needs a perception item of its dimension', () => {
    const e = { id: 'e', scale: { kind: 'rating', min: 1, max: 7 }, dimension: 'expertise', expectation: true };
    const p = { id: 'p', scale: { kind: 'rating', min: 1, max: 7 }, dimension: 'expertise' };
    expect(() => parseSurveyDefinition(withQuestions([e, p]))).not.toThrow();
    expect(pathOf(() => parseSurveyDefinition(withQuestions([e])))).toEqual(['questions', 0, 'expectation']);
    const { dimension: _, ...noDimension } = e;
    expect(pathOf(() => parseSurveyDefinition(withQuestions([noDimension, p])))).toEqual([
      'questions',
      0,
      'expectation',
    ]);
  });
});
