import { chinaCalendar } from '@kehu/calendar';
import { KehuPolicyError, KehuStorageError, KehuValidationError } from '@kehu/core';
import { contributionWindow, gradeByContribution } from '@kehu/grading';
import { parseReportModel, type ReportHeatmapChart, type ReportModel, type ReportParetoChart } from '@kehu/core';
import { renderReport } from '@kehu/report';
import { createMemoryStorage } from '@kehu/storage-memory';
import { beforeAll, describe, expect, it } from 'vitest';
import { createKehu, type Kehu } from '../kehu.js';
import { reportUseCases } from './report.js';
import { sampleReportStore } from './report-store.fixture.js';
import { REPORT_SECTION_IDS } from './section.js';

const calendar = chinaCalendar();
const asOf = '2026-06-30T15:59:59.999Z';

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('kehu.report on an empty store', () => {
  it('gives every section, each with no chart and a note saying why', async () => {
    const kehu = createKehu({ storage: createMemoryStorage() });
    const model = await kehu.report.model({ asOf, calendar });
    expect(model.sections.map((s) => s.id)).toEqual([...REPORT_SECTION_IDS]);
    for (const section of model.sections) {
      expect(section.charts, section.id).toEqual([]);
      expect(section.notes.length, section.id).toBeGreaterThan(0);
      for (const note of section.notes) expect(note.en && note.zh, section.id).toBeTruthy();
    }
    expect(parseReportModel(model)).toEqual(model);
    // Defaults: three and twelve calendar months before asOf in the calendar's zone (Asia/Shanghai).
    expect(model.previousAsOf).toBe('2026-03-30T15:59:59.999Z');
    expect(model.timeZone).toBe('Asia/Shanghai');
  });
});

describe('kehu.report on a sample store', () => {
  let kehu: Kehu;
  let model: ReportModel;
  let asOfInstant: string;
  beforeAll(async () => {
    const sample = await sampleReportStore(300);
    kehu = sample.kehu;
    asOfInstant = sample.business.asOfInstant;
    model = await kehu.report.model({ asOf: asOfInstant, calendar, sections: ['sla', 'value', 'rfm'] });
  });

  it('builds the value, RFM and SLA sections with charts the model schema accepts', () => {
    expect(model.sections.map((s) => s.id)).toEqual(['value', 'rfm', 'sla']);
    expect(parseReportModel(model)).toEqual(model);
    const charts = model.sections.flatMap((s) => s.charts.map((c) => c.id));
    expect(charts).toEqual([
      'value-grades',
      'value-pareto',
      'rfm-rf-grid',
      'rfm-migration',
      'sla-board',
      'sla-attainment',
      'sla-durations',
    ]);
    for (const chart of model.sections.flatMap((s) => s.charts)) {
      expect(chart.rules.length, chart.id).toBeGreaterThan(0);
      expect(
        chart.rules.every((r) => /^(GR|RF|SL)-\d+$/.test(r)),
        chart.id,
      ).toBe(true);
      expect(chart.title.en && chart.title.zh && chart.description?.en && chart.description.zh).toBeTruthy();
    }
  });

  it('marks the top-20% point from the exact shares of the contribution grading (GR-6)', async () => {
    const pareto = model.sections[0]!.charts[1] as ReportParetoChart;
    const { from, policy } = contributionWindow({}, { asOf: new Date(asOfInstant) });
    const summaries = [];
    for await (const s of kehu.value.summarize({ asOf: asOfInstant, from })) summaries.push(s);
    const buying = gradeByContribution(summaries, policy).grades.filter((g) => g.contribution.greaterThan(0));
    const k = Math.ceil(buying.length / 5);
    const expected = buying.slice(0, k).reduce((s, g) => s.plus(g.share), buying[0]!.share.minus(buying[0]!.share));
    expect(pareto.marker.valueShare).toBe(expected.toNumber());
    expect(pareto.marker.share).toBe(k / buying.length);
    expect(pareto.points[0]).toEqual({ share: 0, valueShare: 0 });
    expect(pareto.points.at(-1)).toEqual({ share: 1, valueShare: 1 });
    const fact = model.sections[0]!.facts.find((f) => f.label.en.startsWith('Share of the top 20%'));
    expect(fact?.value).toBe(`${expected.times(100).toFixed(1)}%`);
  });

  it('counts every scored customer once in the R × F grid and in the migration', async () => {
    const [grid, migration] = model.sections[1]!.charts as [ReportHeatmapChart, ReportHeatmapChart];
    const rfm = await kehu.value.scoreRfm({ asOf: asOfInstant });
    const sum = (c: ReportHeatmapChart) => c.cells.flat().reduce<number>((s, n) => s + (n ?? 0), 0);
    expect(sum(grid)).toBe(rfm.scores.length);
    // Every customer scored at either date is in one cell: before → after.
    const after = migration.cells.map((row) => row.slice(0, -1));
    expect(after.flat().reduce<number>((s, n) => s + (n ?? 0), 0)).toBe(rfm.scores.length);
  });

  it('reads without writing: the audit log is the same after a report', async () => {
    const count = async () => {
      let n = 0;
      for await (const _ of kehu.audit.stream()) n++;
      return n;
    };
    const before = await count();
    await kehu.report.model({ asOf: asOfInstant, calendar });
    expect(await count()).toBe(before);
  });

  it('renders as one HTML page holding every section (renderReport of @kehu/report)', async () => {
    const html = renderReport(await kehu.report.model({ asOf: asOfInstant, calendar }), { language: 'en' });
    for (const id of REPORT_SECTION_IDS) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('<svg');
  });
});

