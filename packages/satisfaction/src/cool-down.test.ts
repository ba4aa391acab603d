import { KehuPolicyError, KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COOL_DOWN_POLICY, mayBeSurveyed, parseCoolDownPolicy, type SurveyContact } from './cool-down.js';

const at = (iso: string) => new Date(iso);
const history: SurveyContact[] = [
  { customerId: 'c-1', surveyedAt: at('2026-01-10T09:00:00Z') },
  { customerId: 'c-1', surveyedAt: at('2025-06-01T09:00:00Z') },
  { customerId: 'c-2', surveyedAt: at('2026-03-30T09:00:00Z') },
];

describe('survey cool-down (rule SA-1)', () => {
  it("SA-1: the default is 90 days, Kehu's own (no rule gives a number)", () => {
    expect(DEFAULT_COOL_DOWN_POLICY).toEqual({ minDays: 90 });
    expect(parseCoolDownPolicy({ minDays: 30 })).toEqual({ minDays: 30 });
  });

  it('SA-1: a customer never surveyed may be surveyed', () => {
    const d = mayBeSurveyed('c-3', history, undefined, { asOf: at('2026-04-01T00:00:00Z') });
    expect(d).toMatchObject({ allowed: true, code: 'never-surveyed', lastSurveyedAt: null, nextAllowedAt: null });
    expect(d.reason).toContain('no survey');
  });

  it('SA-1: nobody is asked again within the interval; exactly minDays later is allowed', () => {
    const inside = mayBeSurveyed('c-1', history, {}, { asOf: at('2026-04-10T08:59:59.999Z') });
    expect(inside).toMatchObject({
      allowed: false,
      code: 'in-cool-down',
      lastSurveyedAt: at('2026-01-10T09:00:00Z'),
      nextAllowedAt: at('2026-04-10T09:00:00Z'), // 10 January + 90 days of 24 hours
      minDays: 90,
    });
    expect(inside.reason).toBe(
      'customer c-1 was last surveyed at 2026-01-10T09:00:00.000Z; the cool-down of 90 days lasts until ' +
        '2026-04-10T09:00:00.000Z',
    );
    const boundary = mayBeSurveyed('c-1', history, {}, { asOf: at('2026-04-10T09:00:00Z') });
    expect(boundary).toMatchObject({ allowed: true, code: 'cool-down-over' });
    expect(mayBeSurveyed('c-1', history, { minDays: 30 }, { asOf: at('2026-02-09T09:00:00Z') }).allowed).toBe(true);
    expect(mayBeSurveyed('c-1', history, { minDays: 0 }, { asOf: at('2026-01-10T09:00:00Z') }).allowed).toBe(true);
  });

  it('SA-1: surveys after asOf are ignored, so a past decision can be recomputed', () => {
    const d = mayBeSurveyed('c-1', history, {}, { asOf: at('2025-12-01T00:00:00Z') });
    expect(d).toMatchObject({ allowed: true, lastSurveyedAt: at('2025-06-01T09:00:00Z') });
  });

  it('SA-1: asOf is required; bad policies and history entries are refused with their path', () => {
    const pathOf = (run: () => unknown) => {
      try {
        run();
      } catch (e) {
        expect(e instanceof KehuValidationError || e instanceof KehuPolicyError).toBe(true);
        return (e as KehuValidationError | KehuPolicyError).path;
      }
      return 'no error';
    };
    expect(pathOf(() => mayBeSurveyed('c-1', history, {}, {} as never))).toEqual(['asOf']);
    expect(pathOf(() => mayBeSurveyed('c-1', history, {}, { asOf: new Date(Number.NaN) }))).toEqual(['asOf']);
    const asOf = at('2026-04-01T00:00:00Z');
    expect(pathOf(() => mayBeSurveyed('c-1', history, { minDays: -1 }, { asOf }))).toEqual(['minDays']);
    expect(pathOf(() => mayBeSurveyed('c-1', history, { minDays: 1.5 }, { asOf }))).toEqual(['minDays']);
    expect(pathOf(() => mayBeSurveyed('c-1', history, { days: 3 } as never, { asOf }))).toEqual(['days']);
    const bad = [...history, { customerId: 'c-1', surveyedAt: '2026-01-01' }] as never;
    expect(pathOf(() => mayBeSurveyed('c-1', bad, {}, { asOf }))).toEqual(['history', 3, 'surveyedAt']);
    expect(pathOf(() => mayBeSurveyed('', history, {}, { asOf }))).toEqual(['customerId']);
  });

  it('SA-1: the decision does not depend on history order and does not mutate it (property)', () => {
    const contact = fc.record({
      customerId: fc.constantFrom('a', 'b'),
      surveyedAt: fc.date({ min: at('2025-01-01T00:00:00Z'), max: at('2026-12-31T00:00:00Z'), noInvalidDate: true }),
    });
    fc.assert(
      fc.property(fc.array(contact, { maxLength: 20 }), fc.func(fc.integer()), fc.nat(200), (list, key, days) => {
        const asOf = at('2026-06-01T00:00:00Z');
        const before = list.map((c) => ({ ...c, surveyedAt: new Date(c.surveyedAt) }));
        const shuffled = [...list].sort((x, y) => key(x.surveyedAt.getTime()) - key(y.surveyedAt.getTime()));
        const d = mayBeSurveyed('a', list, { minDays: days }, { asOf });
        expect(mayBeSurveyed('a', shuffled, { minDays: days }, { asOf })).toEqual(d);
        expect(list).toEqual(before);
        const past = list.filter((c) => c.customerId === 'a' && c.surveyedAt <= asOf);
        const recent = past.some((c) => asOf.getTime() - c.surveyedAt.getTime() < days * 86_400_000);
        expect(d.allowed).toBe(!recent);
      }),
    );
  });
});
