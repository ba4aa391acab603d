import { surveyResponseToJson, type SurveyResponse } from '@kehu/core';
import { streamPages, type SurveyResponseFilter, type SurveyResponseRepository } from '@kehu/storage';
import { appendIdempotent } from './append-only.js';
import { cloneRecord } from './clone.js';
import type { Entry } from './collection.js';
import type { Scope } from './scope.js';

const matches = (filter: SurveyResponseFilter) => (e: Entry<SurveyResponse>) =>
  (filter.surveyId === undefined || e.record.surveyId === filter.surveyId) &&
  (filter.customerId === undefined || e.record.customerId === filter.customerId) &&
  (filter.from === undefined || e.record.answeredAt.getTime() >= filter.from.getTime()) &&
  (filter.to === undefined || e.record.answeredAt.getTime() < filter.to.getTime());

const copy = (e: Entry<SurveyResponse>): SurveyResponse => cloneRecord(e.record);

/** The survey responses of a memory store (rule SA-1). */
export function surveyResponseRepository(scope: Scope): SurveyResponseRepository {
  const { state } = scope;
  const list: SurveyResponseRepository['list'] = (filter = {}, request) =>
    scope.read('surveyResponses.list', () =>
      state.surveyResponsesById.page('surveyResponses', request, copy, { filter: matches(filter) }),
    );
  return {
    append: (batch) =>
      scope.write('surveyResponses.append', (uow) =>
        appendIdempotent(uow, state.surveyResponses, 'survey-response', surveyResponseToJson, batch),
      ),
    get: (id) =>
      scope.read('surveyResponses.get', () => {
        const e = state.surveyResponses.byId.get(id);
        return e === undefined ? null : copy(e);
      }),
    list,
    stream: (filter) => streamPages((request) => list(filter, request)),
    count: (filter = {}) =>
      scope.read('surveyResponses.count', () => {
        let n = 0;
        const match = matches(filter);
        for (const e of state.surveyResponses.byId.values()) if (match(e)) n++;
        return n;
      }),
  };
}
