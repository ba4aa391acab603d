import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent } from './format-number.js';

describe('formatNumber', () => {
  it('rounds to two decimals without float noise or trailing zeros', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(1018)).toBe('1018');
    expect(formatNumber(2.5)).toBe('2.5');
    expect(formatNumber(1 / 3)).toBe('0.33');
    expect(formatNumber(1 / 3, 0)).toBe('0');
    expect(formatNumber(-1.005)).toMatch(/^-1(\.0?1?)?$/);
  });

  it('never shows "-0" or an exponent', () => {
    expect(formatNumber(-0.001)).toBe('0');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(1e-7)).toBe('0');
    expect(formatNumber(1e21)).toBe('1000000000000000000000');
    expect(formatNumber(-2.5e22)).toBe('-25000000000000000000000');
  });

  it('gives a plain decimal for every finite number (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        expect(formatNumber(v)).toMatch(/^-?\d+(\.\d{1,2})?$/);
        expect(formatNumber(v)).not.toBe('-0');
      }),
    );
  });
});

describe('formatPercent', () => {
  it('shows a share as a percentage with one decimal', () => {
    expect(formatPercent(0.784)).toBe('78.4');
    expect(formatPercent(0.2)).toBe('20');
    expect(formatPercent(1 / 3)).toBe('33.3');
  });
});
