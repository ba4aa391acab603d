import { KehuPolicyError, KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { assessRelationship } from './relationship.js';

const card = {
  indicators: [
    { id: 'volume', label: { en: 'Purchase volume', zh: '采购量' }, weight: '0.4', scale: [0, 10] as [number, number] },
    {
      id: 'payment',
      label: { en: 'Payment record', zh: '付款记录' },
      weight: '0.35',
      scale: [0, 10] as [number, number],
    },
    {
      id: 'cooperation',
      label: { en: 'Cooperation', zh: '配合度' },
      weight: '0.25',
      scale: [1, 5] as [number, number],
    },
  ],
};

describe('assessRelationship (rule GR-7)', () => {
  it('weights normalised scores into a 0..100 total with each contribution and the distance to the next band', () => {
    const a = assessRelationship({ volume: 8, payment: 6, cooperation: 3 }, card);
    expect(a.total.toString()).toBe('65.5');
    expect(a.recommendation).toBe('improve');
    expect(a.toNextBand?.toString()).toBe('4.5');
    expect(a.indicators.map((i) => i.contribution.toString())).toEqual(['32', '21', '12.5']);
    expect(assessRelationship({ volume: 10, payment: 10, cooperation: 5 }, card)).toMatchObject({
      recommendation: 'maintain',
      toNextBand: null,
    });
    expect(assessRelationship({ volume: 0, payment: 1, cooperation: 1 }, card).recommendation).toBe('terminate');
  });
  it('handles missing scores by policy', () => {
    expect(() => assessRelationship({ volume: 8, payment: 6 }, card)).toThrow(KehuValidationError);
    expect(assessRelationship({ volume: 8, payment: 6 }, { ...card, missing: 'zero' }).total.toString()).toBe('53');
    expect(assessRelationship({ volume: 10, payment: 10 }, { ...card, missing: 'reweight' }).total.toString()).toBe(
      '100',
    );
  });
  it('validates weights, scales and bands', () => {
    expect(() => assessRelationship({}, { ...card, indicators: card.indicators.slice(0, 2) })).toThrow(KehuPolicyError);
    expect(() => assessRelationship({ volume: 11, payment: 6, cooperation: 3 }, card)).toThrow(
      expect.objectContaining({ path: ['volume'] }),
    );
    expect(() => assessRelationship({}, { ...card, bands: { improveFrom: 80, maintainFrom: 50 } })).toThrow(
      KehuPolicyError,
    );
  });
});
