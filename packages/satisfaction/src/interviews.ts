import {
  encoderFor,
  idSchema,
  instantCodec,
  invalidInput,
  type Label,
  parserFor,
  policyParserFor,
  requireAsOf,
  TIER_LABELS,
  type Tier,
  TIERS,
  textSchema,
  tierSchema,
} from '@kehu/core';
import * as z from 'zod';

const DAY_MS = 86_400_000;

/**
 * Who is due for an in-depth interview (rule SA-2: selected high-value customers are
 * interviewed in depth), plain JSON data with defaults:
 *
 * - `tiers`: the tiers (from grading, rule GR-1) whose customers are interviewed, default
 *   `['diamond', 'gold']`;
 * - `intervalDays`: a customer is due again this many days (of 24 elapsed hours) after the
 *   last interview, default 180.
 *
 * The rules give no numbers: both defaults are Kehu's, to be set by the host.
 */
export const interviewPolicySchema = z.strictObject({
  /** Tiers whose customers are interviewed (SA-2's "high-value customers"); each at most once. */
  tiers: z
    .array(tierSchema)
    .min(1, 'at least one tier')
    .refine((xs) => new Set(xs).size === xs.length, 'each tier at most once')
    .default(() => ['diamond', 'gold'] as Tier[]),
  /** Days between two interviews of one customer. */
  intervalDays: z.number().int('a whole number of days').positive().max(36_500).default(180),
});

/** An interview policy with defaults applied. */
export type InterviewPolicy = z.output<typeof interviewPolicySchema>;
/** What {@link parseInterviewPolicy} accepts. */
export type InterviewPolicyInput = z.input<typeof interviewPolicySchema>;

const parseInterviewPolicyInput = policyParserFor(interviewPolicySchema, 'interview policy');

/** Validates an interview policy and applies the defaults; throws `KehuValidationError` with the bad field's path. */
export function parseInterviewPolicy(input: unknown = {}): InterviewPolicy {
  return parseInterviewPolicyInput(input);
}

/** A customer considered for an interview: the tier from grading and the last interview, if any. */
export interface InterviewCandidate {
  /** The customer. */
  customerId: string;
  /** The customer's current tier (rule GR-1). */
  tier: Tier;
  /** When the customer was last interviewed in depth; absent when never. */
  lastInterviewAt?: Date | undefined;
}

/** Why a customer is due: never interviewed, or the policy's interval has passed since the last interview. */
export type InterviewDueReason = 'never-interviewed' | 'interval-elapsed';

/** Labels of {@link InterviewDueReason}, in English and Simplified Chinese. */
export const INTERVIEW_DUE_REASON_LABELS: Readonly<Record<InterviewDueReason, Label>> = {
  'never-interviewed': { en: 'Never interviewed', zh: '从未深度访谈' },
  'interval-elapsed': { en: 'Interview interval elapsed', zh: '已超过访谈间隔' },
};

/** A customer due for an in-depth interview (rule SA-2), with the reason. */
export interface InterviewDue {
  /** The customer. */
  customerId: string;
  /** The customer's tier, one of the policy's tiers. */
  tier: Tier;
  /** The tier's label. */
  tierLabel: Label;
  /** Why the customer is due. */
  reason: InterviewDueReason;
  /** The reason's label. */
  reasonLabel: Label;
  /** The last interview, or `null` when never interviewed. */
  lastInterviewAt: Date | null;
  /** When the customer became due (last interview plus the interval), or `null` when never interviewed. */
  dueSince: Date | null;
  /** Whole days from `dueSince` to `asOf` (0 on the day it falls due), or `null` when never interviewed. */
  overdueDays: number | null;
  /** The policy's interval, in days. */
  intervalDays: number;
  /** What happened, in English, with the numbers. */
  explanation: string;
  /** The rule ids behind the selection. */
  rules: string[];
}

