import type { SurveyResponse } from '@kehu/core';
import type { Page, PageRequest } from './pagination.js';
import type { AppendResult } from './versioned.js';

/** Narrows a survey-response listing or stream. */
export interface SurveyResponseFilter {
  /** Only responses to this survey. */
  surveyId?: string;
  /** Only this customer's responses. */
  customerId?: string;
  /** Only responses with `answeredAt >= from`. */
  from?: Date;
  /** Only responses with `answeredAt < to`. */
  to?: Date;
}

/**
 * Survey responses (rule SA-1): appended idempotently by id like transactions (identical
 * replays are duplicates, different content under a stored id is a conflict, each call
 * atomic). `list` and `stream` order by `id`.
 */
export interface SurveyResponseRepository {
  /** Appends a batch of responses. */
  append(responses: readonly SurveyResponse[]): Promise<AppendResult>;
  /** The response with `id`, or `null`. */
  get(id: string): Promise<SurveyResponse | null>;
  /** One page in `id` order. */
  list(filter?: SurveyResponseFilter, request?: PageRequest): Promise<Page<SurveyResponse>>;
  /** Every matching response in `id` order, fetched lazily. */
  stream(filter?: SurveyResponseFilter): AsyncIterable<SurveyResponse>;
  /** How many responses match. */
  count(filter?: SurveyResponseFilter): Promise<number>;
}
