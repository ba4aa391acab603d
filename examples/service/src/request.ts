import { z } from '@hono/zod-openapi';
import { invalidInput, KehuValidationError } from '@kehu/core';
import type { Context } from 'hono';
import type { ServiceDeps } from './deps.js';

/** The header naming who acts (the audit trail's actor); without it, {@link DEFAULT_ACTOR}. */
export const ACTOR_HEADER = 'kehu-actor';
/** The actor of writes whose request names none. */
export const DEFAULT_ACTOR = 'kehu-service';

/**
 * The request's JSON body, unvalidated (the SDK validates it with the core schemas and names
 * the bad field). A body that is not JSON is a `KehuValidationError` at the body's root.
 */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw invalidInput([], 'the request needs a JSON body', 'invalid_type');
  return parseJsonText(text);
}

/** JSON text parsed, or a `KehuValidationError` at the body's root. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalidInput([], 'the request body is not valid JSON', 'invalid_json');
  }
}

/** The body as an object, or a `KehuValidationError` at its root. */
export async function readObject(c: Context): Promise<Record<string, unknown>> {
  const body = await readJson(c);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalidInput([], 'the request body must be a JSON object', 'invalid_type');
  return body as Record<string, unknown>;
}

/** Who acts: the `Kehu-Actor` header, or {@link DEFAULT_ACTOR}. */
export function actorOf(c: Context): string {
  const actor = c.req.header(ACTOR_HEADER)?.trim();
  return actor === undefined || actor === '' ? DEFAULT_ACTOR : actor;
}

/** The audit context of a write: the actor, the service clock and a reason naming the route. */
export function auditContext(c: Context, deps: ServiceDeps, reason?: string) {
  return { actor: actorOf(c), at: deps.clock(), reason: reason ?? `${c.req.method} ${c.req.path}` };
}

/** The optional `asOf` query parameter of reads (ISO-8601 with Z or an offset; default the service clock). */
export const asOfQuery = {
  asOf: z.string().optional().describe('the moment, ISO-8601 with Z or an offset (default: the service clock)'),
};

/** The `asOf` of a read: the query's (validated by the SDK, path `asOf`), else the service clock. */
export function asOfOf(query: { asOf?: string | undefined }, deps: ServiceDeps): string | Date {
  return query.asOf ?? deps.clock();
}

/** The path parameter `id`. */
export const idParam = z.object({
  id: z.string().min(1).max(256).describe('the record id'),
});

/**
 * Runs `fn` and moves the path of a validation error it throws under `prefix`, so that the path
 * of a bad row the SDK names from the array (`[3, 'amount']`) names it from the body
 * (`['transactions', 3, 'amount']`).
 */
export async function underPath<T>(prefix: Array<string | number>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof KehuValidationError)) throw error;
    throw new KehuValidationError(
      error.message,
      error.issues.map((i) => ({ ...i, path: [...prefix, ...i.path] })),
      { code: error.code, cause: error },
    );
  }
}
