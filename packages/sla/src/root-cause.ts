import { invalidInput, KehuPolicyError, KehuValidationError, toValidationIssues, type Label } from '@kehu/core';
import * as z from 'zod';

/**
 * The root-cause taxonomy of complaint analysis (rule SL-7): product quality, process
 * defects, communication failures, and `other` for what fits none of them.
 */
export const rootCauseSchema = z.enum(['product-quality', 'process-defect', 'communication', 'other']);
/** A complaint's root cause (rule SL-7). */
export type RootCause = z.infer<typeof rootCauseSchema>;

/** One root cause of the taxonomy, for people. */
export interface RootCauseInfo {
  /** The root cause. */
  readonly id: RootCause;
  /** Its name, in English and Chinese. */
  readonly label: Label;
  /** What it covers, in English and Chinese. */
  readonly description: Label;
}

/** The taxonomy of rule SL-7 as data, in display order, with English and Chinese labels. */
export const ROOT_CAUSES: readonly RootCauseInfo[] = [
  {
    id: 'product-quality',
    label: { en: 'Product quality', zh: '产品质量' },
    description: {
      en: 'The product itself is defective, damaged or does not work as promised.',
      zh: '产品本身存在缺陷、损坏或达不到承诺的效果。',
    },
  },
  {
    id: 'process-defect',
    label: { en: 'Process defect', zh: '流程缺陷' },
    description: {
      en: 'A step of ordering, delivery, billing or after-sales handling failed.',
      zh: '下单、配送、收费或售后处理等环节出错。',
    },
  },
  {
    id: 'communication',
    label: { en: 'Communication failure', zh: '沟通问题' },
    description: {
      en: 'Staff attitude, missing or misleading information, no reply.',
      zh: '服务态度、信息缺失或误导、未及时回复。',
    },
  },
  {
    id: 'other',
    label: { en: 'Other', zh: '其他' },
    description: {
      en: 'None of the above, or not enough information to tell.',
      zh: '不属于以上类别，或信息不足无法判断。',
    },
  },
];

/** The label of a root cause. */
export function rootCauseLabel(cause: RootCause): Label {
  return ROOT_CAUSES.find((c) => c.id === cause)!.label;
}

/** An improvement action that follows a root cause (rule SL-7; the responses of rule CH-6). */
export const improvementActionSchema = z.object({
  /** Stable id, e.g. `quality-inspection`. */
  id: z.string().min(1),
  /** For people, in English and Chinese. */
  label: z.object({
    /** English. */
    en: z.string().min(1),
    /** Simplified Chinese. */
    zh: z.string().min(1),
  }),
  /** Rule IDs behind the action. */
  rules: z.array(z.string()).default(['SL-7']),
});

/** An improvement action. */
export type ImprovementAction = z.output<typeof improvementActionSchema>;

const keywordList = z.array(z.string().trim().min(1, 'a keyword must not be empty'));

/** The default keywords, in English and Chinese. */
const DEFAULT_KEYWORDS = {
  'product-quality': [
    'defect',
    'faulty',
    'broken',
    'damaged',
    'malfunction',
    'quality',
    "doesn't work",
    'does not work',
    'stopped working',
    'crack',
    'leak',
    'expired',
    'counterfeit',
    'fake',
    '质量',
    '坏了',
    '损坏',
    '破损',
    '故障',
    '次品',
    '瑕疵',
    '不能用',
    '无法使用',
    '漏水',
    '漏电',
    '过期',
    '假货',
    '裂',
  ],
  'process-defect': [
    'late',
    'delay',
    'not delivered',
    'never arrived',
    'wrong item',
    'wrong address',
    'missing item',
    'lost parcel',
    'invoice',
    'overcharged',
    'charged twice',
    'double charge',
    'refund not',
    'procedure',
    'process',
    '延迟',
    '延误',
    '晚到',
    '迟迟',
    '发错',
    '漏发',
    '少发',
    '未发货',
    '没收到',
    '发票',
    '多收',
    '重复扣款',
    '退款未到',
    '流程',
    '手续',
    '物流',
  ],
  communication: [
    'rude',
    'impolite',
    'attitude',
    'no reply',
    'no response',
    'never replied',
    'not informed',
    'misleading',
    'misinformed',
    'unclear',
    'ignored',
    'hung up',
    'promised',
    '态度',
    '不礼貌',
    '没有回复',
    '不回复',
    '无人回应',
    '没人理',
    '未通知',
    '没通知',
    '误导',
    '解释不清',
    '说不清',
    '挂电话',
    '承诺',
    '沟通',
  ],
} as const;

