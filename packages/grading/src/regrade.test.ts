import {
  compareTiers,
  Decimal,
  parseGradeAssignment,
  TIERS,
  type GradeAssignment,
  type Tier,
  type TransactionSummary,
} from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradeByContribution } from './contribution.js';
import { gradesAsOf, regrade, toGradeAssignment } from './regrade.js';

const DAY = 86_400_000;
const asOf = new Date(Date.UTC(2026, 5, 30));
const ago = (days: number) => new Date(asOf.getTime() - days * DAY);
const row = (customerId: string, net: number): TransactionSummary => ({
  customerId,
  currency: 'CNY',
  firstPurchaseAt: null,
  lastPurchaseAt: null,
  purchaseCount: 1,
  refundCount: 0,
  returnCount: 0,
  grossAmount: new Decimal(net),
  reversedAmount: new Decimal(0),
  netAmount: new Decimal(net),
});
const grade = (customerId: string, tier: Tier, daysAgo: number, extra: Record<string, unknown> = {}): GradeAssignment =>
  parseGradeAssignment({
    customerId,
    tier,
    effectiveFrom: ago(daysAgo),
    source: 'evaluation',
    assignedBy: 'system',
    reason: 'test',
    ...extra,
  });
/** 100 customers c-000 (largest) … c-099. */
const evaluation = () =>
  gradeByContribution(Array.from({ length: 100 }, (_, i) => row(`c-${String(i).padStart(3, '0')}`, 10_000 - i * 10)));

describe('regrade (rule GR-4)', () => {
  it('upgrades at once and grades new customers', () => {
    const res = regrade([grade('c-000', 'silver', 5)], evaluation(), {}, { asOf });
    expect(res.changes.find((c) => c.customerId === 'c-000')).toMatchObject({
      from: 'silver',
      to: 'diamond',
      kind: 'upgrade',
    });
    expect(res.changes.find((c) => c.customerId === 'c-001')).toMatchObject({
      from: null,
      to: 'diamond',
      kind: 'initial',
    });
  });

  it('downgrades only after the grace period, one tier at a time', () => {
    const early = regrade([grade('c-099', 'diamond', 30)], evaluation(), {}, { asOf });
    expect(early.holds.find((h) => h.customerId === 'c-099')!.reason).toMatch(/downgradeGraceDays 90/);
    const late = regrade([grade('c-099', 'diamond', 120)], evaluation(), {}, { asOf });
    expect(late.changes.find((c) => c.customerId === 'c-099')).toMatchObject({
      from: 'diamond',
      to: 'gold',
      kind: 'downgrade',
      evaluated: 'regular',
    });
  });

  it('does not downgrade a customer within the hysteresis margin of a boundary', () => {
    // c-010 is rank 11: just past the top 10, within the 2-rank margin.
    const res = regrade([grade('c-010', 'diamond', 200)], evaluation(), {}, { asOf });
    expect(res.holds.find((h) => h.customerId === 'c-010')!.reason).toMatch(/hysteresis/);
    const strict = regrade(
      [grade('c-010', 'diamond', 200)],
      evaluation(),
      { hysteresis: { ranks: 0, share: 0, percentPoints: 0, amountFraction: 0 } },
      { asOf },
    );
    expect(strict.changes.find((c) => c.customerId === 'c-010')!.to).toBe('gold');
  });

  it('applies the amount margin exactly, in decimals (no float on the money boundary)', () => {
    const policy = {
      tiers: {
        diamond: { anyOf: [{ kind: 'amount' as const, atLeast: '10000' }] },
        gold: { anyOf: [{ kind: 'rank' as const, maxRank: 1 }] },
        silver: { anyOf: [{ kind: 'rank' as const, maxRank: 1 }] },
      },
    };
    const at = (net: string) =>
      gradeByContribution(
        [row('a', 20_000), { ...row('c', 0), grossAmount: new Decimal(net), netAmount: new Decimal(net) }],
        policy,
      );
    // 5% below 10,000 is exactly 9,500: at the boundary the customer holds, a cent below it drops.
    expect(
      regrade([grade('c', 'diamond', 200)], at('9500'), {}, { asOf }).holds.find((h) => h.customerId === 'c')!.reason,
    ).toMatch(/hysteresis/);
    expect(
      regrade([grade('c', 'diamond', 200)], at('9499.99'), {}, { asOf }).changes.find((c) => c.customerId === 'c')!.to,
    ).toBe('gold');
  });

  it('keeps manual overrides until they expire', () => {
    const override = grade('c-099', 'diamond', 200, {
      source: 'override',
      expiresAt: ago(-10),
      reason: 'strategic partner',
    });
    expect(regrade([override], evaluation(), {}, { asOf }).holds.find((h) => h.customerId === 'c-099')!.reason).toMatch(
      /manual override until .*strategic partner/,
    );
    const expired = grade('c-099', 'diamond', 200, {
      source: 'override',
      expiresAt: ago(1),
      reason: 'strategic partner',
    });
    expect(regrade([expired], evaluation(), {}, { asOf }).changes.find((c) => c.customerId === 'c-099')!.kind).toBe(
      'downgrade',
    );
  });

  it('replays history as of an earlier date and turns changes into assignments', () => {
    const history = [grade('c-1', 'silver', 300), grade('c-1', 'gold', 100), grade('c-1', 'diamond', 10)];
    expect(gradesAsOf(history, { asOf: ago(50) }).get('c-1')!.tier).toBe('gold');
    expect(gradesAsOf(history, { asOf: ago(200) }).get('c-1')!.tier).toBe('silver');
    expect(gradesAsOf(history, { asOf: ago(400) }).has('c-1')).toBe(false);
    const [change] = regrade([], gradeByContribution([row('x', 5)]), {}, { asOf }).changes;
    expect(parseGradeAssignment(toGradeAssignment(change!, { asOf, assignedBy: 'regrader' }))).toMatchObject({
      tier: 'diamond',
      source: 'evaluation',
      explanation: { rule: 'GR-4', kind: 'initial' },
    });
  });

  it('never drops more than one tier per step (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 99 }), fc.constantFrom(...TIERS), fc.integer({ min: 0, max: 400 })),
          { maxLength: 40 },
        ),
        fc.integer({ min: 0, max: 200 }),
        (entries, grace) => {
          const history = entries.map(([i, tier, days]) => grade(`c-${String(i).padStart(3, '0')}`, tier, days));
          const res = regrade(history, evaluation(), { downgradeGraceDays: grace }, { asOf });
          const before = gradesAsOf(history, { asOf });
          for (const c of res.changes) {
            if (c.kind === 'downgrade')
              expect(TIERS.indexOf(c.to) - TIERS.indexOf(before.get(c.customerId)!.tier)).toBe(1);
            if (c.kind === 'upgrade') expect(compareTiers(c.to, c.from!)).toBeLessThan(0);
          }
        },
      ),
    );
  });
});
