import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES_NOW, serviceCases } from './service-cases.js';
import { startService, type RunningService } from './server.js';

// One in-memory database for the file: the service's schema, and an empty one for the refusal case.
const db = new PGlite();
let service: RunningService;
beforeAll(async () => {
  service = await startService({ pglite: db, migrate: true, port: 0, clock: () => CASES_NOW });
});
afterAll(async () => {
  await service?.close();
  await db.close();
});

serviceCases('the service on in-memory PGlite', () => service);

type Document = {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
};

/** Every `$ref` in `node`. */
function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const x of node) refs(x, out);
  else if (node !== null && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  return out;
}

describe('the OpenAPI document and the reference page', () => {
  it('is OpenAPI 3.1 listing every route of the app, every $ref resolving', async () => {
    const response = await fetch(`${service.url}/openapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Document;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Kehu example service');
    const { createApp } = await import('./app.js');
    const app = createApp(service.deps);
    const routes = app.routes
      .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
      .filter((r) => !['/', '/dashboard', '/reference/init.js'].includes(r.path))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`);
    expect(routes.length).toBeGreaterThan(30);
    const listed = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    for (const route of routes) expect(listed).toContain(route);
    for (const ref of new Set(refs(doc))) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas).toHaveProperty(ref.slice('#/components/schemas/'.length));
    }
    // The core schemas' input side: instants and exact decimals as text.
    expect(doc.components.schemas.Transaction).toMatchObject({
      required: expect.arrayContaining(['id', 'amount']),
      properties: { occurredAt: { type: 'string', format: 'date-time' }, amount: { type: ['string', 'number'] } },
    });
  });

  it('serves the reference page with local assets only, each of which loads', async () => {
    const response = await fetch(`${service.url}/reference`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThanOrEqual(5);
    for (const url of urls) {
      expect(url).toMatch(/^\/[^/]/);
      const asset = await fetch(`${service.url}${url}`);
      expect(asset.status, url).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, url).toBeGreaterThan(0);
    }
  });
});

describe('pages', () => {
  it('serves the report as HTML and its figures as JSON', async () => {
    const response = await fetch(`${service.url}/v1/report?language=en`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toMatch(/^<!doctype html>/i);
    const figures = (await (await fetch(`${service.url}/v1/report/figures`)).json()) as { asOf: string };
    expect(figures).toMatchObject({ asOf: CASES_NOW.toISOString(), sections: expect.any(Array) });
    const bad = await fetch(`${service.url}/v1/report?language=fr`);
    expect(bad.status).toBe(400);
  });

  it('redirects / to the dashboard and serves its files', async () => {
    const root = await fetch(`${service.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/dashboard/');
    const page = await fetch(`${service.url}/dashboard/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('refuses to serve a store that is not migrated, saying to run migrate', async () => {
    await expect(startService({ pglite: db, schema: 'kehu_unmigrated', port: 0 })).rejects.toMatchObject({
      code: 'NOT_MIGRATED',
      message: expect.stringContaining('run `migrate`'),
    });
  });
});
