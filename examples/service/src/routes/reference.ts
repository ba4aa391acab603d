import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { serveStatic } from '@hono/node-server/serve-static';
import { handle } from '../openapi.js';

/** Where the reference page's assets are served from (copies of `swagger-ui-dist`, no CDN). */
export const REFERENCE_ASSETS = '/reference/assets';

/** The directory of the installed `swagger-ui-dist`. */
export function swaggerUiDir(): string {
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kehu service API reference · 客户管理服务接口</title>
<link rel="stylesheet" href="${REFERENCE_ASSETS}/swagger-ui.css">
<link rel="stylesheet" href="${REFERENCE_ASSETS}/index.css">
<link rel="icon" type="image/png" href="${REFERENCE_ASSETS}/favicon-32x32.png" sizes="32x32">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${REFERENCE_ASSETS}/swagger-ui-bundle.js"></script>
<script src="${REFERENCE_ASSETS}/swagger-ui-standalone-preset.js"></script>
<script src="/reference/init.js"></script>
</body>
</html>
`;

const documentRoute = createRoute({
  method: 'get',
  path: '/openapi.json',
  tags: ['service'],
  summary: 'This document (OpenAPI 3.1, generated from the core zod schemas)',
  responses: { 200: { description: 'the document', content: { 'application/json': { schema: { type: 'object' } } } } },
});

const referenceRoute = createRoute({
  method: 'get',
  path: '/reference',
  tags: ['service'],
  summary: 'The interactive API reference (Swagger UI served locally)',
  responses: { 200: { description: 'the page', content: { 'text/html': { schema: { type: 'string' } } } } },
});

/**
 * Adds `GET /openapi.json` (the document of every route registered on `app`, built once on first
 * use) and the interactive reference page `GET /reference` with its assets from `swagger-ui-dist`.
 */
export function addReference(app: OpenAPIHono, info: { title: string; version: string; description: string }): void {
  let document: unknown;
  handle(app, documentRoute, (c) => {
    document ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info,
      tags: [],
    });
    return c.json(document as object, 200);
  });
  handle(app, referenceRoute, (c) => c.html(PAGE));
  app.get('/reference/init.js', (c) => c.body(INIT_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.use(
    `${REFERENCE_ASSETS}/*`,
    serveStatic({ root: swaggerUiDir(), rewriteRequestPath: (path) => path.slice(REFERENCE_ASSETS.length) }),
  );
}
