import { KehuPolicyError, KehuValidationError, TIERS, type Tier } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_INTERVIEW_THEMES,
  dueForInterview,
  INTERVIEW_THEMES,
  type InterviewCandidate,
  interviewNoteToJson,
  interviewThemeLabel,
  isDefaultInterviewTheme,
  parseInterviewNote,
  parseInterviewPolicy,
} from './interviews.js';

const asOf = new Date('2026-04-01T00:00:00Z');
const daysBefore = (n: number) => new Date(asOf.getTime() - n * 86_400_000);

describe('interview policy (rule SA-2)', () => {
  it('SA-2: defaults are diamond and gold, every 180 days', () => {
    expect(parseInterviewPolicy()).toEqual({ tiers: ['diamond', 'gold'], intervalDays: 180 });
    expect(parseInterviewPolicy({ tiers: ['diamond'], intervalDays: 90 })).toEqual({
      tiers: ['diamond'],
      intervalDays: 90,
    });
  });

  it('SA-2: a bad policy is a KehuPolicyError with the path', () => {
    expect(() => parseInterviewPolicy({ intervalDays: 0 })).toThrow(
      expect.objectContaining({ name: 'KehuPolicyError', code: 'POLICY_INVALID', path: ['intervalDays'] }),
    );
    expect(() => parseInterviewPolicy({ tiers: ['platinum'] })).toThrow(KehuPolicyError);
    expect(() => parseInterviewPolicy({ tiers: ['gold', 'gold'] })).toThrow(
      expect.objectContaining({ path: ['tiers'] }),
    );
    expect(() => parseInterviewPolicy({ tiers: [] })).toThrow(expect.objectContaining({ path: ['tiers'] }));
    expect(() => parseInterviewPolicy({ intervalDays: 1.5 })).toThrow(KehuPolicyError);
    expect(() => parseInterviewPolicy({ every: 3 })).toThrow(expect.objectContaining({ path: ['every'] }));
  });
});

describe('dueForInterview (rule SA-2)', () => {
  const customers: InterviewCandidate[] = [
    { customerId: 'c-silver', tier: 'silver' },
    { customerId: 'c-recent', tier: 'diamond', lastInterviewAt: daysBefore(179) },
    { customerId: 'c-exact', tier: 'gold', lastInterviewAt: daysBefore(180) },
    { customerId: 'c-late', tier: 'gold', lastInterviewAt: daysBefore(400) },
    { customerId: 'c-never-gold', tier: 'gold' },
    { customerId: 'c-never-diamond', tier: 'diamond' },
  ];

  it('SA-2: high-value customers never interviewed or past the interval, most overdue first', () => {
    const due = dueForInterview(customers, undefined, { asOf });
    expect(due.map((d) => d.customerId)).toEqual(['c-never-diamond', 'c-never-gold', 'c-late', 'c-exact']);
    expect(due[0]).toMatchObject({
      tier: 'diamond',
      tierLabel: { en: 'Diamond', zh: '钻石客户' },
      reason: 'never-interviewed',
      reasonLabel: { zh: '从未深度访谈' },
      lastInterviewAt: null,
      dueSince: null,
      overdueDays: null,
      rules: ['SA-2'],
    });
    expect(due[2]).toMatchObject({
      reason: 'interval-elapsed',
      lastInterviewAt: daysBefore(400),
      dueSince: daysBefore(220),
      overdueDays: 220,
      intervalDays: 180,
      explanation: 'gold customer last interviewed 2025-02-25, due since 2025-08-24 (every 180 days), 220 days overdue',
    });
    expect(due[3]).toMatchObject({ dueSince: asOf, overdueDays: 0 });
  });

  it('SA-2: the policy decides tiers and interval', () => {
    const due = dueForInterview(customers, { tiers: ['diamond', 'silver'], intervalDays: 100 }, { asOf });
    expect(due.map((d) => d.customerId)).toEqual(['c-never-diamond', 'c-silver', 'c-recent']);
    expect(due[2]?.overdueDays).toBe(79);
  });

  it('SA-2: an interview after asOf counts as recent; inputs are not mutated', () => {
    const input = [{ customerId: 'c-1', tier: 'gold' as Tier, lastInterviewAt: new Date('2026-05-01T00:00:00Z') }];
    const copy = structuredClone(input);
    expect(dueForInterview(input, {}, { asOf })).toEqual([]);
    expect(input).toEqual(copy);
  });

  it('SA-2: bad input is a KehuValidationError with the path', () => {
    expect(() => dueForInterview(customers, {}, {} as never)).toThrow(
      expect.objectContaining({ name: 'KehuValidationError', path: ['asOf'] }),
    );
    expect(() => dueForInterview([{ customerId: 'c', tier: 'platinum' as Tier }], {}, { asOf })).toThrow(
      expect.objectContaining({ path: [0, 'tier'] }),
    );
    expect(() => dueForInterview([{ customerId: '', tier: 'gold' }], {}, { asOf })).toThrow(
      expect.objectContaining({ path: [0, 'customerId'] }),
    );
    expect(() =>
      dueForInterview([{ customerId: 'c', tier: 'gold', lastInterviewAt: new Date(Number.NaN) }], {}, { asOf }),
    ).toThrow(expect.objectContaining({ path: [0, 'lastInterviewAt'] }));
    expect(() =>
      dueForInterview(
        [
          { customerId: 'c', tier: 'gold' },
          { customerId: 'c', tier: 'diamond' },
        ],
        {},
        { asOf },
      ),
    ).toThrow(expect.objectContaining({ name: 'KehuValidationError', path: [1, 'customerId'] }));
    expect(() => dueForInterview(null as never, {}, { asOf })).toThrow(KehuValidationError);
    expect(() => dueForInterview(customers, { intervalDays: -1 }, { asOf })).toThrow(KehuPolicyError);
  });

  const candidates = fc.uniqueArray(
    fc.record({
      customerId: fc.string({ minLength: 1, maxLength: 4 }).filter((s) => s.trim() === s && s.length > 0),
      tier: fc.constantFrom(...TIERS),
      lastInterviewAt: fc.option(fc.integer({ min: 0, max: 1000 }).map(daysBefore), { nil: undefined }),
    }),
    { selector: (c) => c.customerId, maxLength: 30 },
  );

  it('SA-2 property: the result does not depend on input order, and every due customer is due', () => {
    fc.assert(
      fc.property(candidates, fc.integer({ min: 1, max: 400 }), (cs, intervalDays) => {
        const policy = { intervalDays };
        const due = dueForInterview(cs, policy, { asOf });
        expect(dueForInterview([...cs].reverse(), policy, { asOf })).toEqual(due);
        for (const d of due) {
          expect(['diamond', 'gold']).toContain(d.tier);
          if (d.dueSince !== null) expect(d.dueSince.getTime()).toBeLessThanOrEqual(asOf.getTime());
        }
        const expected = cs.filter(
          (c) =>
            (c.tier === 'diamond' || c.tier === 'gold') &&
            (c.lastInterviewAt === undefined ||
              asOf.getTime() - c.lastInterviewAt.getTime() >= intervalDays * 86_400_000),
        );
        expect(due.length).toBe(expected.length);
        for (let i = 1; i < due.length; i++) {
          const a = due[i - 1]?.dueSince?.getTime() ?? Number.NEGATIVE_INFINITY;
          const b = due[i]?.dueSince?.getTime() ?? Number.NEGATIVE_INFINITY;
          expect(a).toBeLessThanOrEqual(b);
        }
      }),
    );
  });
});

