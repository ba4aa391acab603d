import {
  complaintSeveritySchema,
  Decimal,
  decimalStringSchema,
  KehuPolicyError,
  invalidInput,
  isDecimalString,
  money,
  toValidationIssues,
  type ComplaintSeverity,
  type DecimalInput,
  type Label,
  type Money,
} from '@kehu/core';
import * as z from 'zod';

/**
 * A percentage in (0, 100]: an exact decimal string (`"12.5"`) or a number whose decimal
 * form is exact (`5`, `12.5`). Parsed to its canonical exact decimal string, so no float
 * ever reaches the arithmetic.
 */
const percentSchema = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v.trim();
  if (!isDecimalString(s)) {
    ctx.addIssue({ code: 'custom', message: 'expected a percentage as a decimal such as 5 or "12.5"' });
    return z.NEVER;
  }
  const d = new Decimal(s);
  if (d.lte(0) || d.gt(100)) {
    ctx.addIssue({ code: 'custom', message: 'a percentage must be greater than 0 and at most 100' });
    return z.NEVER;
  }
  return d.toString();
});

/**
 * One cell of the compensation matrix (rule SL-6): what to offer.
 *
 * - `discount`: `percent` of the order amount off (on this order or the next one, as the host
 *   decides), at most `cap`;
 * - `replacement`: replace the goods; its value is the order amount, at most `cap` (a larger
 *   replacement needs someone's approval);
 * - `refund`: `percent` of the order amount back, at most `cap`;
 * - `none`: no compensation (an apology and the fix itself).
 *
 * Caps are exact decimal strings in the order's currency: the policy is currency-agnostic,
 * so a host trading in several currencies keeps one policy per currency.
 */
export const compensationOfferSchema = z.discriminatedUnion('kind', [
  z.object({
    /** A percentage off the order amount. */
    kind: z.literal('discount'),
    /** Percent of the order amount, in (0, 100]; canonical exact decimal string once parsed. */
    percent: percentSchema,
    /** Largest amount, in the order's currency (exact decimal string). */
    cap: decimalStringSchema.optional(),
  }),
  z.object({
    /** Replace the goods. */
    kind: z.literal('replacement'),
    /** Largest value replaced, in the order's currency (exact decimal string). */
    cap: decimalStringSchema.optional(),
  }),
  z.object({
    /** Money back. */
    kind: z.literal('refund'),
    /** Percent of the order amount, in (0, 100]; canonical exact decimal string once parsed. */
    percent: percentSchema,
    /** Largest amount, in the order's currency (exact decimal string). */
    cap: decimalStringSchema.optional(),
  }),
  z.object({
    /** No compensation. */
    kind: z.literal('none'),
  }),
]);

/** One row of the matrix: an offer per severity; a severity left out falls back to the `*` row. */
export const compensationRowSchema = z.object({
  /** Offer for `normal` complaints. */
  normal: compensationOfferSchema.optional(),
  /** Offer for `urgent` complaints. */
  urgent: compensationOfferSchema.optional(),
  /** Offer for `major` complaints. */
  major: compensationOfferSchema.optional(),
});

/**
 * A compensation policy (rule SL-6): a matrix of the complaint's nature (an open set of
 * strings such as `product-quality`, `delivery`, `service-attitude`, `billing`, `other`,
 * plus the fallback row `*`, which must give all three severities) × severity → an offer,
 * and how computed amounts are rounded. Plain JSON data that hosts store and override;
 * suggestions record the policy id and version.
 */
export const compensationPolicySchema = z
  .object({
    /** Policy id. */
    id: z.string().min(1).default('kehu-default-compensation'),
    /** Version; suggestions record it. */
    version: z.string().min(1).default('1'),
    /** Rows by nature; `*` is the fallback for natures without a row and for cells a row leaves out. */
    matrix: z.record(z.string().min(1), compensationRowSchema),
    /**
     * Decimal places of computed amounts (default 2). Rounding is banker's rounding (half to
     * even), the default of Kehu's `Decimal`: 0.125 → 0.12, 0.135 → 0.14.
     */
    decimalPlaces: z.number().int().min(0).max(10).default(2),
  })
  .superRefine((p, ctx) => {
    const fallback = p.matrix['*'];
    if (fallback === undefined) {
      ctx.addIssue({ code: 'custom', path: ['matrix', '*'], message: 'the fallback row "*" is required' });
      return;
    }
    for (const severity of complaintSeveritySchema.options) {
      if (fallback[severity] === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['matrix', '*', severity],
          message: `the fallback row "*" must give an offer for ${severity}`,
        });
    }
  });

