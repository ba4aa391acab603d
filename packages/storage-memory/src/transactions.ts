import { summarizeTransactions, transactionToJson, validateSummaryWindow, type Transaction } from '@kehu/core';
import { streamPages, type TransactionFilter, type TransactionRepository } from '@kehu/storage';
import { appendIdempotent } from './append-only.js';
import { cloneRecord } from './clone.js';
import type { Entry } from './collection.js';
import type { Scope } from './scope.js';

function matcher(filter: TransactionFilter): ((e: Entry<Transaction>) => boolean) | undefined {
  const from = filter.from?.getTime();
  const to = filter.to?.getTime();
  if (from === undefined && to === undefined) return undefined;
  return (e) => {
    const t = e.record.occurredAt.getTime();
    return (from === undefined || t >= from) && (to === undefined || t < to);
  };
}

const copy = (e: Entry<Transaction>): Transaction => cloneRecord(e.record);

/** The sales records of a memory store (rule AR-6). */
export function transactionRepository(scope: Scope): TransactionRepository {
  const { state } = scope;
  const list: TransactionRepository['list'] = (filter = {}, request) =>
    scope.read('transactions.list', () => {
      const options = {
        ...(filter.customerId === undefined ? {} : { prefix: [filter.customerId] }),
        ...(matcher(filter) === undefined ? {} : { filter: matcher(filter)! }),
      };
      return state.transactionsByCustomer.page('transactions', request, copy, options);
    });
  return {
    append: (batch) =>
      scope.write('transactions.append', (uow) =>
        appendIdempotent(uow, state.transactions, 'transaction', transactionToJson, batch),
      ),
    get: (id) =>
      scope.read('transactions.get', () => {
        const e = state.transactions.byId.get(id);
        return e === undefined ? null : copy(e);
      }),
    list,
    stream: (filter) => streamPages((request) => list(filter, request)),
    summarizeTransactions: (window) =>
      (async function* () {
        validateSummaryWindow(window);
        // In memory there is no wire to save: the rows come from the same pure function
        // hosts use, over the committed records, and are then streamed.
        yield* await scope.read('transactions.summarizeTransactions', () =>
          summarizeTransactions(
            Array.from(state.transactions.byId.values(), (e) => e.record),
            { window },
          ),
        );
      })(),
    count: (filter = {}) =>
      scope.read('transactions.count', () => {
        const match = matcher(filter);
        if (filter.customerId === undefined && match === undefined) return state.transactions.byId.size;
        let n = 0;
        for (const e of state.transactions.byId.values()) {
          if (
            (filter.customerId === undefined || e.record.customerId === filter.customerId) &&
            (match === undefined || match(e))
          )
            n++;
        }
        return n;
      }),
  };
}
