import { describe, expect, it } from 'vitest';
import type { RunningService } from './server.js';

/** The fixed service clock of the shared cases. */
export const CASES_NOW = new Date('2026-03-02T10:00:00+08:00');

const customer = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: 'person',
  name: '张伟',
  status: 'active',
  createdAt: '2026-01-05T09:00:00+08:00',
  ...extra,
});

const tx = (id: string, amount: string) => ({
  id,
  customerId: 'c-tx',
  occurredAt: '2026-02-01T10:00:00+08:00',
  amount,
  currency: 'CNY',
});

/** A problem response's body, after checking its status and media type. */
async function problem(response: Response, status: number): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, instance: expect.any(String), title: expect.any(String) });
  return body;
}

/**
 * The HTTP cases every store runs (in-memory PGlite here, a PostgreSQL server in CI): CRUD,
 * 400 with paths, 404, 409 with the current version, 422 refused transitions, keyset pages while
 * inserting, idempotent imports and the SLA board. `running` gives the file's one running service, started with
 * the clock {@link CASES_NOW}.
 */
export function serviceCases(name: string, running: () => RunningService): void {
  describe(name, () => {
    const call = (path: string, init: RequestInit & { json?: unknown } = {}) => {
      const { json, ...rest } = init;
      return fetch(`${running().url}${path}`, {
        ...rest,
        ...(json === undefined
          ? {}
          : { body: JSON.stringify(json), headers: { 'content-type': 'application/json', 'kehu-actor': 'am-7' } }),
      });
    };
    const post = (path: string, json: unknown) => call(path, { method: 'POST', json });

    it('answers on the loopback interface with the service clock', async () => {
      expect(running().url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await call('/v1/clock')).json()).toEqual({ now: CASES_NOW.toISOString() });
    });

    it('creates, reads, changes and deletes a customer, with 409 and the current version on stale writes', async () => {
      const created = await post('/v1/customers', customer('c-crud'));
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe('/v1/customers/c-crud');
      const body = (await created.json()) as { version: number; customer: Record<string, unknown> };
      expect(body.version).toBe(1);
      expect(body.customer).toMatchObject({ id: 'c-crud', createdAt: '2026-01-05T01:00:00.000Z', tags: [] });

      // A retried create of the same customer changes nothing; another customer under the id is a conflict.
      const again = await post('/v1/customers', customer('c-crud'));
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(body);
      const other = await problem(await post('/v1/customers', customer('c-crud', { name: '李娜' })), 409);
      expect(other).toMatchObject({ code: 'CONFLICT', currentVersion: 1 });

      const patched = await call('/v1/customers/c-crud', {
        method: 'PATCH',
        json: { expectedVersion: 1, tags: ['vip'], status: 'dormant' },
      });
      expect(patched.status).toBe(200);
      expect(await patched.json()).toMatchObject({ version: 2, customer: { tags: ['vip'], status: 'dormant' } });
      const stale = await call('/v1/customers/c-crud', { method: 'PATCH', json: { expectedVersion: 1, tags: [] } });
      expect(await problem(stale, 409)).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
      const read = (await (await call('/v1/customers/c-crud')).json()) as { version: number };
      expect(read).toMatchObject({ version: 2, customer: { tags: ['vip'] } });

      expect((await call('/v1/customers/c-crud', { method: 'DELETE' })).status).toBe(204);
      expect(await problem(await call('/v1/customers/c-crud'), 404)).toMatchObject({ code: 'NOT_FOUND' });
      await problem(await call('/v1/customers/c-crud', { method: 'DELETE' }), 404);
    });

    it('answers bad input with 400 and the path of every bad field', async () => {
      const bad = await problem(await post('/v1/customers', customer('c-bad', { createdAt: '2026-01-05 09:00' })), 400);
      expect(bad).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: ['createdAt'] }] });
      const unknown = await problem(await post('/v1/customers', customer('c-bad', { nmae: 'x' })), 400);
      expect(unknown.errors).toContainEqual({ path: ['nmae'], message: 'unknown field', code: 'unrecognized_keys' });
      const notJson = await call('/v1/customers', {
        method: 'POST',
        body: '{"id":',
        headers: { 'content-type': 'application/json' },
      });
      expect(await problem(notJson, 400)).toMatchObject({ errors: [{ path: [], code: 'invalid_json' }] });
      const limit = await problem(await call('/v1/customers?limit=0'), 400);
      expect(limit.errors).toEqual([{ path: ['limit'], message: expect.any(String), code: expect.any(String) }]);
      const cursor = await problem(await call('/v1/customers?cursor=garbage'), 400);
      expect(cursor).toMatchObject({ code: 'INVALID_CURSOR', errors: [{ path: ['cursor'] }] });
      const asOf = await problem(await call('/v1/sla/board?asOf=yesterday'), 400);
      expect(asOf).toMatchObject({ errors: [{ path: ['asOf'] }] });
      const patch = await call('/v1/customers/c-x', { method: 'PATCH', json: { tags: [] } });
      expect(await problem(patch, 400)).toMatchObject({ errors: [{ path: ['expectedVersion'] }] });
    });

    it('answers what does not exist with 404 problems', async () => {
      expect(await problem(await call('/v1/complaints/k-none'), 404)).toMatchObject({ code: 'NOT_FOUND' });
      expect(await problem(await call('/v1/complaints/k-none/events'), 404)).toMatchObject({ code: 'NOT_FOUND' });
      expect(await problem(await call('/v1/no-such-route'), 404)).toMatchObject({ instance: '/v1/no-such-route' });
      await problem(await call('/v1/customers/c-none/grade'), 404);
    });

    it('imports transactions idempotently: a retried request changes nothing, a changed row is a 409', async () => {
      expect((await post('/v1/customers', customer('c-tx'))).status).toBe(201);
      const rows = [tx('t-1', '1999.90'), tx('t-2', '0.10'), tx('t-3', '12345678901234567890.0123456789')];
      const first = await post('/v1/transactions/import', { transactions: rows });
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({ processed: 3, inserted: 3, duplicates: 0 });
      const retry = await post('/v1/transactions/import', { transactions: rows });
      expect(await retry.json()).toMatchObject({ processed: 3, inserted: 0, duplicates: 3 });
      const count = await (await call('/v1/transactions/count?customerId=c-tx')).json();
      expect(count).toEqual({ count: 3 });
      // Exact decimals out: never a float on the way through.
      const listed = (await (await call('/v1/transactions?customerId=c-tx')).json()) as { items: { amount: string }[] };
      expect(listed.items.map((t) => t.amount)).toEqual(['1999.9', '0.1', '12345678901234567890.0123456789']);

      const changed = await post('/v1/transactions/import', { transactions: [tx('t-4', '1'), tx('t-1', '2000')] });
      await problem(changed, 409);
      expect(await (await call('/v1/transactions/count')).json()).toEqual({ count: 3 });
      const bad = await post('/v1/transactions/import', { transactions: [tx('t-5', '1'), tx('t-6', 'lots')] });
      expect(await problem(bad, 400)).toMatchObject({ errors: [{ path: ['transactions', 1, 'amount'] }] });
      await problem(await post('/v1/transactions/import', { rows }), 400);
    });

    it('opens complaints, appends events, refuses transitions with 422 and stale versions with 409', async () => {
      expect((await post('/v1/customers', customer('c-k'))).status).toBe(201);
      const intake = {
        id: 'k-1',
        customerId: 'c-k',
        content: '送货延迟 late delivery',
        occurredAt: '2026-03-01T09:00:00+08:00',
        receivedAt: '2026-03-02T09:00:00+08:00',
        channel: 'phone',
        severity: 'urgent',
      };
      const opened = await post('/v1/complaints', intake);
      expect(opened.status).toBe(201);
      expect(await opened.json()).toMatchObject({ version: 1, complaint: { id: 'k-1' } });
      expect((await post('/v1/complaints', intake)).status).toBe(200);

      const ack = { type: 'acknowledged', at: '2026-03-02T09:30:00+08:00', actor: 'am-7' };
      const appended = await post('/v1/complaints/k-1/events', { events: [ack], expectedVersion: 1 });
      expect(appended.status).toBe(200);
      expect(await appended.json()).toMatchObject({ version: 2, items: [{ seq: 2, type: 'acknowledged' }] });
      const stale = await post('/v1/complaints/k-1/events', { events: [ack], expectedVersion: 1 });
      expect(await problem(stale, 409)).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
      const resumed = { type: 'resumed', at: '2026-03-02T09:40:00+08:00', actor: 'am-7' };
      const refused = await problem(await post('/v1/complaints/k-1/events', { events: [resumed] }), 422);
      expect(refused).toMatchObject({ code: 'INVALID_TRANSITION', errors: [{ path: ['events', 0, 'type'] }] });
      const log = (await (await call('/v1/complaints/k-1/events')).json()) as { version: number; items: unknown[] };
      expect(log.version).toBe(2);
      expect(log.items).toHaveLength(2);

      const board = (await (await call('/v1/sla/board')).json()) as { asOf: string; running: unknown[] };
      expect(board.asOf).toBe(CASES_NOW.toISOString());
      expect(board.running).toContainEqual(expect.objectContaining({ complaintId: 'k-1', dueAt: expect.any(String) }));
      const evaluation = await call('/v1/sla/complaints/k-1?asOf=2026-03-02T12:00:00%2B08:00');
      expect(evaluation.status).toBe(200);
    });

    it('pages by keyset: no customer skipped or repeated over three pages while others are inserted', async () => {
      const ids = Array.from({ length: 30 }, (_, i) => `p-${String(i * 2 + 10).padStart(3, '0')}`);
      for (const id of ids) expect((await post('/v1/customers', customer(id))).status).toBe(201);
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 3; page++) {
        const query: string = `/v1/customers?status=active&limit=10${cursor === null ? '' : `&cursor=${cursor}`}`;
        const body = (await (await call(query)).json()) as {
          items: { customer: { id: string } }[];
          nextCursor: string | null;
        };
        seen.push(...body.items.map((i) => i.customer.id).filter((id) => id.startsWith('p-')));
        cursor = body.nextCursor;
        // Inserted behind the cursor (never shown) and ahead of it (shown once, in order).
        await post('/v1/customers', customer(`p-${String(page * 20 + 11).padStart(3, '0')}`));
        await post('/v1/customers', customer(`p-00${page}`));
      }
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of ids) if (id <= (seen.at(-1) ?? '')) expect(seen).toContain(id);
      expect(seen).toEqual([...seen].sort());
      expect(seen.filter((id) => ids.includes(id)).length).toBeGreaterThanOrEqual(25);
    });
  });
}
