import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { KehuNotFoundError, opportunityToJson, type Opportunity } from '@kehu/core';
import type { ServiceDeps } from '../deps.js';
import { toJson } from '../json.js';
import { anyObject, handle, json, page, problems, versioned } from '../openapi.js';
import { pageJson, pageQuery, pageRequest, versionedJson } from '../pagination.js';
import { validationHook } from '../problem.js';
import { asOfOf, asOfQuery, idParam } from '../request.js';

const TAG = ['opportunities'];

const list = createRoute({
  method: 'get',
  path: '/opportunities',
  tags: TAG,
  summary: 'Sales opportunities as opened, in id order (rule MP-3)',
  request: { query: z.object(pageQuery) },
  responses: {
    200: { description: 'one page', content: json(page(versioned('opportunity', 'Opportunity'))) },
    ...problems(400, 403),
  },
});

const pipeline = createRoute({
  method: 'get',
  path: '/opportunities/pipeline',
  tags: TAG,
  summary: 'The pipeline: counts, weighted revenue, time in stage, conversion, win/loss, calibration (MP-3)',
  request: {
    query: z.object({
      ...asOfQuery,
      by: z.enum(['month', 'quarter']).optional().describe('the period of the weighted pipeline (default quarter)'),
    }),
  },
  responses: {
    200: { description: 'the pipeline', content: json(anyObject('OpportunityPipeline of @kehu/sdk')) },
    ...problems(400, 403),
  },
});

const get = createRoute({
  method: 'get',
  path: '/opportunities/{id}',
  tags: TAG,
  summary: 'An opportunity as of a moment: probability and its source, weighted revenue, time in stage',
  request: { params: idParam, query: z.object(asOfQuery) },
  responses: {
    200: { description: 'the state', content: json(anyObject('OpportunityState of @kehu/plans')) },
    ...problems(400, 403, 404),
  },
});

/** Sales opportunities over HTTP (reads). */
export function opportunityRoutes(deps: ServiceDeps): OpenAPIHono {
  const { kehu, calendar } = deps;
  const app = new OpenAPIHono({ defaultHook: validationHook });
  handle(app, list, async (c, { query }) =>
    c.json(
      pageJson(
        await kehu.opportunities.list(pageRequest(query)),
        versionedJson<Opportunity>('opportunity', opportunityToJson),
      ),
      200,
    ),
  );
  handle(app, pipeline, async (c, { query }) => {
    const result = await kehu.opportunities.pipeline({
      asOf: asOfOf(query, deps),
      calendar,
      by: query.by ?? 'quarter',
    });
    return c.json(toJson(result), 200);
  });
  handle(app, get, async (c, { param: { id }, query }) => {
    const found = await kehu.opportunities.get(id, { asOf: asOfOf(query, deps), calendar });
    if (found === null) throw new KehuNotFoundError('opportunity', id);
    return c.json(toJson(found), 200);
  });
  return app;
}
