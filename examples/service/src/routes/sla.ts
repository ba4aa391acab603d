import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ServiceDeps } from '../deps.js';
import { toJson } from '../json.js';
import { anyObject, handle, json, problems } from '../openapi.js';
import { validationHook } from '../problem.js';
import { asOfOf, asOfQuery, idParam } from '../request.js';

const TAG = ['sla'];

const board = createRoute({
  method: 'get',
  path: '/sla/board',
  tags: TAG,
  summary: 'The SLA board: running, due soon, breached and paused metrics (rules SL-2 to SL-4)',
  request: {
    query: z.object({
      ...asOfQuery,
      dueSoonMs: z
        .string()
        .regex(/^\d{1,12}$/, 'expected milliseconds')
        .optional()
        .describe('"due soon" window, ms'),
    }),
  },
  responses: {
    200: {
      description: 'the board: `{ asOf, policy, running, dueSoon, breached, paused, nextCheckAt }`',
      content: json(anyObject('SlaBoard of @kehu/sdk, instants as ISO-8601 text')),
    },
    ...problems(400, 403),
  },
});

const evaluation = createRoute({
  method: 'get',
  path: '/sla/complaints/{id}',
  tags: TAG,
  summary: "One complaint's SLA evaluation: deadlines, states, escalations, nextCheckAt (SL-2 to SL-4, SL-8)",
  request: { params: idParam, query: z.object(asOfQuery) },
  responses: {
    200: { description: 'the evaluation', content: json(anyObject('SlaEvaluation of @kehu/sla')) },
    ...problems(400, 403, 404),
  },
});

/** Complaint SLAs over HTTP, on the service's business calendar. */
export function slaRoutes(deps: ServiceDeps): OpenAPIHono {
  const { kehu, calendar } = deps;
  const app = new OpenAPIHono({ defaultHook: validationHook });

  handle(app, board, async (c, { query }) => {
    const result = await kehu.sla.board({
      asOf: asOfOf(query, deps),
      calendar,
      ...(query.dueSoonMs === undefined ? {} : { dueSoonMs: Number(query.dueSoonMs) }),
    });
    return c.json(toJson(result), 200);
  });

  handle(app, evaluation, async (c, { param: { id }, query }) =>
    c.json(toJson(await kehu.sla.evaluate(id, { asOf: asOfOf(query, deps), calendar })), 200),
  );

  return app;
}
