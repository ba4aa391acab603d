import { addBusinessTime, type BusinessCalendar } from '@kehu/calendar';
import { invalidInput, type Label, policyParserFor, requireAsOf, toValidationIssues } from '@kehu/core';
import * as z from 'zod';
import { checkResponseShape, type ResponseShape } from './response-shape.js';

const HOUR_MS = 3_600_000;

/** Why a response asks for a follow-up: an NPS detractor, or a low score on a rating scale. */
export const followUpReasonSchema = z.enum(['detractor', 'low-score']);
/** Why a response asks for a follow-up (rule SA-5). */
export type FollowUpReason = z.infer<typeof followUpReasonSchema>;

/** Labels of {@link FollowUpReason}, in English and Simplified Chinese. */
export const FOLLOW_UP_REASON_LABELS: Readonly<Record<FollowUpReason, Label>> = {
  detractor: { en: 'NPS detractor', zh: 'NPS 贬损者' },
  'low-score': { en: 'Low satisfaction score', zh: '满意度低分' },
};

/** An integer rating scale, `min` < `max` (0-10 for NPS, 1-5 for CSAT, 1-7 for CES). */
const scaleSchema = z
  .strictObject({
    /** The lowest value. */
    min: z.number().int(),
    /** The highest value. */
    max: z.number().int(),
  })
  .refine((s) => s.min < s.max, { message: 'min must be below max', path: ['max'] });

/** One trigger: on questions of this scale, a score at or below `atMost` asks for a follow-up. */
export const followUpTriggerSchema = z
  .strictObject({
    /** The scale the trigger applies to. */
    scale: scaleSchema,
    /** Scores at or below this trigger (a detractor is 0-6 on 0-10). */
    atMost: z.number().finite(),
    /** The reason the request carries. */
    reason: followUpReasonSchema,
  })
  .refine((t) => t.atMost >= t.scale.min && t.atMost < t.scale.max, {
    message: 'atMost must be on the scale and below its maximum',
    path: ['atMost'],
  });

const DEFAULT_TRIGGERS = [
  { scale: { min: 0, max: 10 }, atMost: 6, reason: 'detractor' as const },
  { scale: { min: 1, max: 5 }, atMost: 2, reason: 'low-score' as const },
];

/**
 * When a survey response asks for a follow-up and by when (rule SA-5: results go back to
 * those responsible), plain JSON data with defaults:
 *
 * - `triggers`: per scale, the score at or below which a response asks for a follow-up;
 *   default an NPS detractor (0-6 on 0-10, the NPS definition) and a score of 2 or less
 *   on 1-5 ("dissatisfied" or "very dissatisfied"); at most one trigger per scale;
 * - `dueWithinBusinessHours`: the follow-up is due this many business hours (on the
 *   caller's business calendar) after the response was answered, default 24.
 *
 * The rules give no numbers: the 24 hours and the 1-5 threshold are Kehu's defaults.
 */
export const followUpPolicySchema = z.strictObject({
  /** The triggers, at most one per scale. */
  triggers: z
    .array(followUpTriggerSchema)
    .min(1, 'at least one trigger')
    .superRefine((ts, ctx) => {
      const seen = new Set<string>();
      ts.forEach((t, i) => {
        const key = `${t.scale.min}..${t.scale.max}`;
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'scale'], message: `two triggers for ${key}` });
        seen.add(key);
      });
    })
    .default(() => structuredClone(DEFAULT_TRIGGERS)),
  /** Business hours from the response to the follow-up's deadline. */
  dueWithinBusinessHours: z
    .number()
    .positive()
    .max(10_000)
    .refine((h) => Number.isSafeInteger(h * HOUR_MS), 'a whole number of milliseconds')
    .default(24),
});

/** A follow-up policy with defaults applied. */
export type FollowUpPolicy = z.output<typeof followUpPolicySchema>;
/** What {@link parseFollowUpPolicy} accepts. */
export type FollowUpPolicyInput = z.input<typeof followUpPolicySchema>;

const parseFollowUpPolicyInput = policyParserFor(followUpPolicySchema, 'follow-up policy');

/** Validates a follow-up policy and applies the defaults; throws `KehuValidationError` with the bad field's path. */
export function parseFollowUpPolicy(input: unknown = {}): FollowUpPolicy {
  return parseFollowUpPolicyInput(input);
}

/** A question whose score is checked, and its scale (which picks the policy's trigger). */
export interface FollowUpQuestion {
  /** The question id in `answers`. */
  id: string;
  /** The question's integer scale. */
  scale: { min: number; max: number };
}

/** Options of {@link followUpRequests}. */
export interface FollowUpOptions {
  /** The moment of the check (required): responses answered later are not yet known. */
  asOf: Date;
  /** The business calendar the deadline is counted on (e.g. `chinaCalendar()` from `@kehu/calendar`). */
  calendar: BusinessCalendar;
  /** The questions to check, each with its scale; every scale needs a trigger in the policy. */
  questions: readonly FollowUpQuestion[];
}

/** The part of a survey response a follow-up needs. */
export type FollowUpResponse = ResponseShape;

/** One low answer behind a follow-up. */
export interface FollowUpTrigger {
  /** The question. */
  question: string;
  /** The customer's score. */
  score: number;
  /** The question's scale. */
  scale: { min: number; max: number };
  /** The policy's threshold on that scale. */
  atMost: number;
  /** The reason. */
  reason: FollowUpReason;
}

/**
 * A follow-up request (rule SA-5): a customer to call back about one response, and by
 * when. Plain data the complaint and revisit modules pick up.
 */
