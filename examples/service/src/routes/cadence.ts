import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ownerToJson, type Owner } from '@kehu/core';
import type { ServiceDeps } from '../deps.js';
import { toJson } from '../json.js';
import { anyObject, handle, json, page, problems, versioned } from '../openapi.js';
import { pageJson, pageQuery, pageRequest, versionedJson } from '../pagination.js';
import { validationHook } from '../problem.js';
import { asOfOf, asOfQuery } from '../request.js';

const TAG = ['cadence'];

const owners = createRoute({
  method: 'get',
  path: '/owners',
  tags: TAG,
  summary: 'Account managers with their daily capacity and leave (rule CA-8)',
  request: { query: z.object(pageQuery) },
  responses: {
    200: { description: 'one page', content: json(page(versioned('owner', 'Owner'))) },
    ...problems(400, 403),
  },
});

const dayList = createRoute({
  method: 'get',
  path: '/cadence/day-list',
  tags: TAG,
  summary: "An owner's revisits of one day, highest priority first, each with its reasons (rules CA-4, CA-8)",
  request: {
    query: z.object({
      ...asOfQuery,
      ownerId: z.string().min(1).describe("the account manager's id"),
      date: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
        .describe('the local day, YYYY-MM-DD'),
    }),
  },
  responses: {
    200: { description: 'the day list', content: json(anyObject('CadenceDayList of @kehu/sdk')) },
    ...problems(400, 403),
  },
});

/** Revisit planning over HTTP: owners and an owner's day list on the service's calendar. */
export function cadenceRoutes(deps: ServiceDeps): OpenAPIHono {
  const { kehu, calendar } = deps;
  const app = new OpenAPIHono({ defaultHook: validationHook });
  handle(app, owners, async (c, { query }) =>
    c.json(
      pageJson(await kehu.cadence.listOwners(pageRequest(query)), versionedJson<Owner>('owner', ownerToJson)),
      200,
    ),
  );
  handle(app, dayList, async (c, { query }) => {
    const result = await kehu.cadence.dayList({
      ownerId: query.ownerId,
      date: query.date,
      asOf: asOfOf(query, deps),
      calendar,
    });
    return c.json(toJson(result), 200);
  });
  return app;
}
