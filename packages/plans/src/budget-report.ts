import {
  BUDGET_CATEGORIES,
  type BudgetActual,
  type BudgetCategory,
  Decimal,
  decimalToString,
  invalidInput,
  KehuCurrencyMismatchError,
  type Label,
  type PlanContent,
  requireAsOf,
  toDecimal,
} from '@kehu/core';
import {
  type BudgetGranularity,
  type BudgetPeriod,
  budgetPeriodOf,
  compareBudgetPeriods,
  localDateDay,
  parseBudgetPeriod,
} from './budget-period.js';
import { localDateAt } from './local-time.js';
import { matchTiming, splitVariance, type VarianceQuantities } from './budget-variance.js';
import { BUDGET_CATEGORY_LABELS } from './plan-labels.js';
import { type PlanPolicyInput, parsePlanPolicy } from './plan-policy.js';
import type { VarianceCause } from './types.js';

/** Amounts that add up: `timing + volume + price + unexplained = difference = actual − budget`. */
export interface BudgetTotals {
  /** The budgeted amount. */
  budget: Decimal;
  /** The actual spend up to `asOf`. */
  actual: Decimal;
  /** `actual − budget`. */
  difference: Decimal;
  /** The timing part (over each series, and so over each category, it sums to 0). */
  timing: Decimal;
  /** The volume parts of the rows that have them (rows without quantities count 0 here: see `unexplained`). */
  volume: Decimal;
  /** The price parts of the rows that have them (rows without quantities count 0 here). */
  price: Decimal;
  /** What timing, volume and price do not explain. */
  unexplained: Decimal;
}

/** The totals of one budget category. */
export interface BudgetCategoryTotals extends BudgetTotals {
  /** The budget category. */
  category: BudgetCategory;
}

/** The totals of one period key. */
export interface BudgetPeriodTotals extends BudgetTotals {
  /** `YYYY-MM` or `YYYY-Qn`. */
  period: string;
}

/** The cause recorded for a variance, with its label from the policy's taxonomy. */
export interface BudgetRowCause {
  /** The cause code of the policy's taxonomy. */
  code: string;
  /** The code's label from the policy (the code itself when the taxonomy no longer has it). */
  label: Label;
  /** The note of the `variance-explained` event. */
  note?: string;
  /** Who recorded the cause. */
  actor: string;
  /** When the cause was recorded. */
  at: Date;
}

/** One budget line (or unbudgeted spend) in one period, against actual (rule MP-2). */
export interface BudgetReportRow {
  /** The budget line, or null for actual spend that books to no line (an unbudgeted row, budget 0). */
  lineId: string | null;
  /** The budget category. */
  category: BudgetCategory;
  /**
   * The timing series of the row within its category: the line's `series`, else its category (always the category
   * for an unbudgeted row).
   */
  series: string;
  /** `YYYY-MM` or `YYYY-Qn`. */
  period: string;
  /** The line's amount (0 for an unbudgeted row). */
  budget: Decimal;
  /** The sum of the actual entries booked to the row up to `asOf`. */
  actual: Decimal;
  /** `actual − budget`. */
  difference: Decimal;
  /**
   * Spend moved between periods of the row's series (see `matchTiming`): matched on the quantity part
   * `(Qa − Qb) × Pb` when the row has quantities, else on the whole difference.
   */
  timing: Decimal;
  /** `(Qa − Qb) × Pb − timing`, or null without quantities. */
  volume: Decimal | null;
  /** `A − Qa × Pb`, or null without quantities. */
  price: Decimal | null;
  /** What timing, volume and price do not explain. */
  unexplained: Decimal;
  /** Planned and actual units, when the row has quantities. */
  quantities?: VarianceQuantities;
  /** The ids of the actual entries booked to the row, in input order. */
  actualIds: string[];
  /** True when the period has begun at `asOf` (its first local date is not after the local date of `asOf`). */
  started: boolean;
  /** True when the period is over at `asOf` (its last local date is before the local date of `asOf`). */
  closed: boolean;
  /** True when the difference is past the policy's threshold (see {@link budgetVsActual}). */
  needsCause: boolean;
  /** The cause recorded for the row's line, or else for its category and period. */
  cause?: BudgetRowCause;
  /** The row in words, with the rule (MP-2). */
  explanation: Label;
}

