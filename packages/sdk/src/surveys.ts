import {
  checkBatchSize,
  checkSurveyResponseLimits,
  parseSurveyResponse,
  type SurveyResponse,
  type SurveyResponseInput,
} from '@kehu/core';
import type { AppendResult, Page, PageRequest } from '@kehu/storage';
import { optionalPageRequest, requireList } from './arguments.js';
import { parseAll } from './batch-validation.js';
import { requireCustomers, type UseCaseContext } from './context.js';
import { parseSurveyFilter, type SurveyListFilter } from './filters.js';

/** Survey use cases (rule SA-1). */
export interface SurveyUseCases {
  /**
   * Validates every response (unknown fields refused; customers must be stored unless
   * `createKehu` was given `requireKnownCustomers: false`, checked in one store call), then
   * appends them atomically and idempotently by id.
   */
  recordResponses(inputs: readonly SurveyResponseInput[]): Promise<AppendResult>;
  /** One page of the responses matching `filter` (survey, customer, answer period) in id order. */
  list(filter?: SurveyListFilter, request?: PageRequest): Promise<Page<SurveyResponse>>;
  /** Every response matching `filter` in id order, a page at a time; a bad filter throws at call time. */
  stream(filter?: SurveyListFilter): AsyncIterable<SurveyResponse>;
  /** How many responses match. */
  count(filter?: SurveyListFilter): Promise<number>;
}

/** Builds the survey use cases over `ctx`. */
export function surveyUseCases(ctx: UseCaseContext): SurveyUseCases {
  const { repos } = ctx;
  return {
    recordResponses: async (inputs) => {
      const list = requireList(inputs, [], 'responses');
      checkBatchSize(list.length, ctx.limits, []);
      const responses = parseAll(
        list,
        (input) => {
          const response = parseSurveyResponse(input);
          checkSurveyResponseLimits(response, ctx.limits);
          return response;
        },
        'response',
      );
      if (ctx.requireKnownCustomers)
        await requireCustomers(
          repos,
          responses.map((r) => r.customerId),
          (i) => [i, 'customerId'],
        );
      return repos.surveyResponses.append(responses);
    },
    list: async (filter, request) =>
      repos.surveyResponses.list(parseSurveyFilter(filter), optionalPageRequest(request)),
    stream: (filter) => repos.surveyResponses.stream(parseSurveyFilter(filter)),
    count: async (filter) => repos.surveyResponses.count(parseSurveyFilter(filter)),
  };
}
