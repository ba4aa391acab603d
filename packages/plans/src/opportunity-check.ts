import {
  type Decimal,
  type ErrorPath,
  invalidInput,
  type KehuValidationError,
  type Opportunity,
  type OpportunityEventBody,
} from '@kehu/core';
import type { OpportunityPolicy } from './opportunity-policy.js';
import type { OpportunityStatus } from './types.js';

/** One stage visit of an opportunity: a stage entered at `at`, or a closed spell (`stage` null) from a close. */
export interface OpportunityVisit {
  /** The stage entered, or `null` for a closed spell (from a won or lost event until a reopening). */
  readonly stage: string | null;
  /** When the visit (or closed spell) began. */
  readonly at: Date;
}

/**
 * An opportunity's log folded up to some event (rule MP-3): what {@link replayOpportunity} returns and
 * {@link checkOpportunityEvent} advances. Plain data; the engine's columns are built from it.
 */
export interface OpportunityReplay {
  /** The opportunity's id. */
  readonly opportunityId: string;
  /** The customer the opportunity is with. */
  readonly customerId: string;
  /** The currency of the expected revenue. */
  readonly currency: string;
  /** When the opportunity was created (its first visit begins then). */
  readonly createdAt: Date;
  /** Open, won or lost. */
  status: OpportunityStatus;
  /** The current stage, or the stage it was in when it closed. */
  stage: string;
  /** The manual probability in effect (whole percent), or `null` when none is set. */
  manualProbability: number | null;
  /** The expected revenue in effect (exact). */
  expectedRevenue: Decimal;
  /** The expected close date in effect (local date `YYYY-MM-DD`). */
  expectedCloseDate: string;
  /** The salesperson in effect (after reassignments). */
  salespersonId: string;
  /** The outcome's reason code while closed. */
  reason?: string;
  /** The instant of the close in effect, while closed. */
  closedAt?: Date;
  /** Stage visits and closed spells in time order; the first is the opening stage at `createdAt`. */
  visits: OpportunityVisit[];
  /** The instant of the last event applied (`createdAt` before any). */
  lastAt: Date;
  /** The number of events applied. */
  version: number;
}

/** Options of {@link replayOpportunity}. */
export interface ReplayOpportunityOptions {
  /** Replay the log as of this instant: events after it are ignored. Without it, every event is replayed. */
  readonly asOf?: Date;
}

const OPEN_ALLOWS =
  'an open opportunity allows stage-changed, probability-set, revenue-changed, close-date-changed, '.concat(
    'reassigned, won and lost',
  );
const CLOSED_ALLOWS = 'a closed opportunity allows reopened, revenue-changed, close-date-changed and reassigned';

function refused(path: ErrorPath, message: string): KehuValidationError {
  return invalidInput(path, message, 'INVALID_TRANSITION', { code: 'INVALID_TRANSITION' });
}

function checkStage(policy: OpportunityPolicy | undefined, stage: string, path: ErrorPath): void {
  if (policy !== undefined && !policy.stages.some((s) => s.id === stage))
    throw invalidInput(
      [...path, 'stage'],
      `unknown stage ${stage}: the policy's stages are ${policy.stages.map((s) => s.id).join(', ')}`,
    );
}

function checkReason(policy: OpportunityPolicy | undefined, outcome: 'won' | 'lost', code: string, path: ErrorPath) {
  if (policy === undefined) return;
  const reasons = policy.reasons[outcome];
  if (!reasons.some((r) => r.code === code))
    throw invalidInput(
      [...path, 'reason'],
      `unknown ${outcome} reason ${code}: the policy's ${outcome} reasons are ${reasons.map((r) => r.code).join(', ')}`,
    );
}

/**
 * Applies one event to `state` in place (the fold of replay and check). `policy` given: stage ids and reasons are
 * checked against it too.
 */
export function applyOpportunityEvent(
  state: OpportunityReplay,
  event: OpportunityEventBody,
  path: ErrorPath,
  policy: OpportunityPolicy | undefined,
): void {
  if (event === null || typeof event !== 'object')
    throw invalidInput(path, 'an event must be an object', 'invalid_type');
  const at = event.at;
  if (!(at instanceof Date) || Number.isNaN(at.getTime()))
    throw invalidInput([...path, 'at'], 'at must be a valid Date', 'invalid_type');
  if (at.getTime() < state.lastAt.getTime())
    throw refused(
      [...path, 'at'],
      `an event at ${at.toISOString()} is before the previous one (${state.lastAt.toISOString()}): ` +
        'events are in time order',
    );
  const open = state.status === 'open';
  const type = event.type;
  switch (type) {
    case 'created':
      if (state.version > 0)
        throw refused(path, 'created is only the first event of the log; the opportunity already exists');
      checkStage(policy, event.stage, path);
      if (event.stage !== state.stage)
        throw invalidInput([...path, 'stage'], `created must be in the opportunity's first stage ${state.stage}`);
      if (at.getTime() !== state.createdAt.getTime())
        throw invalidInput([...path, 'at'], `created must be at the opportunity's createdAt`);
      break;
    case 'stage-changed':
      if (!open) throw refused(path, `a ${state.status} opportunity cannot change stage: ${CLOSED_ALLOWS}`);
      checkStage(policy, event.stage, path);
      if (event.stage === state.stage)
        throw refused([...path, 'stage'], `the opportunity is already in stage ${event.stage}: move to another stage`);
      state.stage = event.stage;
      state.visits.push({ stage: event.stage, at });
      break;
    case 'probability-set': {
      if (!open) throw refused(path, `a ${state.status} opportunity cannot take a probability: ${CLOSED_ALLOWS}`);
      const p = event.probability;
      if (p !== null && !(Number.isInteger(p) && p >= 0 && p <= 100))
        throw invalidInput([...path, 'probability'], 'probability must be a whole percent 0..100 or null');
      state.manualProbability = p;
      break;
    }
    case 'revenue-changed':
      state.expectedRevenue = event.expectedRevenue;
      break;
    case 'close-date-changed':
      state.expectedCloseDate = event.expectedCloseDate;
      break;
    case 'reassigned':
      state.salespersonId = event.salespersonId;
      break;
    case 'won':
    case 'lost':
      if (!open) throw refused(path, `a ${state.status} opportunity cannot be ${type} again: ${CLOSED_ALLOWS}`);
      checkReason(policy, type, event.reason, path);
      state.status = type;
      state.reason = event.reason;
      state.closedAt = at;
      state.visits.push({ stage: null, at });
      break;
    case 'reopened':
      if (open) throw refused(path, `an open opportunity cannot be reopened: ${OPEN_ALLOWS}`);
      checkStage(policy, event.stage, path);
      state.status = 'open';
      state.stage = event.stage;
      delete state.reason;
      delete state.closedAt;
      state.visits.push({ stage: event.stage, at });
      break;
    default:
      throw invalidInput([...path, 'type'], `unknown opportunity event type ${String(type)}`);
  }
  state.lastAt = at;
  state.version++;
}

