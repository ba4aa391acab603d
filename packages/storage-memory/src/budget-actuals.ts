import { budgetActualToJson, type BudgetActual, type JsonValue } from '@kehu/core';
import { streamPages, type BudgetActualFilter, type BudgetActualRepository } from '@kehu/storage';
import { cloneRecord } from './clone.js';
import type { Entry } from './collection.js';
import { recordOnce } from './record-once.js';
import type { Scope } from './scope.js';

const copy = (e: Entry<BudgetActual>): BudgetActual => cloneRecord(e.record);
const json = (x: BudgetActual): JsonValue => budgetActualToJson(x) as JsonValue;

/** The actual spend entries against plans of a memory store (rule MP-2). */
export function budgetActualRepository(scope: Scope): BudgetActualRepository {
  const { state } = scope;
  const target = {
    collection: state.budgetActuals,
    entity: 'budget-actual',
    noun: 'budget actual',
    toJson: json,
  } as const;
  const page = (filter: BudgetActualFilter, request?: Parameters<BudgetActualRepository['list']>[0]) =>
    scope.read('budgetActuals.list', () => {
      const { planId } = filter;
      return state.budgetActualsById.page(
        'budgetActuals',
        request,
        copy,
        planId === undefined ? {} : { filter: (e) => e.record.planId === planId },
      );
    });
  return {
    record: (entry, context) =>
      scope.write('budgetActuals.record', (uow) => recordOnce(state, uow, target, entry, context)),
    get: (id) =>
      scope.read('budgetActuals.get', () => {
        const e = state.budgetActuals.byId.get(id);
        return e === undefined ? null : copy(e);
      }),
    forPlan: (planId) => scope.read('budgetActuals.forPlan', () => state.budgetActualsByPlan.all([planId], copy)),
    list: (request) => page({}, request),
    stream: (filter = {}) => streamPages((request) => page(filter, request)),
  };
}
