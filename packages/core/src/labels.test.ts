import { describe, expect, it } from 'vitest';
import { labelText, SEVERITY_LABELS, STATUS_LABELS, TIER_LABELS } from './labels.js';

describe('labels (English and Simplified Chinese)', () => {
  it('has both languages for every value', () => {
    for (const table of [TIER_LABELS, STATUS_LABELS, SEVERITY_LABELS]) {
      for (const label of Object.values(table)) {
        expect(label.en).toMatch(/^[A-Z]/);
        expect(label.zh).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    expect(labelText(TIER_LABELS.gold)).toBe('Gold');
    expect(labelText(TIER_LABELS.gold, 'zh')).toBe('黄金客户');
  });
});
