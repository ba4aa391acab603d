import { OpenAPIHono } from '@hono/zod-openapi';
import { serveStatic } from '@hono/node-server/serve-static';
import { bodyLimit } from 'hono/body-limit';
import * as dashboard from '@kehu/example-dashboard';
import { fileURLToPath } from 'node:url';
import type { ServiceDeps } from './deps.js';
import { registerComponents } from './openapi.js';
import { notFound, onError, problemResponse, validationHook } from './problem.js';
import { cadenceRoutes } from './routes/cadence.js';
import { churnRoutes } from './routes/churn.js';
import { clockRoutes } from './routes/clock.js';
import { complaintRoutes } from './routes/complaints.js';
import { customerRoutes } from './routes/customers.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { gradeRoutes } from './routes/grades.js';
import { opportunityRoutes } from './routes/opportunities.js';
import { planRoutes } from './routes/plans.js';
import { addReference } from './routes/reference.js';
import { reportRoutes } from './routes/report.js';
import { rfmRoutes } from './routes/rfm.js';
import { satisfactionRoutes } from './routes/satisfaction.js';
import { slaRoutes } from './routes/sla.js';
import { transactionRoutes } from './routes/transactions.js';

/** The largest request body the JSON routes read (1,000 transactions need far less). */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** The dashboard's static files: `dashboardRoot` of `@kehu/example-dashboard`, or its `public/` beside this example. */
export function dashboardDir(): string {
  const root = (dashboard as { dashboardRoot?: unknown }).dashboardRoot;
  return typeof root === 'string' ? root : fileURLToPath(new URL('../../dashboard/public/', import.meta.url));
}

/**
 * The service as a Hono app: JSON routes under `/v1` (one router per area), errors as
 * `application/problem+json`, `GET /openapi.json` and the reference page `/reference`, the
 * dashboard's files under `/dashboard/` (`/` redirects there). Serve it with `startService`, or
 * call `app.request(...)` in process.
 */
export function createApp(deps: ServiceDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  registerComponents(app);
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => problemResponse(c, 413, 'VALIDATION_FAILED', `the request body is over ${MAX_BODY_BYTES} bytes`),
    }),
  );
  for (const routes of [
    clockRoutes,
    customerRoutes,
    gradeRoutes,
    churnRoutes,
    transactionRoutes,
    complaintRoutes,
    slaRoutes,
    rfmRoutes,
    satisfactionRoutes,
    cadenceRoutes,
    planRoutes,
    opportunityRoutes,
    reportRoutes,
  ])
    app.route('/v1', routes(deps));
  app.route('/v1/dashboard', dashboardRoutes(deps));
  addReference(app, {
    title: 'Kehu example service',
    version: '0.1.0',
    description:
      'The Kehu SDK behind HTTP. Errors are application/problem+json (RFC 9457); lists page with `limit` and ' +
      '`cursor` (keyset); writes are audited as the `Kehu-Actor` header.',
  });
  app.get('/', (c) => c.redirect('/dashboard/', 302));
  app.get('/dashboard', (c) => c.redirect('/dashboard/', 301));
  app.use(
    '/dashboard/*',
    serveStatic({ root: dashboardDir(), rewriteRequestPath: (path) => path.slice('/dashboard'.length) }),
  );
  app.onError(onError);
  app.notFound(notFound);
  return app;
}
