import {
  BUDGET_CATEGORIES,
  type BudgetActual,
  type BudgetCategory,
  Decimal,
  dateOfDay,
  dayNumber,
  type PlanContent,
  parseBudgetActual,
  planContentSchema,
} from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budgetVsActual } from './budget-report.js';
import { DEFAULT_PLAN_POLICY } from './plan-policy.js';
import type { VarianceCause } from './types.js';

const PERIODS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-Q1', '2026-Q2', '2026-Q3'];
const FIRST = dayNumber('2026-01-01');
const category = fc.constantFrom(...BUDGET_CATEGORIES);
/** Money with up to two decimals, as a string. */
const cents = (min: number, max: number) => fc.integer({ min, max }).map((c) => new Decimal(c).div(100).toString());

const lineArb = fc.record({
  category,
  period: fc.constantFrom(...PERIODS),
  series: fc.option(fc.constantFrom('visits', 'gifts', 'maintenance'), { nil: undefined }),
  amount: cents(0, 2_000_000),
  units: fc.option(fc.record({ quantity: fc.integer({ min: 0, max: 40 }), unitPrice: cents(0, 50_000) }), {
    nil: undefined,
  }),
});

const actualArb = fc.record({
  category,
  day: fc.integer({ min: 0, max: 240 }),
  amount: cents(-200_000, 3_000_000),
  quantity: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
  pickLine: fc.option(fc.nat(), { nil: undefined }),
});

const inputArb = fc.record({
  lines: fc.array(lineArb, { maxLength: 14 }),
  actuals: fc.array(actualArb, { maxLength: 30 }),
  asOfDay: fc.integer({ min: 0, max: 260 }),
  causeOn: fc.array(fc.tuple(category, fc.constantFrom(...PERIODS)), { maxLength: 4 }),
});

type Input = typeof inputArb extends fc.Arbitrary<infer T> ? T : never;

function build(input: Input): {
  content: PlanContent;
  actuals: BudgetActual[];
  causes: VarianceCause[];
  asOf: Date;
} {
  const content = planContentSchema.parse({
    name: 'Property plan',
    ownerId: 'owner',
    group: { segments: ['champions'] },
    period: { from: '2026-01-01', to: '2026-12-31' },
    currency: 'CNY',
    budgetLines: input.lines.map((l, i) => ({
      id: `line-${i}`,
      category: l.category,
      period: l.period,
      ...(l.series === undefined ? {} : { series: l.series }),
      ...(l.units === undefined
        ? { amount: l.amount }
        : {
            amount: new Decimal(l.units.quantity).times(l.units.unitPrice).toString(),
            quantity: String(l.units.quantity),
            unitPrice: l.units.unitPrice,
          }),
    })),
  });
  const actuals = input.actuals.map((a, i) => {
    const same = content.budgetLines.filter((l) => l.category === a.category);
    const line = a.pickLine === undefined || same.length === 0 ? undefined : same[a.pickLine % same.length];
    return parseBudgetActual({
      id: `actual-${i}`,
      planId: 'plan',
      category: a.category,
      spentOn: dateOfDay(FIRST + a.day),
      amount: a.amount,
      currency: 'CNY',
      ...(a.quantity === undefined ? {} : { quantity: String(a.quantity) }),
      ...(line === undefined ? {} : { lineId: line.id }),
    });
  });
  const causes = input.causeOn.map(
    ([c, period], i): VarianceCause => ({
      category: c as BudgetCategory,
      period,
      cause: 'other',
      actor: 'owner',
      at: new Date(Date.UTC(2026, 0, 1)),
      seq: i + 1,
    }),
  );
  return { content, actuals, causes, asOf: new Date((FIRST + input.asOfDay) * 86_400_000 + 3_600_000) };
}

const sum = (xs: readonly Decimal[]): Decimal => xs.reduce((a, b) => a.plus(b), new Decimal(0));
const RUNS = { numRuns: 300 };

