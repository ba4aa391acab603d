import { dateOfDay, dayNumber } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MergedDemand, mergeDemands } from './merge.js';
import type { Demand, DemandKind } from './types.js';

function demand(
  key: string,
  kind: DemandKind,
  earliest: string,
  due: string,
  latest: string,
  basePriority: number,
  extra: Partial<Demand> = {},
): Demand {
  return {
    key: `c1|${key}`,
    customerId: 'c1',
    kind,
    rules: ['CA-1'],
    reason: { en: key, zh: key },
    purpose: 'emotional',
    channel: 'phone',
    earliest: dayNumber(earliest),
    due: dayNumber(due),
    latest: dayNumber(latest),
    basePriority,
    overdueDays: 0,
    ...extra,
  };
}

const show = (m: MergedDemand) =>
  `${m.components.map((c) => c.key).join(' + ')} ${dateOfDay(m.earliest)}..${dateOfDay(m.latest)} ` +
  `due ${dateOfDay(m.due)}` +
  `${m.ownerId === undefined ? '' : ` by ${m.ownerId}`}`;

describe('merging one customer’s demands (rules CA-1, CA-2, CA-3, CA-8, CH-7)', () => {
  it('CA-1 + CA-2 + CA-3: overlapping windows merge into their intersection, due on the callback’s day', () => {
    const merged = mergeDemands([
      demand('cadence|2026-06-19', 'cadence', '2026-06-12', '2026-06-19', '2026-06-19', 40),
      demand('post-purchase:1-week|2026-06-10', 'post-purchase', '2026-06-17', '2026-06-17', '2026-06-20', 50),
      demand('callback|cb1', 'callback', '2026-06-18', '2026-06-18', '2026-06-19', 90, { overdueDays: 2 }),
      demand('visit|v1', 'visit', '2026-07-01', '2026-07-01', '2026-07-05', 65),
      demand('win-back|x1', 'win-back', '2026-06-10', '2026-06-10', '2026-07-10', 60, { ownerId: 'u9' }),
    ]);
    expect(merged.map(show)).toEqual([
      'c1|win-back|x1 2026-06-10..2026-07-10 due 2026-06-10 by u9',
      'c1|cadence|2026-06-19 + c1|callback|cb1 + c1|post-purchase:1-week|2026-06-10 ' +
        '2026-06-18..2026-06-19 due 2026-06-18',
      'c1|visit|v1 2026-07-01..2026-07-05 due 2026-07-01',
    ]);
    const group = merged[1] as MergedDemand;
    expect(group).toMatchObject({ customerId: 'c1', basePriority: 90, overdueDays: 2 });
    expect(group.ownerId).toBeUndefined();
  });

  it('CA-2: the highest-priority due day is clamped into the intersection', () => {
    const [m] = mergeDemands([
      demand('post-purchase:4-6-months|2026-02-01', 'post-purchase', '2026-06-03', '2026-06-03', '2026-08-03', 50),
      demand('cadence|2026-06-30', 'cadence', '2026-06-23', '2026-06-30', '2026-06-30', 40),
    ]);
    // The post-purchase call (50 points) prefers 06-03, outside the intersection 06-23..06-30: clamped to 06-23.
    expect(m && show(m)).toBe(
      'c1|cadence|2026-06-30 + c1|post-purchase:4-6-months|2026-02-01 2026-06-23..2026-06-30 due 2026-06-23',
    );
  });

  it('CA-8: a demand starting after the group’s current latest day starts a new group; touching days merge', () => {
    const merged = mergeDemands([
      demand('round|r1', 'round', '2026-09-01', '2026-09-10', '2026-09-30', 10),
      demand('cadence|2026-09-05', 'cadence', '2026-08-29', '2026-09-05', '2026-09-05', 40),
      demand('visit|v1', 'visit', '2026-09-05', '2026-09-05', '2026-09-07', 65),
      demand('visit|v2', 'visit', '2026-09-06', '2026-09-06', '2026-09-08', 65),
    ]);
    expect(merged.map(show)).toEqual([
      'c1|cadence|2026-09-05 + c1|round|r1 + c1|visit|v1 2026-09-05..2026-09-05 due 2026-09-05',
      'c1|visit|v2 2026-09-06..2026-09-08 due 2026-09-06',
    ]);
    expect(mergeDemands([])).toEqual([]);
  });
});

