import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Label, ReportAxis, ReportChart, ReportModel, ReportSection, ReportSeries } from '@kehu/core';
import { renderReport } from './render-report.js';

/** Short texts made of characters HTML and the charts must handle: markup, quotes, ampersands, Chinese. */
const word = fc.string({
  minLength: 1,
  maxLength: 10,
  unit: fc.constantFrom('a', 'Z', '1', ' ', '<', '>', '&', '"', "'", '/', '客', '户'),
});
const bilingual: fc.Arbitrary<Label> = fc.record({ en: word, zh: word });
const axis: fc.Arbitrary<ReportAxis> = fc
  .record({ label: bilingual, unit: fc.option(bilingual, { nil: undefined }) })
  .map(({ label, unit }) => ({ label, unit: unit ?? { en: '', zh: '' } }));
const value = fc.option(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), { nil: null });
const share = fc.double({ min: 0, max: 1, noNaN: true });

function seriesOf(n: number, withBand: boolean): fc.Arbitrary<ReportSeries> {
  const column = fc.array(value, { minLength: n, maxLength: n });
  if (!withBand) return fc.record({ name: bilingual, values: column });
  return fc.record({ name: bilingual, values: column, lower: column, upper: column }).map((s) => {
    // An interval has its lower end at or below its upper end.
    const lower = s.lower.map((l, i) => (l === null || s.upper[i] == null ? l : Math.min(l, s.upper[i]!)));
    const upper = s.upper.map((u, i) => (u === null || s.lower[i] == null ? u : Math.max(u, s.lower[i]!)));
    return { ...s, lower, upper };
  });
}

function chart(id: string): fc.Arbitrary<ReportChart> {
  const base = {
    id: fc.constant(id),
    title: bilingual,
    rules: fc.array(fc.constantFrom('GR-6', 'RF-1', '<x>'), { maxLength: 2 }),
  };
  const bar = fc.integer({ min: 1, max: 6 }).chain((n) =>
    fc.record({
      ...base,
      kind: fc.constant('bar' as const),
      x: axis,
      y: axis,
      categories: fc.array(bilingual, { minLength: n, maxLength: n }),
      series: fc.array(seriesOf(n, false), { minLength: 1, maxLength: 3 }),
      stacked: fc.boolean(),
    }),
  );
  const line = fc.integer({ min: 1, max: 6 }).chain((n) =>
    fc.record({
      ...base,
      kind: fc.constant('line' as const),
      x: axis,
      y: axis,
      categories: fc.array(bilingual, { minLength: n, maxLength: n }),
      series: fc.array(
        fc.boolean().chain((band) => seriesOf(n, band)),
        { minLength: 1, maxLength: 2 },
      ),
      references: fc.array(
        fc.record({
          label: bilingual,
          value: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
        }),
        { maxLength: 2 },
      ),
    }),
  );
  const pareto = fc.record({
    ...base,
    kind: fc.constant('pareto' as const),
    x: axis,
    y: axis,
    points: fc
      .array(fc.record({ share, valueShare: share }), { minLength: 2, maxLength: 40 })
      .map((points) => points.sort((a, b) => a.share - b.share)),
    marker: fc.record({ share, valueShare: share, label: bilingual }),
  });
  const heatmap = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })).chain(([rows, columns]) =>
    fc.record({
      ...base,
      kind: fc.constant('heatmap' as const),
      x: axis,
      y: axis,
      value: axis,
      rows: fc.array(bilingual, { minLength: rows, maxLength: rows }),
      columns: fc.array(bilingual, { minLength: columns, maxLength: columns }),
      cells: fc.array(fc.array(value, { minLength: columns, maxLength: columns }), {
        minLength: rows,
        maxLength: rows,
      }),
    }),
  );
  return fc.oneof(bar, line, pareto, heatmap);
}

function section(s: number): fc.Arbitrary<ReportSection> {
  return fc.integer({ min: 0, max: 3 }).chain((count) =>
    fc.record({
      id: fc.constant(`s${s}`),
      title: bilingual,
      rules: fc.array(fc.constantFrom('SL-3', 'CA-1'), { maxLength: 2 }),
      facts: fc.array(fc.record({ label: bilingual, value: word }), { maxLength: 3 }),
      charts: fc.tuple(...Array.from({ length: count }, (_, c) => chart(`s${s}-c${c}`))),
      notes: fc.array(bilingual, { maxLength: 2 }),
    }),
  );
}

const model: fc.Arbitrary<ReportModel> = fc.integer({ min: 0, max: 2 }).chain((count) =>
  fc.record({
    title: bilingual,
    asOf: fc.constant('2026-03-31T16:00:00Z'),
    timeZone: fc.constantFrom('Asia/Shanghai', 'UTC', 'America/New_York'),
    sections: fc.tuple(...Array.from({ length: count }, (_, s) => section(s))),
  }),
);

/** The body rows of the data table of the figure with `id`. */
function tableRows(html: string, id: string): number {
  const figure = html.split(`<figure id="${id}"`)[1]!.split('</figure>')[0]!;
  return figure.split('<tbody>')[1]!.split('</tbody>')[0]!.match(/<tr>/g)?.length ?? 0;
}

describe('renderReport (property)', () => {
  it('renders any valid model: each chart once as a figure, a table row per category, no markup from the model', () => {
    fc.assert(
      fc.property(model, fc.constantFrom('bilingual' as const, 'en' as const, 'zh' as const), (m, language) => {
        const html = renderReport(m, { language, width: 480 });
        expect(html).not.toMatch(/<script/i);
        for (const s of m.sections) {
          expect(html.split(`id="${s.id}"`)).toHaveLength(2);
          for (const c of s.charts) {
            expect(html.split(`id="${c.id}"`)).toHaveLength(2);
            expect(html.split(`<figure id="${c.id}"`)).toHaveLength(2);
            if (c.kind === 'bar' || c.kind === 'line') expect(tableRows(html, c.id)).toBe(c.categories.length);
            if (c.kind === 'heatmap') expect(tableRows(html, c.id)).toBe(c.rows.length);
          }
        }
        expect(html.match(/<figure /g)?.length ?? 0).toBe(m.sections.reduce((n, s) => n + s.charts.length, 0));
      }),
      { numRuns: 25 },
    );
  });
});
