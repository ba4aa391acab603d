import { KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowSatisfactionList, type SignalResponse, satisfactionSignals } from './signals.js';

const asOf = new Date('2026-06-30T00:00:00Z');
const options = { asOf, question: 'overall', scale: { min: 1, max: 5 } };
const r = (id: string, customerId: string, at: string, overall: number | null | undefined): SignalResponse => ({
  id,
  customerId,
  answeredAt: new Date(at),
  answers: overall === undefined ? {} : { overall },
});

const responses = [
  r('r1', 'c-a', '2026-01-10T00:00:00Z', 5),
  r('r2', 'c-a', '2026-04-10T00:00:00Z', 2),
  r('r3', 'c-b', '2026-02-10T00:00:00Z', 4),
  r('r4', 'c-b', '2026-05-10T00:00:00Z', null),
  r('r5', 'c-c', '2026-03-01T00:00:00Z', 1),
  r('r6', 'c-c', '2026-07-01T00:00:00Z', 5),
  r('r7', 'c-d', '2026-03-01T00:00:00Z', 3),
  r('r8', 'c-d', '2026-04-01T00:00:00Z', 2),
  r('r9', 'c-d', '2026-05-01T00:00:00Z', 4),
  r('r10', 'c-e', '2026-05-01T00:00:00Z', undefined),
];

describe('satisfactionSignals (rules CH-1, CH-2, CA-4)', () => {
  it('CH-1: each customer’s latest score and its change against the previous one', () => {
    const s = satisfactionSignals(responses, options);
    expect(s.map((x) => [x.customerId, x.latest.score, x.previous?.score ?? null, x.change, x.responses])).toEqual([
      ['c-a', 2, 5, -3, 2],
      ['c-b', 4, null, null, 1],
      // r6 is answered after asOf: not yet known.
      ['c-c', 1, null, null, 1],
      ['c-d', 4, 2, 2, 3],
    ]);
    expect(s[0]).toEqual({
      customerId: 'c-a',
      question: 'overall',
      scale: { min: 1, max: 5 },
      latest: { responseId: 'r2', answeredAt: new Date('2026-04-10T00:00:00Z'), score: 2 },
      previous: { responseId: 'r1', answeredAt: new Date('2026-01-10T00:00:00Z'), score: 5 },
      change: -3,
      normalized: 0.25,
      responses: 2,
      rules: ['CH-1', 'CH-2', 'CA-4'],
    });
  });

  it('CH-1: two responses at the same instant are ordered by response id', () => {
    const same = [r('b', 'c', '2026-01-01T00:00:00Z', 1), r('a', 'c', '2026-01-01T00:00:00Z', 5)];
    const [s] = satisfactionSignals(same, options);
    expect(s?.latest.responseId).toBe('b');
    expect(s?.change).toBe(-4);
  });

  it('CH-1: bad input is a KehuValidationError with the path', () => {
    const bad = (rs: unknown[], path: unknown[], opts: Record<string, unknown> = {}) =>
      expect(() => satisfactionSignals(rs as SignalResponse[], { ...options, ...opts } as never)).toThrow(
        expect.objectContaining({ name: 'KehuValidationError', path }),
      );
    const ok = r('x', 'c', '2026-01-01T00:00:00Z', 3);
    bad([{ ...ok, answers: { overall: 3.5 } }], [0, 'answers', 'overall']);
    bad([ok, { ...ok, id: 'y', answers: { overall: 6 } }], [1, 'answers', 'overall']);
    bad([{ ...ok, answers: { overall: 'good' } }], [0, 'answers', 'overall']);
    bad([ok, ok], [1, 'id']);
    bad([{ ...ok, answeredAt: '2026-01-01' }], [0, 'answeredAt']);
    bad([{ ...ok, customerId: 7 }], [0, 'customerId']);
    bad([7], [0]);
    bad([], ['asOf'], { asOf: undefined });
    bad([], ['question'], { question: '' });
    bad([], ['scale', 'max'], { scale: { min: 5, max: 5 } });
    bad([], ['scale', 'min'], { scale: { min: 0.5, max: 5 } });
    expect(() => satisfactionSignals({} as never, options)).toThrow(KehuValidationError);
  });

  it('CH-1 property: the signals do not depend on response order', () => {
    const arb = fc.uniqueArray(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 3 }),
        customerId: fc.constantFrom('c-1', 'c-2', 'c-3', 'c-4'),
        answeredAt: fc
          .integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-01-03T00:00:00Z') })
          .map((ms) => new Date(ms - (ms % 3_600_000))),
        answers: fc.record({ overall: fc.option(fc.integer({ min: 1, max: 5 })) }),
      }),
      { selector: (x) => x.id, maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, (rs) => {
        const s = satisfactionSignals(rs, options);
        expect(satisfactionSignals([...rs].reverse(), options)).toEqual(s);
        for (const x of s) {
          expect(x.normalized).toBeGreaterThanOrEqual(0);
          expect(x.normalized).toBeLessThanOrEqual(1);
          if (x.previous !== null) expect(x.change).toBe(x.latest.score - x.previous.score);
        }
      }),
    );
  });
});

