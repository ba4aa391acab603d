import {
  invalidInput,
  KehuNotFoundError,
  parseAuditContext,
  parseCustomer,
  type AuditContextInput,
  type Customer,
  type CustomerInput,
} from '@kehu/core';
import { streamPages, type Page, type PageRequest, type Versioned } from '@kehu/storage';
import type { UseCaseContext } from './context.js';
import { parseCustomerFilter, type CustomerListFilter } from './filters.js';
import { retryOnConflict, type RetryOptions } from './retry.js';

/** Customer archive use cases (rules AR-1 to AR-4). */
export interface CustomerUseCases {
  /** Validates and stores a new customer; audited with `context` (who, when, why). Unknown fields are refused. */
  create(input: CustomerInput, context: AuditContextInput): Promise<Versioned<Customer>>;
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
    context: AuditContextInput,
    options?: RetryOptions,
  ): Promise<Versioned<Customer>>;
  /** Deletes the customer (audited); `false` when there was none. */
  delete(id: string, context: AuditContextInput): Promise<boolean>;
  /**
   * One page of the customers matching `filter` (status, kind, owner, current tier), in id
   * order; the store does the filtering. Pass the page's `nextCursor` with the same filter.
   */
  list(filter?: CustomerListFilter, request?: PageRequest): Promise<Page<Versioned<Customer>>>;
  /** Every customer matching `filter` in id order, a page at a time. */
  stream(filter?: CustomerListFilter): AsyncIterable<Versioned<Customer>>;
  /** How many customers are stored. */
  count(): Promise<number>;
}

/** Builds the customer use cases over `ctx`. */
export function customerUseCases(ctx: UseCaseContext): CustomerUseCases {
  const { repos } = ctx;
  return {
    create: async (input, context) => repos.customers.create(parseCustomer(input), parseAuditContext(context)),
    get: (id) => repos.customers.get(id),
    update: async (id, change, context, options = {}) => {
      const audit = parseAuditContext(context);
      return retryOnConflict(async () => {
        const current = await repos.customers.get(id);
        if (current === null) throw new KehuNotFoundError('customer', id);
        const next = parseCustomer(change(current.record));
        if (next.id !== id) throw invalidInput(['id'], `an update cannot change the customer id ${JSON.stringify(id)}`);
        return repos.customers.update(next, current.version, audit);
      }, options.maxRetries ?? ctx.maxRetries);
    },
    delete: async (id, context) => repos.customers.delete(id, parseAuditContext(context)),
    list: async (filter, request) => repos.customers.find(parseCustomerFilter(filter), request),
    stream: (filter) => {
      const parsed = parseCustomerFilter(filter);
      return streamPages((request) => repos.customers.find(parsed, request));
    },
    count: () => repos.customers.count(),
  };
}
