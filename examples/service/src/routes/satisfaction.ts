import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { SAMPLE_SURVEY } from '@kehu/sample-data';
import type { ServiceDeps } from '../deps.js';
import { toJson } from '../json.js';
import { anyObject, handle, json, problems } from '../openapi.js';
import { validationHook } from '../problem.js';
import { asOfOf, asOfQuery } from '../request.js';

const report = createRoute({
  method: 'get',
  path: '/satisfaction/report',
  tags: ['satisfaction'],
  summary: "The quarter's satisfaction report of the service's survey (rules SA-1 to SA-5)",
  description:
    'CSAT, NPS and CES with intervals, the quarter-on-quarter comparison, key drivers and improvement items, ' +
    'from the stored responses to the sample survey (`SAMPLE_SURVEY` of @kehu/sample-data); the bootstrap is ' +
    'seeded, so the same store gives the same report.',
  request: { query: z.object(asOfQuery) },
  responses: {
    200: { description: 'the report', content: json(anyObject('SatisfactionReport of @kehu/sdk')) },
    ...problems(400, 403),
  },
});

/** Satisfaction over HTTP. */
export function satisfactionRoutes(deps: ServiceDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  handle(app, report, async (c, { query }) => {
    const result = await deps.kehu.satisfaction.report({
      survey: SAMPLE_SURVEY,
      asOf: asOfOf(query, deps),
      bootstrap: 200,
      seed: 42,
    });
    return c.json(toJson(result), 200);
  });
  return app;
}
