import { customerToJson, parseCustomer } from '@kehu/core';
import type { CustomerRepository } from '@kehu/storage';
import { auditedRepository } from './audited.js';
import type { Runner } from './runner.js';
import type { TableNames } from './tables.js';
import { iso } from './values.js';

/** The customer archive over SQL (rules AR-1 to AR-4): the JSON form in `data`, key columns beside it. */
export function customerRepository(run: Runner, t: TableNames): CustomerRepository {
  return auditedRepository(run, t, {
    entity: 'customer',
    operation: 'customers',
    table: t.customers,
    toJson: customerToJson,
    parse: parseCustomer,
    columns: (c) => [
      ['kind', c.kind, ''],
      ['status', c.status, ''],
      ['owner', c.owner ?? null, ''],
      ['created_at', iso(c.createdAt), '::timestamptz'],
    ],
  });
}
