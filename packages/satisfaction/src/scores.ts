import { invalidInput, type SurveyResponse } from '@kehu/core';
import { DIMENSION_IDS, type Dimension } from './dimensions.js';
import {
  parseSurveyDefinition,
  type SurveyDefinition,
  type SurveyDefinitionInput,
  type SurveyQuestion,
} from './survey-definition.js';
import { validateResponses } from './validate-response.js';

/** Which scores {@link scoresOf} takes: one question's, or one dimension's. */
export type ScoresOfOptions =
  | {
      /** The id of a rating question. */
      readonly question: string;
      /** Not with `question`. */
      readonly dimension?: undefined;
    }
  | {
      /** An SA-1 dimension or SA-3 indicator. */
      readonly dimension: Dimension;
      /**
       * Which items of the dimension: the `perception` items (the default) or the SERVQUAL
       * `expectation` items.
       */
      readonly items?: 'perception' | 'expectation';
      /** Not with `dimension`. */
      readonly question?: undefined;
    };

type RatingQuestion = SurveyQuestion & { scale: { kind: 'rating'; min: number; max: number } };

function isRating(q: SurveyQuestion): q is RatingQuestion {
  return q.scale.kind === 'rating';
}

/** The items {@link scoresOf} averages, checked against the survey. */
function itemsOf(survey: SurveyDefinition, options: ScoresOfOptions): RatingQuestion[] {
  if (typeof options !== 'object' || options === null)
    throw invalidInput([], 'pass the scores to take: { question } or { dimension }', 'invalid_type');
  const { question, dimension } = options;
  if (question !== undefined && dimension !== undefined)
    throw invalidInput(['dimension'], 'pass either a question or a dimension, not both');
  if (question !== undefined) {
    const found = survey.questions.find((q) => q.id === question);
    if (found === undefined)
      throw invalidInput(['question'], `survey ${survey.id} has no question ${JSON.stringify(question)}`);
    if (!isRating(found))
      throw invalidInput(['question'], `question ${question} is ${found.scale.kind}, not a rating: it has no scores`);
    return [found];
  }
  if (dimension === undefined) throw invalidInput([], 'pass the scores to take: { question } or { dimension }');
  if (!DIMENSION_IDS.includes(dimension))
    throw invalidInput(
      ['dimension'],
      `unknown dimension ${JSON.stringify(dimension)}; known: ${DIMENSION_IDS.join(', ')}`,
    );
  const items = options.items ?? 'perception';
  if (items !== 'perception' && items !== 'expectation')
    throw invalidInput(['items'], `items must be perception or expectation, got ${JSON.stringify(items)}`);
  const wanted = items === 'expectation';
  const found = survey.questions.filter((q): q is RatingQuestion => isRating(q) && q.dimension === dimension);
  const chosen = found.filter((q) => q.expectation === wanted);
  if (chosen.length === 0)
    throw invalidInput(['dimension'], `survey ${survey.id} has no ${items} items of dimension ${dimension}`);
  return chosen;
}

/**
 * The scores of validated responses (rules SA-1, SA-3), one number per response that
 * answered, in the responses' order; this is how responses feed the metric functions,
 * which take plain arrays of scores.
 *
 * - `{ question }`: the question's ratings; a reverse-scored item's answer `x` counts as
 *   `min + max - x`.
 * - `{ dimension }`: per response, the weighted mean of the dimension's answered items
 *   (reverse-scored first; weight 1 unless the item sets one), on the items' shared scale.
 *   `items: 'expectation'` takes the SERVQUAL expectation items instead of the perception items.
 *
 * Unanswered items (`null` or absent) are skipped; a response that answered none gives no
 * score. Every response is validated against the survey first ({@link validateResponses}):
 * bad input is a `KehuValidationError`, never a NaN.
 */
export function scoresOf(
  responses: Iterable<SurveyResponse>,
  survey: SurveyDefinition | SurveyDefinitionInput,
  options: ScoresOfOptions,
): number[] {
  const definition = parseSurveyDefinition(survey);
  const items = itemsOf(definition, options);
  const scores: number[] = [];
  for (const response of validateResponses(responses, definition)) {
    let sum = 0;
    let weights = 0;
    let answered = 0;
    let single = 0;
    for (const item of items) {
      const answer = response.answers[item.id];
      if (typeof answer !== 'number') continue;
      const score = item.reverse ? item.scale.min + item.scale.max - answer : answer;
      const weight = item.weight ?? 1;
      sum += weight * score;
      weights += weight;
      answered += 1;
      single = score;
    }
    // One answered item is its own score exactly (w·x/w can differ from x in binary floating point).
    if (answered === 1) scores.push(single);
    else if (answered > 1) scores.push(sum / weights);
  }
  return scores;
}
