import { KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import {
  CHURN_REASON_CATEGORIES,
  CHURN_REASON_CATEGORY_LABELS,
  CHURN_REASON_CODES,
  CHURN_REASONS,
  categoryOf,
  isChurnReasonCode,
  reasonCodeSchema,
  reasonsIn,
} from './taxonomy.js';

describe('churn reason taxonomy (rule CH-5)', () => {
  it('CH-5: lists service, price, market and internal reasons with their sub-reasons, plus other', () => {
    expect(reasonsIn('service')).toEqual(['service.quality', 'service.slow-response', 'service.after-sales']);
    expect(reasonsIn('price')).toEqual(['price.too-high', 'price.competitor-cheaper']);
    expect(reasonsIn('market')).toEqual(['market.product-obsolete']);
    expect(reasonsIn('internal')).toEqual(['internal.process', 'internal.communication', 'internal.staff']);
    expect(reasonsIn('other')).toEqual(['other']);
    expect(CHURN_REASON_CODES).toHaveLength(10);
  });

  it('CH-5: every code is keyed by itself, prefixed by its category, labelled in English and Chinese', () => {
    for (const code of CHURN_REASON_CODES) {
      const reason = CHURN_REASONS[code];
      expect(reason.code).toBe(code);
      expect(reason.rule).toBe('CH-5');
      expect(code === 'other' ? 'other' : code.split('.')[0]).toBe(reason.category);
      expect(reason.label.en.length).toBeGreaterThan(0);
      expect(reason.label.zh).toMatch(/[\u4e00-\u9fff]/);
    }
    for (const category of CHURN_REASON_CATEGORIES) {
      expect(CHURN_REASON_CATEGORY_LABELS[category].zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('CH-5: the codes match the shape @kehu/core stores (category.code or one word)', () => {
    for (const code of CHURN_REASON_CODES) expect(code).toMatch(/^[a-z]+(\.[a-z-]+)?$/);
  });

  it('CH-5: isChurnReasonCode and the schema accept exactly the taxonomy codes', () => {
    expect(isChurnReasonCode('price.too-high')).toBe(true);
    expect(isChurnReasonCode('price')).toBe(false);
    expect(isChurnReasonCode('service.rude')).toBe(false);
    expect(isChurnReasonCode(3)).toBe(false);
    expect(reasonCodeSchema.safeParse('internal.staff').success).toBe(true);
    expect(reasonCodeSchema.safeParse('internal.other').success).toBe(false);
  });

  it('CH-5: categoryOf maps a code to its family and refuses an unknown code with a typed error', () => {
    expect(categoryOf('price.competitor-cheaper')).toBe('price');
    expect(categoryOf('other')).toBe('other');
    expect(() => categoryOf('nope' as never)).toThrow(KehuValidationError);
  });
});