describe('interview notes (rule SA-2)', () => {
  const note = {
    customerId: 'c-1',
    at: '2026-03-12T10:00:00+08:00',
    interviewer: 'am-7',
    themes: ['product-quality', 'new-needs', '发票流程'],
    summary: 'Wants faster invoicing; considering a second product line.',
    followUps: ['Send the invoicing schedule', 'Introduce the product manager'],
  };

  it('SA-2: a note records themes (default and free), summary and follow-ups', () => {
    const n = parseInterviewNote(note);
    expect(n.at).toEqual(new Date('2026-03-12T02:00:00Z'));
    expect(n.themes).toEqual(['product-quality', 'new-needs', '发票流程']);
    expect(interviewNoteToJson(n)).toEqual({ ...note, at: '2026-03-12T02:00:00.000Z' });
    expect(parseInterviewNote({ ...note, followUps: undefined }).followUps).toBeUndefined();
  });

  it('SA-2: default themes have English and Chinese labels; free themes label themselves', () => {
    expect(Object.keys(INTERVIEW_THEMES)).toEqual([...DEFAULT_INTERVIEW_THEMES]);
    for (const [id, label] of Object.entries(INTERVIEW_THEMES)) {
      expect(isDefaultInterviewTheme(id)).toBe(true);
      expect(label.en).not.toBe('');
      expect(label.zh).not.toBe('');
    }
    expect(interviewThemeLabel('price')).toEqual({ en: 'Price', zh: '价格' });
    expect(interviewThemeLabel('发票流程')).toEqual({ en: '发票流程', zh: '发票流程' });
    expect(isDefaultInterviewTheme('toString')).toBe(false);
  });

  it('SA-2: a bad note is a KehuValidationError with the path', () => {
    const bad = (patch: Record<string, unknown>, path: unknown[]) =>
      expect(() => parseInterviewNote({ ...note, ...patch })).toThrow(
        expect.objectContaining({ name: 'KehuValidationError', path }),
      );
    bad({ themes: [] }, ['themes']);
    bad({ themes: ['price', 'price'] }, ['themes']);
    bad({ themes: ['price', '  '] }, ['themes', 1]);
    bad({ summary: '' }, ['summary']);
    bad({ at: '2026-03-12T10:00:00' }, ['at']);
    bad({ interviewer: '' }, ['interviewer']);
    bad({ followUps: [''] }, ['followUps', 0]);
    bad({ mood: 'good' }, ['mood']);
  });
});
