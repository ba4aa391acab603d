import { Decimal } from '@kehu/core';
import { type BudgetPeriod, budgetPeriodsOverlap, compareBudgetPeriods, parseBudgetPeriod } from './budget-period.js';

/** One entry of a timing series: a period and the part of its difference that can move between periods. */
export interface TimingEntry {
  /** The period key (`YYYY-MM` or `YYYY-Qn`) or the parsed period. */
  period: string | BudgetPeriod;
  /**
   * The part of the entry's `actual − budget` that can move between periods: for a line with quantities the
   * quantity part `(Qa − Qb) × Pb` (a price difference is permanent and never moves), otherwise the whole difference.
   */
  difference: Decimal;
}

/** One timing match: `amount` (positive) of the earlier entry's difference offset by the later entry's. */
export interface TimingMatch {
  /** The index (in the input) of the earlier entry. */
  from: number;
  /** The index (in the input) of the later entry. */
  to: number;
  /** The matched size, always positive. */
  amount: Decimal;
}

/** The timing part of each entry of a series, and the matches that make it up. */
export interface TimingResult {
  /** Per input entry, in input order: the timing part, of the same sign as its entry's `difference` (or 0). */
  timing: Decimal[];
  /** The matches in the order they were made. */
  matches: TimingMatch[];
}

/**
 * The timing variance of one series (rule MP-2): the movable differences of one activity over its periods (the
 * lines of one budget series, see {@link TimingEntry}). Walking the periods in time order (`compareBudgetPeriods`),
 * each difference is matched first-in-first-out against the unmatched differences of the OPPOSITE sign in EARLIER
 * periods that do not overlap it (a month never offsets its own quarter): a shortfall followed by an overrun is
 * spend moved later, an overrun followed by a shortfall is spend moved earlier. The matched amount is the timing part
 * of both entries (negative in the shortfall, positive in the overrun), so the timing parts of a series add up to
 * exactly 0, and each is between 0 and the entry's difference. Whatever stays unmatched is no timing (a real change
 * in volume, or a saving or overrun). Exact: Decimal additions only.
 */
export function matchTiming(series: readonly TimingEntry[]): TimingResult {
  const parsed = series.map((e) => (typeof e.period === 'string' ? parseBudgetPeriod(e.period) : e.period));
  const order = series.map((_, i) => i).sort((a, b) => compareBudgetPeriods(parsed[a]!, parsed[b]!) || a - b);
  const timing = series.map(() => new Decimal(0));
  const matches: TimingMatch[] = [];
  // Unmatched remainders of earlier entries, oldest first: index and the size left (positive).
  const open: Array<{ index: number; sign: number; left: Decimal }> = [];
  for (const i of order) {
    const d = series[i]!.difference;
    const sign = d.isZero() ? 0 : d.isNegative() ? -1 : 1;
    if (sign === 0) continue;
    let left = d.abs();
    for (const item of open) {
      if (left.isZero()) break;
      if (item.sign === sign || item.left.isZero() || budgetPeriodsOverlap(parsed[item.index]!, parsed[i]!)) continue;
      const amount = Decimal.min(item.left, left);
      item.left = item.left.minus(amount);
      left = left.minus(amount);
      timing[item.index] = timing[item.index]!.plus(amount.times(item.sign));
      timing[i] = timing[i]!.plus(amount.times(sign));
      matches.push({ from: item.index, to: i, amount });
    }
    if (!left.isZero()) open.push({ index: i, sign, left });
  }
  return { timing, matches };
}

/** Planned and actual quantities for the volume and price split. */
export interface VarianceQuantities {
  /** Planned units `Qb`. */
  budgetQuantity: Decimal;
  /** Planned price of one unit `Pb`. */
  unitPrice: Decimal;
  /** Actual units `Qa` (the sum over the actual entries). */
  actualQuantity: Decimal;
}

/** What {@link splitVariance} splits. */
export interface VarianceInput {
  /** Budget `B`. */
  budget: Decimal;
  /** Actual `A`. */
  actual: Decimal;
  /**
   * The timing part, from {@link matchTiming} over the entry's series: matched on the quantity part
   * `(Qa − Qb) × Pb` when `quantities` are given, else on the whole difference (0 when the entry is in no series).
   */
  timing: Decimal;
  /** Given when the line has a quantity and unit price and every actual entry a quantity. */
  quantities?: VarianceQuantities | null;
}

/** A variance split into parts that add up exactly: `timing + volume + price + unexplained = difference`. */
export interface VarianceSplit {
  /** `actual − budget`. */
  difference: Decimal;
  /** The timing part given in. */
  timing: Decimal;
  /** `(Qa − Qb) × Pb − timing` (the quantity part less what only moved between periods), or null without them. */
  volume: Decimal | null;
  /** `A − Qa × Pb`, i.e. `(Pa − Pb) × Qa` without dividing, or null without quantities. */
  price: Decimal | null;
  /** `difference − timing` without quantities; with them 0 (whenever the line's `Qb × Pb = B`, as lines must). */
  unexplained: Decimal;
}

/**
 * Splits one variance (rule MP-2) into timing, volume, price and what is left unexplained, exactly:
 * - `difference = A − B`;
 * - with quantities: `price = A − Qa × Pb` (the actual price `Pa = A / Qa` is never computed: a division would
 *   round, and the parts would no longer add up), `volume = (Qa − Qb) × Pb − timing` (the change in units at the
 *   planned price, less the part that is only spend moved between periods, so `timing` must be matched on the
 *   quantity part `(Qa − Qb) × Pb`: a price difference never moves); since a line's `Qb × Pb = B`,
 *   `timing + volume + price = A − B` exactly and `unexplained = 0`;
 * - without them: `volume` and `price` are null and `unexplained = difference − timing`.
 */
export function splitVariance(input: VarianceInput): VarianceSplit {
  const difference = input.actual.minus(input.budget);
  const q = input.quantities;
  if (q === undefined || q === null)
    return { difference, timing: input.timing, volume: null, price: null, unexplained: difference.minus(input.timing) };
  const price = input.actual.minus(q.actualQuantity.times(q.unitPrice));
  const volume = q.actualQuantity.minus(q.budgetQuantity).times(q.unitPrice).minus(input.timing);
  // (Qa − Qb) × Pb + A − Qa × Pb = A − Qb × Pb, which is the difference when Qb × Pb = B (as budget lines require);
  // whatever a host's line breaks of that identity by stays visible as unexplained rather than lost.
  const unexplained = difference.minus(input.timing).minus(volume).minus(price);
  return { difference, timing: input.timing, volume, price, unexplained };
}
