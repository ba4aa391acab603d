import { chinaCalendar } from '@kehu/calendar';
import { Decimal } from '@kehu/core';
import { parseReportModel, type ReportChart, type ReportModel, type ReportSection } from '@kehu/core';
import { renderReport } from '@kehu/report';
import { SAMPLE_SURVEY } from '@kehu/sample-data';
import { createMemoryStorage } from '@kehu/storage-memory';
import { beforeAll, describe, expect, it } from 'vitest';
import { createKehu, type Kehu } from '../kehu.js';
import { cadenceSection } from './cadence-section.js';
import { churnSection } from './churn-section.js';
import { pipelineSection } from './pipeline-section.js';
import { sampleReportStore } from './report-store.fixture.js';
import { satisfactionSection } from './satisfaction-section.js';
import type { ReportInputs, ReportReaders, ReportSectionBuilder } from './section.js';

const ACTOR = 'report-test';
const DAY = 86_400_000;
const calendar = chinaCalendar();

/** The inputs a section builder gets for `asOf`, with the sample survey unless told otherwise. */
function inputsAt(asOf: Date, policies: ReportInputs['policies'] = { satisfaction: { survey: SAMPLE_SURVEY } }) {
  return {
    asOf,
    previousAsOf: new Date(asOf.getTime() - 91 * DAY),
    from: new Date(asOf.getTime() - 365 * DAY),
    calendar,
    timeZone: calendar.spec.timeZone,
    policies,
  } satisfies ReportInputs;
}

/** Every chart is well formed: bilingual title, units on its axes, rules, data matching its categories. */
function expectShapes(section: ReportSection): void {
  for (const chart of section.charts) checkChart(chart);
  const model: ReportModel = {
    title: { en: 'Test', zh: '测试' },
    asOf: '2026-06-30T15:59:59.999Z',
    timeZone: 'Asia/Shanghai',
    sections: [section],
  };
  expect(parseReportModel(JSON.parse(JSON.stringify(model)))).toEqual(model);
}

function checkChart(chart: ReportChart): void {
  expect(chart.title.en.length).toBeGreaterThan(0);
  expect(chart.title.zh.length).toBeGreaterThan(0);
  expect(chart.description?.en.length).toBeGreaterThan(0);
  expect(chart.description?.zh.length).toBeGreaterThan(0);
  expect(chart.rules.length).toBeGreaterThan(0);
  expect(chart.id).toMatch(/^[A-Za-z0-9-]+$/);
  if (chart.kind === 'heatmap') {
    for (const a of [chart.x, chart.y, chart.value]) expect(a.unit.en && a.unit.zh && a.label.en).toBeTruthy();
    expect(chart.cells).toHaveLength(chart.rows.length);
    for (const row of chart.cells) expect(row).toHaveLength(chart.columns.length);
    return;
  }
  if (chart.kind === 'pareto') return;
  for (const a of [chart.x, chart.y]) expect(a.unit.en && a.unit.zh && a.label.en && a.label.zh).toBeTruthy();
  for (const s of chart.series) {
    expect(s.values).toHaveLength(chart.categories.length);
    for (const v of s.values) expect(v === null || Number.isFinite(v)).toBe(true);
    for (const k of ['exact', 'lower', 'upper'] as const)
      if (s[k] !== undefined) expect(s[k]).toHaveLength(chart.categories.length);
  }
}

const BUILDERS: Array<[string, ReportSectionBuilder]> = [
  ['satisfaction', satisfactionSection],
  ['churn', churnSection],
  ['cadence', cadenceSection],
  ['pipeline', pipelineSection],
];

