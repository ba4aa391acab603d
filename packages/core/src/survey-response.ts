import * as z from 'zod';
import { idSchema, instantCodec } from './codecs.js';
import { attributesSchema } from './json-value.js';
import { numberSchema } from './numbers.js';
import { recordSchema } from './record.js';
import { encoderFor, parserFor } from './parse.js';
import { textSchema } from './text.js';

/** An answer: a rating, a choice, free text, yes/no, or no answer. */
export const surveyAnswerSchema = z.union([numberSchema, textSchema, z.boolean(), z.null()]);
/** A survey answer. */
export type SurveyAnswer = z.infer<typeof surveyAnswerSchema>;

/**
 * One customer's answers to one survey (rule SA-1: surveys of purchasing customers,
 * online and offline, rating product quality, service and price).
 */
export const surveyResponseSchema = z.strictObject({
  id: idSchema,
  surveyId: idSchema,
  customerId: idSchema,
  answeredAt: instantCodec,
  channel: z.enum(['online', 'offline']).default('online'),
  /** Answers by question id. */
  answers: recordSchema(textSchema.min(1), surveyAnswerSchema),
  attributes: attributesSchema.default({}),
});

/** A survey response. */
export type SurveyResponse = z.output<typeof surveyResponseSchema>;
/** What {@link parseSurveyResponse} accepts. */
export type SurveyResponseInput = z.input<typeof surveyResponseSchema>;

/** Validates and decodes a survey response. */
export const parseSurveyResponse = parserFor(surveyResponseSchema, 'survey response');
/** Encodes a survey response as exact JSON. */
export const surveyResponseToJson = encoderFor(surveyResponseSchema, 'survey response');
