import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ServiceDeps } from '../deps.js';
import { toJson } from '../json.js';
import { anyObject, handle, json, problems } from '../openapi.js';
import { validationHook } from '../problem.js';
import { asOfOf, asOfQuery } from '../request.js';

const rfm = createRoute({
  method: 'get',
  path: '/rfm',
  tags: ['rfm'],
  summary: "Every customer's RFM scores and segment from the stored transactions (rule RF-1)",
  request: {
    query: z.object({
      ...asOfQuery,
      from: z.string().optional().describe('only transactions at or after this instant'),
    }),
  },
  responses: {
    200: {
      description: '`{ asOf, policy, scores, thresholds, unscored, warnings }`',
      content: json(anyObject('RfmResult of @kehu/rfm')),
    },
    ...problems(400, 403),
  },
});

/** RFM over HTTP. */
export function rfmRoutes(deps: ServiceDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  handle(app, rfm, async (c, { query }) => {
    const result = await deps.kehu.value.scoreRfm({
      asOf: asOfOf(query, deps),
      ...(query.from === undefined ? {} : { from: query.from }),
    });
    return c.json(toJson(result), 200);
  });
  return app;
}
