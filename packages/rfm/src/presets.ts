import type { SegmentMap, SegmentRule } from './segments.js';

type Cell = [r: number, fm: number];
const cells = (list: Cell[]) =>
  list.map(([r, fm]) => ({ r: [r, r] as [number, number], fm: [fm, fm] as [number, number] }));

function rule(segment: string, en: string, zh: string, when: SegmentRule['when']): SegmentRule {
  return { segment, label: { en, zh }, when };
}

/**
 * The common R × FM grid of 11 segments (5 bins; FM is the rounded mean of F and M): every
 * one of the 25 R-FM cells belongs to exactly one segment.
 */
export const RFM_11_SEGMENTS: SegmentMap = {
  id: 'rfm-11',
  name: 'R × FM grid, 11 segments',
  bins: 5,
  rules: [
    rule(
      'champions',
      'Champions',
      '重要价值客户',
      cells([
        [5, 5],
        [5, 4],
        [4, 5],
      ]),
    ),
    rule(
      'loyal',
      'Loyal',
      '忠诚客户',
      cells([
        [5, 3],
        [4, 4],
        [3, 5],
        [3, 4],
      ]),
    ),
    rule(
      'potential-loyalist',
      'Potential Loyalist',
      '潜力客户',
      cells([
        [5, 2],
        [4, 3],
        [4, 2],
      ]),
    ),
    rule('new', 'New', '新客户', cells([[5, 1]])),
    rule('promising', 'Promising', '有前景客户', cells([[4, 1]])),
    rule('need-attention', 'Need Attention', '需关注客户', cells([[3, 3]])),
    rule(
      'about-to-sleep',
      'About to Sleep',
      '即将沉睡客户',
      cells([
        [3, 2],
        [3, 1],
      ]),
    ),
    rule(
      'at-risk',
      'At Risk',
      '流失风险客户',
      cells([
        [2, 5],
        [2, 4],
        [2, 3],
        [1, 3],
      ]),
    ),
    rule(
      'cant-lose',
      "Can't Lose Them",
      '不能失去的客户',
      cells([
        [1, 5],
        [1, 4],
      ]),
    ),
    rule(
      'hibernating',
      'Hibernating',
      '休眠客户',
      cells([
        [2, 2],
        [1, 2],
      ]),
    ),
    rule(
      'lost',
      'Lost',
      '流失客户',
      cells([
        [2, 1],
        [1, 1],
      ]),
    ),
  ],
};

/** The R × F grid (5 bins): recency high (4–5), middle (3) or low (1–2) against frequency high, middle or low. */
export const RF_GRID: SegmentMap = {
  id: 'rf-grid',
  name: 'R × F grid, 9 cells',
  bins: 5,
  rules: (
    [
      ['high', [4, 5], '高'],
      ['mid', [3, 3], '中'],
      ['low', [1, 2], '低'],
    ] as const
  ).flatMap(([rName, rRange, rZh]) =>
    (
      [
        ['high', [4, 5], '高'],
        ['mid', [3, 3], '中'],
        ['low', [1, 2], '低'],
      ] as const
    ).map(([fName, fRange, fZh]) =>
      rule(`r-${rName}-f-${fName}`, `Recency ${rName}, frequency ${fName}`, `近度${rZh}、频度${fZh}`, [
        { r: [...rRange], f: [...fRange] },
      ]),
    ),
  ),
};

/**
 * The rules' own high / medium / low rating (RF-1, GR-8) on R + F + M (5 bins): 12–15 high
 * value, 8–11 medium value, 3–7 low value.
 */
export const VALUE_RATING: SegmentMap = {
  id: 'value-rating',
  name: 'High, medium and low value by R + F + M',
  bins: 5,
  rules: [
    rule('high-value', 'High value', '高价值客户', [{ sum: [12, 15] }]),
    rule('medium-value', 'Medium value', '中价值客户', [{ sum: [8, 11] }]),
    rule('low-value', 'Low value', '低价值客户', [{ sum: [3, 7] }]),
  ],
};

/** Every preset. */
export const SEGMENT_PRESETS: readonly SegmentMap[] = [RFM_11_SEGMENTS, RF_GRID, VALUE_RATING];