/** One offer of the matrix, parsed. */
export type CompensationOffer = z.output<typeof compensationOfferSchema>;
/** What {@link compensationOfferSchema} accepts. */
export type CompensationOfferInput = z.input<typeof compensationOfferSchema>;
/** A row of the matrix, parsed. */
export type CompensationRow = z.output<typeof compensationRowSchema>;
/** A compensation policy with defaults applied. */
export type CompensationPolicy = z.output<typeof compensationPolicySchema>;
/** What {@link parseCompensationPolicy} accepts. */
export type CompensationPolicyInput = z.input<typeof compensationPolicySchema>;
/** The kinds of compensation of rule SL-6 (and `none`). */
export type CompensationKind = CompensationOffer['kind'];

/** Labels of the compensation kinds, in English and Chinese. */
export const COMPENSATION_KIND_LABELS: Readonly<Record<CompensationKind, Label>> = {
  discount: { en: 'Discount', zh: '折扣' },
  replacement: { en: 'Replacement', zh: '换货' },
  refund: { en: 'Refund', zh: '退款' },
  none: { en: 'No compensation', zh: '不予补偿' },
};

/**
 * Complaint natures the default policy has rows for, with labels; the set is open (any string works, falling
 * back to `*`).
 */
export const COMPLAINT_NATURE_LABELS: Readonly<Record<string, Label>> = {
  'product-quality': { en: 'Product quality', zh: '产品质量' },
  delivery: { en: 'Delivery', zh: '物流配送' },
  'service-attitude': { en: 'Service attitude', zh: '服务态度' },
  billing: { en: 'Billing', zh: '账单收费' },
  other: { en: 'Other', zh: '其他' },
  '*': { en: 'Any other nature', zh: '其他类型（默认）' },
};

/** Validates a compensation policy; throws `KehuPolicyError` (code `POLICY_INVALID`) with the path of the bad field. */
export function parseCompensationPolicy(input: unknown): CompensationPolicy {
  const r = compensationPolicySchema.safeParse(input);
  if (!r.success) {
    const issues = toValidationIssues(r.error.issues);
    throw new KehuPolicyError(`invalid compensation policy at ${issues[0]?.path.join('.')}: ${issues[0]?.message}`, {
      path: issues[0]?.path ?? [],
      details: { issues },
    });
  }
  return r.data;
}

const generalRow = (caps: { normal: string; urgent: string; major: string }): CompensationRowInput => ({
  normal: { kind: 'discount', percent: '5', cap: caps.normal },
  urgent: { kind: 'discount', percent: '10', cap: caps.urgent },
  major: { kind: 'discount', percent: '20', cap: caps.major },
});
type CompensationRowInput = z.input<typeof compensationRowSchema>;

/**
 * The default compensation policy. Rule SL-6 names the kinds (discount, replacement,
 * refund) but gives no numbers: these are defaults for hosts to override, not rules.
 *
 * | nature | normal | urgent | major |
 * | --- | --- | --- | --- |
 * | `product-quality` | 5% discount, cap 200 | replacement, cap 5000 | refund 100% (no cap: at most the order amount) |
 * | `delivery`, `service-attitude`, `billing`, `other`, `*` | 5% off, cap 200 | 10% off, cap 500 | 20% off, cap 2000 |
 *
 * Caps are in the order's currency; amounts are rounded to 2 decimal places, half to even.
 */
