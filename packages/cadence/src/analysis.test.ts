import { KehuPolicyError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnalysisTask, revisitAnalysis } from './analysis.js';
import { errorOf } from './test-support.js';

const zone = 'Asia/Shanghai';
const at = (local: string): Date => new Date(`${local}T10:00:00+08:00`);
const options = { from: '2026-03-01', to: '2026-03-31', asOf: at('2026-04-05'), zone };

const task = (id: string, customerId: string, ownerId: string, earliest: string, latest: string): AnalysisTask => ({
  id,
  keys: [`${customerId}|cadence|${earliest}`],
  customerId,
  ownerId,
  earliestDate: earliest,
  dueDate: earliest,
  latestDate: latest,
});

const customers = [
  { id: 'c1', tier: 'diamond' as const, owner: 'am-1', createdAt: at('2025-01-01') },
  { id: 'c2', tier: 'silver' as const, ownerId: 'am-1', createdAt: at('2025-01-01') },
  { id: 'c3', tier: 'gold' as const, owner: 'am-2', createdAt: at('2025-01-01') },
  { id: 'c4', owner: 'am-2', createdAt: at('2026-03-30') },
];
const tasks = [
  task('t1', 'c1', 'am-1', '2026-03-02', '2026-03-06'), // done on time (03-04)
  task('t2', 'c2', 'am-1', '2026-03-10', '2026-03-12'), // done late (03-20)
  task('t3', 'c3', 'am-2', '2026-03-15', '2026-03-20'), // overdue
  task('t4', 'c3', 'am-2', '2026-03-30', '2026-04-10'), // open (due)
  task('t5', 'c1', 'am-1', '2026-04-02', '2026-04-09'), // due after the period: not counted
];
const contacts = [
  { customerId: 'c1', at: at('2026-03-04'), owner: 'am-1', outcome: 'completed' as const, purpose: 'emotional' },
  { customerId: 'c2', at: at('2026-03-20'), owner: 'am-1' },
  { customerId: 'c3', at: at('2026-03-18'), owner: 'am-2', outcome: 'no-answer' as const },
  { customerId: 'c1', at: at('2026-03-25'), owner: 'am-3' },
  { customerId: 'c3', at: at('2025-12-01'), owner: 'am-2' },
];

