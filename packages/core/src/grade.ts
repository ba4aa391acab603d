import * as z from 'zod';
import { idSchema, instantCodec } from './codecs.js';
import { attributesSchema } from './json-value.js';
import { encoderFor, parserFor } from './parse.js';
import { textSchema } from './text.js';

/** The four tiers, highest first (rule GR-1). */
export const TIERS = ['diamond', 'gold', 'silver', 'regular'] as const;

/** A customer tier (rule GR-1). */
export const tierSchema = z.enum(TIERS);
/** A customer tier. */
export type Tier = z.infer<typeof tierSchema>;

/** Compares tiers: negative when `a` is higher than `b`, 0 when equal. */
export function compareTiers(a: Tier, b: Tier): number {
  return TIERS.indexOf(a) - TIERS.indexOf(b);
}

/**
 * A grade given to a customer (rules GR-1, GR-4): the tier, from when, by whom, why,
 * how it was decided, and for manual overrides when it expires.
 */
export const gradeAssignmentSchema = z
  .strictObject({
    customerId: idSchema,
    tier: tierSchema,
    effectiveFrom: instantCodec,
    /** `evaluation`: computed by the grading engine; `manual`: set by staff; `override`: manual with an expiry. */
    source: z.enum(['evaluation', 'manual', 'override']),
    assignedBy: idSchema,
    reason: textSchema.min(1, 'a grade needs a reason'),
    expiresAt: instantCodec.optional(),
    /** The rule ids, factors and numbers that produced the grade. */
    explanation: attributesSchema.default({}),
  })
  .superRefine((g, ctx) => {
    if (g.source === 'override' && g.expiresAt === undefined) {
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'an override needs an expiry' });
    }
    if (g.expiresAt !== undefined && g.expiresAt.getTime() <= g.effectiveFrom.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'must be after effectiveFrom' });
    }
  });

/** A grade assignment. */
export type GradeAssignment = z.output<typeof gradeAssignmentSchema>;
/** What {@link parseGradeAssignment} accepts. */
export type GradeAssignmentInput = z.input<typeof gradeAssignmentSchema>;

/** Validates and decodes a grade assignment. */
export const parseGradeAssignment = parserFor(gradeAssignmentSchema, 'grade assignment');
/** Encodes a grade assignment as exact JSON. */
export const gradeAssignmentToJson = encoderFor(gradeAssignmentSchema, 'grade assignment');