const demandArb = fc
  .record({
    earliest: fc.integer({ min: 0, max: 120 }),
    length: fc.integer({ min: 0, max: 30 }),
    dueAt: fc.double({ min: 0, max: 1, noNaN: true }),
    basePriority: fc.integer({ min: 0, max: 100 }),
    overdueDays: fc.integer({ min: 0, max: 30 }),
    ownerId: fc.constantFrom(undefined, undefined, 'u8', 'u9'),
  })
  .map((r) => ({ ...r, latest: r.earliest + r.length, due: r.earliest + Math.floor(r.dueAt * r.length) }));

const demandsArb = fc.array(demandArb, { maxLength: 25 }).map((rs) =>
  rs.map(
    (r, i): Demand => ({
      key: `c1|cadence|${String(i).padStart(3, '0')}`,
      customerId: 'c1',
      ...(r.ownerId === undefined ? {} : { ownerId: r.ownerId }),
      kind: 'cadence',
      rules: ['CA-1'],
      reason: { en: 'x', zh: 'x' },
      purpose: 'emotional',
      channel: 'phone',
      due: r.due,
      earliest: r.earliest,
      latest: r.latest,
      basePriority: r.basePriority,
      overdueDays: r.overdueDays,
    }),
  ),
);

describe('merging properties (rules CA-1..CA-9: merged tasks never overlap for one customer)', () => {
  it('CA-1: merged windows of one customer and owner never overlap; each component contains its group', () => {
    fc.assert(
      fc.property(demandsArb, (demands) => {
        const merged = mergeDemands(demands);
        const byOwner = new Map<string | undefined, MergedDemand[]>();
        for (const m of merged) byOwner.set(m.ownerId, [...(byOwner.get(m.ownerId) ?? []), m]);
        for (const groups of byOwner.values()) {
          const sorted = [...groups].sort((a, b) => a.earliest - b.earliest);
          for (let i = 1; i < sorted.length; i++)
            expect(sorted[i]?.earliest).toBeGreaterThan((sorted[i - 1] as MergedDemand).latest);
        }
        let count = 0;
        for (const m of merged) {
          expect(m.earliest).toBeLessThanOrEqual(m.latest);
          expect(m.due).toBeGreaterThanOrEqual(m.earliest);
          expect(m.due).toBeLessThanOrEqual(m.latest);
          expect(m.basePriority).toBe(Math.max(...m.components.map((c) => c.basePriority)));
          expect(m.overdueDays).toBe(Math.max(...m.components.map((c) => c.overdueDays)));
          const keys = m.components.map((c) => c.key);
          expect(keys).toEqual([...keys].sort());
          for (const c of m.components) {
            expect(c.earliest).toBeLessThanOrEqual(m.earliest);
            expect(c.latest).toBeGreaterThanOrEqual(m.latest);
            expect(c.ownerId).toBe(m.ownerId);
            count++;
          }
        }
        expect(count).toBe(demands.length);
      }),
      { numRuns: 300 },
    );
  });

  it('CA-1: merging is deterministic: the same demands in any order give the same tasks', () => {
    fc.assert(
      fc.property(
        demandsArb.chain((ds) => fc.tuple(fc.constant(ds), fc.shuffledSubarray(ds, { minLength: ds.length }))),
        ([demands, shuffled]) => {
          expect(mergeDemands(shuffled)).toEqual(mergeDemands(demands));
        },
      ),
      { numRuns: 200 },
    );
  });
});
