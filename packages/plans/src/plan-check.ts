import {
  type ErrorPath,
  invalidInput,
  type KehuValidationError,
  type LeavePeriod,
  type PlanEventBody,
} from '@kehu/core';
import { budgetGrowth, describeGrowth, reapprovalThreshold } from './approval-flow.js';
import { localDateAt } from './local-time.js';
import type { PlanPolicy } from './plan-policy.js';
import { applyPlanEvent, openRound } from './plan-replay.js';
import type { PlanSnapshot } from './types.js';

/** A signer as the delegation check needs them: their id and their leave (core's `LeavePeriod`s, local dates). */
export interface PlanSigner {
  /** The signer's id, as approval flows list it. */
  id: string;
  /** The signer's leave periods (local dates, inclusive). */
  leave: readonly LeavePeriod[];
}

/** Options of {@link checkPlanEvent}. */
export interface CheckPlanEventOptions {
  /** The signers' leave, for the policy's delegation mode `on-leave`. */
  signers?: readonly PlanSigner[];
  /** The IANA time zone whose local date of the event's instant is looked up in the leave (needed for `on-leave`). */
  timeZone?: string;
}

/** The error of an event the policy does not allow. */
function refuse(path: ErrorPath, message: string): KehuValidationError {
  return invalidInput(path, message, 'INVALID_TRANSITION', { code: 'INVALID_TRANSITION' });
}

/**
 * Checks who records a delegation: the signer handing over, or the cover their leave names (`coverId`) taking it
 * over for themselves on the local date of `at`. Anyone else could make themselves a signer's delegate and sign.
 */
function checkDelegator(event: Extract<PlanEventBody, { type: 'delegated' }>, options: CheckPlanEventOptions): void {
  if (event.actor === event.fromId) return;
  const zone = options.timeZone;
  const leave = options.signers?.find((s) => s.id === event.fromId)?.leave ?? [];
  if (event.actor === event.toId && zone !== undefined) {
    const date = localDateAt(event.at, zone, ['event', 'at'], ['options', 'timeZone']);
    if (leave.some((l) => l.coverId === event.actor && l.from <= date && date <= l.to)) return;
  }
  throw refuse(
    ['event', 'actor'],
    `${event.actor} cannot hand over the signature of ${event.fromId}: a delegation is given by the signer, or taken ` +
      'by the cover their leave names on that date',
  );
}

/** Checks a delegation against the policy's mode. */
function checkDelegation(
  event: Extract<PlanEventBody, { type: 'delegated' }>,
  policy: PlanPolicy,
  options: CheckPlanEventOptions,
): void {
  const mode = policy.approval.delegation;
  if (mode === 'never')
    throw refuse(['event', 'type'], 'the policy lets no signer delegate (approval.delegation is never)');
  checkDelegator(event, options);
  if (mode === 'any-time') return;
  if (options.timeZone === undefined)
    throw invalidInput(
      ['options', 'timeZone'],
      'a delegation while on leave is checked on the local date of its instant: options.timeZone is required',
      'invalid_type',
    );
  const date = localDateAt(event.at, options.timeZone, ['event', 'at'], ['options', 'timeZone']);
  const signer = options.signers?.find((s) => s.id === event.fromId);
  const onLeave = signer?.leave.some((l) => l.from <= date && date <= l.to) ?? false;
  if (!onLeave)
    throw refuse(
      ['event', 'fromId'],
      `${event.fromId} is not on leave on ${date} (${options.timeZone}); the policy lets a signer delegate only ` +
        'while on leave (approval.delegation is on-leave)',
    );
}

/**
 * Checks one new event of a maintenance plan before it is appended (rules MP-1, MP-2, AR-4) and returns the
 * snapshot after it. Everything `replayPlan` checks (state, pending signers, delegations in effect, time
 * order), plus the policy's rules:
 * - a revision of an approved or active plan in which a budget line grew past `approval.reapproval` needs a flow;
 * - 加签 only when `approval.addSigner.allowed`, at most `maxPerStep` added signers per step;
 * - delegation by `approval.delegation`: `never` refuses; `on-leave` needs `fromId` on leave (in `options.signers`)
 *   on the local date of `at` in `options.timeZone` (required then); the actor is `fromId`, or the cover their
 *   leave names (`coverId`) taking the delegation for themselves;
 * - a variance cause from the policy's taxonomy, a `lineId` of the content in effect with its category;
 * - abandoning (archiving) a draft or returned plan needs a `note`.
 * Throws `KehuValidationError` with a path under `['event']` (code `INVALID_TRANSITION` for what the state, the log
 * or the policy does not allow), or under `['options']` for a missing or unknown time zone.
 */
export function checkPlanEvent(
  snapshot: PlanSnapshot,
  event: PlanEventBody,
  policy: PlanPolicy,
  options: CheckPlanEventOptions = {},
): PlanSnapshot {
  const after = applyPlanEvent(snapshot, event, snapshot.version + 1);
  switch (event.type) {
    case 'revised': {
      if (event.flow !== undefined || (snapshot.state !== 'approved' && snapshot.state !== 'active')) break;
      const exceeding = budgetGrowth(snapshot.content, event.content, policy).filter((g) => g.exceeds);
      if (exceeding.length > 0)
        throw refuse(
          ['event', 'flow'],
          `a revision of ${snapshot.state === 'active' ? 'an active' : 'an approved'} plan needs re-approval ` +
            `(rule MP-1): ${exceeding.map((g) => describeGrowth(g).en).join('; ')}, past the threshold of ` +
            `${reapprovalThreshold(policy).en}; give the revision an approval flow`,
        );
      break;
    }
    case 'signer-added': {
      const { allowed, maxPerStep } = policy.approval.addSigner;
      if (!allowed) throw refuse(['event', 'type'], 'the policy does not allow 加签 (approval.addSigner.allowed)');
      const round = openRound(snapshot)!;
      const step = round.steps[round.current]!;
      if (step.added.length >= maxPerStep)
        throw refuse(
          ['event', 'signerId'],
          `step ${step.id} already has ${step.added.length} added signers, the most the policy allows ` +
            `(approval.addSigner.maxPerStep ${maxPerStep})`,
        );
      break;
    }
    case 'delegated':
      checkDelegation(event, policy, options);
      break;
    case 'variance-explained': {
      const causes = policy.budget.causes.map((c) => c.code);
      if (!causes.includes(event.cause))
        throw invalidInput(
          ['event', 'cause'],
          `unknown variance cause ${JSON.stringify(event.cause)}; the policy's causes are ${causes.join(', ')}`,
        );
      if (event.lineId === undefined) break;
      const line = snapshot.content.budgetLines.find((l) => l.id === event.lineId);
      if (line === undefined)
        throw invalidInput(['event', 'lineId'], `the plan has no budget line ${JSON.stringify(event.lineId)}`);
      if (line.category !== event.category)
        throw invalidInput(
          ['event', 'category'],
          `budget line ${line.id} is in category ${line.category}, not ${event.category}`,
        );
      break;
    }
    case 'archived':
      if ((snapshot.state === 'draft' || snapshot.state === 'returned') && event.note === undefined)
        throw refuse(
          ['event', 'note'],
          `abandoning ${snapshot.state === 'draft' ? 'a draft' : 'a returned'} plan needs a note saying why`,
        );
      break;
    default:
      break;
  }
  return after;
}
