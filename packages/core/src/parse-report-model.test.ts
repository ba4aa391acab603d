import { describe, expect, it } from 'vitest';
import type {
  ReportBarChart,
  ReportHeatmapChart,
  ReportLineChart,
  ReportModel,
  ReportParetoChart,
} from './report-model.js';
import { KehuValidationError } from './errors.js';
import { parseReportChart, parseReportModel } from './parse-report-model.js';
import { sampleModel } from '../../../tests/support/report-model.js';

/** The error `fn` throws (the test fails when it throws none). */
function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but none was thrown');
}

/** The path of the validation error thrown for the model `change` makes of the sample. */
function pathOf(change: (m: ReportModel) => void): unknown {
  const model = sampleModel();
  change(model);
  const error = errorOf(() => parseReportModel(model));
  expect(error).toBeInstanceOf(KehuValidationError);
  expect((error as KehuValidationError).code).toBe('VALIDATION_FAILED');
  return (error as KehuValidationError).path;
}

const bar = (m: ReportModel) => m.sections[0]!.charts[0] as ReportBarChart;
const pareto = (m: ReportModel) => m.sections[0]!.charts[1] as ReportParetoChart;
const heatmap = (m: ReportModel) => m.sections[1]!.charts[0] as ReportHeatmapChart;
const line = (m: ReportModel) => m.sections[2]!.charts[0] as ReportLineChart;
const BAR = ['sections', 0, 'charts', 0];
const LINE = ['sections', 2, 'charts', 0];

describe('parseReportModel', () => {
  it('returns a valid model unchanged', () => {
    expect(parseReportModel(sampleModel())).toEqual(sampleModel());
  });

  it('accepts a model without sections and a section without charts', () => {
    expect(parseReportModel({ ...sampleModel(), sections: [] }).sections).toEqual([]);
    const model = sampleModel();
    model.sections[0]!.charts = [];
    model.sections[0]!.notes = [{ en: 'No sales yet.', zh: '暂无销售。' }];
    expect(parseReportModel(model).sections[0]!.charts).toEqual([]);
  });

  it('refuses a series whose length differs from the categories, with its path', () => {
    expect(pathOf((m) => bar(m).series[1]!.values.push(3))).toEqual([...BAR, 'series', 1, 'values']);
    expect(pathOf((m) => (line(m).series[0]!.exact = ['1']))).toEqual([...LINE, 'series', 0, 'exact']);
    expect(pathOf((m) => line(m).series[0]!.upper!.pop())).toEqual([...LINE, 'series', 0, 'upper']);
  });

  it('refuses half an interval and a lower end above the upper end', () => {
    expect(pathOf((m) => delete line(m).series[0]!.upper)).toEqual([...LINE, 'series', 0, 'upper']);
    expect(pathOf((m) => (line(m).series[0]!.lower![2] = 99))).toEqual([...LINE, 'series', 0, 'lower', 2]);
  });

  it('refuses heat map cells that are not rows × columns', () => {
    const HEAT = ['sections', 1, 'charts', 0];
    expect(pathOf((m) => heatmap(m).cells.pop())).toEqual([...HEAT, 'cells']);
    expect(pathOf((m) => heatmap(m).cells[1]!.push(1))).toEqual([...HEAT, 'cells', 1]);
  });

  it('refuses duplicate ids across sections and charts, and ids that are not letters, digits and "-"', () => {
    expect(pathOf((m) => (line(m).id = 'value-grades'))).toEqual([...LINE, 'id']);
    expect(pathOf((m) => (m.sections[1]!.id = 'value'))).toEqual(['sections', 1, 'id']);
    expect(pathOf((m) => (bar(m).id = 'value-pareto'))).toEqual(['sections', 0, 'charts', 1, 'id']);
    expect(pathOf((m) => (bar(m).id = 'a b'))).toEqual([...BAR, 'id']);
    expect(pathOf((m) => (m.sections[0]!.id = '"><script>'))).toEqual(['sections', 0, 'id']);
  });

  it('refuses numbers that are not finite, and a missing value that is not null', () => {
    expect(pathOf((m) => (bar(m).series[0]!.values[1] = Number.NaN))).toEqual([...BAR, 'series', 0, 'values', 1]);
    expect(pathOf((m) => (bar(m).series[0]!.values[0] = Number.POSITIVE_INFINITY))).toEqual([
      ...BAR,
      'series',
      0,
      'values',
      0,
    ]);
    expect(pathOf((m) => ((bar(m).series[0]!.values as unknown[])[2] = undefined))).toEqual([
      ...BAR,
      'series',
      0,
      'values',
      2,
    ]);
    expect(pathOf((m) => (line(m).references![0]!.value = Number.NaN))).toEqual([...LINE, 'references', 0, 'value']);
  });

  it('refuses Pareto points out of order or outside 0..1', () => {
    const PARETO = ['sections', 0, 'charts', 1];
    expect(pathOf((m) => pareto(m).points.reverse())).toEqual([...PARETO, 'points', 1, 'share']);
    expect(pathOf((m) => (pareto(m).points[3]!.valueShare = 1.2))).toEqual([...PARETO, 'points', 3, 'valueShare']);
    expect(pathOf((m) => (pareto(m).marker.share = -0.1))).toEqual([...PARETO, 'marker', 'share']);
    expect(pathOf((m) => (pareto(m).points = [pareto(m).points[0]!]))).toEqual([...PARETO, 'points']);
  });

  it('refuses empty charts: a section without data says so in its notes instead', () => {
    expect(pathOf((m) => (bar(m).categories = []))).toEqual([...BAR, 'categories']);
    expect(pathOf((m) => (line(m).series = []))).toEqual([...LINE, 'series']);
    expect(pathOf((m) => (heatmap(m).rows = []))).toEqual(['sections', 1, 'charts', 0, 'rows']);
  });

  it('refuses unknown fields, unknown kinds, bad instants and unknown time zones', () => {
    expect(pathOf((m) => Object.assign(bar(m), { colour: 'red' }))).toEqual([...BAR, 'colour']);
    expect(pathOf((m) => Object.assign(bar(m), { kind: 'pie' }))).toEqual([...BAR, 'kind']);
    expect(pathOf((m) => (m.asOf = '2026-03-31T16:00:00+08:00'))).toEqual(['asOf']);
    expect(pathOf((m) => (m.previousAsOf = '2026-03-31'))).toEqual(['previousAsOf']);
    expect(pathOf((m) => (m.timeZone = 'Mars/Olympus'))).toEqual(['timeZone']);
    expect(pathOf((m) => (m.previousAsOf = m.asOf))).toEqual(['previousAsOf']);
    expect(pathOf((m) => (m.title = { en: 'x', zh: '' }))).toEqual(['title', 'zh']);
  });

  it('says where the problem is in the message', () => {
    const model = sampleModel();
    bar(model).series[1]!.values.push(3);
    expect(() => parseReportModel(model)).toThrow(
      'invalid report model, field "sections.0.charts.0.series.1.values": has 5 entries for 4 categories',
    );
    expect(errorOf(() => parseReportModel(null))).toBeInstanceOf(KehuValidationError);
  });
});

describe('parseReportChart', () => {
  it('validates one chart with paths below it', () => {
    const chart = bar(sampleModel());
    expect(parseReportChart(chart)).toEqual(chart);
    chart.series[0]!.values.pop();
    expect((errorOf(() => parseReportChart(chart)) as KehuValidationError).path).toEqual(['series', 0, 'values']);
  });
});