export const DEFAULT_COMPENSATION_POLICY: CompensationPolicy = parseCompensationPolicy({
  id: 'kehu-default-compensation',
  version: '1',
  matrix: {
    'product-quality': {
      normal: { kind: 'discount', percent: '5', cap: '200' },
      urgent: { kind: 'replacement', cap: '5000' },
      major: { kind: 'refund', percent: '100' },
    },
    delivery: generalRow({ normal: '200', urgent: '500', major: '2000' }),
    'service-attitude': generalRow({ normal: '200', urgent: '500', major: '2000' }),
    billing: generalRow({ normal: '200', urgent: '500', major: '2000' }),
    other: generalRow({ normal: '200', urgent: '500', major: '2000' }),
    '*': generalRow({ normal: '200', urgent: '500', major: '2000' }),
  },
  decimalPlaces: 2,
});

/** What {@link suggestCompensation} needs to know about a complaint. */
export interface CompensationInput {
  /** The complaint's nature, e.g. `product-quality` (usually its `category`); natures without a row use `*`. */
  nature: string;
  /** The severity in effect. */
  severity: ComplaintSeverity;
  /**
   * The amount of the order complained about, when known: an exact decimal string or a `Decimal`, and its ISO
   * 4217 currency.
   */
  orderAmount?: {
    /** Exact decimal string (`"199.90"`) or a `Decimal`; never negative. */
    amount: DecimalInput;
    /** ISO 4217 code, e.g. `CNY`. */
    currency: string;
  };
}

/** A suggested compensation (rule SL-6), with what decided it. */
export interface CompensationSuggestion {
  /** The kind of compensation. */
  kind: CompensationKind;
  /** The percentage of the order amount (discounts and refunds), as an exact decimal string such as `"5"`. */
  percent?: string;
  /**
   * The money amount, when it can be computed: discounts and refunds need the order amount,
   * a replacement is worth the order amount. Absent, never a made-up 0, without an order amount.
   */
  amount?: Money;
  /** The cap of the offer, as an exact decimal string in the order's currency (absent when the offer has none). */
  cap?: string;
  /** True when the cap lowered the amount. */
  capped: boolean;
  /** The matrix row used (`*` when the fallback decided). */
  row: string;
  /** The severity column used. */
  severity: ComplaintSeverity;
  /** True when the `*` row decided because the nature has no row or its row has no cell for the severity. */
  fallback: boolean;
  /** The policy used. */
  policy: { id: string; version: string };
  /** Rule IDs behind the suggestion. */
  rules: readonly string[];
  /** The suggestion in words: which row and column decided, the percentage, the cap, the rounding. */
  explanation: string;
}

/**
 * Suggests a compensation for a complaint by its nature and severity (rule SL-6): looks up
 * the matrix row of the nature (or the fallback row `*`) and the severity's cell, and
 * computes the amount exactly with `Decimal`: `orderAmount × percent / 100`, rounded to the
 * policy's decimal places (default 2) half to even, then limited to the cap and to the
 * order amount. A replacement is worth the order amount, limited to its cap.
 *
 * Without an order amount, a percentage offer gives the percentage and no amount (the
 * explanation says so). An unknown severity, an empty nature, a negative or malformed
 * amount or an unknown currency throw `KehuValidationError` with the path of the bad field;
 * an invalid policy throws `KehuPolicyError`.
 */
