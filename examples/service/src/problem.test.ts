import {
  invalidInput,
  KehuConflictError,
  KehuForbiddenError,
  KehuNotFoundError,
  KehuStorageError,
  type KehuError,
} from '@kehu/core';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { onError, statusOf } from './problem.js';

async function problemOf(error: Error) {
  const app = new Hono();
  app.get('/x', () => {
    throw error;
  });
  app.onError(onError);
  const response = await app.request('/x');
  return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
}

describe('problem details', () => {
  it('maps each kind of Kehu error to its status', () => {
    const cases: Array<[KehuError, number]> = [
      [invalidInput(['a'], 'bad'), 400],
      [invalidInput(['events', 0, 'type'], 'no', 'INVALID_TRANSITION', { code: 'INVALID_TRANSITION' }), 422],
      [new KehuNotFoundError('customer', 'c-1'), 404],
      [new KehuConflictError('customer', 'c-1', 'stale', { actualVersion: 3 }), 409],
      [new KehuForbiddenError('customers.get', 'no'), 403],
      [new KehuStorageError('customers.get', 'disk on fire'), 500],
    ];
    for (const [error, status] of cases) expect(statusOf(error)).toBe(status);
  });

  it('writes RFC 9457 bodies: paths for 400, currentVersion for 409, no internals for 500', async () => {
    const bad = await problemOf(invalidInput(['contacts', 0, 'name'], 'must not be empty', 'too_small'));
    expect(bad).toMatchObject({ status: 400, type: 'application/problem+json' });
    expect(bad.body).toEqual({
      type: 'urn:kehu:problem:VALIDATION_FAILED',
      title: 'Invalid request',
      status: 400,
      detail: 'must not be empty',
      instance: '/x',
      code: 'VALIDATION_FAILED',
      errors: [{ path: ['contacts', 0, 'name'], message: 'must not be empty', code: 'too_small' }],
    });
    const conflict = await problemOf(new KehuConflictError('customer', 'c-1', 'stale', { actualVersion: 3 }));
    expect(conflict.body).toMatchObject({ status: 409, currentVersion: 3 });
    const originalError = console.error;
    console.error = () => {};
    try {
      const internal = await problemOf(new TypeError('secret stack detail'));
      expect(internal.status).toBe(500);
      expect(JSON.stringify(internal.body)).not.toContain('secret');
      const storage = await problemOf(new KehuStorageError('customers.get', 'password=hunter2'));
      expect(JSON.stringify(storage.body)).not.toContain('hunter2');
    } finally {
      console.error = originalError;
    }
  });
});
