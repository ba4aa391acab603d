import { KehuPolicyError, toValidationIssues, type Label } from '@kehu/core';
import * as z from 'zod';

const range = z
  .tuple([z.number().int(), z.number().int()])
  .refine(([a, b]) => a <= b, { message: 'range must be [min, max] with min <= max' });

/**
 * One condition of a segment rule: inclusive score ranges on any of `r`, `f`, `m`,
 * `fm` (the rounded mean of F and M, halves up) and `sum` (R + F + M). All given ranges
 * must hold.
 */
export const segmentConditionSchema = z.object({
  r: range.optional(),
  f: range.optional(),
  m: range.optional(),
  fm: range.optional(),
  sum: range.optional(),
});

/** A segment and when a customer belongs to it: any one of its conditions. */
export const segmentRuleSchema = z.object({
  /** Stable id, e.g. `champions`. */
  segment: z.string().min(1),
  /** Display label in English and Simplified Chinese. */
  label: z.object({ en: z.string().min(1), zh: z.string().min(1) }),
  /** The rule matches when any condition holds. */
  when: z.array(segmentConditionSchema).min(1),
});

/** A segment map: rules that together give every score combination exactly one segment. */
export const segmentMapSchema = z.object({
  /** Stable id of the map. */
  id: z.string().min(1),
  /** What it is. */
  name: z.string().min(1),
  /** The number of scores per dimension it is written for. */
  bins: z.number().int().min(2).max(10),
  /** The rules. */
  rules: z.array(segmentRuleSchema).min(1),
});

/** A segment condition. */
export type SegmentCondition = z.output<typeof segmentConditionSchema>;
/** A segment rule. */
export type SegmentRule = z.output<typeof segmentRuleSchema>;
/** A segment map. */
export type SegmentMap = z.output<typeof segmentMapSchema>;

/** R, F and M scores of one customer. */
export interface Scores {
  /** Recency score. */
  r: number;
  /** Frequency score. */
  f: number;
  /** Monetary score. */
  m: number;
}

const within = (v: number, rg: readonly [number, number] | undefined) => rg === undefined || (v >= rg[0] && v <= rg[1]);

/** Whether `s` meets `c`. */
export function meets(s: Scores, c: SegmentCondition): boolean {
  return (
    within(s.r, c.r) &&
    within(s.f, c.f) &&
    within(s.m, c.m) &&
    within(Math.floor((s.f + s.m + 1) / 2), c.fm) &&
    within(s.r + s.f + s.m, c.sum)
  );
}

/** What {@link validateSegmentMap} found. */
export interface SegmentMapReport {
  /** True when every combination has exactly one segment and every rule can match. */
  ok: boolean;
  /** Score combinations matched by more than one rule, with the rules. */
  overlaps: Array<{ scores: Scores; segments: string[] }>;
  /** Score combinations no rule matches. */
  uncovered: Scores[];
  /** Rules that match no combination. */
  neverMatching: string[];
}

/** Checks a map over all bins³ score combinations: overlaps, uncovered cells, dead rules. */
export function validateSegmentMap(map: SegmentMap): SegmentMapReport {
  const parsed = segmentMapSchema.safeParse(map);
  if (!parsed.success) {
    const issues = toValidationIssues(parsed.error.issues);
    throw new KehuPolicyError(`invalid segment map at ${issues[0]?.path.join('.')}: ${issues[0]?.message}`, {
      path: issues[0]?.path ?? [],
    });
  }
  const report: SegmentMapReport = { ok: true, overlaps: [], uncovered: [], neverMatching: [] };
  const used = new Set<string>();
  for (let r = 1; r <= map.bins; r++) {
    for (let f = 1; f <= map.bins; f++) {
      for (let m = 1; m <= map.bins; m++) {
        const s = { r, f, m };
        const hits = map.rules.filter((rule) => rule.when.some((c) => meets(s, c))).map((rule) => rule.segment);
        hits.forEach((h) => used.add(h));
        if (hits.length === 0) report.uncovered.push(s);
        if (hits.length > 1) report.overlaps.push({ scores: s, segments: hits });
      }
    }
  }
  report.neverMatching = map.rules.map((r) => r.segment).filter((s) => !used.has(s));
  report.ok = report.overlaps.length === 0 && report.uncovered.length === 0 && report.neverMatching.length === 0;
  return report;
}

/** The segment of `scores` in `map` (exactly one for a valid map), with its label. */
export function segmentOf(scores: Scores, map: SegmentMap): { segment: string; label: Label } {
  const rule = map.rules.find((r) => r.when.some((c) => meets(scores, c)));
  if (rule === undefined) {
    throw new KehuPolicyError(`segment map ${map.id} has no segment for R${scores.r} F${scores.f} M${scores.m}`, {
      code: 'SEGMENT_UNCOVERED',
      path: ['rules'],
    });
  }
  return { segment: rule.segment, label: rule.label };
}
