import type { Decimal, TransactionSummary } from '@kehu/core';
import * as z from 'zod';
import { gradeByContribution } from './contribution.js';
import { parsePolicy } from './policy-error.js';

/** ABC analysis cut-offs on cumulative share of contribution (rule GR-6); defaults 80% and 95%. */
export const abcPolicySchema = z
  .object({
    /** Customers before this cumulative share are class A; default 0.8. */
    a: z.number().gt(0).lt(1).default(0.8),
    /** … before this one class B; default 0.95. The rest are class C. */
    b: z.number().gt(0).max(1).default(0.95),
    /** `net` (default) or `gross` contribution. */
    basis: z.enum(['net', 'gross']).default('net'),
  })
  .refine((p) => p.b > p.a, { path: ['b'], message: 'must be greater than a' });

/** ABC policy with defaults applied. */
export type AbcPolicy = z.output<typeof abcPolicySchema>;

/** One customer's ABC class. */
export interface AbcClass {
  /** The customer. */
  customerId: string;
  /** The class. */
  abc: 'A' | 'B' | 'C';
  /** Contribution. */
  contribution: Decimal;
  /** Share of contribution before this customer's group of equal contributions. */
  shareBefore: Decimal;
}

/**
 * ABC analysis (rule GR-6): ranks customers by contribution and classes them A while the
 * cumulative share before them is under `a`, B under `b`, C after; equal contributions
 * share a class.
 */
export function abcAnalysis(
  summaries: Iterable<TransactionSummary>,
  policyInput: z.input<typeof abcPolicySchema> = {},
  options: { currency?: string } = {},
): AbcClass[] {
  const p = parsePolicy(abcPolicySchema, policyInput, 'ABC policy');
  return gradeByContribution(summaries, { basis: p.basis }, options).grades.map((g) => ({
    customerId: g.customerId,
    abc:
      g.contribution.isPositive() && !g.contribution.isZero() && g.shareBefore.lt(p.a)
        ? 'A'
        : g.contribution.isPositive() && !g.contribution.isZero() && g.shareBefore.lt(p.b)
          ? 'B'
          : 'C',
    contribution: g.contribution,
    shareBefore: g.shareBefore,
  }));
}
