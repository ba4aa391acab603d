import { KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { tryParse, uniqueId, withUniqueKey } from './hostile-parse.js';

describe('tryParse', () => {
  it('gives the value when validation accepts and the typed refusal when it refuses', () => {
    expect(tryParse('thing', 1, (x) => x)).toEqual({ accepted: true, value: 1 });
    const refusal = tryParse('thing', 1, () => {
      throw new KehuValidationError('bad', [{ path: ['x'], message: 'bad', code: 'custom' }]);
    });
    expect(refusal.accepted).toBe(false);
  });

  it('reports a refusal that is not a KehuValidationError as a validation gap', () => {
    expect(() =>
      tryParse('thing', 1, () => {
        throw new RangeError('Maximum call stack size exceeded');
      }),
    ).toThrow(/thing: validation threw RangeError: Maximum call stack size exceeded instead of a KehuValidationError/);
    expect(() =>
      tryParse('thing', 1, () => {
        throw null;
      }),
    ).toThrow(/thing: validation threw a thrown object: null/);
  });
});

describe('uniqueId and withUniqueKey', () => {
  it('append ~n and keep a valid id within 256 UTF-16 units, cutting whole code points', () => {
    expect(uniqueId('a', 7)).toBe('a~7');
    expect(uniqueId('i'.repeat(256), 12)).toBe(`${'i'.repeat(253)}~12`);
    const astral = uniqueId('😀'.repeat(128), 3) as string;
    expect(astral.length).toBeLessThanOrEqual(256);
    expect(astral).toBe(`${'😀'.repeat(127)}~3`);
  });

  it('leave ids that are refused anyway as they are', () => {
    for (const id of ['', 'i'.repeat(257), 42, null, undefined]) expect(uniqueId(id, 1)).toBe(id);
  });

  it('copy objects with the key, keeping own __proto__ keys, and leave anything else alone', () => {
    const raw = JSON.parse('{"__proto__": 1, "id": "a"}') as Record<string, unknown>;
    const copy = withUniqueKey(raw, 'id', 2) as Record<string, unknown>;
    expect(copy).not.toBe(raw);
    expect(copy.id).toBe('a~2');
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(withUniqueKey({ other: 1 }, 'id', 2)).toEqual({ other: 1 });
    for (const v of [null, 'a', ['a'], new Date(0)]) expect(withUniqueKey(v, 'id', 2)).toBe(v);
  });
});
