import { KehuValidationError, parseSurveyResponse } from '@kehu/core';
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
      const responses = inputs.map((input, i) => {
        try {
          return parseSurveyResponse(input);
        } catch (error) {
          if (!(error instanceof KehuValidationError)) throw error;
          throw new KehuValidationError(`response ${i}: ${error.message}`, error.issues.map((x) => ({ ...x, path: [i, ...x.path] })), { cause: error });
        }
      });
      return storage.surveyResponses.append(responses);
    },
    count: (filter) => storage.surveyResponses.count(filter),
  };
}
