import { customerExitToJson, type CustomerExit, type JsonValue } from '@kehu/core';
import { checkExitFilter, streamPages, type ExitFilter, type ExitRepository } from '@kehu/storage';
import { cloneRecord } from './clone.js';
import type { Entry } from './collection.js';
import { recordOnce } from './record-once.js';
import type { Scope } from './scope.js';

const copy = (e: Entry<CustomerExit>): CustomerExit => cloneRecord(e.record);
const json = (x: CustomerExit): JsonValue => customerExitToJson(x) as JsonValue;

const within = (filter: ExitFilter) => {
  const from = filter.from?.getTime();
  const to = filter.to?.getTime();
  return ({ record }: Entry<CustomerExit>): boolean => {
    const t = record.leftAt.getTime();
    return (from === undefined || t >= from) && (to === undefined || t < to);
  };
};

/** The customer exits of a memory store (rules CH-4, CH-5, CH-7). */
export function exitRepository(scope: Scope): ExitRepository {
  const { state } = scope;
  const list: ExitRepository['list'] = (filter = {}, request) =>
    scope.read('exits.list', () => {
      checkExitFilter(filter);
      const unbounded = filter.from === undefined && filter.to === undefined;
      return state.exitsByLeftAt.page('exits', request, copy, unbounded ? {} : { filter: within(filter) });
    });
  return {
    record: (exit, context) =>
      scope.write('exits.record', (uow) =>
        recordOnce(state, uow, { collection: state.exits, entity: 'exit', noun: 'exit', toJson: json }, exit, context),
      ),
    get: (id) =>
      scope.read('exits.get', () => {
        const e = state.exits.byId.get(id);
        return e === undefined ? null : copy(e);
      }),
    forCustomer: (customerId) => scope.read('exits.forCustomer', () => state.exitsByCustomer.all([customerId], copy)),
    list,
    // `list` checks the filter when the first page is fetched.
    stream: (filter = {}) => streamPages((request) => list(filter, request)),
  };
}
