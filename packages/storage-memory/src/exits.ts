import { customerExitToJson, KehuConflictError, type CustomerExit, type JsonValue } from '@kehu/core';
import {
  auditPatch,
  checkExitFilter,
  MAX_PAGE_SIZE,
  streamPages,
  type ExitFilter,
  type ExitRepository,
} from '@kehu/storage';
import { writeAudit } from './audit-log.js';
import { cloneRecord } from './clone.js';
import type { Entry } from './collection.js';
import type { Scope } from './scope.js';

const copy = (e: Entry<CustomerExit>): CustomerExit => cloneRecord(e.record);
const json = (x: CustomerExit): JsonValue => customerExitToJson(x) as JsonValue;

/**
 * Equality of two JSON values with object keys in any order: what PostgreSQL's `jsonb` equality decides, so that
 * the memory store and a database agree on which repeats are idempotent.
 */
export function sameJson(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]!));
  }
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameJson(a[k]!, b[k]!));
}

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
      scope.write('exits.record', (uow) => {
        const existing = state.exits.byId.get(exit.id);
        if (existing !== undefined) {
          if (sameJson(json(existing.record), json(exit))) {
            return { record: copy(existing), created: false };
          }
          throw new KehuConflictError(
            'exit',
            exit.id,
            `exit ${JSON.stringify(exit.id)} is already stored with different content`,
          );
        }
        const entry: Entry<CustomerExit> = { id: exit.id, record: cloneRecord(exit), version: 1 };
        state.exits.insert(uow, entry);
        writeAudit(state, uow, {
          entity: 'exit',
          entityId: exit.id,
          action: 'create',
          context,
          version: 1,
          patch: auditPatch(null, json(exit)),
        });
        return { record: copy(entry), created: true };
      }),
    get: (id) =>
      scope.read('exits.get', () => {
        const e = state.exits.byId.get(id);
        return e === undefined ? null : copy(e);
      }),
    forCustomer: (customerId) =>
      scope.read('exits.forCustomer', () => {
        // Page by page within one read, so the result is one consistent snapshot.
        const out: CustomerExit[] = [];
        let cursor: string | undefined;
        do {
          const request = cursor === undefined ? { limit: MAX_PAGE_SIZE } : { limit: MAX_PAGE_SIZE, cursor };
          const page = state.exitsByCustomer.page('exits.byCustomer', request, copy, { prefix: [customerId] });
          out.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor !== undefined);
        return out;
      }),
    list,
    // `list` checks the filter when the first page is fetched.
    stream: (filter = {}) => streamPages((request) => list(filter, request)),
  };
}
