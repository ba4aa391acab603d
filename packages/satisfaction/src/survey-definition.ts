import { idSchema, INT32_RANGE, parserFor, textSchema } from '@kehu/core';
import * as z from 'zod';
import { type Dimension, dimensionSchema } from './dimensions.js';

/** A version of a survey or metric definition: text (`'2025-q1'`) or a non-negative integer. */
export const definitionVersionSchema = z.union([
  textSchema.min(1, 'must not be empty').max(64, 'at most 64 characters'),
  z.number().int().min(0).max(INT32_RANGE.max),
]);

/** Text shown to respondents or in reports, in English and/or Simplified Chinese. */
export const localizedTextSchema = z.strictObject({ en: textSchema.optional(), zh: textSchema.optional() });

const scaleEnd = z.number().int('must be an integer').min(INT32_RANGE.min).max(INT32_RANGE.max);

/**
 * A rating scale: every integer from `min` to `max` (1-5 for CSAT and averages, 1-7 for
 * CES, 0-10 for NPS are common; any integers with `min < max` are allowed).
 */
export const ratingScaleSchema = z
  .strictObject({ kind: z.literal('rating'), min: scaleEnd, max: scaleEnd })
  .refine((s) => s.min < s.max, { message: 'min must be below max', path: ['max'] });

/** The scale of a question: an integer rating, yes/no, or free text. */
export const questionScaleSchema = z.discriminatedUnion('kind', [
  ratingScaleSchema,
  z.strictObject({ kind: z.literal('yes-no') }),
  z.strictObject({ kind: z.literal('text') }),
]);

/**
 * One survey question (rules SA-1, SA-3): its scale, the dimension it measures, and how it
 * is scored. `reverse`, `weight`, `dimension` and `expectation` apply to rating questions only.
 */
export const surveyQuestionSchema = z.strictObject({
  /** The question id, the key of its answer in a response's `answers`. */
  id: idSchema,
  /** The question as asked. */
  text: localizedTextSchema.optional(),
  /** The answer scale. */
  scale: questionScaleSchema,
  /** The SA-1 dimension or SA-3 indicator the question measures. */
  dimension: dimensionSchema.optional(),
  /** Reverse-scored: an answer `x` counts as `min + max - x` (a negatively worded item). Default false. */
  reverse: z.boolean().default(false),
  /** The item's weight within its dimension (default 1). */
  weight: z.number().positive().max(1e6).optional(),
  /**
   * A SERVQUAL expectation item ("an excellent company would …"), paired with the perception
   * items of the same dimension. Default false: the item is a perception item.
   */
  expectation: z.boolean().default(false),
});

type Path = Array<string | number>;

/**
 * A survey definition as versioned data (rule SA-1): its questions with their scales,
 * dimensions, reverse scoring and weights. Question ids are unique; the items of one
 * dimension share one rating scale (so they can be averaged and SERVQUAL gaps taken); an
 * expectation item needs a dimension with at least one perception item.
 */
export const surveyDefinitionSchema = z
  .strictObject({
    /** The survey id: a response's `surveyId`. */
    id: idSchema,
    /** The definition's version; reports say which version they used. */
    version: definitionVersionSchema,
    /** The survey's title. */
    title: localizedTextSchema.optional(),
    /** The questions, in the order they are asked. */
    questions: z.array(surveyQuestionSchema).min(1, 'a survey needs at least one question'),
  })
  .superRefine((survey, ctx) => {
    const issue = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path, message });
    const seen = new Set<string>();
    const scaleOf = new Map<Dimension, { min: number; max: number; index: number }>();
    const perception = new Set<Dimension>();
    survey.questions.forEach((q, i) => {
      const at = (...rest: Path): Path => ['questions', i, ...rest];
      if (seen.has(q.id)) issue(at('id'), `duplicate question id ${JSON.stringify(q.id)}`);
      seen.add(q.id);
      if (q.scale.kind !== 'rating') {
        const what = `a ${q.scale.kind} question`;
        if (q.reverse) issue(at('reverse'), `${what} cannot be reverse-scored; only rating questions can`);
        if (q.weight !== undefined) issue(at('weight'), `${what} has no weight; only rating questions are averaged`);
        if (q.dimension !== undefined)
          issue(at('dimension'), `${what} cannot measure a dimension; a dimension averages rating questions`);
        if (q.expectation) issue(at('expectation'), `${what} cannot be a SERVQUAL expectation item`);
        return;
      }
      if (q.dimension === undefined) {
        if (q.expectation) issue(at('expectation'), 'an expectation item needs the dimension it is paired on');
        if (q.weight !== undefined) issue(at('weight'), 'a weight applies within a dimension; set the dimension');
        return;
      }
      const first = scaleOf.get(q.dimension);
      if (first === undefined) scaleOf.set(q.dimension, { min: q.scale.min, max: q.scale.max, index: i });
      else if (first.min !== q.scale.min || first.max !== q.scale.max)
        issue(
          at('scale'),
          `the items of dimension ${q.dimension} must share one scale: question ${first.index} is ` +
            `${first.min}-${first.max}, this one ${q.scale.min}-${q.scale.max}`,
        );
      if (!q.expectation) perception.add(q.dimension);
    });
    survey.questions.forEach((q, i) => {
      if (q.expectation && q.dimension !== undefined && !perception.has(q.dimension))
        issue(
          ['questions', i, 'expectation'],
          `expectation item of dimension ${q.dimension} has no perception item of that dimension to pair with`,
        );
    });
  });

/** A rating scale. */
export type RatingScale = z.output<typeof ratingScaleSchema>;
/** A question's scale. */
export type QuestionScale = z.output<typeof questionScaleSchema>;
/** A survey question with defaults applied. */
export type SurveyQuestion = z.output<typeof surveyQuestionSchema>;
/** A survey definition with defaults applied. */
export type SurveyDefinition = z.output<typeof surveyDefinitionSchema>;
/** What {@link parseSurveyDefinition} accepts. */
export type SurveyDefinitionInput = z.input<typeof surveyDefinitionSchema>;

const parse = parserFor(surveyDefinitionSchema, 'survey definition');
/** Definitions this module produced, so that validating a million responses parses their survey once. */
const parsed = new WeakMap<object, ReadonlyMap<string, SurveyQuestion>>();

/**
 * Validates a survey definition: throws `KehuValidationError` with the path of the first
 * bad field (`['questions', 2, 'scale', 'max']`). The result is frozen; a definition this
 * function returned is passed through without parsing it again.
 */
export function parseSurveyDefinition(input: unknown): SurveyDefinition {
  if (typeof input === 'object' && input !== null && parsed.has(input)) return input as SurveyDefinition;
  const survey = deepFreeze(parse(input));
  parsed.set(survey, new Map(survey.questions.map((q) => [q.id, q])));
  return survey;
}

/** Freezes a parsed definition, so that the questions cached for it cannot go stale. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The questions of a survey by id (the survey is validated first when it is not a parsed definition). */
export function questionsById(survey: SurveyDefinition | SurveyDefinitionInput): ReadonlyMap<string, SurveyQuestion> {
  const parsedSurvey = parseSurveyDefinition(survey);
  return parsed.get(parsedSurvey) as ReadonlyMap<string, SurveyQuestion>;
}