describe('budget against actual, properties (MP-2)', () => {
  it('MP-2: per row, timing + volume + price + unexplained = difference = actual − budget', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { content, actuals, causes, asOf } = build(input);
        const r = budgetVsActual(content, actuals, causes, DEFAULT_PLAN_POLICY, { asOf });
        for (const row of r.rows) {
          expect(row.difference.eq(row.actual.minus(row.budget))).toBe(true);
          const parts = row.timing
            .plus(row.volume ?? 0)
            .plus(row.price ?? 0)
            .plus(row.unexplained);
          expect(parts.eq(row.difference)).toBe(true);
          expect(row.volume === null).toBe(row.price === null);
          // Timing never exceeds the movable part (the quantity part with quantities, else the difference) and
          // has its sign; a price difference never becomes timing.
          const q = row.quantities;
          const movable =
            q === undefined ? row.difference : q.actualQuantity.minus(q.budgetQuantity).times(q.unitPrice);
          expect(row.timing.abs().lte(movable.abs())).toBe(true);
          expect(row.timing.isZero() || row.timing.isNegative() === movable.isNegative()).toBe(true);
          if (q !== undefined) expect(row.price!.eq(row.actual.minus(q.actualQuantity.times(q.unitPrice)))).toBe(true);
          else expect(row.unexplained.eq(row.difference.minus(row.timing))).toBe(true);
          // A row's series is its line's series, else its category.
          const line = content.budgetLines.find((l) => l.id === row.lineId);
          expect(row.series).toBe(line?.series ?? row.category);
        }
      }),
      RUNS,
    );
  });

  it('MP-2: rows, categories and periods each sum to the total; timing sums to 0 per series and category', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { content, actuals, causes, asOf } = build(input);
        const r = budgetVsActual(content, actuals, causes, DEFAULT_PLAN_POLICY, { asOf });
        expect(sum(r.rows.map((x) => x.difference)).eq(r.total.difference)).toBe(true);
        expect(sum(r.rows.map((x) => x.budget)).eq(r.total.budget)).toBe(true);
        expect(sum(r.byCategory.map((x) => x.difference)).eq(r.total.difference)).toBe(true);
        expect(sum(r.byPeriod.map((x) => x.difference)).eq(r.total.difference)).toBe(true);
        const t = r.total;
        expect(t.timing.plus(t.volume).plus(t.price).plus(t.unexplained).eq(t.difference)).toBe(true);
        for (const c of BUDGET_CATEGORIES) {
          const rows = r.rows.filter((x) => x.category === c);
          expect(sum(rows.map((x) => x.timing)).isZero()).toBe(true);
          for (const series of new Set(rows.map((x) => x.series)))
            expect(sum(rows.filter((x) => x.series === series).map((x) => x.timing)).isZero()).toBe(true);
        }
        expect(t.timing.isZero()).toBe(true);
        // Every line has its row.
        expect(r.rows.filter((x) => x.lineId !== null).length).toBe(content.budgetLines.length);
        // Missing causes are exactly the rows that need one and have none.
        expect(r.missingCauses).toEqual(r.rows.filter((x) => x.needsCause && x.cause === undefined));
      }),
      RUNS,
    );
  });

  it('MP-2: the actual total equals the sum of the entries up to asOf; each entry books to exactly one row', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { content, actuals, causes, asOf } = build(input);
        const r = budgetVsActual(content, actuals, causes, DEFAULT_PLAN_POLICY, { asOf });
        const kept = actuals.filter((a) => a.spentOn <= r.asOfDate);
        expect(r.total.actual.eq(sum(kept.map((a) => a.amount)))).toBe(true);
        const booked = r.rows.flatMap((x) => x.actualIds).sort();
        expect(booked).toEqual(kept.map((a) => a.id).sort());
      }),
      RUNS,
    );
  });

  it('MP-2: inputs are not mutated', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { content, actuals, causes, asOf } = build(input);
        const before = JSON.stringify({ content, actuals, causes, asOf });
        budgetVsActual(content, actuals, causes, DEFAULT_PLAN_POLICY, { asOf });
        expect(JSON.stringify({ content, actuals, causes, asOf })).toBe(before);
      }),
      { numRuns: 100 },
    );
  });
});
