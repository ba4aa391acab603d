import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { churnScoreRecordToJson, KehuNotFoundError, type ChurnScoreRecord } from '@kehu/core';
import type { ServiceDeps } from '../deps.js';
import { handle, json, page, problems, versioned } from '../openapi.js';
import { pageJson, pageQuery, pageRequest, versionedJson } from '../pagination.js';
import { validationHook } from '../problem.js';
import { idParam } from '../request.js';

const TAG = ['churn'];
const encode = versionedJson<ChurnScoreRecord>('score', churnScoreRecordToJson);

const list = createRoute({
  method: 'get',
  path: '/churn/scores',
  tags: TAG,
  summary: 'A page of current churn risk scores, each with its explanation (rules CH-1 to CH-3)',
  request: { query: z.object(pageQuery) },
  responses: {
    200: { description: 'one page', content: json(page(versioned('score', 'ChurnScore'))) },
    ...problems(400, 403),
  },
});

const current = createRoute({
  method: 'get',
  path: '/customers/{id}/churn',
  tags: TAG,
  summary: "A customer's current churn risk score (rule CH-3)",
  request: { params: idParam },
  responses: {
    200: { description: '`{ version, score }`', content: json(versioned('score', 'ChurnScore')) },
    ...problems(403, 404),
  },
});

/** Stored churn scores over HTTP (scoring itself is a batch job: see the worker example). */
export function churnRoutes(deps: ServiceDeps): OpenAPIHono {
  const { kehu } = deps;
  const app = new OpenAPIHono({ defaultHook: validationHook });
  handle(app, list, async (c, { query }) => c.json(pageJson(await kehu.churn.list(pageRequest(query)), encode), 200));
  handle(app, current, async (c, { param: { id } }) => {
    const found = await kehu.churn.current(id);
    if (found === null) throw new KehuNotFoundError('churn score', id);
    return c.json(encode(found), 200);
  });
  return app;
}
