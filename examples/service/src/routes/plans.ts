import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { KehuNotFoundError } from '@kehu/core';
import type { ServiceDeps } from '../deps.js';
import { toJson } from '../json.js';
import { anyObject, handle, json, page, problems } from '../openapi.js';
import { pageJson, pageQuery, pageRequest } from '../pagination.js';
import { validationHook } from '../problem.js';
import { idParam } from '../request.js';

const TAG = ['plans'];
const snapshot = anyObject('PlanSnapshot of @kehu/plans: state, content in effect, approval rounds, history');

const list = createRoute({
  method: 'get',
  path: '/plans',
  tags: TAG,
  summary: 'Maintenance plans in id order, each replayed from its log (rule MP-1)',
  request: { query: z.object(pageQuery) },
  responses: { 200: { description: 'one page', content: json(page(snapshot)) }, ...problems(400, 403) },
});

const get = createRoute({
  method: 'get',
  path: '/plans/{id}',
  tags: TAG,
  summary: 'A maintenance plan replayed from its log (rule MP-1)',
  request: { params: idParam },
  responses: { 200: { description: 'the plan', content: json(snapshot) }, ...problems(403, 404) },
});

/** Maintenance plans over HTTP (reads). */
export function planRoutes(deps: ServiceDeps): OpenAPIHono {
  const { kehu } = deps;
  const app = new OpenAPIHono({ defaultHook: validationHook });
  handle(app, list, async (c, { query }) => c.json(pageJson(await kehu.plans.list(pageRequest(query)), toJson), 200));
  handle(app, get, async (c, { param: { id } }) => {
    const found = await kehu.plans.get(id);
    if (found === null) throw new KehuNotFoundError('plan', id);
    return c.json(toJson(found), 200);
  });
  return app;
}
