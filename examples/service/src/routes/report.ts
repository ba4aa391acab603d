import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { REPORT_LANGUAGES, renderFigure, renderReport, type ReportLanguage } from '@kehu/report';
import type { ServiceDeps } from '../deps.js';
import { anyObject, handle, json, problems } from '../openapi.js';
import { validationHook } from '../problem.js';
import { asOfOf, asOfQuery } from '../request.js';

const TAG = ['report'];

const reportQuery = z.object({
  ...asOfQuery,
  previousAsOf: z.string().optional().describe('the moment compared with (default three months before asOf)'),
  from: z.string().optional().describe('the start of the trends (default twelve months before asOf)'),
  language: z
    .enum(REPORT_LANGUAGES as unknown as [ReportLanguage, ...ReportLanguage[]])
    .optional()
    .describe('bilingual (default), en or zh'),
});

const html = createRoute({
  method: 'get',
  path: '/report',
  tags: TAG,
  summary: 'The report as one self-contained HTML page (charts as inline SVG, data tables behind them)',
  request: { query: reportQuery },
  responses: {
    200: { description: 'the page', content: { 'text/html': { schema: { type: 'string' } } } },
    ...problems(400, 403),
  },
});

const figures = createRoute({
  method: 'get',
  path: '/report/figures',
  tags: TAG,
  summary: "The report's charts, each as one HTML `<figure>` (SVG and table), by section",
  request: { query: reportQuery },
  responses: {
    200: {
      description: '`{ asOf, sections: [{ id, title, figures: [{ id, html }] }] }`',
      content: json(anyObject('the figures of each section')),
    },
    ...problems(400, 403),
  },
});

/** The report over HTTP: the whole page, or its figures for a page of the host's own (the dashboard). */
export function reportRoutes(deps: ServiceDeps): OpenAPIHono {
  const { kehu, calendar } = deps;
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const options = (query: z.infer<typeof reportQuery>) => ({
    asOf: asOfOf(query, deps),
    calendar,
    ...(query.previousAsOf === undefined ? {} : { previousAsOf: query.previousAsOf }),
    ...(query.from === undefined ? {} : { from: query.from }),
  });

  // The SDK builds the model; `renderReport` of @kehu/report draws it as a page, `renderFigure` chart by chart.
  handle(app, html, async (c, { query }) =>
    c.html(renderReport(await kehu.report.model(options(query)), { language: query.language ?? 'bilingual' })),
  );

  handle(app, figures, async (c, { query }) => {
    const model = await kehu.report.model(options(query));
    const language = query.language ?? 'bilingual';
    return c.json(
      {
        asOf: model.asOf,
        sections: model.sections.map((s) => ({
          id: s.id,
          title: s.title,
          figures: s.charts.map((chart) => ({ id: chart.id, html: renderFigure(chart, { language }) })),
        })),
      },
      200,
    );
  });

  return app;
}
