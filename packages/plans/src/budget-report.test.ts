import {
  type BudgetActual,
  type BudgetActualInput,
  type Decimal,
  KehuCurrencyMismatchError,
  KehuPolicyError,
  KehuValidationError,
  type PlanContent,
  type PlanContentInput,
  parseBudgetActual,
  planContentSchema,
} from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { budgetVsActual } from './budget-report.js';
import { DEFAULT_PLAN_POLICY } from './plan-policy.js';
import type { VarianceCause } from './types.js';

function content(lines: PlanContentInput['budgetLines']): PlanContent {
  return planContentSchema.parse({
    name: 'Gold customers 2026',
    ownerId: 'owner-1',
    group: { tiers: ['gold'] },
    period: { from: '2026-01-01', to: '2026-12-31' },
    currency: 'CNY',
    budgetLines: lines,
  });
}

let n = 0;
function actual(input: Partial<BudgetActualInput> & Pick<BudgetActualInput, 'category' | 'spentOn' | 'amount'>) {
  n += 1;
  return parseBudgetActual({ id: `a${n}`, planId: 'plan-1', currency: 'CNY', ...input });
}

function cause(c: Partial<VarianceCause> & Pick<VarianceCause, 'category' | 'period' | 'cause'>): VarianceCause {
  return { actor: 'owner-1', at: new Date('2026-04-02T00:00:00Z'), seq: 10, ...c };
}

const asOf = new Date('2026-04-15T00:00:00Z');
const s = (d: Decimal | null | undefined): string | null | undefined => (d == null ? d : d.toString());

