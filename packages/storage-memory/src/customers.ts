import { customerToJson } from '@kehu/core';
import type { CustomerRepository } from '@kehu/storage';
import { auditedRepository } from './audited-collection.js';
import type { Scope } from './scope.js';

/** The customer archive of a memory store (rules AR-1 to AR-4). */
export function customerRepository(scope: Scope): CustomerRepository {
  const { state } = scope;
  return auditedRepository(scope, {
    entity: 'customer',
    operation: 'customers',
    collection: state.customers,
    byId: state.customersById,
    toJson: customerToJson,
  });
}
