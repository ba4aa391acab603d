import {
  type CustomerExit,
  type CustomerExitInput,
  invalidInput,
  parseCustomerExit as parseStoredExit,
} from '@kehu/core';
import { CHURN_REASONS, type ChurnReasonCategory, type ChurnReasonCode, isChurnReasonCode } from './taxonomy.js';

/**
 * That a customer left (rule CH-7), with its reason checked against the CH-5 taxonomy: the
 * stored record of `@kehu/core` (`customerExitSchema`: customer, when they left, the
 * concrete reason in words (`detail`), the settlement status ('settled' | 'pending' |
 * 'written-off' | 'disputed'), lessons, the owner, who recorded it and when) whose `reason`
 * is a {@link ChurnReasonCode}.
 */
export type ChurnExit = Omit<CustomerExit, 'reason'> & {
  /** The confirmed reason, a CH-5 taxonomy code. */
  readonly reason: ChurnReasonCode;
};

/** What {@link parseChurnExit} accepts: the input of core's `customerExitSchema`. */
export type ChurnExitInput = CustomerExitInput;

/**
 * Validates an exit record (rule CH-7): core's `customerExitSchema` (dates decoded, unknown
 * fields refused), then the reason against the CH-5 taxonomy. A reason of `other` must say
 * the concrete reason in words (`detail`), since no code carries it.
 *
 * @param input - the exit as received
 * @returns the validated exit, its reason typed as a taxonomy code
 * @throws KehuValidationError naming the first bad field; `['reason']` for a reason outside
 *   the taxonomy, `['detail']` for `other` without its words
 */
export function parseChurnExit(input: unknown): ChurnExit {
  const exit = parseStoredExit(input);
  if (!isChurnReasonCode(exit.reason))
    throw invalidInput(
      ['reason'],
      `invalid customer exit, field "reason": ${JSON.stringify(exit.reason)} is not a churn reason code of rule CH-5`,
    );
  if (exit.reason === 'other' && exit.detail === undefined)
    throw invalidInput(
      ['detail'],
      'invalid customer exit, field "detail": a reason of "other" needs the concrete reason in words (rule CH-7)',
      'too_small',
    );
  return exit as ChurnExit;
}

/** The CH-5 category of an exit's reason. */
export function exitCategory(exit: Pick<ChurnExit, 'reason'>): ChurnReasonCategory {
  return CHURN_REASONS[exit.reason].category;
}
