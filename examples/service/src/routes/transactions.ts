import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { invalidInput, KehuNotFoundError, transactionToJson, type Transaction } from '@kehu/core';
import type { ServiceDeps } from '../deps.js';
import { toJson, type Json } from '../json.js';
import { anyObject, handle, json, page, problems, ref } from '../openapi.js';
import { definedFields, listQuery, pageJson, pageQuery } from '../pagination.js';
import { validationHook } from '../problem.js';
import { idParam, readObject, underPath } from '../request.js';

/** The most transactions one import request takes. */
export const MAX_IMPORT_ROWS = 1000;

const TAG = ['transactions'];
const encode = (t: Transaction): Json => transactionToJson(t) as Json;

const filterQuery = {
  customerId: z.string().optional().describe("only this customer's transactions"),
  from: z.string().optional().describe('only transactions at or after this instant (ISO-8601)'),
  to: z.string().optional().describe('only transactions before this instant (ISO-8601)'),
};

const importRoute = createRoute({
  method: 'post',
  path: '/transactions/import',
  tags: TAG,
  summary: 'Import transactions (idempotent by id)',
  description:
    `Appends up to ${MAX_IMPORT_ROWS} transactions in one atomic batch (rule AR-6). Ids are idempotent: a ` +
    'retried request stores nothing new and counts the rows as duplicates; a different payload under a stored ' +
    'id is a 409 and stores nothing. A bad row is a 400 whose path starts `transactions, <row>`.',
  request: {
    body: {
      required: true,
      content: json({
        type: 'object',
        required: ['transactions'],
        properties: { transactions: { type: 'array', maxItems: MAX_IMPORT_ROWS, items: ref('Transaction') } },
      }),
    },
  },
  responses: {
    200: {
      description: 'what the request stored',
      content: json({
        type: 'object',
        properties: {
          processed: { type: 'integer' },
          inserted: { type: 'integer' },
          duplicates: { type: 'integer' },
          invalid: { type: 'array', items: { type: 'object' } },
        },
      }),
    },
    ...problems(400, 403, 409),
  },
});

const list = createRoute({
  method: 'get',
  path: '/transactions',
  tags: TAG,
  summary: 'List transactions (keyset pages)',
  request: { query: z.object({ ...pageQuery, ...filterQuery }) },
  responses: { 200: { description: 'one page', content: json(page(ref('Transaction'))) }, ...problems(400, 403) },
});

const count = createRoute({
  method: 'get',
  path: '/transactions/count',
  tags: TAG,
  summary: 'How many transactions are stored (with the same filters as the list)',
  request: { query: z.object(filterQuery) },
  responses: { 200: { description: '`{ count }`', content: json(anyObject('{ count: integer }')) }, ...problems(400) },
});

const get = createRoute({
  method: 'get',
  path: '/transactions/{id}',
  tags: TAG,
  summary: 'Get a transaction',
  request: { params: idParam },
  responses: { 200: { description: 'the transaction', content: json(ref('Transaction')) }, ...problems(403, 404) },
});

/** Transactions over HTTP (rule AR-6): idempotent imports, pages, counts. */
export function transactionRoutes(deps: ServiceDeps): OpenAPIHono {
  const { kehu } = deps;
  const app = new OpenAPIHono({ defaultHook: validationHook });

  handle(app, importRoute, async (c) => {
    const { transactions, ...rest } = await readObject(c);
    const unknown = Object.keys(rest)[0];
    if (unknown !== undefined) throw invalidInput([unknown], 'unknown field', 'unrecognized_keys');
    if (!Array.isArray(transactions))
      throw invalidInput(['transactions'], 'transactions must be an array of transactions', 'invalid_type');
    if (transactions.length > MAX_IMPORT_ROWS)
      throw invalidInput(['transactions'], `at most ${MAX_IMPORT_ROWS} transactions per request`, 'too_big');
    const result = await underPath(['transactions'], () =>
      kehu.transactions.import(transactions, { batchSize: MAX_IMPORT_ROWS }),
    );
    return c.json(toJson(result), 200);
  });

  handle(app, count, async (c, { query }) =>
    c.json({ count: await kehu.transactions.count(definedFields(query)) }, 200),
  );

  handle(app, list, async (c, { query }) => {
    const { filter, request } = listQuery(query);
    return c.json(pageJson(await kehu.transactions.list(filter, request), encode), 200);
  });

  handle(app, get, async (c, { param: { id } }) => {
    const found = await kehu.transactions.get(id);
    if (found === null) throw new KehuNotFoundError('transaction', id);
    return c.json(encode(found), 200);
  });

  return app;
}
