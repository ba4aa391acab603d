import { describe, expect, it } from 'vitest';
import {
  DIMENSION_IDS,
  DIMENSIONS,
  dimensionSchema,
  SA1_DIMENSIONS,
  SERVICE_QUALITY_INDICATORS,
} from './dimensions.js';

describe('dimensions (rules SA-1, SA-3)', () => {
  it('SA-1: product quality, service and price', () => {
    expect(SA1_DIMENSIONS).toEqual(['product-quality', 'service', 'price']);
    for (const d of SA1_DIMENSIONS) expect(DIMENSIONS[d].rule).toBe('SA-1');
  });

  it('SA-3: the seven service-quality indicators, in the order the rule lists them', () => {
    expect(SERVICE_QUALITY_INDICATORS).toEqual([
      'response-speed',
      'attitude',
      'problem-solving',
      'expertise',
      'communication',
      'continuity',
      'innovation',
    ]);
    for (const d of SERVICE_QUALITY_INDICATORS) expect(DIMENSIONS[d].rule).toBe('SA-3');
  });

  it('SA-1, SA-3: every dimension has its id and an English and Simplified Chinese label', () => {
    expect(Object.keys(DIMENSIONS)).toEqual([...DIMENSION_IDS]);
    for (const id of DIMENSION_IDS) {
      const d = DIMENSIONS[id];
      expect(d.id).toBe(id);
      expect(d.label.en).toMatch(/^[A-Z]/);
      expect(d.label.zh).toMatch(/\p{Script=Han}/u);
    }
    expect(DIMENSIONS['response-speed'].label).toEqual({ en: 'Response speed', zh: '响应速度' });
  });

  it('SA-1, SA-3: the schema refuses an unknown dimension', () => {
    expect(dimensionSchema.safeParse('attitude').success).toBe(true);
    expect(dimensionSchema.safeParse('friendliness').success).toBe(false);
  });
});