const DEFAULT_CATEGORIES: Record<string, RootCause> = {
  'product-quality': 'product-quality',
  quality: 'product-quality',
  产品质量: 'product-quality',
  delivery: 'process-defect',
  billing: 'process-defect',
  'process-defect': 'process-defect',
  配送: 'process-defect',
  物流: 'process-defect',
  收费: 'process-defect',
  流程缺陷: 'process-defect',
  'service-attitude': 'communication',
  communication: 'communication',
  服务态度: 'communication',
  沟通问题: 'communication',
};

const DEFAULT_ACTIONS = {
  'product-quality': [
    {
      id: 'quality-inspection',
      label: { en: 'Strengthen incoming and outgoing quality inspection', zh: '加强来料检验和出厂检验' },
      rules: ['SL-7'],
    },
    {
      id: 'trace-source',
      label: { en: 'Trace the supplier or production step at fault', zh: '追查出问题的供应商或生产环节' },
      rules: ['SL-7'],
    },
    {
      id: 'product-improvement',
      label: { en: 'Feed the defect back to product development', zh: '将缺陷反馈给产品研发加以改进' },
      rules: ['SL-7', 'CH-6'],
    },
  ],
  'process-defect': [
    {
      id: 'process-review',
      label: { en: 'Review and correct the process step that failed', zh: '复查并修正出错的流程环节' },
      rules: ['SL-7', 'CH-6'],
    },
    {
      id: 'step-checklist',
      label: { en: 'Add a check or checklist at the failing step', zh: '在出错环节增加核对清单' },
      rules: ['SL-7'],
    },
    {
      id: 'cross-department',
      label: { en: 'Agree responsibilities between the departments involved', zh: '明确相关部门之间的职责分工' },
      rules: ['SL-7', 'SL-10'],
    },
  ],
  communication: [
    {
      id: 'staff-training',
      label: { en: 'Train staff in service attitude and communication skills', zh: '开展服务态度和沟通技巧培训' },
      rules: ['SL-7', 'CH-6'],
    },
    {
      id: 'reply-scripts',
      label: { en: 'Update reply scripts and customer notices', zh: '更新答复话术和客户告知内容' },
      rules: ['SL-7'],
    },
    {
      id: 'proactive-updates',
      label: { en: 'Tell customers about progress and delays before they ask', zh: '主动告知客户处理进度和延误情况' },
      rules: ['SL-7', 'CA-3'],
    },
  ],
  other: [
    {
      id: 'case-review',
      label: { en: 'Review the case and refine the root-cause taxonomy', zh: '复盘个案并完善原因分类' },
      rules: ['SL-7'],
    },
  ],
};

/**
 * The root-cause classification policy (rule SL-7), plain JSON data with defaults:
 *
 * - `categories`: a complaint category that names its cause outright (default: `product-quality`,
 *   `quality`, `产品质量` → product quality; `delivery`, `billing`, `配送`, `物流`, `收费`, … →
 *   process defect; `service-attitude`, `communication`, `服务态度`, `沟通问题` → communication);
 *   matched after trimming and ignoring case;
 * - `keywords`: per cause, English and Chinese keywords looked for in the category and the
 *   content (ignoring case and full-width forms); Latin keywords match at the start of a word
 *   (`defect` matches "defective", `late` does not match "translate"), others anywhere;
 * - `priority`: which cause wins a tie of keyword counts (default product quality, process
 *   defect, communication);
 * - `actions`: the improvement actions that follow each cause, labelled in both languages.
 *
 * These keyword lists are defaults to extend or replace; the rules give none.
 */
