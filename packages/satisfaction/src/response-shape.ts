import { invalidInput, type SurveyResponse } from '@kehu/core';

/** The part of a survey response the follow-ups and the signals read. */
export type ResponseShape = Pick<SurveyResponse, 'id' | 'customerId' | 'answeredAt' | 'answers'>;

/**
 * Checks the shape of the response at index `i` of a list (a non-empty id and customer id,
 * a valid `answeredAt`, an `answers` object) and returns it typed; anything else is a
 * `KehuValidationError` whose path starts with `i`.
 */
export function checkResponseShape(r: unknown, i: number): ResponseShape {
  if (typeof r !== 'object' || r === null) throw invalidInput([i], 'a response must be an object', 'invalid_type');
  const { id, customerId, answeredAt, answers } = r as Record<string, unknown>;
  if (typeof id !== 'string' || id === '')
    throw invalidInput([i, 'id'], 'id must be a non-empty string', 'invalid_type');
  if (typeof customerId !== 'string' || customerId === '')
    throw invalidInput([i, 'customerId'], 'customerId must be a non-empty string', 'invalid_type');
  if (!(answeredAt instanceof Date) || Number.isNaN(answeredAt.getTime()))
    throw invalidInput([i, 'answeredAt'], 'answeredAt must be a valid Date', 'invalid_type');
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers))
    throw invalidInput([i, 'answers'], 'answers must be an object', 'invalid_type');
  return r as ResponseShape;
}