export interface FollowUpRequest {
  /** The customer. */
  customerId: string;
  /** The response that triggered the request. */
  responseId: string;
  /** When the response was answered. */
  answeredAt: Date;
  /** The reason of the first low answer, in the order of the `questions` option. */
  reason: FollowUpReason;
  /** The reason's label. */
  reasonLabel: Label;
  /** Every low answer of the response, in the order of the `questions` option. */
  triggers: FollowUpTrigger[];
  /** The deadline: `dueWithinBusinessHours` business hours after `answeredAt` on the calendar. */
  dueAt: Date;
  /** Whether the deadline relies on calendar dates past the calendar's data (see `@kehu/calendar`). */
  provisional: boolean;
  /** Whether the deadline is at or before `asOf`. */
  overdue: boolean;
  /** What happened, in English, with the numbers. */
  explanation: string;
  /** The rule ids behind the request. */
  rules: string[];
}

function checkQuestions(questions: unknown, policy: FollowUpPolicy) {
  if (!Array.isArray(questions) || questions.length === 0)
    throw invalidInput(['questions'], 'questions must be a non-empty array of { id, scale }', 'invalid_type');
  const ids = new Set<string>();
  return questions.map((q: unknown, i) => {
    const parsed = z.strictObject({ id: z.string().min(1), scale: scaleSchema }).safeParse(q);
    if (!parsed.success) {
      const issue = toValidationIssues(parsed.error.issues)[0];
      throw invalidInput(['questions', i, ...(issue?.path ?? [])], `bad question: ${issue?.message}`);
    }
    const { id, scale } = parsed.data;
    if (ids.has(id)) throw invalidInput(['questions', i, 'id'], `question ${JSON.stringify(id)} is listed twice`);
    ids.add(id);
    const trigger = policy.triggers.find((t) => t.scale.min === scale.min && t.scale.max === scale.max);
    if (trigger === undefined)
      throw invalidInput(
        ['questions', i, 'scale'],
        `the follow-up policy has no trigger for the scale ${scale.min}-${scale.max}`,
      );
    return { id, scale, trigger };
  });
}

/**
 * The follow-up requests of a set of responses (rule SA-5: a detractor or a low score goes
 * back to those responsible): one per response with at least one answer at or below its
 * scale's trigger, due `dueWithinBusinessHours` business hours after it was answered,
 * counted on `calendar` with `addBusinessTime` (so nights, weekends and holidays do not
 * count, and a make-up workday (调休) does).
 *
 * Responses answered after `asOf` are left out (not yet received); unanswered questions
 * (`null` or absent) trigger nothing. Sorted by deadline, then response id, so the result
 * does not depend on the input order. Each response gives at most one request; a customer
 * with several low responses gets one request per response.
 *
 * @param responses - validated survey responses (only `id`, `customerId`, `answeredAt`, `answers` are read)
 * @param policy - a {@link FollowUpPolicyInput} (defaults: NPS 0-6, 1-5 scores up to 2, 24 business hours)
 * @param options - `asOf`, `calendar`, `questions`
 * @throws KehuValidationError for a bad policy, a bad response or answer (path `[index, 'answers', question]`), a
 *   response id listed twice, a question whose scale has no trigger, a bad `asOf` or calendar
 */
export function followUpRequests(
  responses: readonly FollowUpResponse[],
  policy: FollowUpPolicyInput | undefined,
  options: FollowUpOptions,
): FollowUpRequest[] {
  const asOf = requireAsOf(options).getTime();
  const p = parseFollowUpPolicy(policy ?? {});
  const questions = checkQuestions(options.questions, p);
  if (!Array.isArray(responses)) throw invalidInput([], 'responses must be an array', 'invalid_type');
  const window = p.dueWithinBusinessHours * HOUR_MS;
  const seen = new Set<string>();
  const requests: FollowUpRequest[] = [];
  responses.forEach((raw, i) => {
    const r = checkResponseShape(raw, i);
    if (seen.has(r.id)) throw invalidInput([i, 'id'], `response ${JSON.stringify(r.id)} is listed twice`);
    seen.add(r.id);
    const triggers: FollowUpTrigger[] = [];
    for (const q of questions) {
      const score = Object.hasOwn(r.answers, q.id) ? r.answers[q.id] : undefined;
      if (score === undefined || score === null) continue;
      if (typeof score !== 'number' || !Number.isInteger(score) || score < q.scale.min || score > q.scale.max)
        throw invalidInput(
          [i, 'answers', q.id],
          `the answer to ${JSON.stringify(q.id)} must be a whole number from ${q.scale.min} to ${q.scale.max}`,
        );
      if (score <= q.trigger.atMost)
        triggers.push({ question: q.id, score, scale: q.scale, atMost: q.trigger.atMost, reason: q.trigger.reason });
    }
    const first = triggers[0];
    if (first === undefined || r.answeredAt.getTime() > asOf) return;
    const due = addBusinessTime(options.calendar, r.answeredAt, window);
    const what = triggers.map(
      (t) => `${t.question} = ${t.score} (at most ${t.atMost} on ${t.scale.min}-${t.scale.max})`,
    );
    requests.push({
      customerId: r.customerId,
      responseId: r.id,
      answeredAt: new Date(r.answeredAt.getTime()),
      reason: first.reason,
      reasonLabel: FOLLOW_UP_REASON_LABELS[first.reason],
      triggers,
      dueAt: due.at,
      provisional: due.provisional,
      overdue: due.at.getTime() <= asOf,
      explanation: `${what.join(', ')}: follow up within ${p.dueWithinBusinessHours} business hours`,
      rules: ['SA-5'],
    });
  });
  return requests.sort(
    (a, b) =>
      a.dueAt.getTime() - b.dueAt.getTime() || (a.responseId < b.responseId ? -1 : a.responseId > b.responseId ? 1 : 0),
  );
}
