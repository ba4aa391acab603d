import { chinaCalendar } from '@kehu/calendar';
import { csat, nps, type SurveyDefinitionInput } from '@kehu/satisfaction';
import { createMemoryStorage } from '@kehu/storage-memory';
import { describe, expect, it } from 'vitest';
import { createKehu } from './kehu.js';

const ctx = { actor: 'am-1', at: '2026-01-02T09:00:00+08:00', reason: 'test' };
const survey: SurveyDefinitionInput = {
  id: 'after-sale',
  version: 2,
  questions: [
    { id: 'csat', scale: { kind: 'rating', min: 1, max: 5 } },
    { id: 'nps', scale: { kind: 'rating', min: 0, max: 10 } },
    { id: 'speed', scale: { kind: 'rating', min: 1, max: 5 }, dimension: 'response-speed' },
    { id: 'solve', scale: { kind: 'rating', min: 1, max: 5 }, dimension: 'problem-solving' },
    { id: 'comment', scale: { kind: 'text' } },
  ],
};

/** A store with 40 customers answering in Q1 and again in Q2 2026 (Beijing time). */
async function seeded() {
  const kehu = createKehu({ storage: createMemoryStorage() });
  const responses = [];
  for (let i = 0; i < 40; i++) {
    const id = `c-${String(i).padStart(2, '0')}`;
    await kehu.customers.create(
      { id, kind: 'person', name: `客户${i}`, status: 'active', createdAt: ctx.at, owner: i % 2 ? 'am-1' : 'am-2' },
      ctx,
    );
    const q1 = 1 + (i % 5);
    const q2 = Math.min(5, q1 + (i % 3 === 0 ? 1 : 0));
    for (const [quarter, score, day] of [
      ['q1', q1, '2026-02-10'],
      ['q2', q2, '2026-05-10'],
    ] as const)
      responses.push({
        id: `${id}-${quarter}`,
        surveyId: 'after-sale',
        customerId: id,
        answeredAt: `${day}T10:00:00+08:00`,
        answers: { csat: score, nps: Math.min(10, score * 2), speed: score, solve: Math.max(1, score - (i % 2)) },
      });
  }
  await kehu.surveys.recordResponses(responses);
  return { kehu, responses };
}

describe('kehu.satisfaction (rules SA-1 to SA-5)', () => {
  it('SA-1, SA-4: the quarter report, its figures as the metric functions give them, and the change', async () => {
    const { kehu, responses } = await seeded();
    const report = await kehu.satisfaction.report({ survey, asOf: '2026-06-30T12:00:00+08:00', bootstrap: 100 });
    const q2 = responses.filter((r) => r.id.endsWith('q2'));
    expect(report.current.quarter).toBe('2026-Q2');
    expect(report.previous.quarter).toBe('2026-Q1');
    expect(report.current.responses).toBe(40);
    expect(report.current.csat).toEqual(csat(q2.map((r) => r.answers.csat)));
    expect(report.current.nps).toEqual(nps(q2.map((r) => r.answers.nps)));
    expect(report.change.average.difference).toBeGreaterThan(0);
    expect(report.change.nps.verdict).toMatch(/higher|no-detectable-difference/);
    expect(Object.keys(report.dimensions).sort()).toEqual(['problem-solving', 'response-speed']);
    expect(report.keyDrivers?.drivers.map((d) => d.indicator).sort()).toEqual(['problem-solving', 'response-speed']);
    expect(report.serviceQuality.map((r) => r.group).sort()).toEqual(['am-1', 'am-2']);
    expect(report.survey).toEqual({ id: 'after-sale', version: 2 });
    expect(report.improvement.rules).toContain('SA-5');
  });

  it('SA-2: due interviews from grades and recorded interviews; recording one clears the customer', async () => {
    const { kehu } = await seeded();
    const grade = (customerId: string, tier: 'diamond' | 'gold' | 'regular') =>
      kehu.grades.assign(
        { customerId, tier, effectiveFrom: ctx.at, source: 'manual', assignedBy: 'am-1', reason: 'test' },
        ctx,
      );
    await grade('c-01', 'diamond');
    await grade('c-02', 'gold');
    await grade('c-03', 'regular');
    const asOf = '2026-06-30T12:00:00+08:00';
    expect((await kehu.satisfaction.dueForInterview({ asOf })).map((d) => d.customerId)).toEqual(['c-01', 'c-02']);
    await kehu.satisfaction.recordInterview(
      'i-1',
      {
        customerId: 'c-01',
        at: '2026-06-01T10:00:00+08:00',
        interviewer: 'am-1',
        themes: ['delivery'],
        summary: '希望缩短交期',
      },
      ctx,
    );
    expect((await kehu.satisfaction.dueForInterview({ asOf })).map((d) => d.customerId)).toEqual(['c-02']);
    const [interview] = (await kehu.contactRecords.list({ purpose: 'in-depth-interview' })).items;
    expect(interview?.record).toMatchObject({
      customerId: 'c-01',
      themes: ['delivery'],
      purpose: 'in-depth-interview',
    });
  });

  it('SA-1: the survey cool-down reads the stored responses; SA-5: follow-ups are due in business time', async () => {
    const { kehu } = await seeded();
    const may = await kehu.satisfaction.mayBeSurveyed('c-01', { asOf: '2026-06-01T00:00:00+08:00' });
    expect(may).toMatchObject({ allowed: false, code: 'in-cool-down' });
    const later = await kehu.satisfaction.mayBeSurveyed('c-01', { asOf: '2026-09-01T00:00:00+08:00' });
    expect(later.allowed).toBe(true);
    const followUps = await kehu.satisfaction.followUps({
      survey,
      questions: [{ id: 'nps', scale: { min: 0, max: 10 } }],
      from: '2026-04-01T00:00:00+08:00',
      asOf: '2026-06-30T12:00:00+08:00',
      calendar: chinaCalendar(),
    });
    expect(followUps.length).toBeGreaterThan(0);
    expect(followUps.every((f) => f.rules.includes('SA-5') && f.dueAt > new Date('2026-05-10T02:00:00Z'))).toBe(true);
  });

  it('refuses a stored response that does not fit the survey, with its path', async () => {
    const { kehu } = await seeded();
    const narrow: SurveyDefinitionInput = { ...survey, questions: survey.questions.filter((q) => q.id !== 'solve') };
    await expect(kehu.satisfaction.report({ survey: narrow, asOf: '2026-06-30T12:00:00+08:00' })).rejects.toMatchObject(
      { code: 'VALIDATION_FAILED' },
    );
  });
});
