import { chinaCalendar } from '@kehu/calendar';
import { describe, expect, it } from 'vitest';
import { compareCodePoints } from '@kehu/core';
import { demandsFor } from './demands.js';
import { createPlanContext } from './plan-context.js';
import { createRevisitPlanner, revisitTaskAt, revisitTaskRows } from './plan-table.js';
import { parseCadencePolicy } from './policy.js';
import type { CustomerHistory, SkippedEntry } from './types.js';
import { planHistory } from './test-support.js';

const calendar = chinaCalendar();
const asOf = new Date('2026-09-28T01:00:00Z');
const options = { from: '2026-09-28', to: '2026-10-31', asOf, calendar, owners: [{ id: 'o1', dailyCapacity: 2 }] };

const history = (id: string, extra: Partial<CustomerHistory> = {}): CustomerHistory =>
  planHistory(
    { id, ownerId: 'o1', tier: 'gold', createdAt: new Date('2024-01-01T00:00:00Z') },
    { contactTimes: [Date.parse('2026-09-10T02:00:00Z')], ...extra },
  );

describe('createRevisitPlanner (CA-1, CA-7, CA-8: the streaming engine)', () => {
  it('CA-1: streams histories in customer id order into a table; rows explained on demand', () => {
    const planner = createRevisitPlanner(undefined, options);
    for (const id of ['a', 'b', 'c']) planner.add(history(id));
    const table = planner.finish();
    expect(table.length).toBeGreaterThan(0);
    expect(table.ids).toHaveLength(table.length);
    const rows = revisitTaskRows(table);
    expect(rows[0]).toEqual(revisitTaskAt(table, 0));
    // Ordered by due date, then owner, then priority descending, then customer id.
    for (let i = 1; i < rows.length; i++) {
      const p = rows[i - 1]!;
      const q = rows[i]!;
      expect(p.dueDate <= q.dueDate).toBe(true);
      if (p.dueDate === q.dueDate) expect(p.priority.score >= q.priority.score).toBe(true);
    }
    // CA-1 cadence (30 days for gold from 09-10) and CA-7 greeting before National Day merge when they overlap.
    expect(rows.every((r) => r.rules.includes('CA-1') || r.rules.includes('CA-7'))).toBe(true);
    expect(table.report.customers).toBe(3);
    expect(() => revisitTaskAt(table, table.length)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('CA-1: refuses histories out of customer id order, and use after finish', () => {
    const planner = createRevisitPlanner(undefined, options);
    planner.add(history('b'));
    expect(() => planner.add(history('a'))).toThrow(expect.objectContaining({ path: ['customer', 'id'] }));
    expect(() => planner.add(history('b'))).toThrow(expect.objectContaining({ path: ['customer', 'id'] }));
    planner.finish();
    expect(() => planner.finish()).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('CA-9: onSkipped streams skipped entries out; the report still counts them', () => {
    const seen: SkippedEntry[] = [];
    const planner = createRevisitPlanner(undefined, { ...options, onSkipped: (s) => seen.push(s) });
    planner.add(history('a', { customer: { id: 'a', createdAt: new Date('2024-01-01T00:00:00Z') } }));
    const table = planner.finish();
    expect(table.skipped).toEqual([]);
    expect(seen.map((s) => s.why)).toEqual(['no-owner']);
    expect(table.report.skippedByReason).toEqual({ 'no-owner': 1 });
  });

  it('CA-8: refuses a capacity of zero and a bad policy naming the field', () => {
    expect(() => createRevisitPlanner(undefined, { ...options, owners: [{ id: 'o1', dailyCapacity: 0 }] })).toThrow(
      expect.objectContaining({ path: ['owners', 0, 'dailyCapacity'] }),
    );
    expect(() => createRevisitPlanner({ onLeave: 'ignore' } as never, options)).toThrow(
      expect.objectContaining({ code: 'POLICY_INVALID' }),
    );
  });

  it('CA-2, CA-9: windows closed before the plan are counted in the report, not listed', () => {
    const histories = ['a', 'b', 'c'].map((id, k) =>
      history(id, {
        contactTimes: [Date.parse('2025-07-20T02:00:00Z'), Date.parse('2026-09-10T02:00:00Z')],
        purchaseTimes: [Date.parse(`2025-0${k + 1}-15T02:00:00Z`)],
      }),
    );
    const planner = createRevisitPlanner(undefined, options);
    for (const h of histories) planner.add(h);
    const table = planner.finish();
    const ctx = createPlanContext(parseCadencePolicy({}), options, []);
    let satisfiedByContact = 0;
    let passed = 0;
    for (const h of histories) {
      const { closed } = demandsFor(h, ctx);
      satisfiedByContact += closed['satisfied-by-contact'];
      passed += closed['window-passed'];
    }
    expect(passed).toBeGreaterThan(0);
    expect(table.report.closedWindows).toEqual({ satisfiedByContact, passed });
    expect(table.skipped.some((s) => s.why === 'window-passed')).toBe(false);
  });

  it('CA-4, CA-8: rows by due day, owner id, priority descending, customer id; ids match the explained rows', () => {
    const owners = [
      { id: 'o2', dailyCapacity: 3 },
      { id: 'o10', dailyCapacity: 2 },
    ];
    const planner = createRevisitPlanner(undefined, { ...options, owners });
    const tiers = ['diamond', 'regular', 'gold', 'silver'] as const;
    for (let k = 0; k < 24; k++) {
      const id = `c${String(k).padStart(2, '0')}`;
      const customer = { id, ownerId: owners[k % 2]!.id, tier: tiers[k % 4], createdAt: new Date('2024-01-01') };
      planner.add(history(id, { customer, purchaseTimes: [Date.parse('2026-09-20T02:00:00Z')] }));
    }
    const table = planner.finish();
    const rows = revisitTaskRows(table);
    expect(table.source.brand).toBe('RevisitPlanSource');
    expect(rows.map((r) => r.id)).toEqual(table.ids);
    for (let i = 1; i < rows.length; i++) {
      const p = rows[i - 1]!;
      const q = rows[i]!;
      const order =
        compareCodePoints(p.dueDate, q.dueDate) ||
        compareCodePoints(p.ownerId, q.ownerId) ||
        q.priority.score - p.priority.score ||
        compareCodePoints(p.customerId, q.customerId) ||
        compareCodePoints(p.keys[0]!, q.keys[0]!);
      expect(order).toBeLessThan(0);
    }
  });
});
