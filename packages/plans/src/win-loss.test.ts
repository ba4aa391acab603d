import { describe, expect, it } from 'vitest';
import { DEFAULT_OPPORTUNITY_POLICY as policy } from './opportunity-policy.js';
import { handTable, issueOf } from './test-support.js';
import { winLossByReason } from './win-loss.js';

describe('winLossByReason (MP-3)', () => {
  const table = handTable([
    { status: 'won', reason: 'price', revenue: '100.5', visits: [['lead', 1]] },
    { status: 'won', reason: 'service', revenue: '200', visits: [['lead', 1]] },
    { status: 'won', reason: 'price', revenue: '0.5', visits: [['lead', 1]] },
    { status: 'lost', reason: 'competitor', revenue: '999', visits: [['lead', 1]] },
    { revenue: '5000', visits: [['lead', 1]] },
  ]);

  it('MP-3: rows per outcome and reason of the taxonomy, zero counts listed, shares and exact revenue', () => {
    const result = winLossByReason(table, policy);
    expect(result.rule).toBe('MP-3');
    expect(result.rows).toHaveLength(policy.reasons.won.length + policy.reasons.lost.length);
    expect(result.outcomes.map((o) => [o.outcome, o.count, o.revenue.toFixed()])).toEqual([
      ['won', 3, '301'],
      ['lost', 1, '999'],
    ]);
    const price = result.rows.find((r) => r.outcome === 'won' && r.code === 'price')!;
    expect(price).toMatchObject({ count: 2, share: 2 / 3, label: { en: 'Price', zh: '价格优势' } });
    expect(price.revenue.toFixed()).toBe('101');
    const brand = result.rows.find((r) => r.outcome === 'won' && r.code === 'brand')!;
    expect(brand.count).toBe(0);
    expect(brand.share).toBe(0);
    expect(brand.revenue.isZero()).toBe(true);
    const competitor = result.rows.find((r) => r.outcome === 'lost' && r.code === 'competitor')!;
    expect(competitor).toMatchObject({ count: 1, share: 1 });
    expect(result.rows.filter((r) => r.outcome === 'won').map((r) => r.code)).toEqual(
      policy.reasons.won.map((r) => r.code),
    );
    expect(price.explanation.zh).toContain('价格优势');
    expect(result.warnings).toEqual([]);
  });

  it('MP-3: an empty table lists every reason with 0 and NaN shares, with warnings', () => {
    const result = winLossByReason(handTable([]), policy);
    expect(result.rows.every((r) => r.count === 0 && Number.isNaN(r.share))).toBe(true);
    expect(result.warnings).toHaveLength(2);
  });

  it('MP-3: a closed row without a reason of the policy is refused with its path', () => {
    const bad = handTable([{ status: 'lost', visits: [['lead', 1]] }]);
    bad.columns.reason[0] = -1;
    expect(issueOf(() => winLossByReason(bad, policy)).path).toEqual(['table', 'columns', 'reason', 0]);
    bad.columns.reason[0] = policy.reasons.lost.length;
    expect(issueOf(() => winLossByReason(bad, policy)).path).toEqual(['table', 'columns', 'reason', 0]);
  });
});
