import { Decimal } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { cloneRecord } from './clone.js';

describe('cloneRecord', () => {
  it('copies objects, arrays and dates, shares immutable Decimals', () => {
    const d = new Decimal('0.0001');
    const at = new Date('2026-01-01T00:00:00.001Z');
    const value = { a: [1, { b: at }], amount: d, s: '客户😀', n: null };
    const copy = cloneRecord(value);
    expect(copy).toEqual(value);
    expect(copy.a).not.toBe(value.a);
    expect(copy.a[1]).not.toBe(value.a[1]);
    expect((copy.a[1] as { b: Date }).b).not.toBe(at);
    expect(copy.amount).toBe(d);
    (copy.a[1] as { b: Date }).b.setTime(0);
    expect(at.getTime()).toBe(Date.parse('2026-01-01T00:00:00.001Z'));
  });
});
