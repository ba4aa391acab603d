import { Decimal } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { matchTiming, splitVariance } from './budget-variance.js';

const d = (s: string): Decimal => new Decimal(s);
const strings = (xs: readonly Decimal[]): string[] => xs.map((x) => x.toString());

describe('timing variance (MP-2)', () => {
  it('MP-2: a shortfall followed by an overrun is spend moved later: matched amount is timing in both periods', () => {
    const r = matchTiming([
      { period: '2026-01', difference: d('-300') },
      { period: '2026-02', difference: d('500') },
    ]);
    expect(strings(r.timing)).toEqual(['-300', '300']);
    expect(r.matches).toEqual([{ from: 0, to: 1, amount: d('300') }]);
  });

  it('MP-2: an overrun followed by a shortfall is spend moved earlier; order is by period, not input', () => {
    const r = matchTiming([
      { period: '2026-Q2', difference: d('-1000') },
      { period: '2026-Q1', difference: d('400') },
    ]);
    expect(strings(r.timing)).toEqual(['-400', '400']);
  });

  it('MP-2: matches first in, first out across several periods; timing sums to 0', () => {
    const r = matchTiming([
      { period: '2026-01', difference: d('-100') },
      { period: '2026-02', difference: d('-50') },
      { period: '2026-03', difference: d('120') },
      { period: '2026-04', difference: d('70') },
    ]);
    expect(strings(r.timing)).toEqual(['-100', '-50', '120', '30']);
    expect(r.timing.reduce((a, b) => a.plus(b), d('0')).isZero()).toBe(true);
  });

  it('MP-2: differences of one sign, or in overlapping periods, are no timing', () => {
    expect(
      strings(
        matchTiming([
          { period: '2026-01', difference: d('100') },
          { period: '2026-02', difference: d('50') },
        ]).timing,
      ),
    ).toEqual(['0', '0']);
    expect(
      strings(
        matchTiming([
          { period: '2026-Q1', difference: d('-100') },
          { period: '2026-02', difference: d('100') },
        ]).timing,
      ),
    ).toEqual(['0', '0']);
  });
});

describe('volume and price split (MP-2)', () => {
  it('MP-2: price = A − Qa × Pb and volume = (Qa − Qb) × Pb − timing add up to the difference exactly', () => {
    // Budget 10 visits at 300 = 3000; actual 12 visits for 3960 (330 each).
    const s = splitVariance({
      budget: d('3000'),
      actual: d('3960'),
      timing: d('0'),
      quantities: { budgetQuantity: d('10'), unitPrice: d('300'), actualQuantity: d('12') },
    });
    expect(s.difference.toString()).toBe('960');
    expect(s.volume?.toString()).toBe('600');
    expect(s.price?.toString()).toBe('360');
    expect(s.unexplained.toString()).toBe('0');
  });

  it('MP-2: no division: a price of one third per unit still adds up exactly', () => {
    const s = splitVariance({
      budget: d('10'),
      actual: d('10'),
      timing: d('-2'),
      quantities: { budgetQuantity: d('10'), unitPrice: d('1'), actualQuantity: d('3') },
    });
    expect(s.volume?.toString()).toBe('-5');
    expect(s.price?.toString()).toBe('7');
    expect(s.timing.plus(s.volume!).plus(s.price!).plus(s.unexplained).eq(s.difference)).toBe(true);
  });

  it('MP-2: without quantities volume and price are null and the rest is unexplained', () => {
    const s = splitVariance({ budget: d('1000'), actual: d('1500'), timing: d('200') });
    expect(s).toMatchObject({ volume: null, price: null });
    expect(s.unexplained.toString()).toBe('300');
  });
});