/** A budget report (rule MP-2): every line and period against actual, totals, and the variances without a cause. */
export interface BudgetReport {
  /** The plan's currency. */
  currency: string;
  /** The moment of the report. */
  asOf: Date;
  /** The local date of `asOf` in the report's time zone. */
  asOfDate: string;
  /** Rows by category (in `BUDGET_CATEGORIES` order), then period in time order, lines before unbudgeted spend. */
  rows: BudgetReportRow[];
  /** Totals per category that has rows, in `BUDGET_CATEGORIES` order. */
  byCategory: BudgetCategoryTotals[];
  /** Totals per period key in time order (months and quarters are separate keys, as the rows have them). */
  byPeriod: BudgetPeriodTotals[];
  /** Totals of every row. */
  total: BudgetTotals;
  /** The rows that need a cause and have none. */
  missingCauses: BudgetReportRow[];
  /** What the report could not do as asked (entries left out, quantities missing, unknown causes). */
  warnings: string[];
}

/** Options of {@link budgetVsActual}. */
export interface BudgetReportOptions {
  /** The moment of the report: later spend and later causes are left out; periods are closed or open at it. */
  asOf: Date;
  /** The IANA time zone of local dates (default `UTC`). */
  timeZone?: string;
}

const ZERO = new Decimal(0);

function zeroTotals(): BudgetTotals {
  return { budget: ZERO, actual: ZERO, difference: ZERO, timing: ZERO, volume: ZERO, price: ZERO, unexplained: ZERO };
}

function addRow(t: BudgetTotals, r: BudgetReportRow): BudgetTotals {
  return {
    budget: t.budget.plus(r.budget),
    actual: t.actual.plus(r.actual),
    difference: t.difference.plus(r.difference),
    timing: t.timing.plus(r.timing),
    volume: r.volume === null ? t.volume : t.volume.plus(r.volume),
    price: r.price === null ? t.price : t.price.plus(r.price),
    unexplained: t.unexplained.plus(r.unexplained),
  };
}

const text = (d: Decimal): string => decimalToString(d);
const signed = (d: Decimal): string => (d.isPositive() && !d.isZero() ? `+${text(d)}` : text(d));

function checkDecimal(value: unknown, path: Array<string | number>, nonNegative: boolean): Decimal {
  const d = toDecimal(value, path);
  if (nonNegative && d.isNegative()) throw invalidInput(path, 'must not be negative');
  return d;
}

interface Draft {
  lineId: string | null;
  category: BudgetCategory;
  series: string;
  period: BudgetPeriod;
  order: number;
  budget: Decimal;
  lineQuantity?: Decimal;
  unitPrice?: Decimal;
  actual: Decimal;
  actualQuantity: Decimal;
  allQuantities: boolean;
  actualIds: string[];
}

/**
 * Budget against actual for one plan (rule MP-2): every budget line of `content` in its period against the actual
 * spend booked to it up to `asOf`, the difference split into timing, volume, price and unexplained parts that add
 * up to it exactly (see `matchTiming` and `splitVariance`), the cause recorded for it, and the variances past the
 * policy's threshold that still have none.
 *
 * Timing: the rows of one series (lines with the same `series` in one category; a line without one, and unbudgeted
 * spend, is in the series named after its category) offset each other's timing, on the part of each difference that
 * can move between periods: with quantities the quantity part `(Qa − Qb) × Pb` (so a price overrun stays price, and
 * `volume = (Qa − Qb) × Pb − timing`), without them the whole difference (`unexplained = difference − timing`).
 *
 * Booking: an actual with `lineId` books to that line (which must exist in the content and have the actual's
 * category, else `KehuValidationError` at `['actuals', i, 'lineId']`), whatever its date. Without one, it books to
 * the line of its category whose period holds `spentOn`, month lines before quarter lines when both hold it (the
 * finer plan is the more specific), the first in content order among equals. Spend that books to no line forms an
 * unbudgeted row (budget 0, `lineId` null) of its category and period: quarters when every line of the category is
 * quarterly, months otherwise. Actuals spent after the local date of `asOf` are left out (and counted in
 * `warnings`); an actual's quantity counts negatively when its amount is negative (units returned).
 *
 * Causes: a row needs a cause when `|difference|` is more than `policy.budget.causeThreshold.share × budget` and
 * more than `causeThreshold.amount`, in any period that has begun at `asOf`, closed or still open (an overrun in the
 * current month is worth explaining before the month ends; open rows are `closed: false`). In a period not begun
 * yet, only an overrun (spend booked ahead to its line) needs one: the shortfall of a future period is budget not
 * yet due. A cause recorded for the row's line, or else for its category and period (the latest of each, events up
 * to `asOf`), satisfies it.
 *
 * Throws `KehuValidationError` for a bad actual or cause (path `['actuals', i, …]`, `['causes', i, …]`),
 * `['asOf']` or `['timeZone']`; `KehuCurrencyMismatchError` for an actual in another currency than the plan;
 * `KehuPolicyError` for an invalid policy. Inputs are not changed.
 */
