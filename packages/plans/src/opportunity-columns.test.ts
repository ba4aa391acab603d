import {
  Decimal,
  KehuCurrencyMismatchError,
  type OpportunityEventBodyInput,
  parseOpportunity,
  parseOpportunityEvent,
} from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { opportunityColumns } from './opportunity-columns.js';
import { DEFAULT_OPPORTUNITY_POLICY as policy } from './opportunity-policy.js';
import { errorOf } from './test-support.js';

function opp(id: string, extra: Record<string, unknown> = {}) {
  return parseOpportunity({
    id,
    customerId: `c-${id}`,
    salespersonId: 'am-01',
    expectedRevenue: '1000',
    currency: 'CNY',
    expectedCloseDate: '2026-06-30',
    createdAt: '2026-03-02T01:00:00Z',
    stage: 'lead',
    ...extra,
  });
}

function e(type: string, at: string, body: Record<string, unknown> = {}) {
  return parseOpportunityEvent({ type, at, actor: 'am-01', ...body } as OpportunityEventBodyInput);
}

const asOf = new Date('2026-04-01T00:00:00Z');

function refusal(f: () => unknown): { code: string; path: readonly (string | number)[] } {
  const { code, path } = errorOf(f);
  return { code, path };
}

describe('opportunityColumns (MP-3)', () => {
  it('MP-3: builds the columns: visits with closed spells, outcome, reason, manual probability, close day', () => {
    const events = [
      e('stage-changed', '2026-03-03T01:00:00Z', { stage: 'proposal' }),
      e('probability-set', '2026-03-03T02:00:00Z', { probability: 70 }),
      e('won', '2026-03-04T01:00:00Z', { reason: 'service' }),
      e('reassigned', '2026-03-05T01:00:00Z', { salespersonId: 'am-07' }),
    ];
    const c = opportunityColumns(
      [
        { opportunity: opp('a'), events },
        { opportunity: opp('b'), events: [] },
      ],
      policy,
      {
        asOf,
      },
    );
    expect(c.ids).toEqual(['a', 'b']);
    expect(c.salespersonIds).toEqual(['am-07', 'am-01']);
    expect([...c.visitStart]).toEqual([0, 3, 4]);
    expect([...c.visitStage]).toEqual([0, 3, -1, 0]);
    expect([...c.status]).toEqual([1, 0]);
    expect([...c.reason]).toEqual([3, -1]);
    expect([...c.manualProbability]).toEqual([70, -1]);
    expect(c.closedAt[0]).toBe(Date.parse('2026-03-04T01:00:00Z'));
    expect(Number.isNaN(c.closedAt[1])).toBe(true);
    expect(c.currency).toBe('CNY');
    expect([...c.revenueUnits]).toEqual([10_000_000, 10_000_000]);
    expect(c.revenueScale).toBe(4);
  });

  it('MP-3: events after asOf are ignored and opportunities created after asOf left out', () => {
    const late = opp('late', { createdAt: '2026-05-01T00:00:00Z' });
    const events = [e('lost', '2026-04-02T00:00:00Z', { reason: 'price' })];
    const c = opportunityColumns(
      [
        { opportunity: opp('a'), events },
        { opportunity: late, events: [] },
      ],
      policy,
      {
        asOf,
      },
    );
    expect(c.ids).toEqual(['a']);
    expect([...c.status]).toEqual([0]);
    const empty = opportunityColumns([], policy, { asOf });
    expect(empty.ids).toEqual([]);
    expect([...empty.visitStart]).toEqual([0]);
    expect(empty.currency).toBe('');
  });

  it('MP-3: unknown stages and reasons are refused with the entry path', () => {
    const bad = [
      { opportunity: opp('a'), events: [] },
      { opportunity: opp('b', { stage: 'demo' }), events: [] },
    ];
    expect(refusal(() => opportunityColumns(bad, policy, { asOf })).path).toEqual([
      'entries',
      1,
      'opportunity',
      'stage',
    ]);
    const move = [{ opportunity: opp('a'), events: [e('stage-changed', '2026-03-03T01:00:00Z', { stage: 'demo' })] }];
    expect(refusal(() => opportunityColumns(move, policy, { asOf })).path).toEqual([
      'entries',
      0,
      'events',
      0,
      'stage',
    ]);
    const lost = [{ opportunity: opp('a'), events: [e('lost', '2026-03-03T01:00:00Z', { reason: 'brand' })] }];
    expect(refusal(() => opportunityColumns(lost, policy, { asOf })).path).toEqual([
      'entries',
      0,
      'events',
      0,
      'reason',
    ]);
    const twice = [{ opportunity: opp('a'), events: [e('reopened', '2026-03-03T01:00:00Z', { stage: 'lead' })] }];
    expect(refusal(() => opportunityColumns(twice, policy, { asOf }))).toEqual({
      code: 'INVALID_TRANSITION',
      path: ['entries', 0, 'events', 0],
    });
  });

  it('MP-3: currencies that differ are a KehuCurrencyMismatchError naming the entry', () => {
    const entries = [
      { opportunity: opp('a'), events: [] },
      { opportunity: opp('b', { currency: 'USD' }), events: [] },
    ];
    try {
      opportunityColumns(entries, policy, { asOf });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(KehuCurrencyMismatchError);
      expect((err as KehuCurrencyMismatchError).currencies).toEqual(['CNY', 'USD']);
      expect((err as KehuCurrencyMismatchError).details.path).toEqual(['entries', 1, 'opportunity', 'currency']);
    }
  });

  it('MP-3: the revenue scale comes from the data; amounts with no exact scale are refused, never rounded', () => {
    const fine = [
      { opportunity: opp('a', { expectedRevenue: '0.123456' }), events: [] },
      { opportunity: opp('b', { expectedRevenue: '25' }), events: [] },
    ];
    const c = opportunityColumns(fine, policy, { asOf });
    expect(c.revenueScale).toBe(6);
    expect([...c.revenueUnits]).toEqual([123_456, 25_000_000]);
    const tooFine = [
      { opportunity: opp('a'), events: [] },
      {
        opportunity: opp('b'),
        // Built without the record schema (which allows 10 places), as a host may hand Decimals in directly.
        events: [
          {
            type: 'revenue-changed' as const,
            at: new Date('2026-03-03T00:00:00Z'),
            actor: 'am-01',
            expectedRevenue: new Decimal('0.1234567890123456'),
          },
        ],
      },
    ];
    expect(refusal(() => opportunityColumns(tooFine, policy, { asOf })).path).toEqual([
      'entries',
      1,
      'events',
      0,
      'expectedRevenue',
    ]);
    const big = new Decimal('1234567890123456').toString();
    const tooBig = [
      { opportunity: opp('a', { expectedRevenue: '0.5' }), events: [] },
      { opportunity: opp('b', { expectedRevenue: big }), events: [] },
    ];
    const r = refusal(() => opportunityColumns(tooBig, policy, { asOf }));
    expect(r.path).toEqual(['entries', 1, 'opportunity', 'expectedRevenue']);
  });
});