/** The replay state of an opportunity before any event: open in its first stage at `createdAt`. */
function opened(opportunity: Opportunity): OpportunityReplay {
  if (opportunity === null || typeof opportunity !== 'object')
    throw invalidInput(['opportunity'], 'opportunity must be an object', 'invalid_type');
  const createdAt = opportunity.createdAt;
  if (!(createdAt instanceof Date) || Number.isNaN(createdAt.getTime()))
    throw invalidInput(['opportunity', 'createdAt'], 'createdAt must be a valid Date', 'invalid_type');
  return {
    opportunityId: opportunity.id,
    customerId: opportunity.customerId,
    currency: opportunity.currency,
    createdAt,
    status: 'open',
    stage: opportunity.stage,
    manualProbability: null,
    expectedRevenue: opportunity.expectedRevenue,
    expectedCloseDate: opportunity.expectedCloseDate,
    salespersonId: opportunity.salespersonId,
    visits: [{ stage: opportunity.stage, at: createdAt }],
    lastAt: createdAt,
    version: 0,
  };
}

/**
 * Replays `events` in place on the state of `opportunity`, with paths `[...prefix, 'events', j]`; events after
 * `asOf` are ignored. Shared by {@link replayOpportunity} and the columns builder (which passes its policy).
 */
export function foldOpportunity(
  opportunity: Opportunity,
  events: readonly OpportunityEventBody[],
  asOf: number,
  prefix: ErrorPath,
  policy: OpportunityPolicy | undefined,
): OpportunityReplay {
  const state = opened(opportunity);
  if (!Array.isArray(events)) throw invalidInput([...prefix, 'events'], 'events must be an array', 'invalid_type');
  for (let j = 0; j < events.length; j++) {
    const event = events[j]!;
    if (event?.at instanceof Date && event.at.getTime() > asOf) break;
    applyOpportunityEvent(state, event, [...prefix, 'events', j], policy);
  }
  return state;
}

/**
 * Replays an opportunity's event log (rule MP-3) without a policy: everything the replay needs is in the events.
 * Checks what the log may hold (`created` only first, stage moves and outcomes only while open, reopening only when
 * closed, no move to the current stage, events in time order) and throws `KehuValidationError` with code
 * `INVALID_TRANSITION` and the path `['events', j]` of the first refused event. Stage ids and reasons are checked
 * against the policy by {@link checkOpportunityEvent} before an event is appended, and by `opportunityColumns`.
 *
 * With `asOf`, events after it are ignored (the log as of `asOf`); an opportunity created after `asOf` is refused
 * (path `['asOf']`).
 */
export function replayOpportunity(
  opportunity: Opportunity,
  events: readonly OpportunityEventBody[],
  options: ReplayOpportunityOptions = {},
): OpportunityReplay {
  let asOf = Number.POSITIVE_INFINITY;
  if (options.asOf !== undefined) {
    if (!(options.asOf instanceof Date) || Number.isNaN(options.asOf.getTime()))
      throw invalidInput(['asOf'], 'asOf must be a valid Date', 'invalid_type');
    asOf = options.asOf.getTime();
    if (opportunity?.createdAt instanceof Date && opportunity.createdAt.getTime() > asOf)
      throw invalidInput(['asOf'], `opportunity ${opportunity.id} was created after asOf`);
  }
  return foldOpportunity(opportunity, events, asOf, [], undefined);
}

/**
 * Checks that `event` may be appended to an opportunity whose log folds to `state` (rule MP-3) and returns the
 * state after it (a new object; `state` is not changed). On top of the replay's rules (see
 * {@link replayOpportunity}), stage ids must be the policy's stages and won/lost reasons its taxonomy. Throws
 * `KehuValidationError` with path `['event', ...]` (code `INVALID_TRANSITION` when the state does not allow it).
 */
export function checkOpportunityEvent(
  state: OpportunityReplay,
  event: OpportunityEventBody,
  policy: OpportunityPolicy,
): OpportunityReplay {
  if (state === null || typeof state !== 'object' || !Array.isArray(state.visits))
    throw invalidInput(['state'], 'state must be an OpportunityReplay', 'invalid_type');
  const next: OpportunityReplay = { ...state, visits: state.visits.slice() };
  applyOpportunityEvent(next, event, ['event'], policy);
  return next;
}