export const rootCausePolicySchema = z.object({
  /** Categories that decide the cause outright (key: the category, ignoring case). */
  categories: z.record(z.string().min(1), rootCauseSchema).default(() => ({ ...DEFAULT_CATEGORIES })),
  /** Keywords per cause (`other` is what remains, so it has none). */
  keywords: z
    .object({
      /** Keywords of product-quality complaints. */
      'product-quality': keywordList.default(() => [...DEFAULT_KEYWORDS['product-quality']]),
      /** Keywords of process defects. */
      'process-defect': keywordList.default(() => [...DEFAULT_KEYWORDS['process-defect']]),
      /** Keywords of communication failures. */
      communication: keywordList.default(() => [...DEFAULT_KEYWORDS.communication]),
    })
    .default(() => ({
      'product-quality': [...DEFAULT_KEYWORDS['product-quality']],
      'process-defect': [...DEFAULT_KEYWORDS['process-defect']],
      communication: [...DEFAULT_KEYWORDS.communication],
    })),
  /** Tie-break order of the causes with keywords; each exactly once. */
  priority: z
    .array(z.enum(['product-quality', 'process-defect', 'communication']))
    .length(3)
    .refine((xs) => new Set(xs).size === xs.length, 'each cause exactly once')
    .default(
      () =>
        ['product-quality', 'process-defect', 'communication'] as Array<
          'product-quality' | 'process-defect' | 'communication'
        >,
    ),
  /** Improvement actions per cause (rule SL-7, CH-6). */
  actions: z
    .object({
      /** Actions after product-quality complaints. */
      'product-quality': z
        .array(improvementActionSchema)
        .default(() => structuredClone(DEFAULT_ACTIONS['product-quality'])),
      /** Actions after process defects. */
      'process-defect': z
        .array(improvementActionSchema)
        .default(() => structuredClone(DEFAULT_ACTIONS['process-defect'])),
      /** Actions after communication failures. */
      communication: z.array(improvementActionSchema).default(() => structuredClone(DEFAULT_ACTIONS.communication)),
      /** Actions for everything else. */
      other: z.array(improvementActionSchema).default(() => structuredClone(DEFAULT_ACTIONS.other)),
    })
    .default(() => structuredClone(DEFAULT_ACTIONS)),
});

/** A root-cause policy with defaults applied. */
export type RootCausePolicy = z.output<typeof rootCausePolicySchema>;
/** What {@link parseRootCausePolicy} accepts. */
export type RootCausePolicyInput = z.input<typeof rootCausePolicySchema>;

/** Validates a root-cause policy; throws `KehuPolicyError` (code `POLICY_INVALID`) with the path of the bad field. */
export function parseRootCausePolicy(input: unknown = {}): RootCausePolicy {
  const r = rootCausePolicySchema.safeParse(input);
  if (!r.success) {
    const issues = toValidationIssues(r.error.issues);
    throw new KehuPolicyError(`invalid root-cause policy at ${issues[0]?.path.join('.')}: ${issues[0]?.message}`, {
      path: issues[0]?.path ?? [],
      details: { issues },
    });
  }
  return r.data;
}

/** The default root-cause policy (see {@link rootCausePolicySchema} for the defaults). */
export const DEFAULT_ROOT_CAUSE_POLICY: RootCausePolicy = parseRootCausePolicy({});

/** The improvement actions that follow a root cause (rule SL-7), from the policy (default: the built-in ones). */
export function improvementActionsFor(
  cause: RootCause,
  policy: RootCausePolicyInput | RootCausePolicy = DEFAULT_ROOT_CAUSE_POLICY,
): readonly ImprovementAction[] {
  const p = policy === DEFAULT_ROOT_CAUSE_POLICY ? DEFAULT_ROOT_CAUSE_POLICY : parseRootCausePolicy(policy);
  const c = rootCauseSchema.safeParse(cause);
  if (!c.success)
    throw new KehuValidationError(`unknown root cause ${JSON.stringify(cause)}`, [
      {
        path: ['cause'],
        message: 'expected product-quality, process-defect, communication or other',
        code: 'invalid_value',
      },
    ]);
  return p.actions[c.data];
}

/** What {@link classifyRootCause} reads: free text, or a complaint's `category` and `content`. */
export type RootCauseSubject =
  | string
  | {
      /** The complaint's category, if any. */
      category?: string | undefined;
      /** The complaint's content, if any. */
      content?: string | undefined;
    };

/** A root-cause classification (rule SL-7), with what decided it. */
export interface RootCauseClassification {
  /** The cause. */
  rootCause: RootCause;
  /** Its label, in English and Chinese. */
  label: Label;
  /** `category` (the category names the cause), `keywords` (keyword matches) or `none` (nothing matched: `other`). */
  source: 'category' | 'keywords' | 'none';
  /** The category or the keywords that matched for the chosen cause, as written in the policy. */
  matched: string[];
  /** Distinct keywords matched per cause (all causes, for review). */
  scores: Record<Exclude<RootCause, 'other'>, number>;
  /** The improvement actions that follow (rule SL-7). */
  actions: readonly ImprovementAction[];
  /** Rule IDs. */
  rules: readonly string[];
  /** The classification in words. */
  explanation: string;
}

