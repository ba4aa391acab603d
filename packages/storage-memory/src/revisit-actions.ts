import { revisitActionToJson, type JsonValue, type RevisitAction } from '@kehu/core';
import { checkInstantRange, streamPages, type RevisitActionFilter, type RevisitActionRepository } from '@kehu/storage';
import { cloneRecord } from './clone.js';
import type { Entry } from './collection.js';
import { recordOnce } from './record-once.js';
import type { Scope } from './scope.js';

const copy = (e: Entry<RevisitAction>): RevisitAction => cloneRecord(e.record);
const json = (x: RevisitAction): JsonValue => revisitActionToJson(x) as JsonValue;

const within = (filter: RevisitActionFilter) => {
  const from = filter.from?.getTime();
  const to = filter.to?.getTime();
  return ({ record }: Entry<RevisitAction>): boolean => {
    const t = record.at.getTime();
    return (from === undefined || t >= from) && (to === undefined || t < to);
  };
};

/** The snoozes and skips of planned revisit tasks of a memory store. */
export function revisitActionRepository(scope: Scope): RevisitActionRepository {
  const { state } = scope;
  const target = {
    collection: state.revisitActions,
    entity: 'revisit-action',
    noun: 'revisit action',
    toJson: json,
  } as const;
  const list: RevisitActionRepository['list'] = (filter = {}, request) =>
    scope.read('revisitActions.list', () => {
      checkInstantRange(filter);
      const unbounded = filter.from === undefined && filter.to === undefined;
      return state.revisitActionsByCustomer.page(
        'revisitActions',
        request,
        copy,
        unbounded ? {} : { filter: within(filter) },
      );
    });
  return {
    record: (action, context) =>
      scope.write('revisitActions.record', (uow) => recordOnce(state, uow, target, action, context)),
    get: (id) =>
      scope.read('revisitActions.get', () => {
        const e = state.revisitActions.byId.get(id);
        return e === undefined ? null : copy(e);
      }),
    forCustomer: (customerId) =>
      scope.read('revisitActions.forCustomer', () => state.revisitActionsByCustomer.all([customerId], copy)),
    list,
    // `list` checks the filter when the first page is fetched.
    stream: (filter = {}) => streamPages((request) => list(filter, request)),
  };
}
