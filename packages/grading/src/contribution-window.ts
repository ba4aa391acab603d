import { DAY_MS, requireAsOf } from '@kehu/core';
import { contributionPolicySchema, type ContributionPolicy, type ContributionPolicyInput } from './contribution.js';
import { parsePolicy } from './policy-error.js';

/** What {@link contributionWindow} gives: the window's start, its end and the parsed policy. */
export interface ContributionWindow {
  /** `asOf` less the policy's `windowDays`. */
  from: Date;
  /** The end of the window. */
  asOf: Date;
  /** The policy with its defaults applied. */
  policy: ContributionPolicy;
}

/**
 * The trailing window a contribution policy grades over as of `asOf` (rule GR-2: the past `windowDays` days,
 * 365 by default): the summaries to grade are those from `from` to `asOf`. Throws `KehuPolicyError` for a bad
 * policy and `KehuValidationError` for a bad `asOf`.
 */
export function contributionWindow(
  policy: ContributionPolicyInput | undefined,
  options: { asOf: Date },
): ContributionWindow {
  const asOf = requireAsOf(options);
  const parsed = parsePolicy(contributionPolicySchema, policy ?? {}, 'contribution policy');
  return { from: new Date(asOf.getTime() - parsed.windowDays * DAY_MS), asOf, policy: parsed };
}
