import { KehuPolicyError, KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WIN_BACK_POLICY, type WinBackExit, winBackRequests } from './win-back.js';

const d = (s: string) => new Date(s);
const exit = (over: Partial<WinBackExit> & { id: string }): WinBackExit => ({
  customerId: `c-${over.id}`,
  // 2026-03-10 01:00 in Shanghai, 2026-03-09 in UTC.
  leftAt: d('2026-03-09T17:00:00Z'),
  reason: 'price.too-high',
  settlement: 'settled',
  ownerId: 'u-1',
  ...over,
});
const asOf = d('2026-03-20T00:00:00Z');

describe('winBackRequests (rules CH-7: win-back starts with a revisit; CH-4: lost customers are revisited)', () => {
  it('CH-7: a request per exit with owner, reason and the earliest local date 30 days after leaving', () => {
    const { requests, skipped } = winBackRequests([exit({ id: 'x1' })], {}, { asOf });
    expect(skipped).toEqual([]);
    expect(requests).toEqual([
      {
        customerId: 'c-x1',
        exitId: 'x1',
        reason: 'price.too-high',
        ownerId: 'u-1',
        earliestDate: '2026-04-09', // 2026-03-10 local + 30 days
        purpose: 'win-back',
        rules: ['CH-7', 'CH-4'],
        reasons: expect.objectContaining({ en: expect.stringContaining('Price too high') }),
      },
    ]);
    expect(requests[0]?.reasons.zh).toContain('价格过高');
    const utc = winBackRequests([exit({ id: 'x1' })], { zone: 'UTC' }, { asOf });
    expect(utc.requests[0]?.earliestDate).toBe('2026-04-08');
  });

  it('CH-7: the delay is policy data, per reason too; a past date moves up to asOf', () => {
    const policy = { delayDays: 7, delayDaysByReason: { 'service.slow-response': 0 } };
    const { requests } = winBackRequests(
      [exit({ id: 'a' }), exit({ id: 'b', reason: 'service.slow-response' })],
      policy,
      { asOf: d('2026-03-12T00:00:00Z') },
    );
    expect(requests.map((r) => [r.exitId, r.earliestDate])).toEqual([
      ['b', '2026-03-12'], // 2026-03-10 + 0, moved up to asOf's local date
      ['a', '2026-03-17'],
    ]);
    expect(DEFAULT_WIN_BACK_POLICY.delayDays).toBe(30);
  });

  it('CH-4, CH-7: excluded reasons and settlements, missing owners and later exits are skipped and listed', () => {
    const exits = [
      exit({ id: 'r', reason: 'market.product-obsolete' }),
      exit({ id: 's', settlement: 'disputed' }),
      exit({ id: 'w', settlement: 'written-off' }),
      exit({ id: 'o', ownerId: undefined }),
      exit({ id: 'f', leftAt: d('2026-03-25T00:00:00Z') }),
      exit({ id: 'old', customerId: 'c-same', leftAt: d('2025-01-01T00:00:00Z') }),
      exit({ id: 'new', customerId: 'c-same' }),
    ];
    const byDefault = winBackRequests(exits, {}, { asOf });
    expect(byDefault.requests.map((r) => r.exitId)).toEqual(['new', 'r']);
    expect(byDefault.skipped.map((s) => [s.exitId, s.why])).toEqual([
      ['s', 'settlement-excluded'],
      ['w', 'settlement-excluded'],
      ['o', 'no-owner'],
      ['f', 'not-yet-left'],
      ['old', 'superseded'],
    ]);
    const strict = winBackRequests(
      exits,
      { reasons: ['price.too-high'], excludeSettlements: [], fallbackOwnerId: 'u-9' },
      { asOf },
    );
    expect(strict.requests.map((r) => [r.exitId, r.ownerId])).toEqual([
      ['new', 'u-1'],
      ['o', 'u-9'],
      ['s', 'u-1'],
      ['w', 'u-1'],
    ]);
    expect(strict.skipped.find((s) => s.exitId === 'r')?.why).toBe('reason-excluded');
    expect(byDefault.requests.length + byDefault.skipped.length).toBe(exits.length);
  });

  it('bad input: KehuValidationError naming the exit field or asOf; a bad policy is a KehuPolicyError', () => {
    const pathOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(KehuValidationError);
        return (e as KehuValidationError).path;
      }
      throw new Error('expected a KehuValidationError');
    };
    expect(pathOf(() => winBackRequests([exit({ id: 'x', reason: 'cheap' })], {}, { asOf }))).toEqual([
      'exits',
      0,
      'reason',
    ]);
    expect(pathOf(() => winBackRequests([exit({ id: 'x', leftAt: d('nope') })], {}, { asOf }))).toEqual([
      'exits',
      0,
      'leftAt',
    ]);
    expect(pathOf(() => winBackRequests([], {}, {} as never))).toEqual(['asOf']);
    expect(() => winBackRequests([], { delayDays: -1 }, { asOf })).toThrow(KehuPolicyError);
    expect(() => winBackRequests([], { zone: 'Nowhere/City' }, { asOf })).toThrow(KehuPolicyError);
    expect(() => winBackRequests([], { reasons: ['price'] } as never, { asOf })).toThrow(KehuPolicyError);
  });
});
