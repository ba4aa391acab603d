import { KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { exitCategory, parseChurnExit } from './exits.js';

const base = {
  id: 'exit-1',
  customerId: 'c-1',
  leftAt: '2026-03-10T08:00:00Z',
  reason: 'price.competitor-cheaper',
  detail: 'Moved to a supplier 15% cheaper',
  settlement: 'settled',
  lessons: 'Review volume discounts for key accounts',
  ownerId: 'u-7',
  recordedBy: 'u-2',
  recordedAt: '2026-03-11T09:00:00Z',
};

function pathOf(f: () => unknown): readonly (string | number)[] {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(KehuValidationError);
    return (e as KehuValidationError).path;
  }
  throw new Error('expected a KehuValidationError');
}

describe('customer exits (rule CH-7)', () => {
  it('CH-7: records the confirmed reason, settlement, lessons and who recorded it', () => {
    const exit = parseChurnExit(base);
    expect(exit.reason).toBe('price.competitor-cheaper');
    expect(exit.leftAt).toEqual(new Date('2026-03-10T08:00:00Z'));
    expect(exit.settlement).toBe('settled');
    expect(exit.attributes).toEqual({});
    expect(exitCategory(exit)).toBe('price');
  });

  it('CH-5: a reason outside the taxonomy is refused at ["reason"], even when core accepts its shape', () => {
    expect(pathOf(() => parseChurnExit({ ...base, reason: 'price.rude-staff' }))).toEqual(['reason']);
    expect(pathOf(() => parseChurnExit({ ...base, reason: 'price' }))).toEqual(['reason']);
    expect(pathOf(() => parseChurnExit({ ...base, reason: 'Price!' }))).toEqual(['reason']);
  });

  it('CH-7: "other" needs the concrete reason in words; other fields keep core\'s validation', () => {
    const { detail: _, ...noDetail } = base;
    expect(parseChurnExit({ ...noDetail, reason: 'service.quality' }).detail).toBeUndefined();
    expect(pathOf(() => parseChurnExit({ ...noDetail, reason: 'other' }))).toEqual(['detail']);
    expect(parseChurnExit({ ...base, reason: 'other' }).reason).toBe('other');
    expect(pathOf(() => parseChurnExit({ ...base, settlement: 'paid' }))).toEqual(['settlement']);
    expect(pathOf(() => parseChurnExit({ ...base, extra: 1 }))).toEqual(['extra']);
  });
});
