import { KehuPolicyError, KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SERVICE_QUALITY_INDICATORS, type ServiceQualityIndicator } from './dimensions.js';
import { evaluateQuarter, quarterAt, quarterRows, quarterTable } from './quarter-table.js';
import {
  SERVICE_QUALITY_SOURCES,
  type ServiceQualityResponse,
  toServiceQualityColumns,
} from './service-quality-columns.js';

const asOf = new Date('2026-06-30T23:59:59.999+08:00');
const all = (v: number) => Object.fromEntries(SERVICE_QUALITY_INDICATORS.map((k) => [k, v]));
let serial = 0;
const r = (
  answeredAt: string,
  team: string | null,
  agent: string | null,
  scores: Partial<Record<ServiceQualityIndicator, number | null>>,
  source: ServiceQualityResponse['source'] = 'customer',
): ServiceQualityResponse => ({ id: `r-${serial++}`, answeredAt: new Date(answeredAt), source, team, agent, scores });

/** Two quarters of one team with two agents, customer feedback and one self-assessment. */
const responses = [
  // 2026-Q1: team A, agent a1 gives 3 on everything, a2 gives 5 on everything.
  r('2026-02-10T10:00:00+08:00', 'A', 'a1', all(3)),
  r('2026-02-11T10:00:00+08:00', 'A', 'a2', all(5)),
  // 2026-Q2: a1 4 on everything but response speed 5; a2 5 on everything.
  r('2026-04-10T10:00:00+08:00', 'A', 'a1', { ...all(4), 'response-speed': 5 }),
  r('2026-05-10T10:00:00+08:00', 'A', 'a2', all(5)),
  // A self-assessment of a1 in Q2: kept apart from customer feedback.
  r('2026-05-11T10:00:00+08:00', 'A', 'a1', all(1), 'self'),
];