/** Options of {@link dueForInterview}. */
export interface DueForInterviewOptions {
  /** The moment of the selection (required; nothing reads the clock). */
  asOf: Date;
}

function checkCandidate(c: unknown, i: number): InterviewCandidate {
  if (typeof c !== 'object' || c === null) throw invalidInput([i], 'a candidate must be an object', 'invalid_type');
  const { customerId, tier, lastInterviewAt } = c as Record<string, unknown>;
  if (!idSchema.safeParse(customerId).success)
    throw invalidInput([i, 'customerId'], 'customerId must be a non-empty id', 'invalid_type');
  if (!tierSchema.safeParse(tier).success)
    throw invalidInput([i, 'tier'], `tier must be one of ${TIERS.join(', ')}`, 'invalid_value');
  if (lastInterviewAt !== undefined && !(lastInterviewAt instanceof Date && !Number.isNaN(lastInterviewAt.getTime())))
    throw invalidInput([i, 'lastInterviewAt'], 'lastInterviewAt must be a valid Date when given', 'invalid_type');
  return { customerId: customerId as string, tier: tier as Tier, lastInterviewAt };
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The customers due for an in-depth interview (rule SA-2): those of the policy's tiers who
 * were never interviewed, or whose last interview is at least `intervalDays` before `asOf`.
 *
 * Most overdue first: never-interviewed customers lead (highest tier first), then by the
 * day each fell due, earliest first; ties go to the higher tier, then to the customer id
 * (code-point order), so the result does not depend on the input order. An interview dated
 * after `asOf` counts as recent (the customer is not due).
 *
 * @param customers - each customer once, with the tier from grading; the input is not mutated
 * @param policy - an {@link InterviewPolicyInput} (defaults: diamond and gold, every 180 days)
 * @param options - `asOf`
 * @throws KehuValidationError for a bad policy, a bad candidate (path `[index, field]`), a customer listed twice
 *   or a bad `asOf`
 */
export function dueForInterview(
  customers: readonly InterviewCandidate[],
  policy: InterviewPolicyInput | undefined,
  options: DueForInterviewOptions,
): InterviewDue[] {
  const asOf = requireAsOf(options).getTime();
  const p = parseInterviewPolicy(policy ?? {});
  if (!Array.isArray(customers)) throw invalidInput([], 'customers must be an array', 'invalid_type');
  const tiers = new Set<Tier>(p.tiers);
  const interval = p.intervalDays * DAY_MS;
  const seen = new Set<string>();
  const due: InterviewDue[] = [];
  customers.forEach((raw, i) => {
    const c = checkCandidate(raw, i);
    if (seen.has(c.customerId))
      throw invalidInput([i, 'customerId'], `customer ${JSON.stringify(c.customerId)} is listed twice`);
    seen.add(c.customerId);
    if (!tiers.has(c.tier)) return;
    const base = {
      customerId: c.customerId,
      tier: c.tier,
      tierLabel: TIER_LABELS[c.tier],
      intervalDays: p.intervalDays,
    };
    if (c.lastInterviewAt === undefined) {
      due.push({
        ...base,
        reason: 'never-interviewed',
        reasonLabel: INTERVIEW_DUE_REASON_LABELS['never-interviewed'],
        lastInterviewAt: null,
        dueSince: null,
        overdueDays: null,
        explanation: `${c.tier} customer never interviewed in depth`,
        rules: ['SA-2'],
      });
      return;
    }
    const last = c.lastInterviewAt.getTime();
    const dueSince = last + interval;
    if (dueSince > asOf) return;
    const overdueDays = Math.floor((asOf - dueSince) / DAY_MS);
    due.push({
      ...base,
      reason: 'interval-elapsed',
      reasonLabel: INTERVIEW_DUE_REASON_LABELS['interval-elapsed'],
      lastInterviewAt: new Date(last),
      dueSince: new Date(dueSince),
      overdueDays,
      explanation:
        `${c.tier} customer last interviewed ${day(c.lastInterviewAt)}, due since ${day(new Date(dueSince))} ` +
        `(every ${p.intervalDays} days), ${overdueDays} days overdue`,
      rules: ['SA-2'],
    });
  });
  const rank = (d: InterviewDue) => (d.dueSince === null ? Number.NEGATIVE_INFINITY : d.dueSince.getTime());
  return due.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier) ||
      (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0),
  );
}

