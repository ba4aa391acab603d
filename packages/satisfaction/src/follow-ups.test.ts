import { chinaCalendar, createBusinessCalendar } from '@kehu/calendar';
import { KehuPolicyError, KehuValidationError } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FollowUpResponse, followUpRequests, parseFollowUpPolicy } from './follow-ups.js';

const calendar = chinaCalendar();
const questions = [
  { id: 'nps', scale: { min: 0, max: 10 } },
  { id: 'csat', scale: { min: 1, max: 5 } },
];
const asOf = new Date('2026-06-30T00:00:00Z');

const response = (
  id: string,
  answeredAt: string,
  answers: FollowUpResponse['answers'],
  customerId = `c-${id}`,
): FollowUpResponse => ({ id, customerId, answeredAt: new Date(answeredAt), answers });

describe('follow-up policy (rule SA-5)', () => {
  it('SA-5: defaults are NPS detractors (0-6), scores up to 2 on 1-5, due within 24 business hours', () => {
    expect(parseFollowUpPolicy()).toEqual({
      triggers: [
        { scale: { min: 0, max: 10 }, atMost: 6, reason: 'detractor' },
        { scale: { min: 1, max: 5 }, atMost: 2, reason: 'low-score' },
      ],
      dueWithinBusinessHours: 24,
    });
  });

  it('SA-5: a bad policy is a KehuPolicyError with the path', () => {
    const bad = (input: unknown, path: unknown[]) =>
      expect(() => parseFollowUpPolicy(input)).toThrow(
        expect.objectContaining({ name: 'KehuPolicyError', code: 'POLICY_INVALID', path }),
      );
    bad({ dueWithinBusinessHours: 0 }, ['dueWithinBusinessHours']);
    bad({ triggers: [] }, ['triggers']);
    bad({ triggers: [{ scale: { min: 1, max: 5 }, atMost: 5, reason: 'low-score' }] }, ['triggers', 0, 'atMost']);
    bad({ triggers: [{ scale: { min: 5, max: 1 }, atMost: 2, reason: 'low-score' }] }, ['triggers', 0, 'scale', 'max']);
    bad({ triggers: [{ scale: { min: 1, max: 5 }, atMost: 2, reason: 'angry' }] }, ['triggers', 0, 'reason']);
    bad(
      {
        triggers: [
          { scale: { min: 1, max: 5 }, atMost: 2, reason: 'low-score' },
          { scale: { min: 1, max: 5 }, atMost: 1, reason: 'low-score' },
        ],
      },
      ['triggers', 1, 'scale'],
    );
    expect(() => parseFollowUpPolicy({ hours: 3 })).toThrow(KehuPolicyError);
  });
});

