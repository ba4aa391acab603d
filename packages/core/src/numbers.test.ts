import { describe, expect, it } from 'vitest';
import { INT32_RANGE, int32Schema, numberIssue, numberSchema } from './numbers.js';

describe('storable numbers', () => {
  it('refuses -0 with a message to pass 0, and non-finite numbers', () => {
    expect(numberIssue(-0)).toMatch(/pass 0/);
    expect(numberIssue(Number.NaN)).toMatch(/finite/);
    expect(numberIssue(Number.POSITIVE_INFINITY)).toMatch(/finite/);
    expect(numberIssue(0)).toBeUndefined();
    expect(numberSchema.safeParse(-0).error?.issues[0]?.message).toMatch(/pass 0/);
    expect(numberSchema.safeParse(1.5).success).toBe(true);
  });
  it('keeps integers to 32 bits', () => {
    expect(int32Schema.safeParse(INT32_RANGE.max).success).toBe(true);
    expect(int32Schema.safeParse(INT32_RANGE.min).success).toBe(true);
    expect(int32Schema.safeParse(INT32_RANGE.max + 1).error?.issues[0]?.message).toMatch(/32-bit/);
    expect(int32Schema.safeParse(INT32_RANGE.min - 1).success).toBe(false);
    expect(int32Schema.safeParse(1.5).success).toBe(false);
    expect(int32Schema.safeParse(-0).success).toBe(false);
  });
});
