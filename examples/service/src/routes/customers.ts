import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  customerToJson,
  invalidInput,
  KehuConflictError,
  KehuNotFoundError,
  parseCustomer,
  type Customer,
} from '@kehu/core';
import { createOnce } from '../create-once.js';
import type { ServiceDeps } from '../deps.js';
import type { Json } from '../json.js';
import { anyObject, handle, json, page, problems, ref, versioned } from '../openapi.js';
import { listQuery, pageJson, pageQuery, versionedJson } from '../pagination.js';
import { validationHook } from '../problem.js';
import { auditContext, idParam, readObject } from '../request.js';

const TAG = ['customers'];
const encode = versionedJson<Customer>('customer', customerToJson);
const same = (a: Customer, b: Customer) => JSON.stringify(customerToJson(a)) === JSON.stringify(customerToJson(b));

const create = createRoute({
  method: 'post',
  path: '/customers',
  tags: TAG,
  summary: 'Create a customer (idempotent by id)',
  description:
    'Stores a new customer (rules AR-1 to AR-4), audited as the `Kehu-Actor` header at the service clock. ' +
    'A retried request whose customer is identical to the stored one returns 200 with the stored record and ' +
    'writes nothing; a different customer under a stored id is a 409 with `currentVersion`.',
  request: { body: { required: true, content: json(ref('Customer')) } },
  responses: {
    201: { description: 'created', content: json(versioned('customer', 'Customer')) },
    200: { description: 'the same customer is stored already', content: json(versioned('customer', 'Customer')) },
    ...problems(400, 403, 409),
  },
});

const list = createRoute({
  method: 'get',
  path: '/customers',
  tags: TAG,
  summary: 'List customers in id order (keyset pages)',
  request: {
    query: z.object({
      ...pageQuery,
      status: z.string().optional().describe('prospect, active, dormant or lost'),
      kind: z.string().optional().describe('person or organization'),
      owner: z.string().optional().describe("the account manager's id"),
      tier: z.string().optional().describe('the current grade: diamond, gold, silver or regular'),
    }),
  },
  responses: {
    200: { description: 'one page', content: json(page(versioned('customer', 'Customer'))) },
    ...problems(400, 403),
  },
});

const get = createRoute({
  method: 'get',
  path: '/customers/{id}',
  tags: TAG,
  summary: 'Get a customer',
  request: { params: idParam },
  responses: {
    200: { description: 'the customer and its version', content: json(versioned('customer', 'Customer')) },
    ...problems(403, 404),
  },
});

const patch = createRoute({
  method: 'patch',
  path: '/customers/{id}',
  tags: TAG,
  summary: 'Change a customer (optimistic concurrency)',
  description:
    'The body is `expectedVersion` (the version read) and the fields to change; a field set to `null` is ' +
    'removed. A stale `expectedVersion` is a 409 with `currentVersion` and writes nothing.',
  request: {
    params: idParam,
    body: {
      required: true,
      content: json({
        type: 'object',
        required: ['expectedVersion'],
        properties: { expectedVersion: { type: 'integer', minimum: 1 } },
        additionalProperties: true,
      }),
    },
  },
  responses: {
    200: { description: 'the changed customer and its new version', content: json(versioned('customer', 'Customer')) },
    ...problems(400, 403, 404, 409),
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/customers/{id}',
  tags: TAG,
  summary: 'Delete a customer (audited)',
  request: { params: idParam },
  responses: { 204: { description: 'deleted' }, ...problems(403, 404) },
});

const count = createRoute({
  method: 'get',
  path: '/customers/count',
  tags: TAG,
  summary: 'How many customers are stored',
  responses: { 200: { description: '`{ count }`', content: json(anyObject('{ count: integer }')) } },
});

/** The customer archive over HTTP (rules AR-1 to AR-4): create (idempotent), list, get, change, delete. */
export function customerRoutes(deps: ServiceDeps): OpenAPIHono {
  const { kehu } = deps;
  const app = new OpenAPIHono({ defaultHook: validationHook });

  /** A conflict on `id`, with the version the store holds. */
  const conflict = async (id: string, message: string, cause?: unknown) =>
    new KehuConflictError('customer', id, message, {
      actualVersion: (await kehu.customers.get(id))?.version,
      ...(cause === undefined ? {} : { cause }),
    });

  handle(app, count, async (c) => c.json({ count: await kehu.customers.count() }, 200));

  handle(app, create, async (c) =>
    createOnce(c, await readObject(c), {
      entity: 'customer',
      collection: '/v1/customers',
      create: (body) => kehu.customers.create(body as never, auditContext(c, deps)),
      get: (id) => kehu.customers.get(id),
      parse: parseCustomer,
      toJson: customerToJson,
    }),
  );

  handle(app, list, async (c, { query }) => {
    const { filter, request } = listQuery(query);
    return c.json(pageJson(await kehu.customers.list(filter, request), encode), 200);
  });

  handle(app, get, async (c, { param: { id } }) => {
    const found = await kehu.customers.get(id);
    if (found === null) throw new KehuNotFoundError('customer', id);
    return c.json(encode(found), 200);
  });

  handle(app, patch, async (c, { param: { id } }) => {
    const { expectedVersion, ...changes } = await readObject(c);
    if (typeof expectedVersion !== 'number' || !Number.isInteger(expectedVersion) || expectedVersion < 1)
      throw invalidInput(
        ['expectedVersion'],
        'expectedVersion must be the version read, an integer from 1',
        'invalid_type',
      );
    const current = await kehu.customers.get(id);
    if (current === null) throw new KehuNotFoundError('customer', id);
    if (current.version !== expectedVersion)
      throw new KehuConflictError('customer', id, `customer ${JSON.stringify(id)} is at version ${current.version}`, {
        expectedVersion,
        actualVersion: current.version,
      });
    const merged: Record<string, unknown> = { ...(customerToJson(current.record) as Record<string, unknown>) };
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    try {
      const next = await kehu.customers.update(
        id,
        (record) => {
          // The SDK reads the record again: anything written since our read is a lost race, not a silent overwrite.
          if (!same(record, current.record)) throw new KehuConflictError('customer', id, 'changed since read');
          return merged as never;
        },
        auditContext(c, deps),
        { maxRetries: 0 },
      );
      return c.json(encode(next), 200);
    } catch (error) {
      if (error instanceof KehuConflictError)
        throw await conflict(id, `customer ${JSON.stringify(id)} changed since version ${expectedVersion}`, error);
      throw error;
    }
  });

  handle(app, remove, async (c, { param: { id } }) => {
    if (!(await kehu.customers.delete(id, auditContext(c, deps)))) throw new KehuNotFoundError('customer', id);
    return c.body(null, 204);
  });

  return app;
}

/** Encodes a stored customer as `{ version, customer }`. */
export const customerJson: (v: { version: number; record: Customer }) => Json = encode;