export function suggestCompensation(
  input: CompensationInput,
  policyInput: CompensationPolicyInput | CompensationPolicy = DEFAULT_COMPENSATION_POLICY,
): CompensationSuggestion {
  const policy =
    policyInput === DEFAULT_COMPENSATION_POLICY ? DEFAULT_COMPENSATION_POLICY : parseCompensationPolicy(policyInput);
  if (typeof input !== 'object' || input === null)
    throw invalidInput([], 'expected a compensation input object', 'invalid_type');
  const sev = complaintSeveritySchema.safeParse(input.severity);
  if (!sev.success)
    throw invalidInput(
      ['severity'],
      `unknown severity ${JSON.stringify(input.severity)}; expected normal, urgent or major`,
      'invalid_value',
    );
  const severity = sev.data;
  if (typeof input.nature !== 'string' || input.nature.trim() === '')
    throw invalidInput(['nature'], 'the nature must be a non-empty string', 'invalid_type');
  const nature = input.nature.trim();

  let order: Money | undefined;
  if (input.orderAmount !== undefined) {
    if (typeof input.orderAmount !== 'object' || input.orderAmount === null)
      throw invalidInput(['orderAmount'], 'expected { amount, currency }', 'invalid_type');
    order = money(input.orderAmount.amount, input.orderAmount.currency, ['orderAmount']);
    if (order.amount.isNegative())
      throw invalidInput(['orderAmount', 'amount'], 'the order amount must not be negative', 'too_small');
  }

  const ownRow = Object.hasOwn(policy.matrix, nature) ? policy.matrix[nature] : undefined;
  const ownCell = ownRow?.[severity];
  const row = ownCell !== undefined ? nature : '*';
  // The schema guarantees the `*` row has every severity.
  const offer = (ownCell ?? policy.matrix['*']![severity])!;
  const fallback = row !== nature;
  const where = !fallback
    ? `row "${nature}", column "${severity}"`
    : ownRow === undefined
      ? `fallback row "*", column "${severity}" (no row for "${nature}")`
      : `fallback row "*", column "${severity}" (row "${nature}" has no "${severity}" cell)`;

  const base = {
    kind: offer.kind,
    row,
    severity,
    fallback,
    policy: { id: policy.id, version: policy.version },
    rules: ['SL-6'] as const,
  };
  if (offer.kind === 'none') {
    return {
      ...base,
      capped: false,
      explanation: `SL-6: ${where} of policy ${policy.id}@${policy.version}: no compensation.`,
    };
  }

  const cap = offer.cap;
  const capText = cap === undefined ? 'no cap' : `cap ${cap}${order ? ` ${order.currency}` : ' in the order currency'}`;
  const rounding = `rounded to ${policy.decimalPlaces} decimal places, half to even`;
  const limit = (computed: Decimal): { amount: Decimal; capped: boolean; bounded: boolean } => {
    let amount = computed;
    let capped = false;
    let bounded = false;
    if (cap !== undefined && amount.gt(cap)) {
      amount = new Decimal(cap);
      capped = true;
    }
    if (order !== undefined && amount.gt(order.amount)) {
      amount = order.amount;
      bounded = true;
    }
    return { amount, capped, bounded };
  };

  if (offer.kind === 'replacement') {
    const head = `SL-6: ${where} of policy ${policy.id}@${policy.version}: replacement (${capText})`;
    if (order === undefined) {
      return {
        ...base,
        ...(cap === undefined ? {} : { cap }),
        capped: false,
        explanation: `${head}; no order amount given, so the replacement's value is not stated.`,
      };
    }
    const r = limit(order.amount);
    const tail = r.capped
      ? `; the order amount ${order.amount.toString()} ${order.currency} exceeds the cap, ` +
        `so the replacement is limited to ${r.amount.toString()} ${order.currency} (more needs approval)`
      : `, worth the order amount ${r.amount.toString()} ${order.currency}`;
    return {
      ...base,
      ...(cap === undefined ? {} : { cap }),
      amount: money(r.amount, order.currency),
      capped: r.capped,
      explanation: `${head}${tail}.`,
    };
  }

  const verb = offer.kind === 'discount' ? 'discount' : 'refund';
  const head = `SL-6: ${where} of policy ${policy.id}@${policy.version}: ${verb} of ${offer.percent}% (${capText})`;
  if (order === undefined) {
    return {
      ...base,
      percent: offer.percent,
      ...(cap === undefined ? {} : { cap }),
      capped: false,
      explanation: `${head}; no order amount given, so only the percentage is suggested and no amount is computed.`,
    };
  }
  const raw = order.amount.times(offer.percent).div(100);
  const rounded = raw.toDecimalPlaces(policy.decimalPlaces, Decimal.ROUND_HALF_EVEN);
  const r = limit(rounded);
  let tail =
    `: ${offer.percent}% of ${order.amount.toString()} ${order.currency} is ${raw.toString()}, ` +
    `${rounding}: ${rounded.toString()}`;
  if (r.capped) tail += `; limited to the cap: ${r.amount.toString()} ${order.currency}`;
  else if (r.bounded) tail += `; limited to the order amount: ${r.amount.toString()} ${order.currency}`;
  return {
    ...base,
    percent: offer.percent,
    ...(cap === undefined ? {} : { cap }),
    amount: money(r.amount, order.currency),
    capped: r.capped,
    explanation: `${head}${tail}.`,
  };
}
