import { Decimal, decimalStringSchema, invalidInput, KehuValidationError } from '@kehu/core';
import * as z from 'zod';
import { parsePolicy } from './policy-error.js';

/**
 * A relationship assessment scorecard (rule GR-7): indicators with weights that sum to
 * exactly 1 and score scales, a policy for missing scores, and bands mapping the weighted
 * total (0..100) to a recommendation.
 */
export const scorecardSchema = z
  .object({
    indicators: z
      .array(
        z.object({
          id: z.string().min(1),
          label: z.object({ en: z.string().min(1), zh: z.string().min(1) }),
          /** Decimal string; all weights sum to exactly 1. */
          weight: decimalStringSchema,
          /** The score scale, e.g. [0, 10]. */
          scale: z
            .tuple([z.number(), z.number()])
            .refine(([a, b]) => a < b, { message: 'scale must be [min, max] with min < max' }),
        }),
      )
      .min(1),
    /**
     * `fail` (default): a missing score is an error; `zero`: counts as the scale's minimum; `reweight`: the
     * other weights are scaled up.
     */
    missing: z.enum(['fail', 'zero', 'reweight']).default('fail'),
    /**
     * Bands on the 0..100 total: below `improveFrom` terminate, below `maintainFrom` improve, else maintain.
     * Defaults 40 and 70.
     */
    bands: z
      .object({
        improveFrom: z.number().min(0).max(100).default(40),
        maintainFrom: z.number().min(0).max(100).default(70),
      })
      .default({ improveFrom: 40, maintainFrom: 70 }),
  })
  .superRefine((s, ctx) => {
    const sum = s.indicators.reduce((acc, i) => acc.plus(i.weight), new Decimal(0));
    if (!sum.eq(1))
      ctx.addIssue({ code: 'custom', path: ['indicators'], message: `weights must sum to 1, not ${sum.toString()}` });
    if (s.bands.maintainFrom <= s.bands.improveFrom)
      ctx.addIssue({ code: 'custom', path: ['bands', 'maintainFrom'], message: 'must be greater than improveFrom' });
    const ids = new Set<string>();
    s.indicators.forEach((i, k) => {
      if (ids.has(i.id))
        ctx.addIssue({ code: 'custom', path: ['indicators', k, 'id'], message: `duplicate indicator ${i.id}` });
      ids.add(i.id);
    });
  });

/** A scorecard with defaults applied. */
export type Scorecard = z.output<typeof scorecardSchema>;

/** The outcome of an assessment (rule GR-7). */
export interface RelationshipAssessment {
  /** Weighted total on 0..100. */
  total: Decimal;
  /** The recommendation. */
  recommendation: 'improve' | 'maintain' | 'terminate';
  /** Each indicator's normalised score (0..1), weight used and contribution to the total. */
  indicators: Array<{ id: string; score: number | null; weight: Decimal; contribution: Decimal }>;
  /** Points to the next better band (`null` when already in `maintain`). */
  toNextBand: Decimal | null;
  /** Indicators without a score and how the policy treated them. */
  missing: string[];
}

/**
 * Scores a relationship with a scorecard (rule GR-7): each indicator's score is normalised
 * on its scale, weighted, and summed to 0..100; the total maps to improve, maintain or
 * terminate. A score outside its scale is a `KehuValidationError` at its path.
 */
export function assessRelationship(
  scores: Readonly<Record<string, number | null | undefined>>,
  scorecardInput: z.input<typeof scorecardSchema>,
): RelationshipAssessment {
  const card = parsePolicy(scorecardSchema, scorecardInput, 'scorecard');
  const missing = card.indicators.filter((i) => scores[i.id] === null || scores[i.id] === undefined).map((i) => i.id);
  if (missing.length > 0 && card.missing === 'fail') {
    throw new KehuValidationError(
      `missing scores: ${missing.join(', ')}`,
      missing.map((id) => ({ path: [id], message: 'no score (scorecard policy: fail)', code: 'MISSING_SCORE' })),
      { code: 'MISSING_SCORE' },
    );
  }
  const present = new Decimal(1).minus(
    card.indicators.filter((i) => missing.includes(i.id)).reduce((s, i) => s.plus(i.weight), new Decimal(0)),
  );
  const indicators = card.indicators.map((i) => {
    const raw = scores[i.id];
    const [lo, hi] = i.scale;
    if (raw !== null && raw !== undefined && (!Number.isFinite(raw) || raw < lo || raw > hi)) {
      throw invalidInput([i.id], `score of ${i.id} outside its scale [${lo}, ${hi}]`, 'too_big');
    }
    const normalised = raw === null || raw === undefined ? null : new Decimal(raw - lo).div(hi - lo);
    const weight =
      card.missing === 'reweight' && missing.length > 0
        ? missing.includes(i.id)
          ? new Decimal(0)
          : new Decimal(i.weight).div(present)
        : new Decimal(i.weight);
    const contribution = (normalised ?? new Decimal(0)).times(weight).times(100);
    return { id: i.id, score: normalised === null ? null : normalised.toNumber(), weight, contribution };
  });
  const total = indicators.reduce((s, i) => s.plus(i.contribution), new Decimal(0)).toDecimalPlaces(10);
  const { improveFrom, maintainFrom } = card.bands;
  const recommendation = total.gte(maintainFrom) ? 'maintain' : total.gte(improveFrom) ? 'improve' : 'terminate';
  const toNextBand =
    recommendation === 'maintain'
      ? null
      : new Decimal(recommendation === 'improve' ? maintainFrom : improveFrom).minus(total);
  return { total, recommendation, indicators, toNextBand, missing };
}