describe('lowSatisfactionList (rule CA-4)', () => {
  it('CA-4: customers at or below the threshold, lowest first, then the largest fall', () => {
    const more = [...responses, r('r11', 'c-f', '2026-02-01T00:00:00Z', 4), r('r12', 'c-f', '2026-03-01T00:00:00Z', 2)];
    const list = lowSatisfactionList(satisfactionSignals(more, options), { threshold: 2 });
    expect(list.map((e) => [e.customerId, e.latest.score, e.change])).toEqual([
      ['c-c', 1, null],
      ['c-a', 2, -3],
      ['c-f', 2, -2],
    ]);
    expect(list[1]).toMatchObject({
      threshold: 2,
      explanation: 'latest overall score 2, down 3 from 5, at or below 2',
      rules: ['CA-4'],
    });
    expect(lowSatisfactionList([], { threshold: 2 })).toEqual([]);
  });

  it('CA-4: a bad threshold or signal is a KehuValidationError with the path', () => {
    const signals = satisfactionSignals(responses, options);
    expect(() => lowSatisfactionList(signals, { threshold: Number.NaN })).toThrow(
      expect.objectContaining({ name: 'KehuValidationError', path: ['threshold'] }),
    );
    expect(() => lowSatisfactionList(signals, {} as never)).toThrow(expect.objectContaining({ path: ['threshold'] }));
    expect(() => lowSatisfactionList([null] as never, { threshold: 2 })).toThrow(
      expect.objectContaining({ path: [0] }),
    );
    expect(() => lowSatisfactionList([{ customerId: 'c', latest: {} }] as never, { threshold: 2 })).toThrow(
      expect.objectContaining({ path: [0, 'latest', 'score'] }),
    );
  });

  it('CA-4 property: exactly the signals at or below the threshold, in an order that ignores input order', () => {
    const arb = fc.uniqueArray(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 3 }),
        customerId: fc.string({ minLength: 1, maxLength: 2 }),
        answeredAt: fc.integer({ min: 0, max: 100 }).map((d) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000)),
        answers: fc.record({ overall: fc.integer({ min: 1, max: 5 }) }),
      }),
      { selector: (x) => x.id, maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, fc.integer({ min: 1, max: 5 }), (rs, threshold) => {
        const signals = satisfactionSignals(rs, options);
        const list = lowSatisfactionList(signals, { threshold });
        expect(lowSatisfactionList([...signals].reverse(), { threshold })).toEqual(list);
        expect(list.length).toBe(signals.filter((s) => s.latest.score <= threshold).length);
        for (let i = 1; i < list.length; i++)
          expect((list[i - 1]?.latest.score ?? 0) <= (list[i]?.latest.score ?? 0)).toBe(true);
      }),
    );
  });
});