/** The ids of the default interview themes (rule SA-2), in display order. */
export const DEFAULT_INTERVIEW_THEMES = [
  'product-quality',
  'service',
  'price',
  'delivery',
  'new-needs',
  'competitors',
  'relationship',
  'complaints',
] as const;

/** A default interview theme id. */
export type InterviewTheme = (typeof DEFAULT_INTERVIEW_THEMES)[number];

/**
 * The labels of the default interview themes (rule SA-2), in English and Simplified Chinese.
 * A note may also carry free themes of its own; the default ones are those reports group by.
 */
export const INTERVIEW_THEMES: Readonly<Record<InterviewTheme, Label>> = Object.freeze({
  'product-quality': { en: 'Product quality', zh: '产品质量' },
  service: { en: 'Service', zh: '服务' },
  price: { en: 'Price', zh: '价格' },
  delivery: { en: 'Delivery', zh: '交付与物流' },
  'new-needs': { en: 'New needs', zh: '新需求' },
  competitors: { en: 'Competitors', zh: '竞争对手' },
  relationship: { en: 'Relationship', zh: '合作关系' },
  complaints: { en: 'Complaints', zh: '投诉与不满' },
});

/** Whether `theme` is one of the default {@link INTERVIEW_THEMES} (otherwise it is a free theme). */
export function isDefaultInterviewTheme(theme: string): theme is InterviewTheme {
  return Object.hasOwn(INTERVIEW_THEMES, theme);
}

/** The label of a theme: the default theme's label, or the free theme's own text in both languages. */
export function interviewThemeLabel(theme: string): Label {
  return isDefaultInterviewTheme(theme) ? INTERVIEW_THEMES[theme] : { en: theme, zh: theme };
}

const themeSchema = textSchema.trim().min(1, 'a theme must not be empty').max(100, 'at most 100 characters');

/**
 * The notes of one in-depth interview (rule SA-2): who was interviewed, when, by whom, the
 * themes raised (default {@link INTERVIEW_THEMES} ids or free themes, each at most once),
 * a summary, and the follow-ups agreed.
 */
export const interviewNoteSchema = z.strictObject({
  /** The customer interviewed. */
  customerId: idSchema,
  /** When the interview took place. */
  at: instantCodec,
  /** Who interviewed (a staff id). */
  interviewer: idSchema,
  /** Themes raised: default theme ids or free text; at least one, each at most once. */
  themes: z
    .array(themeSchema)
    .min(1, 'at least one theme')
    .refine((xs) => new Set(xs).size === xs.length, 'each theme at most once'),
  /** What the customer said, in the interviewer's words. */
  summary: textSchema.trim().min(1, 'a summary must not be empty').max(10_000, 'at most 10000 characters'),
  /** Follow-ups agreed in the interview (actions to take), if any. */
  followUps: z.array(textSchema.trim().min(1, 'a follow-up must not be empty')).optional(),
});

/** An interview note. */
export type InterviewNote = z.output<typeof interviewNoteSchema>;
/** What {@link parseInterviewNote} accepts (instants as `Date`s or ISO-8601 text with an offset). */
export type InterviewNoteInput = z.input<typeof interviewNoteSchema>;

/** Validates and decodes an interview note; throws `KehuValidationError` with the path of the bad field. */
export const parseInterviewNote = parserFor(interviewNoteSchema, 'interview note');
/** Encodes an interview note as exact JSON. */
export const interviewNoteToJson = encoderFor(interviewNoteSchema, 'interview note');
