import { KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { checkZone, isZone } from './zone.js';

describe('isZone and checkZone', () => {
  it('accepts IANA names and refuses anything else', () => {
    expect(isZone('Asia/Shanghai')).toBe(true);
    expect(isZone('UTC')).toBe(true);
    expect(isZone('Mars/Olympus')).toBe(false);
    expect(isZone('+08:00')).toBe(false);
    expect(isZone(8)).toBe(false);
    expect(checkZone('Europe/Helsinki')).toBe('Europe/Helsinki');
    expect(() => checkZone('Asia/Nowhere')).toThrow(KehuValidationError);
    let caught: unknown;
    try {
      checkZone(null);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KehuValidationError);
    expect((caught as KehuValidationError).path).toEqual(['zone']);
  });
});
