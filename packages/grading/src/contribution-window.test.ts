import { describe, expect, it } from 'vitest';
import { contributionWindow } from './contribution-window.js';

describe('contributionWindow (rule GR-2)', () => {
  const asOf = new Date('2026-06-30T16:00:00Z');

  it('is the past year by default, or the policy window', () => {
    expect(contributionWindow(undefined, { asOf }).from.toISOString()).toBe('2025-06-30T16:00:00.000Z');
    const w = contributionWindow({ windowDays: 90 }, { asOf });
    expect(w.from.toISOString()).toBe('2026-04-01T16:00:00.000Z');
    expect(w.policy.windowDays).toBe(90);
  });

  it('refuses a bad policy or asOf with typed errors', () => {
    expect(() => contributionWindow({ windowDays: 0 }, { asOf })).toThrow(
      expect.objectContaining({ code: 'POLICY_INVALID', path: ['windowDays'] }),
    );
    expect(() => contributionWindow(undefined, { asOf: new Date(Number.NaN) })).toThrow(
      expect.objectContaining({ path: ['asOf'] }),
    );
  });
});
