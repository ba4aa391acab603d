import { KehuValidationError, parseSurveyResponse } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { parseAll } from './batch-validation.js';

describe('parseAll', () => {
  it('parses every item or throws for the first bad one with its index in front of the path', () => {
    const good = {
      id: 's-1',
      surveyId: 'csat',
      customerId: 'c-1',
      answeredAt: '2026-01-20T10:00:00+08:00',
      answers: { csat: 5 },
    };
    expect(parseAll([good, { ...good, id: 's-2' }], parseSurveyResponse, 'response').map((r) => r.id)).toEqual([
      's-1',
      's-2',
    ]);
    const error = (() => {
      try {
        parseAll([good, { ...good, answeredAt: 'later' }], parseSurveyResponse, 'response');
      } catch (e) {
        return e as KehuValidationError;
      }
      throw new Error('expected a failure');
    })();
    expect(error).toBeInstanceOf(KehuValidationError);
    expect(error.path).toEqual([1, 'answeredAt']);
    expect(error.message).toMatch(/^response 1: /);
    expect(() =>
      parseAll(
        [1],
        () => {
          throw new TypeError('boom');
        },
        'x',
      ),
    ).toThrow(TypeError);
  });
});