const normalise = (s: string): string => s.normalize('NFKC').toLowerCase();
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function matches(text: string, keyword: string): boolean {
  const k = normalise(keyword);
  // Latin keywords match at the start of a word; others (Chinese has no spaces) anywhere.
  if (/^[a-z]/.test(k)) return new RegExp(`(?<![a-z0-9])${escapeRegExp(k)}`, 'u').test(text);
  return text.includes(k);
}

/**
 * Classifies a complaint's root cause (rule SL-7). When the complaint's category names a
 * cause in the policy's `categories`, that decides. Otherwise the policy's keywords are
 * looked for in the category and the content; the cause with the most distinct matches
 * wins, ties broken by `priority`; with no match the cause is `other`. The result lists the
 * matched keywords and the improvement actions that follow.
 *
 * A subject that is neither a string nor an object with string `category`/`content` throws
 * `KehuValidationError` with the path; an invalid policy throws `KehuPolicyError`.
 */
export function classifyRootCause(
  subject: RootCauseSubject,
  policy: RootCausePolicyInput | RootCausePolicy = DEFAULT_ROOT_CAUSE_POLICY,
): RootCauseClassification {
  const p = policy === DEFAULT_ROOT_CAUSE_POLICY ? DEFAULT_ROOT_CAUSE_POLICY : parseRootCausePolicy(policy);
  let category: string | undefined;
  let content: string | undefined;
  if (typeof subject === 'string') content = subject;
  else if (typeof subject === 'object' && subject !== null) {
    if (subject.category !== undefined && typeof subject.category !== 'string')
      throw invalidInput(['category'], 'category must be a string', 'invalid_type');
    if (subject.content !== undefined && typeof subject.content !== 'string')
      throw invalidInput(['content'], 'content must be a string', 'invalid_type');
    category = subject.category;
    content = subject.content;
  } else {
    throw invalidInput([], 'expected text or { category, content }', 'invalid_type');
  }

  const scores = { 'product-quality': 0, 'process-defect': 0, communication: 0 };
  const result = (
    rootCause: RootCause,
    source: RootCauseClassification['source'],
    matched: string[],
    explanation: string,
  ): RootCauseClassification => ({
    rootCause,
    label: rootCauseLabel(rootCause),
    source,
    matched,
    scores,
    actions: p.actions[rootCause],
    rules: ['SL-7'],
    explanation: `SL-7: ${explanation}`,
  });

  if (category !== undefined && category.trim() !== '') {
    const key = normalise(category.trim());
    const hit = Object.entries(p.categories).find(([k]) => normalise(k.trim()) === key);
    if (hit)
      return result(hit[1], 'category', [hit[0]], `the category "${category.trim()}" names the cause ${hit[1]}.`);
  }

  const text = normalise([category, content].filter((s) => s !== undefined).join('\n'));
  const found: Record<keyof typeof scores, string[]> = {
    'product-quality': [],
    'process-defect': [],
    communication: [],
  };
  for (const cause of p.priority) {
    const seen = new Set<string>();
    for (const k of p.keywords[cause]) {
      const n = normalise(k);
      if (!seen.has(n) && matches(text, k)) {
        seen.add(n);
        found[cause].push(k);
      }
    }
    scores[cause] = found[cause].length;
  }
  let best: keyof typeof scores | undefined;
  for (const cause of p.priority)
    if (scores[cause] > 0 && (best === undefined || scores[cause] > scores[best])) best = cause;
  if (best === undefined)
    return result('other', 'none', [], 'no category or keyword of the policy matched, so the cause is other.');
  const others = p.priority.filter((c) => c !== best && scores[c] > 0).map((c) => `${c} ${scores[c]}`);
  return result(
    best,
    'keywords',
    found[best],
    `matched ${found[best].map((k) => `"${k}"`).join(', ')} for ${best}` +
      `${others.length > 0 ? ` (also: ${others.join(', ')}; most matches win, ties by priority)` : ''}.`,
  );
}