describe('quarterTable: the quarterly service-quality evaluation (SA-3, SA-4)', () => {
  it('SA-4: rows per quarter, source, team and agent, in order, with hand-computed means and index', () => {
    const rows = evaluateQuarter(responses, {}, { asOf, quarters: 2 });
    expect(rows.map((x) => x.id)).toEqual([
      '2026-Q1/customer/team/A',
      '2026-Q1/customer/agent/a1',
      '2026-Q1/customer/agent/a2',
      '2026-Q2/customer/team/A',
      '2026-Q2/customer/agent/a1',
      '2026-Q2/customer/agent/a2',
      '2026-Q2/self/team/A',
      '2026-Q2/self/agent/a1',
    ]);
    const q1 = rows[0]!;
    // Team A in Q1: mean 4 on every indicator; index = (4 − 1) / (5 − 1) × 100 = 75.
    expect(q1.n).toBe(2);
    expect(q1.indicators.map((x) => x.estimate)).toEqual(SERVICE_QUALITY_INDICATORS.map(() => 4));
    expect(q1.index.value).toBe(75);
    expect(q1.index.scale).toBe('0-100');
    const q2 = rows[3]!;
    // Q2: response speed mean 5, the six others 4.5; index = (100 + 6 × 87.5) / 7.
    expect(q2.indicators[0]!.estimate).toBe(5);
    expect(q2.indicators[1]!.estimate).toBe(4.5);
    expect(q2.index.value).toBeCloseTo((100 + 6 * 87.5) / 7, 12);
    expect(q2.previous).toEqual({ label: '2026-Q1', n: 2, index: 75 });
    expect(q2.change).toBeCloseTo((100 + 6 * 87.5) / 7 - 75, 12);
    // Response speed moved most (+1), then the others (+0.5) in the indicators' order.
    expect(q2.movers[0]).toEqual({ indicator: 'response-speed', from: 4, to: 5, change: 1 });
    expect(q2.movers.map((m) => m.indicator)).toEqual(['response-speed', 'attitude', 'problem-solving']);
    // Self-assessment is a row of its own (SA-4: sources never mixed): index 0 on scores of 1.
    const self = rows[6]!;
    expect(self.source).toBe('self');
    expect(self.index.value).toBe(0);
    expect(self.previous).toBeNull();
    expect(self.warnings.map((w) => w.code)).toContain('NO_PREVIOUS_QUARTER');
    // Every row is small (n < 30) and the explained row says so; the quarter of asOf ended at asOf.
    expect(q2.warnings.map((w) => w.code)).toEqual(['SMALL_SAMPLE']);
    expect(q2.complete).toBe(true);
    expect(q2.rules).toEqual(['SA-3', 'SA-4']);
  });

  it('SA-3/SA-4: the index weighs the indicators by the policy, and each indicator has a t interval', () => {
    const weights = { ...all(0), 'response-speed': 3, attitude: 1 };
    const [row] = evaluateQuarter(
      [r('2026-04-01T10:00:00+08:00', 'A', null, { 'response-speed': 5, attitude: 1, innovation: 3 })],
      { weights },
      { asOf },
    );
    // (3 × 100 + 1 × 0) / 4 = 75; innovation has weight 0.
    expect(row!.index.value).toBe(75);
    const rows = evaluateQuarter(
      [4, 5, 3, 4].map((v) => r('2026-04-01T10:00:00+08:00', 'A', null, { attitude: v })),
      {},
      { asOf, smallSample: 2 },
    );
    const attitude = rows[0]!.indicators[1]!;
    // mean 4, sd sqrt(2/3), t(0.975, 3) = 3.182446305284263 (R: qt(0.975, 3)).
    const half = (3.182446305284263 * Math.sqrt(2 / 3)) / 2;
    expect(attitude.estimate).toBe(4);
    expect(attitude.ci.lower).toBeCloseTo(4 - half, 10);
    expect(attitude.ci.upper).toBeCloseTo(4 + half, 10);
    expect(attitude.method).toBe('t');
    expect(attitude.belowTarget).toBe(false);
    // The other weighted indicators were not answered: their weight goes to attitude, and the row warns.
    expect(rows[0]!.index.value).toBe(75);
    expect(rows[0]!.warnings.map((w) => w.code)).toContain('MISSING_INDICATOR');
  });

  it('SA-4: quarters are those of the policy zone; responses after asOf or before the span are left out', () => {
    const edge = [r('2026-03-31T16:30:00Z', 'A', null, all(5))]; // 00:30 on 1 April in Shanghai
    expect(evaluateQuarter(edge, {}, { asOf, quarters: 2 })[0]!.label).toBe('2026-Q2');
    expect(evaluateQuarter(edge, { zone: 'UTC' }, { asOf, quarters: 2 })[0]!.label).toBe('2026-Q1');
    const table = quarterTable(
      toServiceQualityColumns([
        r('2026-07-01T00:00:00+08:00', 'A', null, all(5)),
        r('2025-01-01T00:00:00+08:00', 'A', null, all(5)),
        r('2026-05-01T00:00:00+08:00', 'A', null, {}),
      ]),
      {},
      { asOf, quarters: 1 },
    );
    expect(table.ids).toEqual([]);
    expect(table.outside).toBe(2);
    expect(table.unanswered).toBe(1);
    expect(table.quarters).toEqual(['2026-Q2']);
    // A quarter still running at asOf is partial.
    const running = evaluateQuarter(responses, {}, { asOf: new Date('2026-05-20T00:00:00+08:00') });
    expect(running.at(-1)!.warnings.map((w) => w.code)).toContain('PARTIAL_QUARTER');
  });

  it('SA-4: scores that are not integers are averaged as well', () => {
    const [row] = evaluateQuarter(
      [4.5, 3.25].map((v) => r('2026-04-01T10:00:00+08:00', 'A', null, { communication: v })),
      {},
      { asOf },
    );
    expect(row!.indicators[4]!.estimate).toBe(3.875);
  });

  it('SA-4: results do not depend on response order, nor on names versus codes (property)', () => {
    const response = fc.record({
      day: fc.integer({ min: 0, max: 400 }),
      team: fc.constantFrom('A', 'B', null),
      agent: fc.constantFrom('a1', 'a2', 'b1', null),
      source: fc.constantFrom(...SERVICE_QUALITY_SOURCES),
      scores: fc.array(fc.option(fc.integer({ min: 1, max: 5 })), { minLength: 7, maxLength: 7 }),
    });
    fc.assert(
      fc.property(fc.array(response, { maxLength: 40 }), fc.integer(), (drafts, seed) => {
        const list = drafts.map((d, i) => ({
          id: `r-${i}`,
          answeredAt: new Date(Date.parse('2025-06-01T00:00:00Z') + d.day * 86_400_000),
          source: d.source,
          team: d.team,
          agent: d.agent,
          scores: Object.fromEntries(SERVICE_QUALITY_INDICATORS.map((k, j) => [k, d.scores[j] ?? null])),
        }));
        const shuffled = [...list];
        let state = seed >>> 0;
        for (let i = shuffled.length - 1; i > 0; i--) {
          state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
          const j = state % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const rows = evaluateQuarter(list, {}, { asOf });
        expect(evaluateQuarter(shuffled, {}, { asOf })).toEqual(rows);
        const columns = toServiceQualityColumns(list);
        const names = ['B', 'A'];
        const coded = {
          ...columns,
          teams: {
            codes: Uint32Array.from(list, (x) => (x.team === null ? 0xffff_ffff : names.indexOf(x.team))),
            names,
          },
        };
        expect(quarterRows(quarterTable(coded, {}, { asOf }))).toEqual(rows);
      }),
      { numRuns: 100 },
    );
  });

  it('SA-4: bad input is a KehuValidationError with the path', () => {
    const columns = toServiceQualityColumns(responses);
    const path = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e instanceof KehuValidationError || e instanceof KehuPolicyError).toBe(true);
        return (e as KehuValidationError | KehuPolicyError).path;
      }
      throw new Error('accepted');
    };
    const attitude = Float64Array.from(columns.scores.attitude!);
    attitude[3] = 6;
    expect(path(() => quarterTable({ ...columns, scores: { attitude } }, {}, { asOf }))).toEqual([
      'scores',
      'attitude',
      3,
    ]);
    expect(path(() => quarterTable({ ...columns, scores: { speed: attitude } as never }, {}, { asOf }))).toEqual([
      'scores',
      'speed',
    ]);
    const sources = Uint8Array.from(columns.sources);
    sources[1] = 3;
    expect(path(() => quarterTable({ ...columns, sources }, {}, { asOf }))).toEqual(['sources', 1]);
    const answeredAt = Float64Array.from(columns.answeredAt);
    answeredAt[2] = Number.NaN;
    expect(path(() => quarterTable({ ...columns, answeredAt }, {}, { asOf }))).toEqual(['answeredAt', 2]);
    expect(path(() => quarterTable({ ...columns, answeredAt: answeredAt.subarray(1) }, {}, { asOf }))).toEqual([
      'answeredAt',
    ]);
    const teams = { codes: new Uint32Array(columns.ids.length).fill(2), names: ['A', 'B'] };
    expect(path(() => quarterTable({ ...columns, teams }, {}, { asOf }))).toEqual(['teams', 'codes', 0]);
    expect(path(() => quarterTable(columns, {}, {} as never))).toEqual(['asOf']);
    expect(path(() => quarterTable(columns, {}, { asOf, quarters: 0 }))).toEqual(['quarters']);
    expect(path(() => quarterTable(columns, { zone: 'Nowhere/Land' }, { asOf }))).toEqual(['zone']);
    expect(path(() => quarterAt(quarterTable(columns, {}, { asOf }), 99))).toEqual(['i']);
    expect(path(() => evaluateQuarter([responses[0]!, responses[0]!], {}, { asOf }))).toEqual([1, 'id']);
    expect(path(() => evaluateQuarter([{ ...responses[0]!, source: 'boss' as never }], {}, { asOf }))).toEqual([
      0,
      'source',
    ]);
  });

  it('SA-4: the columns are not changed', () => {
    const columns = toServiceQualityColumns(responses);
    const copy = structuredClone(columns);
    quarterTable(columns, {}, { asOf });
    expect(columns).toEqual(copy);
  });
});