describe('report sections on an empty store: notes, no charts', () => {
  const kehu = createKehu({ storage: createMemoryStorage() });
  it.each(BUILDERS)('%s', async (id, build) => {
    const section = await build(kehu as ReportReaders, inputsAt(new Date('2026-06-30T15:59:59.999Z')));
    expect(section.id).toBe(id);
    expect(section.charts).toEqual([]);
    expect(section.notes.length).toBeGreaterThan(0);
    for (const note of section.notes) expect(note.en && note.zh).toBeTruthy();
    expectShapes(section);
  });

  it('SA-1: a quarter without answers between two with answers has no value and no band, and a note', async () => {
    const store = createKehu({ storage: createMemoryStorage() });
    await store.customers.create(
      { id: 'c-1', kind: 'person', name: '张伟', status: 'active', createdAt: '2025-01-05T09:00:00+08:00' },
      { actor: ACTOR, at: '2025-01-05T09:00:00+08:00', reason: 'test' },
    );
    const answer = (id: string, answeredAt: string, csat: number, nps: number) => ({
      id,
      surveyId: SAMPLE_SURVEY.id,
      customerId: 'c-1',
      answeredAt,
      answers: { csat, nps },
    });
    await store.surveys.recordResponses([
      answer('r-1', '2025-08-01T10:00:00+08:00', 5, 10),
      answer('r-2', '2025-08-02T10:00:00+08:00', 3, 6),
      answer('r-3', '2026-04-01T10:00:00+08:00', 4, 9),
    ]);
    const section = await satisfactionSection(store, inputsAt(new Date('2026-06-30T15:59:59.999Z')));
    const chart = section.charts[0] as Extract<ReportChart, { kind: 'line' }>;
    expect(chart.categories.map((c) => c.en)).toEqual(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']);
    const [series] = chart.series;
    expect(series!.values).toEqual([50, null, null, 100]);
    expect([series!.lower![1], series!.upper![1], series!.lower![2], series!.upper![2]]).toEqual([
      null,
      null,
      null,
      null,
    ]);
    expect(series!.lower![3]).toBeGreaterThan(0);
    expect(chart.notes?.map((n) => n.en).join(' ')).toMatch(/No answers in 2025-Q4, 2026-Q1/);
    expect(chart.notes?.map((n) => n.en).join(' ')).toMatch(/Fewer than 30 answers/);
    expectShapes(section);
  });

  it('SA-1: without a survey the satisfaction section says so', async () => {
    const section = await satisfactionSection(kehu, inputsAt(new Date('2026-06-30T15:59:59.999Z'), {}));
    expect(section.charts).toEqual([]);
    expect(section.notes[0]?.en).toMatch(/survey/);
  });
});

describe('report sections on a small sample business', () => {
  let kehu: Kehu;
  let asOf: Date;
  const built = new Map<string, ReportSection>();
  beforeAll(async () => {
    const sample = await sampleReportStore(120);
    kehu = sample.kehu;
    asOf = new Date(Date.parse(sample.business.asOfInstant) - 1);
    const audit = await kehu.audit.list({}, { limit: 1000 });
    for (const [id, build] of BUILDERS) built.set(id, await build(kehu, inputsAt(asOf)));
    // The sections read only: no audit entry, stored churn score or grade was written.
    expect((await kehu.audit.list({}, { limit: 1000 })).items.length).toBe(audit.items.length);
    expect((await kehu.churn.list()).items).toEqual([]);
  });

  it('every section has well-formed charts that parse as a report model', () => {
    for (const [id] of BUILDERS) {
      const section = built.get(id)!;
      expect(section.charts.length, id).toBeGreaterThan(0);
      expectShapes(section);
    }
  });

  it('the four sections render as one report: a figure per chart', () => {
    const sections = BUILDERS.map(([id]) => built.get(id)!);
    const html = renderReport({
      title: { en: 'Test', zh: '测试' },
      asOf: asOf.toISOString(),
      timeZone: 'Asia/Shanghai',
      sections,
    });
    for (const chart of sections.flatMap((s) => s.charts)) expect(html).toContain(`id="${chart.id}"`);
  });

  it('SA-1, SA-4: CSAT and NPS per quarter with bands; the last quarter equals kehu.satisfaction.report', async () => {
    const section = built.get('satisfaction')!;
    const [csatChart, npsChart] = section.charts as Extract<ReportChart, { kind: 'line' }>[];
    // The sample's answers start in 2026-Q1: earlier quarters of the year are left out, with a note.
    expect(csatChart!.categories.map((c) => c.en)).toEqual(['2026-Q1', '2026-Q2']);
    expect(section.notes[0]?.en).toMatch(/before 2026-Q1/);
    const last = csatChart!.categories.length - 1;
    const official = await kehu.satisfaction.report({ survey: SAMPLE_SURVEY, asOf, bootstrap: 20 });
    expect(csatChart!.categories[last]!.en).toBe(official.current.quarter);
    expect(csatChart!.series[0]!.values[last]).toBeCloseTo(official.current.csat.estimate, 10);
    expect(csatChart!.series[0]!.lower![last]).toBeCloseTo(official.current.csat.ci.lower, 10);
    expect(npsChart!.series[0]!.upper![last]).toBeCloseTo(official.current.nps.ci.upper, 10);
    // A quarter without answers has no value and no band, never a 0.
    for (const s of [csatChart!.series[0]!, npsChart!.series[0]!])
      s.values.forEach((v, i) => {
        if (v === null) expect([s.lower![i], s.upper![i]]).toEqual([null, null]);
      });
  });

  it('CH-2, CH-3: customers per band add up to those scored; calibration bins with Wilson bands', () => {
    const section = built.get('churn')!;
    const bands = section.charts.find((c) => c.id === 'churn-bands') as Extract<ReportChart, { kind: 'bar' }>;
    expect(bands.categories.map((c) => c.en)).toEqual(['Low risk', 'Medium risk', 'High risk', 'Critical risk']);
    const scored = section.facts.find((f) => f.label.en === 'Customers scored')!.value;
    expect(bands.series[0]!.values.reduce((a, b) => a! + b!, 0)).toBe(Number(scored));
    const calibration = section.charts.find((c) => c.id === 'churn-calibration');
    if (calibration?.kind === 'line') {
      expect(calibration.categories).toHaveLength(10);
      const observed = calibration.series[1]!;
      observed.values.forEach((v, i) => {
        if (v !== null) expect(observed.lower![i]! <= v && v <= observed.upper![i]!).toBe(true);
      });
    } else expect(section.notes.some((n) => n.en.startsWith('No calibration'))).toBe(true);
  });

  it('CA-1, CA-8: a heat map of tasks per owner and day over 14 days, and load against capacity', () => {
    const section = built.get('cadence')!;
    const heatmap = section.charts[0] as Extract<ReportChart, { kind: 'heatmap' }>;
    expect(heatmap.columns).toHaveLength(14);
    const against = section.charts[1] as Extract<ReportChart, { kind: 'bar' }>;
    const perDay = heatmap.columns.map((_, j) => heatmap.cells.reduce((n, row) => n + row[j]!, 0));
    expect(against.series[0]!.values).toEqual(perDay);
    expect(section.facts.map((f) => f.label.en)).toContain('Overdue at the start');
  });

  it('MP-3: open opportunities per stage, weighted pipeline by quarter; exact money beside the numbers', async () => {
    const section = built.get('pipeline')!;
    const [count, revenue, quarters] = section.charts as Extract<ReportChart, { kind: 'bar' }>[];
    expect(count!.categories.map((c) => c.en)[0]).toBe('Lead');
    const pipeline = await kehu.opportunities.pipeline({ asOf, calendar, by: 'quarter' });
    expect(count!.series[0]!.values.reduce((a, b) => a! + b!, 0)).toBe(pipeline.weighted.totals.open);
    const weightedByStage = revenue!.series[1]!.exact!.reduce((a, b) => a.plus(b!), new Decimal(0));
    expect(weightedByStage.toFixed()).toBe(pipeline.weighted.totals.weightedRevenue.toFixed());
    expect(quarters!.series[1]!.exact).toEqual(pipeline.weighted.rows.map((r) => r.weightedRevenue.toFixed()));
    expect(revenue!.y.unit).toEqual({ en: 'CNY', zh: '元' });
  });
});
