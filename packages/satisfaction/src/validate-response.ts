import { type ErrorPath, KehuValidationError, type SurveyResponse, type ValidationIssue } from '@kehu/core';
import {
  parseSurveyDefinition,
  questionsById,
  type SurveyDefinition,
  type SurveyDefinitionInput,
  type SurveyQuestion,
} from './survey-definition.js';

/** What is wrong with `answer` to `question`, or `undefined` when it fits the question's scale. */
function answerIssue(answer: unknown, question: SurveyQuestion): string | undefined {
  if (answer === null || answer === undefined) return undefined;
  const { scale } = question;
  const seen = typeof answer === 'string' ? JSON.stringify(answer) : String(answer);
  switch (scale.kind) {
    case 'rating':
      if (typeof answer !== 'number')
        return `question ${question.id} is rated ${scale.min}-${scale.max}: a number is expected, got ${seen}`;
      if (!Number.isInteger(answer))
        return `question ${question.id} is rated on the integer scale ${scale.min}-${scale.max}: got ${answer}`;
      if (answer < scale.min || answer > scale.max)
        return `the rating ${answer} is off the scale ${scale.min}-${scale.max} of question ${question.id}`;
      return undefined;
    case 'yes-no':
      return typeof answer === 'boolean' ? undefined : `question ${question.id} is yes/no: got ${seen}`;
    case 'text':
      return typeof answer === 'string' ? undefined : `question ${question.id} asks for text: got ${seen}`;
  }
}

/** Every issue of one response, at paths relative to the response. */
function responseIssues(response: SurveyResponse, survey: SurveyDefinition): ValidationIssue[] {
  if (typeof response !== 'object' || response === null)
    return [{ path: [], message: 'a survey response must be an object', code: 'invalid_type' }];
  const issues: ValidationIssue[] = [];
  if (response.surveyId !== survey.id)
    issues.push({
      path: ['surveyId'],
      message: `the response answers survey ${JSON.stringify(response.surveyId)}, not ${JSON.stringify(survey.id)}`,
      code: 'invalid_value',
    });
  const { answers } = response;
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    issues.push({ path: ['answers'], message: 'answers must be an object by question id', code: 'invalid_type' });
    return issues;
  }
  const questions = questionsById(survey);
  for (const [id, answer] of Object.entries(answers)) {
    const question = questions.get(id);
    const message =
      question === undefined
        ? `survey ${survey.id} version ${survey.version} has no question ${JSON.stringify(id)}`
        : answerIssue(answer, question);
    if (message !== undefined) issues.push({ path: ['answers', id], message, code: 'invalid_value' });
  }
  return issues;
}

function fail(issues: ValidationIssue[], prefix: ErrorPath): never {
  const all = issues.map((i) => ({ ...i, path: [...prefix, ...i.path] }));
  const first = all[0] as ValidationIssue;
  throw new KehuValidationError(`invalid survey response at ${first.path.join('.')}: ${first.message}`, all);
}

/**
 * Checks a response against its survey (rule SA-1): it answers this survey, every answer is
 * to one of the survey's questions, a rating is an integer on the question's scale, a
 * yes/no answer is a boolean and a text answer a string. `null` (or no entry) means not
 * answered. Throws a `KehuValidationError` listing every problem of the response, the first
 * at `path` (`['answers', questionId]`, `['surveyId']`); returns the response unchanged.
 *
 * @param response - a response as `parseSurveyResponse` from `@kehu/core` returns it
 * @param survey - the survey definition (validated here when it is not a parsed one)
 */
export function validateResponse<R extends SurveyResponse>(
  response: R,
  survey: SurveyDefinition | SurveyDefinitionInput,
): R {
  const issues = responseIssues(response, parseSurveyDefinition(survey));
  if (issues.length > 0) fail(issues, []);
  return response;
}

/**
 * Checks every response of a list against the survey, as {@link validateResponse} does.
 * Throws at the first bad response, with its index in front of each path
 * (`[3, 'answers', 'q1']`); returns the responses as a new array, in their order.
 */
export function validateResponses<R extends SurveyResponse>(
  responses: readonly R[] | Iterable<R>,
  survey: SurveyDefinition | SurveyDefinitionInput,
): readonly R[] {
  const parsedSurvey = parseSurveyDefinition(survey);
  const list: readonly R[] = Array.from(responses);
  list.forEach((response, index) => {
    const issues = responseIssues(response, parsedSurvey);
    if (issues.length > 0) fail(issues, [index]);
  });
  return list;
}
