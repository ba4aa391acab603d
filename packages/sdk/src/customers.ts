import {
  checkCustomerLimits,
  invalidInput,
  KehuPolicyError,
  KehuNotFoundError,
  parseCustomer,
  type AuditContextInput,
  type Customer,
  type CustomerInput,
} from '@kehu/core';
import { streamPages, type Page, type PageRequest, type Versioned } from '@kehu/storage';
import { optionalPageRequest, requireFunction, requireId, requireObject } from './arguments.js';
import { auditContextOf, type UseCaseContext } from './context.js';
import { parseCustomerFilter, type CustomerListFilter } from './filters.js';
import { contextRetry, retryOnConflict, retryOptions, type RetryOptions } from './retry.js';
import { eraseCustomer, parseErasureRequest, type ErasureRequestInput, type ErasureResult } from './privacy/erase.js';
import { exportPersonalData, type PersonalDataExport } from './privacy/export-data.js';
import { lookupToken, type CustomerLookup } from './privacy/lookup.js';
import { DEFAULT_PERSONAL_DATA_POLICY } from './privacy/personal-data-policy.js';
import { sealSpecs } from './privacy/seal-specs.js';

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
  /**
   * One page of the customers with this exact phone number, e-mail or name (one of them),
   * in id order: found through keyed hashes (a blind index), so the store never sees the
   * value. Needs the `keys` option of `createKehu`; phone numbers compare by digits (a
   * leading +86 optional), e-mails and names case-insensitively.
   */
  findBy(lookup: CustomerLookup, request?: PageRequest): Promise<Page<Versioned<Customer>>>;
  /**
   * Erases a person (PIPL's right to deletion; rule AR-5): in one transaction the customer
   * record loses every personal field of the policy (name reads `[erased]`) and keeps what
   * the books need (id, kind, status, dates, owner, credit, tags; amounts and grades stay
   * under the id for statistics), with one audit entry whose reason is `erasure: ` and the
   * request; then the person's data key is destroyed, so every sealed copy of their
   * personal data (audit entries, complaints, contact records, survey answers, backups)
   * becomes unreadable. Erasing again is harmless. See the personal-data guide for what the
   * host must do and what Kehu cannot promise.
   */
  erase(id: string, request: ErasureRequestInput): Promise<ErasureResult>;
  /** Everything stored about one person, as JSON (PIPL's right to a copy). Missing: `KehuNotFoundError`. */
  exportData(id: string): Promise<PersonalDataExport>;
}

/** Builds the customer use cases over `ctx`. */
export function customerUseCases(ctx: UseCaseContext): CustomerUseCases {
  const { repos } = ctx;
  const auditContext = (input: AuditContextInput) => auditContextOf(ctx, input);
  return {
    create: async (input, context) => {
      const customer = parseCustomer(input);
      checkCustomerLimits(customer, ctx.limits);
      return repos.customers.create(customer, auditContext(context));
    },
    get: async (id) => repos.customers.get(requireId(id, ['id'])),
    update: async (id, change, context, options = {}) => {
      requireId(id, ['id']);
      requireFunction(change, ['change']);
      const audit = auditContext(context);
      return retryOnConflict(
        async () => {
          const current = await repos.customers.get(id);
          if (current === null) throw new KehuNotFoundError('customer', id);
          const next = parseCustomer(change(current.record));
          checkCustomerLimits(next, ctx.limits);
          if (next.id !== id)
            throw invalidInput(['id'], `an update cannot change the customer id ${JSON.stringify(id)}`);
          return repos.customers.update(next, current.version, audit);
        },
        retryOptions(options, contextRetry(ctx)),
      );
    },
    delete: async (id, context) => repos.customers.delete(requireId(id, ['id']), auditContext(context)),
    list: async (filter, request) =>
      repos.customers.find(parseCustomerFilter(filter), optionalPageRequest(request, ['request'])),
    stream: (filter) => {
      const parsed = parseCustomerFilter(filter);
      return streamPages((request) => repos.customers.find(parsed, request));
    },
    count: async () => repos.customers.count(),
    findBy: async (lookup, request) => {
      if (ctx.sealer === undefined)
        throw new KehuPolicyError('customers.findBy needs a key provider: pass `keys` to createKehu', {
          path: ['keys'],
        });
      if (typeof lookup !== 'object' || lookup === null)
        throw invalidInput([], 'findBy takes an object with one of phone, email or name', 'invalid_type');
      const given = Object.entries(lookup).filter(([, v]) => v !== undefined);
      const [entry] = given;
      if (given.length !== 1 || entry === undefined || !['phone', 'email', 'name'].includes(entry[0]))
        throw invalidInput([], 'findBy takes exactly one of phone, email or name', 'invalid_type');
      const [kind, value] = entry as [keyof CustomerLookup, unknown];
      if (typeof value !== 'string') throw invalidInput([kind], `${kind} must be a string`, 'invalid_type');
      const token = await lookupToken(ctx.sealer.cipher, kind, value);
      if (token === undefined) throw invalidInput([kind], `${kind} must not be empty`, 'too_small');
      return repos.customers.find({ lookup: token }, optionalPageRequest(request, ['request']));
    },
    erase: async (id, input) => {
      requireId(id, ['id']);
      const request = parseErasureRequest(requireObject(input, [], 'erasure request'));
      const cipher = ctx.sealer?.encrypt === true ? ctx.sealer.cipher : undefined;
      const specs = ctx.sealer?.specs ?? sealSpecs(DEFAULT_PERSONAL_DATA_POLICY);
      const done = await ctx.atomic((_tx, raw) =>
        eraseCustomer(
          { raw, cipher, customerSpec: specs.customer, contactRecordSpec: specs.contactRecord },
          id,
          request,
        ),
      );
      // After the commit: a crash before this line leaves the key, and erasing again finishes the job.
      if (ctx.sealer !== undefined) await ctx.sealer.cipher.destroy(id);
      return { ...done, keyDestroyed: cipher !== undefined };
    },
    exportData: async (id) => exportPersonalData(repos, ctx.sealer?.cipher, requireId(id, ['id'])),
  };
}
