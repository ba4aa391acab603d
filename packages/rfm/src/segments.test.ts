import { KehuPolicyError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RF_GRID, RFM_11_SEGMENTS, SEGMENT_PRESETS, VALUE_RATING } from './presets.js';
import { meets, segmentOf, validateSegmentMap, type SegmentMap } from './segments.js';

describe('segment maps (rules RF-1, GR-8)', () => {
  it.each(SEGMENT_PRESETS.map((m) => [m.id, m] as const))(
    'preset %s gives every score combination exactly one segment',
    (_id, map) => {
      expect(validateSegmentMap(map)).toEqual({ ok: true, overlaps: [], uncovered: [], neverMatching: [] });
    },
  );

  it('has the 11 conventional R × FM segments with bilingual labels', () => {
    expect(RFM_11_SEGMENTS.rules.map((r) => r.label.en)).toEqual([
      'Champions',
      'Loyal',
      'Potential Loyalist',
      'New',
      'Promising',
      'Need Attention',
      'About to Sleep',
      'At Risk',
      "Can't Lose Them",
      'Hibernating',
      'Lost',
    ]);
    expect(segmentOf({ r: 5, f: 5, m: 5 }, RFM_11_SEGMENTS).segment).toBe('champions');
    expect(segmentOf({ r: 1, f: 5, m: 4 }, RFM_11_SEGMENTS).segment).toBe('cant-lose');
    expect(segmentOf({ r: 5, f: 1, m: 1 }, RFM_11_SEGMENTS).label.zh).toBe('新客户');
    expect(segmentOf({ r: 2, f: 5, m: 1 }, RF_GRID).segment).toBe('r-low-f-high');
    expect(segmentOf({ r: 5, f: 5, m: 2 }, VALUE_RATING).segment).toBe('high-value');
  });

  it('reports overlaps, uncovered cells and rules that never match', () => {
    const bad: SegmentMap = {
      id: 'bad',
      name: 'bad',
      bins: 2,
      rules: [
        { segment: 'a', label: { en: 'A', zh: '甲' }, when: [{ r: [1, 2], f: [2, 2] }] },
        { segment: 'b', label: { en: 'B', zh: '乙' }, when: [{ r: [2, 2] }] },
        { segment: 'never', label: { en: 'N', zh: '无' }, when: [{ sum: [99, 99] }] },
      ],
    };
    const report = validateSegmentMap(bad);
    expect(report.ok).toBe(false);
    expect(report.overlaps.map((o) => o.segments)).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
    expect(report.uncovered).toEqual([
      { r: 1, f: 1, m: 1 },
      { r: 1, f: 1, m: 2 },
    ]);
    expect(report.neverMatching).toEqual(['never']);
    expect(() => segmentOf({ r: 1, f: 1, m: 1 }, bad)).toThrow(KehuPolicyError);
    expect(() => validateSegmentMap({ ...bad, rules: [{ ...bad.rules[0]!, when: [{ r: [3, 1] }] }] })).toThrow(
      KehuPolicyError,
    );
  });

  it('gives every customer exactly one segment of a preset (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        (r, f, m) => {
          for (const map of SEGMENT_PRESETS) {
            expect(map.rules.filter((rule) => rule.when.some((c) => meets({ r, f, m }, c)))).toHaveLength(1);
            expect(typeof segmentOf({ r, f, m }, map).segment).toBe('string');
          }
        },
      ),
    );
  });
});
