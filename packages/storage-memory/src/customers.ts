import { customerToJson, type Customer } from '@kehu/core';
import type { CustomerFilter, CustomerRepository } from '@kehu/storage';
import { auditedRepository, versionedCopy } from './audited-collection.js';
import type { Entry } from './collection.js';
import type { Scope } from './scope.js';

/** True when the customer's blind-index tokens (`attributes["kehu:lookup"]`) include `token`. */
function hasLookup(c: Customer, token: string): boolean {
  const tokens = c.attributes['kehu:lookup'];
  return Array.isArray(tokens) && tokens.includes(token);
}

/** The customer archive of a memory store (rules AR-1 to AR-4). */
export function customerRepository(scope: Scope): CustomerRepository {
  const { state } = scope;
  const matches =
    (filter: CustomerFilter) =>
    ({ record: c }: Entry<Customer>): boolean =>
      (filter.status === undefined || c.status === filter.status) &&
      (filter.kind === undefined || c.kind === filter.kind) &&
      (filter.owner === undefined || c.owner === filter.owner) &&
      (filter.tier === undefined || state.grades.byId.get(c.id)?.record.at(-1)?.tier === filter.tier) &&
      (filter.lookup === undefined || hasLookup(c, filter.lookup));
  return {
    ...auditedRepository(scope, {
      entity: 'customer',
      operation: 'customers',
      collection: state.customers,
      byId: state.customersById,
      toJson: customerToJson,
    }),
    find: (filter, request) =>
      scope.read('customers.find', () =>
        state.customersById.page('customers.find', request, versionedCopy, { filter: matches(filter) }),
      ),
    missing: (ids) =>
      scope.read('customers.missing', () => [...new Set(ids)].filter((id) => !state.customers.byId.has(id))),
  };
}
