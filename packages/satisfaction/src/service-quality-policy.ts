/**
 * The policy of the quarterly service-quality evaluation (rule SA-4 over the seven indicators of rule SA-3):
 * how the indicators are weighted into one index, the target of each, the answer scale and the time zone whose
 * calendar quarters are evaluated. Versioned JSON data; evaluations record its id and version.
 */
import { policyParserFor } from '@kehu/core';
import * as z from 'zod';
import { SERVICE_QUALITY_INDICATORS, type ServiceQualityIndicator } from './dimensions.js';
import { isZone } from './quarter.js';

const indicatorRecord = (value: z.ZodNumber, fallback: number) =>
  z
    .object(
      Object.fromEntries(SERVICE_QUALITY_INDICATORS.map((k) => [k, value.default(fallback)])) as Record<
        ServiceQualityIndicator,
        z.ZodDefault<z.ZodNumber>
      >,
    )
    .strict()
    .default(Object.fromEntries(SERVICE_QUALITY_INDICATORS.map((k) => [k, fallback])) as never);

/**
 * The service-quality policy (rules SA-3, SA-4). Defaults:
 * - `weights`: 1 for each of the seven indicators (equal weights). No rule gives weights; equal weighting is
 *   Kehu's default, and a host sets its own (any non-negative numbers with a positive sum; only ratios matter).
 * - `targets`: 4.0 for each indicator on the default 1-5 scale ("satisfied" on a five-point scale); no rule gives
 *   targets either. Each target must lie on the scale.
 * - `scale`: `{ min: 1, max: 5 }`, integers with `min < max`; every score must lie in `[min, max]`.
 * - `zone`: `Asia/Shanghai`, the IANA time zone whose calendar quarters are evaluated.
 */
export const serviceQualityPolicySchema = z
  .object({
    /** Policy id. */
    id: z.string().min(1).default('kehu-service-quality'),
    /** Version; evaluations record it, so they can be recomputed when the policy changes. */
    version: z.string().min(1).default('1'),
    /** Weight of each indicator in the index (non-negative; only ratios matter). */
    weights: indicatorRecord(z.number().min(0).max(1e6), 1),
    /** Target mean of each indicator, on the scale. */
    targets: indicatorRecord(z.number(), 4),
    /** The answer scale of every indicator. */
    scale: z
      .object({ min: z.number().int().default(1), max: z.number().int().default(5) })
      .strict()
      .default({ min: 1, max: 5 })
      .refine((s) => s.min < s.max, { message: 'scale.min must be below scale.max', path: ['max'] }),
    /** IANA time zone of the quarters. */
    zone: z.string().default('Asia/Shanghai').refine(isZone, 'expected an IANA time zone name'),
  })
  .strict()
  .superRefine((p, ctx) => {
    const total = SERVICE_QUALITY_INDICATORS.reduce((s, k) => s + p.weights[k], 0);
    if (!(total > 0)) ctx.addIssue({ code: 'custom', path: ['weights'], message: 'at least one weight must be > 0' });
    for (const k of SERVICE_QUALITY_INDICATORS) {
      const t = p.targets[k];
      if (t < p.scale.min || t > p.scale.max)
        ctx.addIssue({
          code: 'custom',
          path: ['targets', k],
          message: `target ${t} is off the scale ${p.scale.min}-${p.scale.max}`,
        });
    }
  });

/** A number per service-quality indicator (rule SA-3): a weight or a target. */
export type IndicatorNumbers = Record<ServiceQualityIndicator, number>;

/** A service-quality policy, validated, with defaults applied (see {@link serviceQualityPolicySchema}). */
export interface ServiceQualityPolicy {
  /** Policy id. */
  readonly id: string;
  /** Version; evaluations record it. */
  readonly version: string;
  /** Weight of each indicator in the index. */
  readonly weights: Readonly<IndicatorNumbers>;
  /** Target mean of each indicator, on the scale. */
  readonly targets: Readonly<IndicatorNumbers>;
  /** The answer scale of every indicator. */
  readonly scale: { readonly min: number; readonly max: number };
  /** IANA time zone of the quarters. */
  readonly zone: string;
}

/** What {@link parseServiceQualityPolicy} accepts: any field may be left out for its default. */
export type ServiceQualityPolicyInput = z.input<typeof serviceQualityPolicySchema>;

const parse = policyParserFor(serviceQualityPolicySchema, 'service-quality policy');
/** Policies this module parsed, so that a table over millions of responses parses its policy once. */
const parsed = new WeakSet<object>();

/**
 * Validates a service-quality policy and applies the defaults (rules SA-3, SA-4). A policy this function returned
 * is returned as it is.
 *
 * @throws KehuValidationError with the path of the first bad field
 */
export function parseServiceQualityPolicy(input: unknown): ServiceQualityPolicy {
  if (typeof input === 'object' && input !== null && parsed.has(input)) return input as ServiceQualityPolicy;
  const policy: ServiceQualityPolicy = Object.freeze(parse(input ?? {}));
  parsed.add(policy);
  return policy;
}

/** The default policy: equal weights, target 4.0 on a 1-5 scale, quarters in `Asia/Shanghai`. */
export const DEFAULT_SERVICE_QUALITY_POLICY: ServiceQualityPolicy = parseServiceQualityPolicy({});