describe('revisitAnalysis (CA-9)', () => {
  const r = revisitAnalysis({ tasks, contacts, customers }, undefined, options);

  it('CA-9: counts the tasks due in the period by status, with completion and on-time rates and intervals', () => {
    expect(r.overall.tasks).toMatchObject({
      tasks: 4,
      done: 2,
      doneOnTime: 1,
      doneLate: 1,
      overdue: 1,
      open: 1,
      snoozed: 0,
      skipped: 0,
    });
    expect(r.overall.tasks.completionRate).toMatchObject({ rate: 2 / 3, successes: 2, n: 3 });
    expect(r.overall.tasks.onTimeRate.rate).toBeCloseTo(1 / 3);
    const { lower, upper } = r.overall.tasks.completionRate;
    // Wilson 95% interval for 2 of 3: 0.2077..0.9385.
    expect(lower).toBeCloseTo(0.2077, 3);
    expect(upper).toBeCloseTo(0.9385, 3);
    expect(r.warnings).toEqual([]);
  });

  it('CA-9: per owner and per tier, every tier listed', () => {
    expect(r.byOwner.map((g) => g.key)).toEqual(['am-1', 'am-2']);
    expect(r.byOwner[0]?.tasks).toMatchObject({ tasks: 2, doneOnTime: 1, doneLate: 1, overdue: 0 });
    expect(r.byOwner[1]?.tasks).toMatchObject({ tasks: 2, overdue: 1, open: 1 });
    expect(r.byTier.map((g) => g.key)).toEqual(['diamond', 'gold', 'silver', 'regular', 'ungraded']);
    expect(r.byTier[3]?.tasks.tasks).toBe(0);
    expect(Number.isNaN(r.byTier[3]?.tasks.completionRate.rate)).toBe(true);
    expect(Number.isNaN(r.byTier[3]?.contacts.meanPerCustomer)).toBe(true);
  });

  it('CA-9: contacts per customer (mean, median) count completed contacts in the period, zeros included', () => {
    // c1: 2, c2: 1, c3: 0 (no-answer; December outside), c4: 0.
    expect(r.overall.contacts).toMatchObject({
      customers: 4,
      contacts: 3,
      meanPerCustomer: 0.75,
      medianPerCustomer: 0.5,
    });
    expect(r.byOwner[0]?.contacts).toMatchObject({ customers: 2, contacts: 3, meanPerCustomer: 1.5 });
  });

  it('CA-1, CA-9: customers not contacted within their cadence as of asOf; new customers get their first cycle', () => {
    // c1 (important, 30 days): last 03-25, 11 days. c2 (general, 90): 03-20. c3 (important): last 2025-12-01, 125
    // days. c4 (ungraded → general): never contacted but created 6 days before asOf.
    expect(r.outOfCadence).toEqual([
      {
        customerId: 'c3',
        ownerId: 'am-2',
        tier: 'gold',
        importance: 'important',
        everyDays: 30,
        lastContactDate: '2025-12-01',
        daysSince: 125,
      },
    ]);
    expect(r.byOwner[1]?.contacts.outOfCadence).toBe(1);
    const strict = revisitAnalysis({ tasks: [], contacts: [], customers }, { ungraded: null }, options);
    expect(strict.outOfCadence.map((o) => o.customerId)).toEqual(['c1', 'c2', 'c3']);
    expect(strict.warnings.map((w) => w.code)).toEqual(['EMPTY', 'UNGRADED_NOT_CHECKED']);
  });

  it('CA-9: revisit work counts as a staff measure, contacts by who made them', () => {
    expect(r.staff).toEqual([
      expect.objectContaining({ ownerId: 'am-1', completedContacts: 2, tasks: 2, doneOnTime: 1, overdue: 0 }),
      expect.objectContaining({ ownerId: 'am-2', completedContacts: 0, tasks: 2, doneOnTime: 0, overdue: 1 }),
      expect.objectContaining({ ownerId: 'am-3', completedContacts: 1, tasks: 0 }),
    ]);
    expect(r.staff[0]?.onTimeRate.rate).toBe(0.5);
  });

  it('CA-6, CA-9: snoozed and skipped tasks are counted apart and not judged', () => {
    const actions = [
      {
        id: 'a1',
        keys: ['c3|cadence|2026-03-15'],
        kind: 'skip' as const,
        reason: 'met in person',
        at: at('2026-03-16'),
      },
    ];
    const s = revisitAnalysis({ tasks, contacts, customers, actions }, undefined, options);
    expect(s.overall.tasks).toMatchObject({ skipped: 1, overdue: 0 });
    expect(s.overall.tasks.completionRate.rate).toBe(1);
  });

  it('CA-9: empty input gives an explicit empty result with NaN rates and warnings, never a fake 0', () => {
    const e = revisitAnalysis({ tasks: [], contacts: [], customers: [] }, undefined, options);
    expect(e.overall.tasks.tasks).toBe(0);
    expect(Number.isNaN(e.overall.tasks.completionRate.rate)).toBe(true);
    expect(Number.isNaN(e.overall.contacts.medianPerCustomer)).toBe(true);
    expect(e.byOwner).toEqual([]);
    expect(e.staff).toEqual([]);
    expect(e.warnings.map((w) => w.code)).toEqual(['EMPTY', 'NO_CUSTOMERS']);
  });

  it('CA-9: bad input is refused with the path of the bad field', () => {
    const bad = [{ ...task('t', 'c1', 'am-1', '2026-03-02', '2026-03-06'), ownerId: '' }];
    expect(errorOf(() => revisitAnalysis({ tasks: bad, contacts, customers }, undefined, options)).path).toEqual([
      'tasks',
      0,
      'ownerId',
    ]);
    expect(
      errorOf(() => revisitAnalysis({ tasks, contacts, customers }, undefined, { ...options, to: '2026-02-01' })).path,
    ).toEqual(['to']);
    const early = { ...options, asOf: new Date('1850-01-01T00:00:00Z') };
    expect(errorOf(() => revisitAnalysis({ tasks, contacts, customers }, undefined, early)).path).toEqual(['asOf']);
    const both = [{ customerId: 'c1', at: at('2026-03-04'), owner: 'am-1', ownerId: 'am-2' }];
    expect(errorOf(() => revisitAnalysis({ tasks, contacts: both, customers }, undefined, options)).path).toEqual([
      'contacts',
      0,
      'ownerId',
    ]);
    expect(
      errorOf(() =>
        revisitAnalysis({ tasks, contacts, customers: [{ id: 'x', tier: 'platinum' as never }] }, undefined, options),
      ).path,
    ).toEqual(['customers', 0, 'tier']);
    expect(() =>
      revisitAnalysis({ tasks, contacts, customers }, { cadence: { important: { everyDays: 0 } } }, options),
    ).toThrow(KehuPolicyError);
  });

  it('CA-9: property: counts add up and rates stay inside their intervals', () => {
    const day = fc
      .integer({ min: 0, max: 50 })
      .map((d) => new Date(Date.UTC(2026, 1, 20 + d)).toISOString().slice(0, 10));
    const taskArb = fc
      .tuple(fc.constantFrom('c1', 'c2', 'c3', 'c4'), fc.constantFrom('am-1', 'am-2'), day, fc.nat(10), fc.nat(99))
      .map(([c, o, d, len, k]) => {
        const end = new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8)) + len));
        return task(`t${k}`, c, o, d, end.toISOString().slice(0, 10));
      });
    const contactArb = fc.record({
      customerId: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c9'),
      at: fc.integer({ min: 0, max: 60 * 24 }).map((h) => new Date(Date.UTC(2026, 1, 15) + h * 3_600_000)),
      owner: fc.constantFrom('am-1', 'am-2', 'am-3'),
    });
    fc.assert(
      fc.property(fc.array(taskArb, { maxLength: 15 }), fc.array(contactArb, { maxLength: 15 }), (ts, cs) => {
        const a = revisitAnalysis({ tasks: ts, contacts: cs, customers }, undefined, options);
        const t = a.overall.tasks;
        expect(t.doneOnTime + t.doneLate + t.overdue + t.open + t.snoozed + t.skipped).toBe(t.tasks);
        expect(a.byOwner.reduce((s, g) => s + g.tasks.tasks, 0)).toBe(t.tasks);
        expect(a.byTier.reduce((s, g) => s + g.tasks.tasks, 0)).toBe(t.tasks);
        for (const g of [a.overall, ...a.byOwner, ...a.byTier]) {
          const rate = g.tasks.completionRate;
          if (rate.n === 0) expect(Number.isNaN(rate.rate)).toBe(true);
          else expect(rate.lower <= rate.rate && rate.rate <= rate.upper).toBe(true);
        }
        expect(a.warnings.some((w) => w.code === 'EMPTY')).toBe(t.tasks === 0);
      }),
      { numRuns: 150 },
    );
  });
});