describe('budget against actual (MP-2)', () => {
  it('MP-2: books actuals by lineId or by the category line whose period holds spentOn, month lines first', () => {
    const c = content([
      { id: 'q1', category: 'maintenance', period: '2026-Q1', amount: '9000' },
      { id: 'feb', category: 'maintenance', period: '2026-02', amount: '1000' },
      { id: 'ev', category: 'events', period: '2026-Q1', amount: '5000' },
    ]);
    const actuals = [
      actual({ category: 'maintenance', spentOn: '2026-02-10', amount: '800' }),
      actual({ category: 'maintenance', spentOn: '2026-01-10', amount: '7000' }),
      actual({ category: 'maintenance', spentOn: '2026-02-11', amount: '50', lineId: 'q1' }),
      actual({ category: 'events', spentOn: '2026-03-01', amount: '5000' }),
    ];
    const r = budgetVsActual(c, actuals, [], DEFAULT_PLAN_POLICY, { asOf });
    const byId = new Map(r.rows.map((row) => [row.lineId, row]));
    expect(s(byId.get('feb')?.actual)).toBe('800');
    expect(s(byId.get('q1')?.actual)).toBe('7050');
    expect(byId.get('q1')?.actualIds).toEqual([actuals[1]!.id, actuals[2]!.id]);
    expect(s(byId.get('ev')?.difference)).toBe('0');
    expect(r.currency).toBe('CNY');
    expect(s(r.total.actual)).toBe('12850');
    expect(s(r.total.budget)).toBe('15000');
    expect(s(r.total.difference)).toBe('-2150');
  });

  it('MP-2: spend matching no line forms an unbudgeted row with budget 0, in the granularity of its category', () => {
    const c = content([{ id: 'q1', category: 'events', period: '2026-Q1', amount: '1000' }]);
    const r = budgetVsActual(
      c,
      [
        actual({ category: 'events', spentOn: '2026-04-03', amount: '2500' }),
        actual({ category: 'development', spentOn: '2026-02-03', amount: '400' }),
      ],
      [],
      DEFAULT_PLAN_POLICY,
      { asOf },
    );
    const unbudgeted = r.rows.filter((row) => row.lineId === null);
    expect(unbudgeted.map((row) => [row.category, row.period, s(row.budget), s(row.actual)])).toEqual([
      ['development', '2026-02', '0', '400'],
      ['events', '2026-Q2', '0', '2500'],
    ]);
    // The events overrun in Q2 offsets the Q1 shortfall: spend moved later.
    const q1 = r.rows.find((row) => row.lineId === 'q1')!;
    const q2 = unbudgeted[1]!;
    expect([s(q1.timing), s(q2.timing), s(q2.unexplained)]).toEqual(['-1000', '1000', '1500']);
    expect(q2.needsCause).toBe(true);
    expect(r.missingCauses).toContain(q2);
  });

  it('MP-2: splits a line with quantities into timing, volume and price that add up to the difference', () => {
    const c = content([
      { id: 'jan', category: 'maintenance', period: '2026-01', amount: '3000', quantity: '10', unitPrice: '300' },
      { id: 'feb', category: 'maintenance', period: '2026-02', amount: '3000', quantity: '10', unitPrice: '300' },
    ]);
    const r = budgetVsActual(
      c,
      [
        actual({ category: 'maintenance', spentOn: '2026-01-20', amount: '2400', quantity: '8' }),
        actual({ category: 'maintenance', spentOn: '2026-02-20', amount: '3960', quantity: '12' }),
      ],
      [],
      DEFAULT_PLAN_POLICY,
      { asOf },
    );
    const [jan, feb] = r.rows;
    expect([s(jan!.difference), s(jan!.timing), s(jan!.volume), s(jan!.price)]).toEqual(['-600', '-600', '0', '0']);
    expect([s(feb!.difference), s(feb!.timing), s(feb!.volume), s(feb!.price)]).toEqual(['960', '600', '0', '360']);
    expect(feb!.explanation.en).toContain('timing +600, volume 0, price +360');
    expect(feb!.explanation.zh).toContain('价格差 +360');
  });

  it('MP-2: a price overrun stays price: only the quantity part of a difference can be timing', () => {
    // Gifts Q1: 60 planned and given, at 230 instead of 200: +1,800, all price. Visits Q2: 30 of 40 at 300: −3,000.
    const c = content([
      { id: 'gifts', category: 'maintenance', period: '2026-Q1', amount: '12000', quantity: '60', unitPrice: '200' },
      { id: 'visits', category: 'maintenance', period: '2026-Q2', amount: '12000', quantity: '40', unitPrice: '300' },
    ]);
    const r = budgetVsActual(
      c,
      [
        actual({ category: 'maintenance', spentOn: '2026-02-10', amount: '13800', quantity: '60', lineId: 'gifts' }),
        actual({ category: 'maintenance', spentOn: '2026-04-10', amount: '9000', quantity: '30', lineId: 'visits' }),
      ],
      [],
      DEFAULT_PLAN_POLICY,
      { asOf },
    );
    const [gifts, visits] = r.rows;
    // Both lines are in the series `maintenance` (no series given), yet nothing offsets: gifts moved no units.
    expect([gifts!.series, visits!.series]).toEqual(['maintenance', 'maintenance']);
    expect([s(gifts!.difference), s(gifts!.timing), s(gifts!.volume), s(gifts!.price)]).toEqual([
      '1800',
      '0',
      '0',
      '1800',
    ]);
    expect([s(visits!.difference), s(visits!.timing), s(visits!.volume), s(visits!.price)]).toEqual([
      '-3000',
      '0',
      '-3000',
      '0',
    ]);
  });

  it('MP-2: a quantity shortfall made up a quarter later is timing in both quarters, within its series only', () => {
    // Visits Q1: 30 of 40 at 300 (−3,000 volume); Q2: 52 of 40 at 310 (+3,600 volume at the planned price, +520
    // price). Gifts Q1: 58 of 60 at 200 (−400 volume), in a series of their own.
    const lines = (series: boolean): PlanContentInput['budgetLines'] =>
      [
        { id: 'v1', category: 'maintenance', period: '2026-Q1', amount: '12000', quantity: '40', unitPrice: '300' },
        { id: 'g1', category: 'maintenance', period: '2026-Q1', amount: '12000', quantity: '60', unitPrice: '200' },
        { id: 'v2', category: 'maintenance', period: '2026-Q2', amount: '12000', quantity: '40', unitPrice: '300' },
      ]
        .map((l) => ({ ...l, category: 'maintenance' as const }))
        .map((l) => (series ? { ...l, series: l.id.startsWith('v') ? 'visits' : 'gifts' } : l));
    const actuals = [
      actual({ category: 'maintenance', spentOn: '2026-02-10', amount: '9000', quantity: '30', lineId: 'v1' }),
      actual({ category: 'maintenance', spentOn: '2026-02-11', amount: '11600', quantity: '58', lineId: 'g1' }),
      actual({ category: 'maintenance', spentOn: '2026-04-10', amount: '16120', quantity: '52', lineId: 'v2' }),
    ];
    const parts = (r: ReturnType<typeof budgetVsActual>) =>
      r.rows.map((row) => [row.lineId, row.series, s(row.timing), s(row.volume), s(row.price)]);
    const bySeries = budgetVsActual(content(lines(true)), actuals, [], DEFAULT_PLAN_POLICY, { asOf });
    expect(parts(bySeries)).toEqual([
      ['v1', 'visits', '-3000', '0', '0'],
      ['g1', 'gifts', '0', '-400', '0'],
      ['v2', 'visits', '3000', '600', '520'],
    ]);
    expect(bySeries.rows[2]!.explanation.en).toContain('timing +3000, volume +600, price +520');
    // Without series the category is one series: the gift shortfall is offset by the visits too.
    expect(parts(budgetVsActual(content(lines(false)), actuals, [], DEFAULT_PLAN_POLICY, { asOf }))).toEqual([
      ['v1', 'maintenance', '-3000', '0', '0'],
      ['g1', 'maintenance', '-400', '0', '0'],
      ['v2', 'maintenance', '3400', '200', '520'],
    ]);
  });

  it('MP-2: a series of lines without quantities matches timing on the whole difference, per series', () => {
    const c = content([
      { id: 'r1', category: 'development', period: '2026-Q1', amount: '1000', series: 'referrals' },
      { id: 'f1', category: 'development', period: '2026-Q1', amount: '1000', series: 'fairs' },
      { id: 'r2', category: 'development', period: '2026-Q2', amount: '1000', series: 'referrals' },
      { id: 'f2', category: 'development', period: '2026-Q2', amount: '2000', series: 'fairs' },
    ]);
    const r = budgetVsActual(
      c,
      [
        actual({ category: 'development', spentOn: '2026-02-01', amount: '200', lineId: 'r1' }),
        actual({ category: 'development', spentOn: '2026-02-02', amount: '2500', lineId: 'f1' }),
        actual({ category: 'development', spentOn: '2026-04-01', amount: '1500', lineId: 'r2' }),
        actual({ category: 'development', spentOn: '2026-04-02', amount: '1000', lineId: 'f2' }),
      ],
      [],
      DEFAULT_PLAN_POLICY,
      { asOf },
    );
    // Referrals −800 then +500: 500 moved later. Fairs +1,500 then −1,000: 1,000 moved earlier.
    expect(r.rows.map((row) => [row.lineId, s(row.difference), s(row.timing), s(row.unexplained), row.volume])).toEqual(
      [
        ['r1', '-800', '-500', '-300', null],
        ['f1', '1500', '1000', '500', null],
        ['r2', '500', '500', '0', null],
        ['f2', '-1000', '-1000', '0', null],
      ],
    );
    expect(s(r.byCategory[0]!.timing)).toBe('0');
  });

  it('MP-2: without every actual quantity the line has no volume or price, with a warning', () => {
    const c = content([
      { id: 'jan', category: 'maintenance', period: '2026-01', amount: '3000', quantity: '10', unitPrice: '300' },
    ]);
    const r = budgetVsActual(
      c,
      [
        actual({ category: 'maintenance', spentOn: '2026-01-20', amount: '2400', quantity: '8' }),
        actual({ category: 'maintenance', spentOn: '2026-01-21', amount: '100' }),
      ],
      [],
      DEFAULT_PLAN_POLICY,
      { asOf },
    );
    expect(r.rows[0]).toMatchObject({ volume: null, price: null });
    expect(s(r.rows[0]!.unexplained)).toBe('-500');
    expect(r.warnings.some((w) => w.includes('jan'))).toBe(true);
  });

  it('MP-2: a refund with quantity returns units and lowers the actual', () => {
    const c = content([
      { id: 'gifts', category: 'maintenance', period: '2026-Q1', amount: '1000', quantity: '10', unitPrice: '100' },
    ]);
    const r = budgetVsActual(
      c,
      [
        actual({ category: 'maintenance', spentOn: '2026-01-20', amount: '1200', quantity: '12' }),
        actual({ category: 'maintenance', spentOn: '2026-02-01', amount: '-200', quantity: '2' }),
      ],
      [],
      DEFAULT_PLAN_POLICY,
      { asOf },
    );
    expect(s(r.rows[0]!.quantities?.actualQuantity)).toBe('10');
    expect(s(r.rows[0]!.difference)).toBe('0');
  });

  it('MP-2: needs a cause past share × budget and amount; a line or a category cause satisfies it', () => {
    const c = content([
      { id: 'jan', category: 'development', period: '2026-01', amount: '10000' },
      { id: 'feb', category: 'development', period: '2026-02', amount: '10000' },
      { id: 'mar', category: 'development', period: '2026-03', amount: '10000' },
      { id: 'small', category: 'events', period: '2026-01', amount: '5000' },
    ]);
    const actuals = [
      actual({ category: 'development', spentOn: '2026-01-05', amount: '12000' }),
      actual({ category: 'development', spentOn: '2026-02-05', amount: '13000' }),
      actual({ category: 'development', spentOn: '2026-03-05', amount: '10500' }),
      // 20% over but only 1,000: not more than the 1,000 amount threshold.
      actual({ category: 'events', spentOn: '2026-01-05', amount: '6000' }),
    ];
    const causes = [
      cause({ lineId: 'jan', category: 'development', period: '2026-01', cause: 'price', note: 'Venue dearer' }),
      cause({ category: 'development', period: '2026-02', cause: 'volume' }),
    ];
    const r = budgetVsActual(c, actuals, causes, DEFAULT_PLAN_POLICY, { asOf });
    const row = (id: string) => r.rows.find((x) => x.lineId === id)!;
    expect(row('jan')).toMatchObject({ needsCause: true, closed: true });
    expect(row('jan').cause).toMatchObject({ code: 'price', note: 'Venue dearer', actor: 'owner-1' });
    expect(row('jan').cause?.label.zh).toBe('价格变动');
    expect(row('feb').cause?.code).toBe('volume');
    expect(row('mar').needsCause).toBe(false);
    expect(row('small').needsCause).toBe(false);
    expect(r.missingCauses).toEqual([]);
    expect(row('jan').explanation.en).toContain('cause: Prices differed from the plan');
    // Without the causes, both development overruns are missing a cause.
    const bare = budgetVsActual(c, actuals, [], DEFAULT_PLAN_POLICY, { asOf });
    expect(bare.missingCauses.map((x) => x.lineId)).toEqual(['jan', 'feb']);
    expect(bare.rows[0]!.explanation.en).toContain('needs a cause (past 10% / 1000)');
  });

  it('MP-2: open periods need causes too; a period not begun needs one only for an overrun', () => {
    const c = content([
      { id: 'apr', category: 'events', period: '2026-04', amount: '10000' },
      { id: 'may', category: 'events', period: '2026-05', amount: '10000' },
      { id: 'jun', category: 'events', period: '2026-06', amount: '1000' },
    ]);
    const r = budgetVsActual(
      c,
      [actual({ category: 'events', spentOn: '2026-04-10', amount: '5000', lineId: 'jun' })],
      [],
      DEFAULT_PLAN_POLICY,
      { asOf },
    );
    const [apr, may, jun] = r.rows;
    expect(apr).toMatchObject({ started: true, closed: false, needsCause: true });
    expect(may).toMatchObject({ started: false, closed: false, needsCause: false });
    expect(may!.explanation.en).toContain('not due yet');
    expect(jun).toMatchObject({ started: false, needsCause: true });
  });

  it('MP-2: later causes win, causes and actuals after asOf are left out', () => {
    const c = content([{ id: 'jan', category: 'events', period: '2026-01', amount: '1000' }]);
    const actuals = [
      actual({ category: 'events', spentOn: '2026-01-02', amount: '5000' }),
      actual({ category: 'events', spentOn: '2026-04-16', amount: '5000' }),
    ];
    const causes = [
      cause({ lineId: 'jan', category: 'events', period: '2026-01', cause: 'price', seq: 3 }),
      cause({ lineId: 'jan', category: 'events', period: '2026-01', cause: 'scope', seq: 4 }),
      cause({ lineId: 'jan', category: 'events', period: '2026-01', cause: 'other', at: new Date('2026-05-01Z') }),
    ];
    const r = budgetVsActual(c, actuals, causes, DEFAULT_PLAN_POLICY, { asOf });
    expect(s(r.rows[0]!.actual)).toBe('5000');
    expect(r.rows[0]!.cause?.code).toBe('scope');
    expect(r.warnings.some((w) => w.includes('after 2026-04-15'))).toBe(true);
  });

  it('MP-2: the local date of asOf follows the time zone', () => {
    const c = content([{ id: 'mar', category: 'events', period: '2026-03', amount: '1000' }]);
    const at = new Date('2026-03-31T17:00:00Z');
    expect(budgetVsActual(c, [], [], DEFAULT_PLAN_POLICY, { asOf: at }).rows[0]!.closed).toBe(false);
    const shanghai = budgetVsActual(c, [], [], DEFAULT_PLAN_POLICY, { asOf: at, timeZone: 'Asia/Shanghai' });
    expect(shanghai.rows[0]!.closed).toBe(true);
    expect(shanghai.asOfDate).toBe('2026-04-01');
  });

  it('MP-2: totals by category and by period add up to the total', () => {
    const c = content([
      { id: 'd1', category: 'development', period: '2026-Q1', amount: '3000' },
      { id: 'm1', category: 'maintenance', period: '2026-01', amount: '1000' },
      { id: 'm2', category: 'maintenance', period: '2026-02', amount: '1000' },
    ]);
    const r = budgetVsActual(
      c,
      [
        actual({ category: 'development', spentOn: '2026-02-01', amount: '2000' }),
        actual({ category: 'maintenance', spentOn: '2026-01-15', amount: '1500' }),
      ],
      [],
      DEFAULT_PLAN_POLICY,
      { asOf },
    );
    expect(r.byCategory.map((x) => [x.category, s(x.difference)])).toEqual([
      ['development', '-1000'],
      ['maintenance', '-500'],
    ]);
    expect(r.byPeriod.map((x) => [x.period, s(x.difference)])).toEqual([
      ['2026-01', '500'],
      ['2026-Q1', '-1000'],
      ['2026-02', '-1000'],
    ]);
    expect(s(r.total.difference)).toBe('-1500');
    expect(s(r.total.timing)).toBe('0');
  });

  it('MP-2: empty content and no actuals give an explicit empty report with a warning', () => {
    const r = budgetVsActual(content([]), [], [], DEFAULT_PLAN_POLICY, { asOf });
    expect(r.rows).toEqual([]);
    expect(r.warnings[0]).toMatch(/nothing to compare/);
  });

  it('MP-2: refuses a bad lineId, a category mismatch, another currency, a bad policy and a missing asOf', () => {
    const c = content([{ id: 'jan', category: 'events', period: '2026-01', amount: '1000' }]);
    const fail = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      throw new Error('expected a throw');
    };
    const e1 = fail(() =>
      budgetVsActual(
        c,
        [
          actual({ category: 'events', spentOn: '2026-01-02', amount: '1' }),
          actual({ category: 'events', spentOn: '2026-01-02', amount: '1', lineId: 'nope' }),
        ],
        [],
        DEFAULT_PLAN_POLICY,
        { asOf },
      ),
    );
    expect(e1).toBeInstanceOf(KehuValidationError);
    expect((e1 as KehuValidationError).path).toEqual(['actuals', 1, 'lineId']);
    const e2 = fail(() =>
      budgetVsActual(
        c,
        [actual({ category: 'development', spentOn: '2026-01-02', amount: '1', lineId: 'jan' })],
        [],
        {},
        { asOf },
      ),
    );
    expect((e2 as KehuValidationError).path).toEqual(['actuals', 0, 'lineId']);
    const usd: BudgetActual = {
      ...actual({ category: 'events', spentOn: '2026-01-02', amount: '1' }),
      currency: 'USD',
    };
    expect(fail(() => budgetVsActual(c, [usd], [], {}, { asOf }))).toBeInstanceOf(KehuCurrencyMismatchError);
    const float = {
      ...actual({ category: 'events', spentOn: '2026-01-02', amount: '1' }),
      amount: 0.1 as unknown as Decimal,
    };
    expect((fail(() => budgetVsActual(c, [float], [], {}, { asOf })) as KehuValidationError).path).toEqual([
      'actuals',
      0,
      'amount',
    ]);
    const policy = { budget: { causeThreshold: { share: -1 } } };
    expect(fail(() => budgetVsActual(c, [], [], policy, { asOf }))).toBeInstanceOf(KehuPolicyError);
    expect((fail(() => budgetVsActual(c, [], [], {}, {} as { asOf: Date })) as KehuValidationError).path).toEqual([
      'asOf',
    ]);
    expect(
      (fail(() => budgetVsActual(c, [], [], {}, { asOf, timeZone: 'Nowhere/Else' })) as KehuValidationError).path,
    ).toEqual(['timeZone']);
  });
});
