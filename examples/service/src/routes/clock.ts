import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { ServiceDeps } from '../deps.js';
import { handle, json } from '../openapi.js';

const clock = createRoute({
  method: 'get',
  path: '/clock',
  tags: ['service'],
  summary: "The service clock (fixed by KEHU_AS_OF for the sample business): every read's default asOf",
  responses: {
    200: {
      description: '`{ now }`',
      content: json({
        type: 'object',
        required: ['now'],
        properties: { now: { type: 'string', format: 'date-time' } },
      }),
    },
  },
});

/** `GET /v1/clock`. */
export function clockRoutes(deps: ServiceDeps): OpenAPIHono {
  const app = new OpenAPIHono();
  handle(app, clock, (c) => c.json({ now: deps.clock().toISOString() }, 200));
  return app;
}
