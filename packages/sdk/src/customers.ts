import {
  KehuNotFoundError,
  KehuValidationError,
  parseAuditContext,
  parseCustomer,
  type Customer,
  type CustomerInput,
} from '@kehu/core';
import type { KehuStorage, Page, PageRequest, Versioned } from '@kehu/storage';
import { retryOnConflict, type RetryOptions } from './retry.js';

/** Customer archive use cases (rules AR-1 to AR-4). */
export interface CustomerUseCases {
  /** Validates and stores a new customer; audited with `context` (who, when, why). */
  create(input: unknown, context: unknown): Promise<Versioned<Customer>>;
  /** The customer, or `null`. */
  get(id: string): Promise<Versioned<Customer> | null>;
  /**
   * Reads the customer, applies `change` to a copy, validates the result and writes it
   * with the version read; on a conflict it re-reads and applies `change` again.
   * `change` must keep the id. A missing customer throws `KehuNotFoundError`.
   */
  update(
    id: string,
    change: (current: Customer) => CustomerInput,
    context: unknown,
    options?: RetryOptions,
  ): Promise<Versioned<Customer>>;
  /** Deletes the customer (audited); `false` when there was none. */
  delete(id: string, context: unknown): Promise<boolean>;
  /** One page of customers in id order. */
  list(request?: PageRequest): Promise<Page<Versioned<Customer>>>;
  /** Every customer in id order, lazily. */
  stream(): AsyncIterable<Versioned<Customer>>;
  /** How many customers are stored. */
  count(): Promise<number>;
}

/** Builds the customer use cases over `storage`. */
export function customerUseCases(storage: KehuStorage, maxRetries: number): CustomerUseCases {
  return {
    create: async (input, context) => storage.customers.create(parseCustomer(input), parseAuditContext(context)),
    get: (id) => storage.customers.get(id),
    update: async (id, change, context, options = {}) => {
      const ctx = parseAuditContext(context);
      return retryOnConflict(async () => {
        const current = await storage.customers.get(id);
        if (current === null) throw new KehuNotFoundError('customer', id);
        const next = parseCustomer(change(current.record));
        if (next.id !== id) {
          throw new KehuValidationError('an update cannot change the customer id', [
            { path: ['id'], message: `expected ${JSON.stringify(id)}`, code: 'ID_CHANGED' },
          ]);
        }
        return storage.customers.update(next, current.version, ctx);
      }, options.maxRetries ?? maxRetries);
    },
    delete: async (id, context) => storage.customers.delete(id, parseAuditContext(context)),
    list: (request) => storage.customers.list(request),
    stream: () => storage.customers.stream(),
    count: () => storage.customers.count(),
  };
}
