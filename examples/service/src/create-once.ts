import { KehuConflictError } from '@kehu/core';
import type { Versioned } from '@kehu/storage';
import type { Context } from 'hono';
import { versionedJson } from './pagination.js';

/** How {@link createOnce} stores one kind of record and tells a retry from a clash. */
export interface CreateOnce<T extends { id: string }> {
  /** The record's kind: the key of its JSON (`{ version, customer }`) and its name in errors. */
  entity: string;
  /** The collection's path, where `Location` points (`/v1/customers`). */
  collection: string;
  /** Stores the body's record; a `KehuConflictError` when its id is stored already. */
  create: (body: Record<string, unknown>) => Promise<Versioned<T>>;
  /** The stored record of an id, or `null`. */
  get: (id: string) => Promise<Versioned<T> | null>;
  /** The body's record, validated as `create` validates it. */
  parse: (body: unknown) => T;
  /** The record's JSON: two records are the same when their JSON texts are. */
  toJson: (record: T) => unknown;
}

/**
 * Creates the record of a request body, idempotent by id: 201 with `Location` and `{ version, <entity> }` when it is
 * stored; when its id is stored already, 200 with the stored record if that is the same as the body's (a retried
 * request writes nothing), else a `KehuConflictError` carrying the stored version (a 409).
 */
export async function createOnce<T extends { id: string }>(
  c: Context,
  body: Record<string, unknown>,
  how: CreateOnce<T>,
): Promise<Response> {
  const encode = versionedJson<T>(how.entity, how.toJson);
  try {
    const stored = await how.create(body);
    c.header('Location', `${how.collection}/${encodeURIComponent(stored.record.id)}`);
    return c.json(encode(stored), 201);
  } catch (error) {
    if (!(error instanceof KehuConflictError)) throw error;
    const wanted = how.parse(body);
    const current = await how.get(wanted.id);
    const text = (record: T) => JSON.stringify(how.toJson(record));
    if (current !== null && text(current.record) === text(wanted)) return c.json(encode(current), 200);
    throw new KehuConflictError(
      how.entity,
      wanted.id,
      `${how.entity} ${JSON.stringify(wanted.id)} exists with other content`,
      { actualVersion: current?.version, cause: error },
    );
  }
}
