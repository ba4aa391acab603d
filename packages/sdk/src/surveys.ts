import { parseSurveyResponse } from '@kehu/core';
import { parseAll } from './batch-validation.js';
import type { AppendResult, KehuStorage, SurveyResponseFilter } from '@kehu/storage';

/** Survey use cases (rule SA-1). */
export interface SurveyUseCases {
  /** Validates every response, then appends them atomically and idempotently by id. */
  recordResponses(inputs: readonly unknown[]): Promise<AppendResult>;
  /** How many responses match. */
  count(filter?: SurveyResponseFilter): Promise<number>;
}

/** Builds the survey use cases over `storage`. */
export function surveyUseCases(storage: KehuStorage): SurveyUseCases {
  return {
    recordResponses: async (inputs) => {
      const responses = parseAll(inputs, parseSurveyResponse, 'response');
      return storage.surveyResponses.append(responses);
    },
    count: (filter) => storage.surveyResponses.count(filter),
  };
}