describe('kehu.report options', () => {
  const kehu = createKehu({ storage: createMemoryStorage() });
  const cases: Array<[string, unknown, readonly (string | number)[]]> = [
    ['a bad asOf', { asOf: '2026-06-30', calendar }, ['asOf']],
    ['a missing calendar', { asOf }, ['calendar']],
    ['previousAsOf after asOf', { asOf, calendar, previousAsOf: '2026-07-01T00:00:00Z' }, ['previousAsOf']],
    ['from at asOf', { asOf, calendar, from: asOf }, ['from']],
    ['an unknown section', { asOf, calendar, sections: ['value', 'weather'] }, ['sections', 1]],
    ['a section twice', { asOf, calendar, sections: ['sla', 'sla'] }, ['sections', 1]],
    ['no section', { asOf, calendar, sections: [] }, ['sections']],
    ['an unknown option', { asOf, calendar, colour: 'red' }, ['colour']],
    ['an unknown module policy', { asOf, calendar, policies: { weather: {} } }, ['policies', 'weather']],
  ];
  for (const [name, options, path] of cases)
    it(`refuses ${name} with its path`, async () => {
      const error = await rejection(kehu.report.model(options as never));
      expect(error).toBeInstanceOf(KehuValidationError);
      expect((error as KehuValidationError).path).toEqual(path);
    });

  it('refuses a bad policy with its path under policies before reading', async () => {
    const error = await rejection(kehu.report.model({ asOf, calendar, policies: { rfm: { bins: 1 } } }));
    expect(error).toBeInstanceOf(KehuPolicyError);
    expect((error as KehuPolicyError).path).toEqual(['policies', 'rfm', 'bins']);
    const sla = await rejection(kehu.report.model({ asOf, calendar, policies: { sla: { metrics: [] } as never } }));
    expect(sla).toBeInstanceOf(KehuPolicyError);
    expect((sla as KehuPolicyError).path.slice(0, 2)).toEqual(['policies', 'sla']);
  });

  it('fails when a section fails, with the section error', async () => {
    const failure = new KehuStorageError('complaints.streamLogs', 'connection lost');
    const readers = { ...kehu, sla: { ...kehu.sla, board: () => Promise.reject(failure) } };
    const error = await rejection(reportUseCases(readers).model({ asOf, calendar, sections: ['sla'] }));
    expect(error).toBe(failure);
  });
});
