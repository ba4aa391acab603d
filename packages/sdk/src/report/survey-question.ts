import { parseSurveyDefinition } from '@kehu/satisfaction';
import type { ChurnSatisfactionSource } from '../churn.js';
import type { ReportInputs } from './section.js';

/**
 * The overall satisfaction question of the report's survey (`policies.satisfaction.overall`, default `csat`) with
 * its survey and scale, as the churn score and the revisit plan's follow-ups read it; `undefined` when the report
 * has no survey or that question is not a rating.
 */
export function overallRatingQuestion(inputs: ReportInputs): ChurnSatisfactionSource | undefined {
  const options = inputs.policies.satisfaction;
  if (options?.survey === undefined) return undefined;
  const survey = parseSurveyDefinition(options.survey);
  const question = survey.questions.find((q) => q.id === (options.overall ?? 'csat'));
  if (question === undefined || question.scale.kind !== 'rating') return undefined;
  return { surveyId: survey.id, question: question.id, scale: { min: question.scale.min, max: question.scale.max } };
}