export function budgetVsActual(
  content: PlanContent,
  actuals: readonly BudgetActual[],
  causes: readonly VarianceCause[],
  policy: PlanPolicyInput,
  options: BudgetReportOptions,
): BudgetReport {
  const asOf = requireAsOf(options);
  const timeZone = options.timeZone ?? 'UTC';
  if (typeof timeZone !== 'string') throw invalidInput(['timeZone'], 'expected an IANA time zone name');
  const asOfDate = localDateAt(asOf, timeZone);
  const today = localDateDay(asOfDate);
  const p = parsePlanPolicy(policy);
  if (typeof content !== 'object' || content === null || !Array.isArray(content.budgetLines))
    throw invalidInput(['content'], 'expected plan content with budget lines', 'invalid_type');
  const warnings: string[] = [];
  if (!Array.isArray(actuals)) throw invalidInput(['actuals'], 'expected an array of actual spend entries');
  if (!Array.isArray(causes)) throw invalidInput(['causes'], 'expected an array of variance causes');

  // One draft row per budget line.
  const drafts: Draft[] = [];
  const byLine = new Map<string, Draft>();
  const granularities = new Map<BudgetCategory, Set<BudgetGranularity>>();
  content.budgetLines.forEach((line, i) => {
    const path = ['content', 'budgetLines', i];
    const period = parseBudgetPeriod(line.period, [...path, 'period']);
    const draft: Draft = {
      lineId: line.id,
      category: line.category,
      series: line.series ?? line.category,
      period,
      order: i,
      budget: checkDecimal(line.amount, [...path, 'amount'], true),
      actual: ZERO,
      actualQuantity: ZERO,
      allQuantities: true,
      actualIds: [],
    };
    if (line.quantity !== undefined && line.unitPrice !== undefined) {
      draft.lineQuantity = checkDecimal(line.quantity, [...path, 'quantity'], true);
      draft.unitPrice = checkDecimal(line.unitPrice, [...path, 'unitPrice'], true);
    }
    drafts.push(draft);
    byLine.set(line.id, draft);
    const g = granularities.get(line.category) ?? new Set<BudgetGranularity>();
    g.add(period.granularity);
    granularities.set(line.category, g);
  });
  const linesOf = new Map<BudgetCategory, Draft[]>();
  for (const d of drafts) {
    const list = linesOf.get(d.category);
    if (list === undefined) linesOf.set(d.category, [d]);
    else list.push(d);
  }
  const unbudgeted = new Map<string, Draft>();

  // Book each actual.
  const seen = new Set<string>();
  let later = 0;
  actuals.forEach((a, i) => {
    const path = ['actuals', i];
    if (typeof a !== 'object' || a === null) throw invalidInput(path, 'expected an actual spend entry', 'invalid_type');
    if (typeof a.id !== 'string' || a.id === '') throw invalidInput([...path, 'id'], 'expected an id');
    if (seen.has(a.id)) throw invalidInput([...path, 'id'], `duplicate actual id ${JSON.stringify(a.id)}`);
    seen.add(a.id);
    if (i > 0 && a.planId !== actuals[0]!.planId)
      throw invalidInput([...path, 'planId'], `actuals of one plan expected, found ${JSON.stringify(a.planId)}`);
    if (!(BUDGET_CATEGORIES as readonly string[]).includes(a.category))
      throw invalidInput([...path, 'category'], `expected one of ${BUDGET_CATEGORIES.join(', ')}`);
    if (a.currency !== content.currency)
      throw new KehuCurrencyMismatchError([content.currency, String(a.currency)], { details: { path } });
    const amount = checkDecimal(a.amount, [...path, 'amount'], false);
    const quantity = a.quantity === undefined ? undefined : checkDecimal(a.quantity, [...path, 'quantity'], true);
    const day = localDateDay(a.spentOn, [...path, 'spentOn']);
    let draft: Draft | undefined;
    if (a.lineId !== undefined) {
      draft = byLine.get(a.lineId);
      if (draft === undefined)
        throw invalidInput([...path, 'lineId'], `budget line ${JSON.stringify(a.lineId)} is not in the plan`);
      if (draft.category !== a.category)
        throw invalidInput(
          [...path, 'lineId'],
          `budget line ${JSON.stringify(a.lineId)} is for ${draft.category}, the actual for ${a.category}`,
        );
    }
    if (day > today) {
      later += 1;
      return;
    }
    if (draft === undefined) {
      const holding = (linesOf.get(a.category) ?? []).filter(
        (d) => day >= d.period.firstDay && day <= d.period.lastDay,
      );
      draft = holding.find((d) => d.period.granularity === 'month') ?? holding[0];
    }
    if (draft === undefined) {
      const g = granularities.get(a.category);
      const granularity: BudgetGranularity = g !== undefined && !g.has('month') ? 'quarter' : 'month';
      const key = budgetPeriodOf(a.spentOn, granularity);
      const id = `${a.category}|${key}`;
      draft = unbudgeted.get(id);
      if (draft === undefined) {
        draft = {
          lineId: null,
          category: a.category,
          series: a.category,
          period: parseBudgetPeriod(key),
          order: Number.MAX_SAFE_INTEGER,
          budget: ZERO,
          actual: ZERO,
          actualQuantity: ZERO,
          allQuantities: true,
          actualIds: [],
        };
        unbudgeted.set(id, draft);
      }
    }
    draft.actual = draft.actual.plus(amount);
    draft.actualIds.push(a.id);
    if (quantity === undefined) draft.allQuantities = false;
    else draft.actualQuantity = draft.actualQuantity.plus(amount.isNegative() ? quantity.neg() : quantity);
  });
  if (later > 0) warnings.push(`${later} actual spend entries dated after ${asOfDate} are left out (MP-2)`);

  const all = [...drafts, ...unbudgeted.values()].sort(
    (x, y) =>
      BUDGET_CATEGORIES.indexOf(x.category) - BUDGET_CATEGORIES.indexOf(y.category) ||
      compareBudgetPeriods(x.period, y.period) ||
      x.order - y.order,
  );
  if (all.length === 0) warnings.push('no budget lines and no actual spend: nothing to compare (MP-2)');

  // Volume and price need the line's quantity and unit price and a quantity on every actual booked to it.
  const quantitiesOf = new Map<Draft, VarianceQuantities>();
  for (const d of all) {
    if (d.lineQuantity === undefined || d.unitPrice === undefined) continue;
    if (d.allQuantities)
      quantitiesOf.set(d, { budgetQuantity: d.lineQuantity, unitPrice: d.unitPrice, actualQuantity: d.actualQuantity });
    else
      warnings.push(
        `budget line ${d.lineId}: some actual entries have no quantity, so its variance is not split into ` +
          'volume and price (MP-2)',
      );
  }

  // Timing per series within a category, on the part of each difference that can move between periods: the
  // quantity part (Qa − Qb) × Pb where there are quantities (a price difference is permanent), else all of it.
  const timing = new Map<Draft, Decimal>();
  const seriesOf = new Map<string, Draft[]>();
  for (const d of all) {
    const key = `${d.category}\u0000${d.series}`;
    const list = seriesOf.get(key);
    if (list === undefined) seriesOf.set(key, [d]);
    else list.push(d);
  }
  for (const series of seriesOf.values()) {
    const result = matchTiming(
      series.map((d) => ({ period: d.period, difference: movablePart(d, quantitiesOf.get(d)) })),
    );
    series.forEach((d, i) => timing.set(d, result.timing[i]!));
  }

  // Causes as of asOf: the latest per line and per (category, period).
  const lineCauses = new Map<string, VarianceCause>();
  const periodCauses = new Map<string, VarianceCause>();
  const isLater = (x: VarianceCause, y: VarianceCause | undefined): boolean =>
    y === undefined || x.at.getTime() > y.at.getTime() || (x.at.getTime() === y.at.getTime() && x.seq > y.seq);
  causes.forEach((c, i) => {
    const path = ['causes', i];
    if (typeof c !== 'object' || c === null) throw invalidInput(path, 'expected a variance cause', 'invalid_type');
    if (!(c.at instanceof Date) || Number.isNaN(c.at.getTime()))
      throw invalidInput([...path, 'at'], 'expected a valid Date', 'invalid_type');
    if (!(BUDGET_CATEGORIES as readonly string[]).includes(c.category))
      throw invalidInput([...path, 'category'], `expected one of ${BUDGET_CATEGORIES.join(', ')}`);
    const period = parseBudgetPeriod(c.period, [...path, 'period']);
    if (c.at.getTime() > asOf.getTime()) return;
    if (c.lineId !== undefined) {
      if (!byLine.has(c.lineId))
        warnings.push(`a cause names budget line ${c.lineId}, which is not in the plan: ignored (MP-2)`);
      else if (isLater(c, lineCauses.get(c.lineId))) lineCauses.set(c.lineId, c);
    } else {
      const key = `${c.category}|${period.key}`;
      if (isLater(c, periodCauses.get(key))) periodCauses.set(key, c);
    }
  });
  const labels = new Map(p.budget.causes.map((c) => [c.code, c.label]));
  const share = new Decimal(String(p.budget.causeThreshold.share));
  const minimum = new Decimal(p.budget.causeThreshold.amount);

  const rows: BudgetReportRow[] = all.map((d) => {
    const quantities = quantitiesOf.get(d);
    const split = splitVariance({ budget: d.budget, actual: d.actual, timing: timing.get(d)!, quantities });
    const started = d.period.firstDay <= today;
    const closed = d.period.lastDay < today;
    const size = split.difference.abs();
    const needsCause = size.gt(share.times(d.budget)) && size.gt(minimum) && (started || split.difference.isPositive());
    const recorded =
      (d.lineId === null ? undefined : lineCauses.get(d.lineId)) ?? periodCauses.get(`${d.category}|${d.period.key}`);
    let cause: BudgetRowCause | undefined;
    if (recorded !== undefined) {
      let label = labels.get(recorded.cause);
      if (label === undefined) {
        label = { en: recorded.cause, zh: recorded.cause };
        warnings.push(`cause code ${recorded.cause} is not in the policy's taxonomy (MP-2)`);
      }
      cause = { code: recorded.cause, label, actor: recorded.actor, at: recorded.at };
      if (recorded.note !== undefined) cause.note = recorded.note;
    }
    const row: BudgetReportRow = {
      lineId: d.lineId,
      category: d.category,
      series: d.series,
      period: d.period.key,
      budget: d.budget,
      actual: d.actual,
      difference: split.difference,
      timing: split.timing,
      volume: split.volume,
      price: split.price,
      unexplained: split.unexplained,
      actualIds: d.actualIds,
      started,
      closed,
      needsCause,
      explanation: { en: '', zh: '' },
    };
    if (quantities !== undefined) row.quantities = quantities;
    if (cause !== undefined) row.cause = cause;
    row.explanation = explainRow(row, share, minimum);
    return row;
  });

  let total = zeroTotals();
  const categories = new Map<BudgetCategory, BudgetTotals>();
  const periods = new Map<string, { period: BudgetPeriod; totals: BudgetTotals }>();
  all.forEach((d, i) => {
    const r = rows[i]!;
    total = addRow(total, r);
    categories.set(r.category, addRow(categories.get(r.category) ?? zeroTotals(), r));
    const entry = periods.get(r.period) ?? { period: d.period, totals: zeroTotals() };
    entry.totals = addRow(entry.totals, r);
    periods.set(r.period, entry);
  });
  const byCategory = BUDGET_CATEGORIES.filter((c) => categories.has(c)).map((category) => ({
    category,
    ...categories.get(category)!,
  }));
  const byPeriod = [...periods.values()]
    .sort((x, y) => compareBudgetPeriods(x.period, y.period))
    .map((e) => ({ period: e.period.key, ...e.totals }));

  return {
    currency: content.currency,
    asOf,
    asOfDate,
    rows,
    byCategory,
    byPeriod,
    total,
    missingCauses: rows.filter((r) => r.needsCause && r.cause === undefined),
    warnings: [...new Set(warnings)],
  };
}

