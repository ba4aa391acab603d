import * as z from 'zod';
import { idSchema, instantCodec, localDateSchema } from './codecs.js';
import { attributesSchema } from './json-value.js';
import { checkLimits, DEFAULT_LIMITS, type LimitsPolicy } from './limits.js';
import { encoderFor, parserFor } from './parse.js';
import { textSchema } from './text.js';

/** The most revisits an owner can be given per working day. */
export const MAX_DAILY_CAPACITY = 10_000;
/** The most leave periods one owner record holds. */
export const MAX_LEAVE_PERIODS = 1000;
/** The most task keys one revisit action names. */
export const MAX_ACTION_KEYS = 100;
/** The longest task key (characters) a revisit action names. */
export const MAX_ACTION_KEY_LENGTH = 600;
/** The longest reason (characters) of a revisit action. */
export const MAX_ACTION_REASON_LENGTH = 2000;

/**
 * A leave of an owner (rule CA-4: an owner on leave gets no revisits on those days): local dates `YYYY-MM-DD`
 * inclusive, with an optional cover, the id of the owner who takes the work over.
 */
export const leavePeriodSchema = z.strictObject({
  /** The first local date of the leave. */
  from: localDateSchema,
  /** The last local date of the leave (inclusive), not before `from`. */
  to: localDateSchema,
  /** The owner who covers the leave; not the owner itself. */
  coverId: idSchema.optional(),
});
/** A leave period of an owner. */
export type LeavePeriod = z.output<typeof leavePeriodSchema>;

/**
 * An account manager who owns customers, as the revisit planner needs them: how many revisits a working day holds
 * and when the owner is on leave (rules CA-1 to CA-9; `PlanOwner` of `@kehu/cadence` accepts it as it is).
 */
export const ownerSchema = z
  .strictObject({
    id: idSchema,
    /** Revisits per working day: a whole number from 1 to {@link MAX_DAILY_CAPACITY}. */
    dailyCapacity: z
      .number()
      .int('a daily capacity is a whole number')
      .min(1, 'a daily capacity is at least 1')
      .max(MAX_DAILY_CAPACITY, `a daily capacity is at most ${MAX_DAILY_CAPACITY}`),
    /** Leave periods, at most {@link MAX_LEAVE_PERIODS}; each `from <= to`, the cover not the owner itself. */
    leave: z.array(leavePeriodSchema).max(MAX_LEAVE_PERIODS, `at most ${MAX_LEAVE_PERIODS} leave periods`).default([]),
    attributes: attributesSchema.default({}),
  })
  .superRefine((owner, ctx) => {
    owner.leave.forEach((period, i) => {
      // ISO dates of four-digit years order as text.
      if (period.to < period.from)
        ctx.addIssue({ code: 'custom', path: ['leave', i, 'to'], message: 'a leave ends on or after its first day' });
      if (period.coverId === owner.id)
        ctx.addIssue({
          code: 'custom',
          path: ['leave', i, 'coverId'],
          message: 'an owner cannot cover their own leave',
        });
    });
  });

/** An owner record. */
export type Owner = z.output<typeof ownerSchema>;
/** What {@link parseOwner} accepts. */
export type OwnerInput = z.input<typeof ownerSchema>;

/** Validates and decodes an owner; throws `KehuValidationError` naming the bad field. */
export const parseOwner = parserFor(ownerSchema, 'owner');
/** Encodes an owner as exact JSON. */
export const ownerToJson = encoderFor(ownerSchema, 'owner');

/** What a revisit action does to a planned task: put it off until a date, or skip it. */
export const REVISIT_ACTION_KINDS = ['snooze', 'skip'] as const;
/** The kind of a revisit action. */
export const revisitActionKindSchema = z.enum(REVISIT_ACTION_KINDS);
/** The kind of a revisit action. */
export type RevisitActionKind = z.infer<typeof revisitActionKindSchema>;

const taskKeySchema = textSchema
  .min(1, 'must not be empty')
  .max(MAX_ACTION_KEY_LENGTH, `at most ${MAX_ACTION_KEY_LENGTH} characters`);

/**
 * A staff member's decision about a planned revisit task: snooze it until a local date, or skip it, always with a
 * reason (snoozing or skipping needs one). `keys` are the component keys of the task (its `keys` in the plan), so
 * the planner applies the action to those components however the task merges later. A fact recorded once.
 */
export const revisitActionSchema = z
  .strictObject({
    id: idSchema,
    customerId: idSchema,
    /** The id of the planned task acted on (as the plan named it). */
    taskId: idSchema,
    /** The task's component keys: 1 to {@link MAX_ACTION_KEYS} non-empty texts, each at most 600 characters. */
    keys: z
      .array(taskKeySchema)
      .min(1, 'an action names at least one task key')
      .max(MAX_ACTION_KEYS, `at most ${MAX_ACTION_KEYS} task keys`),
    kind: revisitActionKindSchema,
    /** Snooze only (required there): the first local date the task may come back. */
    until: localDateSchema.optional(),
    /** Why: required, 1 to 2000 characters, not only white space. */
    reason: textSchema
      .max(MAX_ACTION_REASON_LENGTH, `at most ${MAX_ACTION_REASON_LENGTH} characters`)
      .refine((s) => s.trim().length > 0, 'snoozing or skipping needs a reason'),
    /** The staff member who decided. */
    actor: idSchema,
    /** When the decision was made. */
    at: instantCodec,
    attributes: attributesSchema.default({}),
  })
  .superRefine((action, ctx) => {
    if (action.kind === 'snooze' && action.until === undefined)
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'a snooze needs the date the task comes back' });
    if (action.kind === 'skip' && action.until !== undefined)
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'a skip has no date to come back; snooze instead' });
  });

/** A revisit action. */
export type RevisitAction = z.output<typeof revisitActionSchema>;
/** What {@link parseRevisitAction} accepts. */
export type RevisitActionInput = z.input<typeof revisitActionSchema>;

/** Validates and decodes a revisit action; throws `KehuValidationError` naming the bad field. */
export const parseRevisitAction = parserFor(revisitActionSchema, 'revisit action');
/** Encodes a revisit action as exact JSON. */
export const revisitActionToJson = encoderFor(revisitActionSchema, 'revisit action');

/** Checks an owner against `limits`: its attributes (see {@link checkLimits}). */
export function checkOwnerLimits(owner: Owner, limits: LimitsPolicy = DEFAULT_LIMITS): void {
  checkLimits('owner', owner, limits);
}

/** Checks a revisit action against `limits`: its reason and attributes (see {@link checkLimits}). */
export function checkRevisitActionLimits(action: RevisitAction, limits: LimitsPolicy = DEFAULT_LIMITS): void {
  checkLimits('revisit-action', action, limits);
}
