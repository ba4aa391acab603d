import { customerToJson, parseCustomer } from '@kehu/core';
import type { CustomerRepository } from '@kehu/storage';
import { auditedRepository } from './audited.js';
import { keysetPage } from './keyset-page.js';
import type { Runner } from './runner.js';
import type { TableNames } from './tables.js';
import { fromJsonb, iso } from './values.js';

/** The customer archive over SQL (rules AR-1 to AR-4): the JSON form in `data`, key columns beside it. */
export function customerRepository(run: Runner, t: TableNames): CustomerRepository {
  return {
    ...auditedRepository(run, t, {
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
    }),
    find: (filter, request) =>
      run.read('customers.find', (db) => {
        const params: unknown[] = [];
        const where: string[] = [];
        if (filter.tier !== undefined) {
          // The current grade is the last of the history (primary key (customer_id, seq)).
          where.push(
            `(SELECT g.tier FROM ${t.gradeAssignments} g WHERE g.customer_id = c.id ORDER BY g.seq DESC LIMIT 1)
              = $${params.push(filter.tier)}`,
          );
        }
        if (filter.lookup !== undefined)
          where.push(`c.data->'attributes'->'kehu:lookup' ? $${params.push(filter.lookup)}`);
        return keysetPage(
          db,
          {
            table: t.customers,
            columns: 'c.version, c.data',
            equal: { status: filter.status, kind: filter.kind, owner: filter.owner },
            where,
            params,
            scope: 'customers.find',
          },
          request,
          (row) => ({ record: parseCustomer(fromJsonb(row.data)), version: row.version as number }),
        );
      }),
    missing: (ids) =>
      run.read('customers.missing', async (db) => {
        const unique = [...new Set(ids)];
        if (unique.length === 0) return [];
        const rows = await db.query(
          `SELECT x.id FROM unnest($1::text[]) WITH ORDINALITY AS x(id, n)
            WHERE NOT EXISTS (SELECT 1 FROM ${t.customers} c WHERE c.id = x.id) ORDER BY x.n`,
          [unique],
        );
        return rows.map((r) => r.id as string);
      }),
  };
}