/** The part of a draft row's difference that can move between periods: `(Qa − Qb) × Pb`, or all of `A − B`. */
function movablePart(d: Draft, q: VarianceQuantities | undefined): Decimal {
  return q === undefined ? d.actual.minus(d.budget) : q.actualQuantity.minus(q.budgetQuantity).times(q.unitPrice);
}

/** The row in English and Chinese: the numbers, the parts, and whether a cause is needed or given. */
function explainRow(r: BudgetReportRow, share: Decimal, minimum: Decimal): Label {
  const c = BUDGET_CATEGORY_LABELS[r.category];
  const state = r.closed
    ? { en: 'closed', zh: '已结束' }
    : r.started
      ? { en: 'open', zh: '进行中' }
      : { en: 'not begun', zh: '未开始' };
  const what = {
    en: `${c.en} ${r.period} (${r.lineId === null ? 'unbudgeted' : `line ${r.lineId}`}, ${state.en})`,
    zh: `${c.zh} ${r.period}（${r.lineId === null ? '无预算' : `预算行 ${r.lineId}`}，${state.zh}）`,
  };
  const percent = r.budget.isZero()
    ? ''
    : ` (${r.difference.abs().times(100).div(r.budget).toDecimalPlaces(1, Decimal.ROUND_HALF_EVEN).toFixed(1)}%)`;
  const size = text(r.difference.abs());
  const gap = r.difference.isZero()
    ? { en: 'on budget', zh: '与预算持平' }
    : r.difference.isPositive()
      ? { en: `over by ${size}${percent}`, zh: `超支 ${size}${percent}` }
      : { en: `under by ${size}${percent}`, zh: `节余 ${size}${percent}` };
  const parts =
    r.volume !== null && r.price !== null
      ? {
          en: `timing ${signed(r.timing)}, volume ${signed(r.volume)}, price ${signed(r.price)}`,
          zh: `时间差 ${signed(r.timing)}，数量差 ${signed(r.volume)}，价格差 ${signed(r.price)}`,
        }
      : {
          en: `timing ${signed(r.timing)}, unexplained ${signed(r.unexplained)}`,
          zh: `时间差 ${signed(r.timing)}，未归因 ${signed(r.unexplained)}`,
        };
  const threshold = `${text(share.times(100))}% / ${text(minimum)}`;
  const need = r.cause
    ? { en: `cause: ${r.cause.label.en}`, zh: `原因：${r.cause.label.zh}` }
    : r.needsCause
      ? { en: `needs a cause (past ${threshold})`, zh: `需说明原因（超过 ${threshold}）` }
      : !r.started && !r.difference.isPositive()
        ? { en: 'not due yet', zh: '尚未到期' }
        : { en: `within ${threshold}`, zh: `未超过 ${threshold}` };
  const numbers = `actual ${text(r.actual)} against budget ${text(r.budget)}`;
  return {
    en: `${what.en}: ${numbers}, ${gap.en}; ${parts.en}; ${need.en} (MP-2)`,
    zh: `${what.zh}：实际 ${text(r.actual)}，预算 ${text(r.budget)}，${gap.zh}；${parts.zh}；${need.zh}（MP-2）`,
  };
}
