import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  complaintEventToJson,
  complaintToJson,
  invalidInput,
  KehuConflictError,
  KehuNotFoundError,
  parseComplaint,
  type Complaint,
  type ComplaintEvent,
} from '@kehu/core';
import { createOnce } from '../create-once.js';
import type { ServiceDeps } from '../deps.js';
import type { Json } from '../json.js';
import { handle, json, page, problems, ref, versioned } from '../openapi.js';
import { listQuery, pageJson, pageQuery, versionedJson } from '../pagination.js';
import { validationHook } from '../problem.js';
import { actorOf, idParam, readObject, underPath } from '../request.js';

const TAG = ['complaints'];
const encode = versionedJson<Complaint>('complaint', complaintToJson);

/** A stored event as JSON: its position in the log and its body. */
export function complaintEventJson(event: ComplaintEvent): Json {
  const { complaintId: _complaint, seq, ...body } = event;
  return { seq, ...(complaintEventToJson(body as never) as Record<string, Json>) };
}

const eventJsonSchema = {
  allOf: [{ type: 'object', properties: { seq: { type: 'integer' } } }, ref('ComplaintEvent')],
};
const eventsResponse = {
  type: 'object',
  required: ['version', 'items'],
  properties: { version: { type: 'integer' }, items: { type: 'array', items: eventJsonSchema } },
};

const open = createRoute({
  method: 'post',
  path: '/complaints',
  tags: TAG,
  summary: 'Open a complaint (idempotent by id)',
  description:
    'Records the intake with its `received` event (rule SL-1) as the `Kehu-Actor` header. A retried request ' +
    'with the same intake returns 200 and writes nothing; another intake under a stored id is a 409.',
  request: { body: { required: true, content: json(ref('Complaint')) } },
  responses: {
    201: { description: 'opened', content: json(versioned('complaint', 'Complaint')) },
    200: { description: 'the same intake is stored already', content: json(versioned('complaint', 'Complaint')) },
    ...problems(400, 403, 409),
  },
});

const list = createRoute({
  method: 'get',
  path: '/complaints',
  tags: TAG,
  summary: 'List complaints in (receivedAt, id) order (keyset pages)',
  request: {
    query: z.object({
      ...pageQuery,
      state: z.string().optional().describe('the state in effect'),
      severity: z.string().optional().describe('normal, urgent or major'),
      customerId: z.string().optional().describe("only this customer's complaints"),
      receivedFrom: z.string().optional().describe('received at or after this instant'),
      receivedTo: z.string().optional().describe('received before this instant'),
    }),
  },
  responses: {
    200: { description: 'one page', content: json(page(versioned('complaint', 'Complaint'))) },
    ...problems(400, 403),
  },
});

const get = createRoute({
  method: 'get',
  path: '/complaints/{id}',
  tags: TAG,
  summary: 'Get a complaint',
  request: { params: idParam },
  responses: {
    200: { description: 'the complaint and its log version', content: json(versioned('complaint', 'Complaint')) },
    ...problems(403, 404),
  },
});

const events = createRoute({
  method: 'get',
  path: '/complaints/{id}/events',
  tags: TAG,
  summary: "A complaint's event log, oldest first",
  request: { params: idParam },
  responses: { 200: { description: 'the log', content: json(eventsResponse) }, ...problems(403, 404) },
});

const append = createRoute({
  method: 'post',
  path: '/complaints/{id}/events',
  tags: TAG,
  summary: 'Append events to a complaint',
  description:
    "Each event is checked against the complaint's state (rules SL-1, SL-8): a refused transition is a 422 " +
    '(code INVALID_TRANSITION) and appends nothing. With `expectedVersion`, a log that moved on is a 409 ' +
    'with `currentVersion`.',
  request: {
    params: idParam,
    body: {
      required: true,
      content: json({
        type: 'object',
        required: ['events'],
        properties: {
          events: { type: 'array', items: ref('ComplaintEvent') },
          expectedVersion: { type: 'integer', minimum: 1 },
        },
      }),
    },
  },
  responses: {
    200: { description: 'the appended events and the new version', content: json(eventsResponse) },
    ...problems(400, 403, 404, 409, 422),
  },
});

/** Complaints and their event logs over HTTP (rule SL-1). */
export function complaintRoutes(deps: ServiceDeps): OpenAPIHono {
  const { kehu } = deps;
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const version = async (id: string) => (await kehu.complaints.get(id))?.version;

  handle(app, open, async (c) =>
    createOnce(c, await readObject(c), {
      entity: 'complaint',
      collection: '/v1/complaints',
      create: (body) => kehu.complaints.open(body as never, actorOf(c)),
      get: (id) => kehu.complaints.get(id),
      parse: parseComplaint,
      toJson: complaintToJson,
    }),
  );

  handle(app, list, async (c, { query }) => {
    const { filter, request } = listQuery(query);
    return c.json(pageJson(await kehu.complaints.list(filter, request), encode), 200);
  });

  handle(app, get, async (c, { param: { id } }) => {
    const found = await kehu.complaints.get(id);
    if (found === null) throw new KehuNotFoundError('complaint', id);
    return c.json(encode(found), 200);
  });

  handle(app, events, async (c, { param: { id } }) => {
    const found = await kehu.complaints.get(id);
    if (found === null) throw new KehuNotFoundError('complaint', id);
    const log = await kehu.complaints.events(id);
    return c.json({ version: log.at(-1)?.seq ?? found.version, items: log.map(complaintEventJson) }, 200);
  });

  handle(app, append, async (c, { param: { id } }) => {
    const { events: list, expectedVersion, ...rest } = await readObject(c);
    const unknown = Object.keys(rest)[0];
    if (unknown !== undefined) throw invalidInput([unknown], 'unknown field', 'unrecognized_keys');
    if (!Array.isArray(list)) throw invalidInput(['events'], 'events must be an array of events', 'invalid_type');
    if (expectedVersion !== undefined && (typeof expectedVersion !== 'number' || !Number.isInteger(expectedVersion)))
      throw invalidInput(['expectedVersion'], 'expectedVersion must be an integer', 'invalid_type');
    try {
      const appended = await underPath(['events'], () =>
        kehu.complaints.appendEvents(id, list, expectedVersion === undefined ? {} : { expectedVersion }),
      );
      return c.json({ version: (await version(id)) ?? null, items: appended.map(complaintEventJson) }, 200);
    } catch (error) {
      if (error instanceof KehuConflictError && error.actualVersion === undefined)
        throw new KehuConflictError('complaint', id, error.message, {
          actualVersion: await version(id),
          ...(expectedVersion === undefined ? {} : { expectedVersion }),
          cause: error,
        });
      throw error;
    }
  });

  return app;
}
