import { Decimal, decimalStringSchema } from '@kehu/core';
import * as z from 'zod';
import { parsePolicy } from './policy-error.js';

/** What a host knows about a candidate key account (rule GR-5). */
export interface KeyAccountFacts {
  /** The customer. */
  customerId: string;
  /** Largest actual order (decimal string or Decimal). */
  largestOrder?: Decimal | string;
  /** Years of continuous contracts. */
  contractYears?: number;
  /** A large-volume project customer of strategic significance. */
  strategic?: boolean;
  /** Influence on the company's business or image, 0..10. */
  influence?: number;
  /** Technical absorption, innovation and market development strength, 0..10. */
  capability?: number;
}

/**
 * Key-account criteria (rule GR-5), each with its threshold; a customer is a key account
 * when the `required` criteria hold and at least `minMatched` criteria hold in all.
 * Defaults: order ≥ 500,000, contracts ≥ 1 year (required), strategic, influence ≥ 7,
 * capability ≥ 7, at least 2 criteria.
 */
export const keyAccountPolicySchema = z.object({
  minOrder: decimalStringSchema.default('500000'),
  minContractYears: z.number().min(0).default(1),
  minInfluence: z.number().min(0).max(10).default(7),
  minCapability: z.number().min(0).max(10).default(7),
  required: z.array(z.enum(['order', 'contract', 'strategic', 'influence', 'capability'])).default(['contract']),
  minMatched: z.number().int().min(1).max(5).default(2),
});

/** The criteria of rule GR-5. */
export type KeyAccountCriterion = 'order' | 'contract' | 'strategic' | 'influence' | 'capability';

/** Whether a customer is a key account, and which criteria decided it. */
export interface KeyAccountResult {
  /** The customer. */
  customerId: string;
  /** The verdict. */
  isKeyAccount: boolean;
  /** Criteria that hold. */
  matched: KeyAccountCriterion[];
  /** Required criteria that do not hold. */
  missingRequired: KeyAccountCriterion[];
}

/** Identifies key accounts (rule GR-5) with the matched criteria in each result. */
export function identifyKeyAccounts(
  candidates: Iterable<KeyAccountFacts>,
  policyInput: z.input<typeof keyAccountPolicySchema> = {},
): KeyAccountResult[] {
  const p = parsePolicy(keyAccountPolicySchema, policyInput, 'key-account policy');
  const out: KeyAccountResult[] = [];
  for (const c of candidates) {
    const holds: Record<KeyAccountCriterion, boolean> = {
      order: c.largestOrder !== undefined && new Decimal(c.largestOrder).gte(p.minOrder),
      contract: (c.contractYears ?? 0) >= p.minContractYears,
      strategic: c.strategic === true,
      influence: (c.influence ?? 0) >= p.minInfluence,
      capability: (c.capability ?? 0) >= p.minCapability,
    };
    const matched = (Object.keys(holds) as KeyAccountCriterion[]).filter((k) => holds[k]);
    const missingRequired = p.required.filter((k) => !holds[k]);
    out.push({
      customerId: c.customerId,
      isKeyAccount: missingRequired.length === 0 && matched.length >= p.minMatched,
      matched,
      missingRequired,
    });
  }
  return out;
}
