import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SelectCandidate, selectForRevisit } from './select.js';
import { errorOf } from './test-support.js';

const asOf = new Date('2026-06-30T12:00:00+08:00');
const daysAgo = (d: number): Date => new Date(asOf.getTime() - d * 86_400_000);

const candidates: SelectCandidate[] = [
  { id: 'c1', satisfaction: 0.9, needsService: 0, lastContactAt: daysAgo(10) },
  { id: 'c2', satisfaction: 0.2, needsService: 3, lastContactAt: daysAgo(100) },
  { id: 'c3', needsService: true, lastContactAt: null },
  { id: 'c4', satisfaction: 0.2, lastContactAt: daysAgo(40) },
  { id: 'c5', satisfaction: 0.5, needsService: 1 },
];

describe('selectForRevisit (CA-4)', () => {
  it('CA-4: lowest satisfaction first, ties by id, customers without a score last with a note', () => {
    const r = selectForRevisit(candidates, { kind: 'lowest-satisfaction' }, 5, { asOf });
    expect(r.selected.map((s) => s.customerId)).toEqual(['c2', 'c4', 'c5', 'c1', 'c3']);
    expect(r.selected[0]?.score).toBeCloseTo(0.8);
    expect(r.selected[0]?.why.en).toContain('satisfaction 0.20');
    expect(r.selected[0]?.why.zh).toContain('满意度 0.20');
    expect(r.selected[4]?.score).toBeNull();
    expect(r.selected[4]?.why.en).toContain('no satisfaction score');
    expect(r.warnings.map((w) => w.code)).toEqual(['MISSING_SATISFACTION']);
    expect(r.considered).toBe(5);
  });

  it('CA-4: needing service ranks by open items, true counting as one', () => {
    const r = selectForRevisit(candidates, { kind: 'needs-service' }, 3, { asOf });
    expect(r.selected.map((s) => s.customerId)).toEqual(['c2', 'c3', 'c5']);
    expect(r.selected[0]?.why.en).toContain('3 open service items (most among candidates: 3)');
    expect(r.selected[1]?.score).toBeCloseTo(1 / 3);
  });

  it("CA-4: for the relationship's sake: never contacted first, then the oldest contact", () => {
    const r = selectForRevisit(candidates, { kind: 'least-recent-contact' }, 5, { asOf });
    expect(r.selected.map((s) => s.customerId)).toEqual(['c3', 'c5', 'c2', 'c4', 'c1']);
    expect(r.selected[0]?.why.en).toContain('never contacted');
    expect(r.selected[2]?.why.en).toContain('last contact 100 days before asOf');
    expect(r.selected[2]?.factors[0]).toMatchObject({ factor: 'recency', value: 100, normalised: 1 });
  });

  it('CA-4: weighted combines normalised factors and explains each', () => {
    const r = selectForRevisit(
      candidates,
      { kind: 'weighted', weights: { satisfaction: 2, needsService: 1, recency: 1 } },
      2,
      { asOf },
    );
    // c2: (0.8×2 + 1×1 + 1×1)/4 = 0.9; c5 (never contacted): (0.5×2 + 1/3 + 1)/4 ≈ 0.58; c4: (0.8×2 + 0 + 0.4)/4 = 0.5.
    expect(r.selected.map((s) => s.customerId)).toEqual(['c2', 'c5']);
    expect(r.selected[0]?.score).toBeCloseTo(0.9);
    expect(r.selected[0]?.why.en).toMatch(/^CA-4: weighted score 0\.90 = 0\.80×0\.50 \+ 1\.00×0\.25 \+ 1\.00×0\.25/);
    expect(r.selected[0]?.factors.map((f) => f.weight)).toEqual([0.5, 0.25, 0.25]);
  });

  it('CA-4: n larger than the candidates takes all; n = 0 takes none; no candidates says EMPTY', () => {
    expect(selectForRevisit(candidates, { kind: 'needs-service' }, 9, { asOf }).selected).toHaveLength(5);
    expect(selectForRevisit(candidates, { kind: 'needs-service' }, 9, { asOf }).warnings[0]?.code).toBe('FEWER_THAN_N');
    expect(selectForRevisit(candidates, { kind: 'needs-service' }, 0, { asOf }).selected).toEqual([]);
    const empty = selectForRevisit([], { kind: 'random', seed: 1 }, 3, { asOf });
    expect(empty.selected).toEqual([]);
    expect(empty.warnings.map((w) => w.code)).toEqual(['EMPTY']);
  });

  it('CA-4: bad input is refused with the path of the bad field', () => {
    expect(errorOf(() => selectForRevisit(candidates, { kind: 'random' } as never, 1, { asOf })).path).toEqual([
      'strategy',
      'seed',
    ]);
    expect(
      errorOf(() => selectForRevisit(candidates, { kind: 'weighted', weights: { random: 1 } }, 1, { asOf })).path,
    ).toEqual(['strategy', 'seed']);
    expect(errorOf(() => selectForRevisit(candidates, { kind: 'weighted', weights: {} }, 1, { asOf })).path).toEqual([
      'strategy',
      'weights',
    ]);
    expect(errorOf(() => selectForRevisit(candidates, { kind: 'nearest' } as never, 1, { asOf })).path).toEqual([
      'strategy',
      'kind',
    ]);
    expect(errorOf(() => selectForRevisit(candidates, { kind: 'needs-service' }, 1.5, { asOf })).path).toEqual(['n']);
    expect(errorOf(() => selectForRevisit(candidates, { kind: 'needs-service' }, -1, { asOf })).path).toEqual(['n']);
    expect(errorOf(() => selectForRevisit(candidates, { kind: 'needs-service' }, 1, {} as never)).path).toEqual([
      'asOf',
    ]);
    expect(
      errorOf(() => selectForRevisit([{ id: 'a', satisfaction: 4 }], { kind: 'needs-service' }, 1, { asOf })).path,
    ).toEqual(['customers', 0, 'satisfaction']);
    expect(
      errorOf(() => selectForRevisit([{ id: 'a' }, { id: 'a' }], { kind: 'needs-service' }, 1, { asOf })).path,
    ).toEqual(['customers', 1, 'id']);
    expect(
      errorOf(() => selectForRevisit([{ id: 'a', needsService: -2 }], { kind: 'needs-service' }, 1, { asOf })).path,
    ).toEqual(['customers', 0, 'needsService']);
    expect(
      errorOf(() => selectForRevisit([{ id: 'a', lastContactAt: daysAgo(-1) }], { kind: 'needs-service' }, 1, { asOf }))
        .path,
    ).toEqual(['customers', 0, 'lastContactAt']);
  });

  it('CA-4: a random sample is reproducible from its seed, whatever the input order, and explains the draw', () => {
    const ids = Array.from({ length: 50 }, (_, i) => ({ id: `c${i}` }));
    const a = selectForRevisit(ids, { kind: 'random', seed: 42 }, 10, { asOf });
    const b = selectForRevisit([...ids].reverse(), { kind: 'random', seed: 42 }, 10, { asOf });
    const c = selectForRevisit(ids, { kind: 'random', seed: 43 }, 10, { asOf });
    expect(b.selected).toEqual(a.selected);
    expect(c.selected.map((s) => s.customerId)).not.toEqual(a.selected.map((s) => s.customerId));
    expect(a.selected[0]?.why.en).toMatch(/^CA-4: random sample with seed 42: random draw 0\.\d{4}, rank 1 of 50$/);
  });

  it('CA-4: property: deterministic, n distinct candidates, ranks 1..n, scores non-increasing within a group', () => {
    const candidate = fc.record({
      id: fc.string({ minLength: 1, maxLength: 4 }),
      satisfaction: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      needsService: fc.option(fc.oneof(fc.boolean(), fc.nat(5)), { nil: undefined }),
      lastContactAt: fc.option(
        fc.integer({ min: 0, max: 400 }).map((d) => daysAgo(d)),
        { nil: null },
      ),
    });
    const strategy = fc.oneof(
      fc.record({ kind: fc.constant('random' as const), seed: fc.integer() }),
      fc.constant({ kind: 'lowest-satisfaction' as const }),
      fc.constant({ kind: 'needs-service' as const }),
      fc.constant({ kind: 'least-recent-contact' as const }),
      fc.record({
        kind: fc.constant('weighted' as const),
        weights: fc.record({
          satisfaction: fc.nat(3),
          needsService: fc.nat(3),
          recency: fc.nat(3),
          random: fc.constant(1),
        }),
        seed: fc.integer(),
      }),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(candidate, { selector: (c) => c.id, maxLength: 30 }),
        strategy,
        fc.nat(40),
        (cs, s, n) => {
          const r = selectForRevisit(cs, s, n, { asOf });
          expect(selectForRevisit(cs, s, n, { asOf })).toEqual(r);
          expect(r.selected).toHaveLength(Math.min(n, cs.length));
          expect(new Set(r.selected.map((x) => x.customerId)).size).toBe(r.selected.length);
          expect(r.selected.map((x) => x.rank)).toEqual(r.selected.map((_, i) => i + 1));
          for (let i = 1; i < r.selected.length; i++) {
            const [p, q] = [r.selected[i - 1]?.score, r.selected[i]?.score];
            if (typeof p === 'number' && typeof q === 'number' && s.kind !== 'least-recent-contact')
              expect(q).toBeLessThanOrEqual(p);
          }
          for (const x of r.selected) {
            expect(x.why.en.startsWith('CA-4')).toBe(true);
            expect(x.why.zh.startsWith('CA-4')).toBe(true);
            if (x.score !== null) expect(x.score >= 0 && x.score <= 1).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('CA-4: property: the random sample is roughly uniform (each of 10 chosen 3 of 10 times within 5 SE)', () => {
    const cs = Array.from({ length: 10 }, (_, i) => ({ id: `c${i}` }));
    const counts = new Map<string, number>();
    const runs = 4000;
    for (let seed = 0; seed < runs; seed++)
      for (const s of selectForRevisit(cs, { kind: 'random', seed }, 3, { asOf }).selected)
        counts.set(s.customerId, (counts.get(s.customerId) ?? 0) + 1);
    // Each customer is chosen with probability 0.3: mean 1200, standard error sqrt(4000 × 0.3 × 0.7) ≈ 29.
    for (const c of cs) expect(Math.abs((counts.get(c.id) ?? 0) - 1200)).toBeLessThan(5 * 29);
  });
});
