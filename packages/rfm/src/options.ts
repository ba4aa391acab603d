import { KehuPolicyError, signedDecimalStringSchema, toValidationIssues } from '@kehu/core';
import * as z from 'zod';

/**
 * How values are turned into scores 1..bins (rule RF-1):
 * - `min-rank` (default): a value's score comes from the share of customers with a
 *   strictly lower value: `1 + floor(bins × below / n)`. Equal values always share a score.
 * - `mid-rank`: the same with the mid rank of the tied group, `below + (equal − 1) / 2`.
 * - `ntile`: the SQL `NTILE(bins)` of the sorted values (equal bins); how ties are treated
 *   follows `ties`.
 */
export const quantileSchema = z.enum(['min-rank', 'mid-rank', 'ntile']);

/**
 * Tie policy: `share` (default) gives equal values one score (bins may be unequal); `split` breaks ties by
 * customer id so bins are equal (`ntile` only).
 */
export const tiesSchema = z.enum(['share', 'split']);

/**
 * `independent` (default) bins R, F and M over all customers; `nested` bins F within each R score and M within
 * each R-F cell.
 */
export const binningSchema = z.enum(['independent', 'nested']);

const ascending = <T extends z.ZodType>(item: T) =>
  z.array(item).refine((xs) => xs.every((x, i) => i === 0 || Number(x) > Number(xs[i - 1])), {
    message: 'cut points must be strictly ascending',
  });

/**
 * RFM scoring options (rules RF-1, RF-2). Every field but `asOf` has a documented
 * default; the object is JSON-serialisable except `asOf`, which callers pass each time.
 */
export const rfmPolicySchema = z
  .object({
    /** Number of scores per dimension; default 5. */
    bins: z.number().int().min(2).max(10).default(5),
    /** Quantile definition; default `min-rank`. */
    quantile: quantileSchema.default('min-rank'),
    /** Tie policy; default `share`. */
    ties: tiesSchema.default('share'),
    /** Binning; default `independent`. */
    binning: binningSchema.default('independent'),
    /** Which amount is M: `net` (default; refunds and returns netted, AR-6) or `gross`. */
    monetary: z.enum(['net', 'gross']).default('net'),
    /**
     * Fixed cut points instead of quantiles, `bins − 1` ascending values per dimension:
     * recency in days (a value at or below the first cut scores `bins`), frequency counts
     * and monetary decimal strings (a value at or above the k-th cut scores at least k + 1).
     */
    cutPoints: z
      .object({
        recency: ascending(z.number().nonnegative()).optional(),
        frequency: ascending(z.number().nonnegative()).optional(),
        monetary: ascending(signedDecimalStringSchema).optional(),
      })
      .optional(),
  })
  .superRefine((p, ctx) => {
    if (p.ties === 'split' && p.quantile !== 'ntile') {
      ctx.addIssue({
        code: 'custom',
        path: ['ties'],
        message: 'ties "split" needs quantile "ntile"; rank quantiles always share ties',
      });
    }
    for (const key of ['recency', 'frequency', 'monetary'] as const) {
      const cuts = p.cutPoints?.[key];
      if (cuts !== undefined && cuts.length !== p.bins - 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['cutPoints', key],
          message: `expected ${p.bins - 1} cut points for ${p.bins} bins`,
        });
      }
    }
  });

/** RFM scoring policy with defaults applied. */
export type RfmPolicy = z.output<typeof rfmPolicySchema>;
/** What {@link parseRfmPolicy} accepts. */
export type RfmPolicyInput = z.input<typeof rfmPolicySchema>;

/** The default policy: 5 bins, `min-rank` quantiles, ties shared, independent bins, net monetary. */
export const DEFAULT_RFM_POLICY: RfmPolicy = rfmPolicySchema.parse({});

/** Validates a policy; throws `KehuPolicyError` (code `POLICY_INVALID`) with the path of the bad field. */
export function parseRfmPolicy(input: unknown = {}): RfmPolicy {
  const r = rfmPolicySchema.safeParse(input);
  if (!r.success) {
    const issues = toValidationIssues(r.error.issues);
    throw new KehuPolicyError(`invalid RFM policy at ${issues[0]?.path.join('.')}: ${issues[0]?.message}`, {
      path: issues[0]?.path ?? [],
      details: { issues },
    });
  }
  return r.data;
}
