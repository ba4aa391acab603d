import { describe, expect, it } from 'vitest';
import {
  KehuConflictError,
  KehuError,
  KehuForbiddenError,
  KehuNotFoundError,
  KehuPolicyError,
  KehuStorageError,
  KehuValidationError,
  invalidInput,
  isKehuError,
  type KehuErrorCode,
} from './errors.js';

describe('errors', () => {
  it('have stable codes and names', () => {
    const cases: Array<[KehuError, string, string]> = [
      [
        new KehuValidationError('bad', [{ path: ['a', 0], message: 'x', code: 'c' }]),
        'VALIDATION_FAILED',
        'KehuValidationError',
      ],
      [new KehuNotFoundError('customer', 'c1'), 'NOT_FOUND', 'KehuNotFoundError'],
      [
        new KehuConflictError('customer', 'c1', 'stale', { expectedVersion: 1, actualVersion: 2 }),
        'CONFLICT',
        'KehuConflictError',
      ],
      [new KehuPolicyError('bad policy', { path: ['tiers'] }), 'POLICY_INVALID', 'KehuPolicyError'],
      [new KehuStorageError('customers.get', 'boom', { cause: new Error('io') }), 'STORAGE_FAILED', 'KehuStorageError'],
      [new KehuForbiddenError('customers.get', 'no', { actor: 'am-7' }), 'FORBIDDEN', 'KehuForbiddenError'],
    ];
    for (const [err, code, name] of cases) {
      expect(err).toBeInstanceOf(KehuError);
      expect(err).toBeInstanceOf(Error);
      expect(err.code).toBe(code);
      expect(err.name).toBe(name);
      expect(isKehuError(err)).toBe(true);
    }
    expect(isKehuError(new Error('x'))).toBe(false);
  });
  it('keep the cause and the path', () => {
    const cause = new Error('io');
    const err = new KehuStorageError('customers.update', 'lost connection', { cause });
    expect(err.cause).toBe(cause);
    expect(err.operation).toBe('customers.update');
    expect(err.message).toBe('customers.update: lost connection');
    const v = new KehuValidationError('bad', [{ path: ['contacts', 1, 'name'], message: 'x', code: 'too_small' }]);
    expect(v.path).toEqual(['contacts', 1, 'name']);
  });

  it('KehuForbiddenError names the action and the actor in its fields and details, the hook error as cause', () => {
    const cause = new Error('not your customer');
    const err = new KehuForbiddenError('customers.get', 'am-7 may not customers.get', {
      actor: 'am-7',
      cause,
      details: { resource: { type: 'customer', id: 'c-1' } },
    });
    expect(err).toMatchObject({ code: 'FORBIDDEN', action: 'customers.get', actor: 'am-7', cause });
    expect(err.details).toEqual({ action: 'customers.get', actor: 'am-7', resource: { type: 'customer', id: 'c-1' } });
    expect(new KehuForbiddenError('audit.list', 'no').actor).toBeUndefined();
  });

  it('invalidInput builds a KehuValidationError for one field, with its issue code and error code', () => {
    const plain = invalidInput(['events', 2, 'at'], 'complaint events must be in time order');
    expect(plain).toBeInstanceOf(KehuValidationError);
    expect(plain).toMatchObject({ code: 'VALIDATION_FAILED', path: ['events', 2, 'at'] });
    expect(plain.issues).toEqual([
      { path: ['events', 2, 'at'], message: 'complaint events must be in time order', code: 'invalid_value' },
    ]);
    const cause = new Error('x');
    const coded = invalidInput(['type'], 'not allowed', 'INVALID_TRANSITION', { code: 'INVALID_TRANSITION', cause });
    expect(coded).toMatchObject({ code: 'INVALID_TRANSITION', cause });
    expect(coded.issues[0]?.code).toBe('INVALID_TRANSITION');
    const code: KehuErrorCode = coded.code;
    expect(code).toBe('INVALID_TRANSITION');
  });
});