describe('followUpRequests (rule SA-5)', () => {
  it('SA-5: a detractor or a low score asks for a follow-up; others do not', () => {
    const rs = [
      response('r-promoter', '2026-03-02T10:00:00+08:00', { nps: 9, csat: 5 }),
      response('r-passive', '2026-03-02T10:00:00+08:00', { nps: 7, csat: 3 }),
      response('r-detractor', '2026-03-02T10:00:00+08:00', { nps: 6, csat: 4 }),
      response('r-low', '2026-03-02T11:00:00+08:00', { nps: null, csat: 2 }),
      response('r-both', '2026-03-02T09:00:00+08:00', { nps: 0, csat: 1 }),
      response('r-none', '2026-03-02T09:00:00+08:00', {}),
    ];
    const out = followUpRequests(rs, undefined, { asOf, calendar, questions });
    expect(out.map((r) => [r.responseId, r.reason])).toEqual([
      ['r-both', 'detractor'],
      ['r-detractor', 'detractor'],
      ['r-low', 'low-score'],
    ]);
    expect(out[0]).toMatchObject({
      customerId: 'c-r-both',
      reasonLabel: { en: 'NPS detractor', zh: 'NPS 贬损者' },
      triggers: [
        { question: 'nps', score: 0, atMost: 6, reason: 'detractor' },
        { question: 'csat', score: 1, atMost: 2, reason: 'low-score' },
      ],
      // Monday 09:00 plus 24 business hours (8 a day): the end of Wednesday.
      dueAt: new Date('2026-03-04T18:00:00+08:00'),
      provisional: false,
      overdue: true,
      rules: ['SA-5'],
    });
    expect(out[0]?.explanation).toBe(
      'nps = 0 (at most 6 on 0-10), csat = 1 (at most 2 on 1-5): follow up within 24 business hours',
    );
  });

  it('SA-5: the deadline skips a weekend (business hours on the China calendar)', () => {
    // Friday 16:00: 2 h on Friday, 8 h on Monday and Tuesday, the last 6 h on Wednesday until 16:00.
    const [r] = followUpRequests(
      [response('r', '2026-03-06T16:00:00+08:00', { nps: 3 })],
      {},
      {
        asOf,
        calendar,
        questions,
      },
    );
    expect(r?.dueAt).toEqual(new Date('2026-03-11T16:00:00+08:00'));
  });

  it('SA-5: the deadline counts a make-up workday (调休) and skips the National Day holiday', () => {
    // Friday 2025-09-26 16:00: 2 h on Friday, Saturday off, Sunday 09-28 is a make-up workday (8 h),
    // Monday 09-29 8 h, the last 6 h on Tuesday 09-30 until 16:00.
    const at = (answeredAt: string, hours?: number) =>
      followUpRequests(
        [response('r', answeredAt, { csat: 1 })],
        hours === undefined ? {} : { dueWithinBusinessHours: hours },
        {
          asOf,
          calendar,
          questions,
        },
      )[0]?.dueAt;
    expect(at('2025-09-26T16:00:00+08:00')).toEqual(new Date('2025-09-30T16:00:00+08:00'));
    // On the eve of the holiday: 2 h on 09-30, closed 10-01 to 10-08, 8 h on 10-09 and 10-10, the last 6 h on
    // Saturday 10-11, a make-up workday.
    expect(at('2025-09-30T16:00:00+08:00')).toEqual(new Date('2025-10-11T16:00:00+08:00'));
    // The same response on a calendar without 调休 waits until Monday 10-13.
    const plain = createBusinessCalendar({
      timeZone: 'Asia/Shanghai',
      week: {
        mon: [
          ['09:00', '12:00'],
          ['13:00', '18:00'],
        ],
        tue: [
          ['09:00', '12:00'],
          ['13:00', '18:00'],
        ],
        wed: [
          ['09:00', '12:00'],
          ['13:00', '18:00'],
        ],
        thu: [
          ['09:00', '12:00'],
          ['13:00', '18:00'],
        ],
        fri: [
          ['09:00', '12:00'],
          ['13:00', '18:00'],
        ],
      },
      holidays: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08'],
    });
    const [r] = followUpRequests(
      [response('r', '2025-09-30T16:00:00+08:00', { csat: 1 })],
      {},
      {
        asOf,
        calendar: plain,
        questions,
      },
    );
    expect(r?.dueAt).toEqual(new Date('2025-10-13T16:00:00+08:00'));
    expect(at('2025-09-30T16:00:00+08:00', 2)).toEqual(new Date('2025-09-30T18:00:00+08:00'));
  });

  it('SA-5: responses after asOf are not yet known; overdue says whether the deadline passed', () => {
    const rs = [
      response('r-1', '2026-03-02T09:00:00+08:00', { nps: 1 }),
      response('r-2', '2026-03-04T09:00:00+08:00', { nps: 1 }),
    ];
    const out = followUpRequests(rs, {}, { asOf: new Date('2026-03-05T09:00:00+08:00'), calendar, questions });
    expect(out.map((r) => [r.responseId, r.overdue])).toEqual([
      ['r-1', true],
      ['r-2', false],
    ]);
    expect(followUpRequests(rs, {}, { asOf: new Date('2026-03-03T00:00:00Z'), calendar, questions })).toHaveLength(1);
  });

  it('SA-5: a policy with its own triggers (CES on 1-7) and hours', () => {
    const policy = { triggers: [{ scale: { min: 1, max: 7 }, atMost: 3, reason: 'low-score' as const }] };
    const out = followUpRequests([response('r', '2026-03-02T09:00:00+08:00', { ces: 3 })], policy, {
      asOf,
      calendar,
      questions: [{ id: 'ces', scale: { min: 1, max: 7 } }],
    });
    expect(out[0]?.reason).toBe('low-score');
    expect(() => followUpRequests([], policy, { asOf, calendar, questions })).toThrow(
      expect.objectContaining({ name: 'KehuValidationError', path: ['questions', 0, 'scale'] }),
    );
  });

  it('SA-5: bad input is a KehuValidationError with the path', () => {
    const bad = (rs: unknown[], path: unknown[], opts: Record<string, unknown> = {}) =>
      expect(() =>
        followUpRequests(rs as FollowUpResponse[], {}, { asOf, calendar, questions, ...opts } as never),
      ).toThrow(expect.objectContaining({ name: 'KehuValidationError', path }));
    const ok = response('r', '2026-03-02T09:00:00+08:00', { nps: 5 });
    bad([{ ...ok, answers: { nps: 6.5 } }], [0, 'answers', 'nps']);
    bad([ok, { ...ok, id: 'r2', answers: { nps: 11 } }], [1, 'answers', 'nps']);
    bad([{ ...ok, answers: { csat: '2' } }], [0, 'answers', 'csat']);
    bad([{ ...ok, answers: { csat: 0 } }], [0, 'answers', 'csat']);
    bad([{ ...ok, answeredAt: new Date(Number.NaN) }], [0, 'answeredAt']);
    bad([{ ...ok, customerId: '' }], [0, 'customerId']);
    bad([ok, ok], [1, 'id']);
    bad([ok], ['asOf'], { asOf: undefined });
    bad([ok], ['calendar'], { calendar: {} });
    bad([ok], ['questions'], { questions: [] });
    bad([ok], ['questions', 1, 'id'], { questions: [questions[0], questions[0]] });
    bad([ok], ['questions', 0, 'scale', 'max'], { questions: [{ id: 'x', scale: { min: 3, max: 3 } }] });
    expect(() => followUpRequests(null as never, {}, { asOf, calendar, questions })).toThrow(KehuValidationError);
  });

  it('SA-5 property: the result does not depend on response order; every request has a low answer', () => {
    const arb = fc.uniqueArray(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 3 }),
        customerId: fc.constantFrom('c-1', 'c-2', 'c-3'),
        answeredAt: fc
          .integer({ min: Date.parse('2025-09-01T00:00:00Z'), max: Date.parse('2026-06-30T00:00:00Z') })
          .map((ms) => new Date(ms)),
        answers: fc.record({ nps: fc.option(fc.integer({ min: 0, max: 10 })), csat: fc.integer({ min: 1, max: 5 }) }),
      }),
      { selector: (r) => r.id, maxLength: 25 },
    );
    fc.assert(
      fc.property(arb, (rs) => {
        const out = followUpRequests(rs, {}, { asOf, calendar, questions });
        expect(followUpRequests([...rs].reverse(), {}, { asOf, calendar, questions })).toEqual(out);
        const low = rs.filter((r) => (r.answers.nps !== null && r.answers.nps <= 6) || r.answers.csat <= 2);
        expect(out.map((r) => r.responseId).sort()).toEqual(low.map((r) => r.id).sort());
        for (const r of out) expect(r.dueAt.getTime()).toBeGreaterThan(r.answeredAt.getTime());
      }),
      { numRuns: 50 },
    );
  });
});
