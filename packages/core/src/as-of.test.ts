import { describe, expect, it } from 'vitest';
import { requireAsOf } from './as-of.js';
import { KehuValidationError } from './errors.js';

describe('requireAsOf', () => {
  it('gives the options’ asOf when it is a valid Date', () => {
    const asOf = new Date(Date.UTC(2026, 0, 5));
    expect(requireAsOf({ asOf })).toBe(asOf);
  });

  it.each([
    ['a missing asOf', {}],
    ['an invalid Date', { asOf: new Date(Number.NaN) }],
    ['a string', { asOf: '2026-01-05T00:00:00Z' }],
    ['missing options', undefined],
  ])('refuses %s with a validation error at asOf', (_, options) => {
    expect(() => requireAsOf(options)).toThrow(KehuValidationError);
    expect(() => requireAsOf(options)).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        path: ['asOf'],
        message: 'asOf must be a valid Date',
        issues: [expect.objectContaining({ code: 'invalid_type' })],
      }),
    );
  });
});
