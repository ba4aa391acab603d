import type { Customer } from '@kehu/core';
import type { AuditedRepository } from './audited-repository.js';

/**
 * The customer archive (rules AR-1 to AR-4): every rule of {@link AuditedRepository},
 * with audit entries of `entity: 'customer'`.
 */
export interface CustomerRepository extends AuditedRepository<Customer> {}
