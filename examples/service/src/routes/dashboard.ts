/**
 * The dashboard's own reads, mounted at `/v1/dashboard`: today's call list per owner (rules CA-1 to CA-9) and the
 * highest churn risks with their reasons (rules CH-1 to CH-3, CH-5). Everything else the dashboard shows comes from
 * the service's general routes (the SLA board, complaint events, the report's figures, the clock).
 */
import { REVISIT_CHANNEL_LABELS, REVISIT_PURPOSE_LABELS } from '@kehu/cadence';
import { CHURN_REASONS, isChurnReasonCode, RISK_BAND_LABELS } from '@kehu/churn';
import { CHURN_BANDS, type ChurnBand, compareCodePoints } from '@kehu/core';
import { localDateAt } from '@kehu/plans';
import { streamPages } from '@kehu/storage';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ServiceDeps } from '../deps.js';
import { handle, json, type JsonSchema, problems } from '../openapi.js';
import { validationHook } from '../problem.js';

/** The most risks one request of `GET /v1/dashboard/risks` returns. */
export const MAX_DASHBOARD_RISKS = 100;

const TAG = ['dashboard'];

const labelSchema = z.object({ en: z.string(), zh: z.string() });

const callSchema = z.object({
  taskId: z.string(),
  customerId: z.string(),
  priority: z.number().describe('priority score; the list is ordered by it, highest first'),
  reason: labelSchema.describe("the reason of the task's lead component (the headline)"),
  reasons: z.array(labelSchema),
  purpose: z.string(),
  purposeLabel: labelSchema,
  channel: z.string(),
  channelLabel: labelSchema,
  rules: z.array(z.string()),
  late: z.boolean().describe('placed outside its window: it could not fit'),
  overdueDays: z.number().int(),
});

const callsSchema = z.object({
  asOf: z.string().describe('the service clock the lists were planned from (ISO-8601)'),
  date: z.string().describe("the day of the lists, YYYY-MM-DD in the calendar's zone"),
  timeZone: z.string().describe("the calendar's IANA zone"),
  owners: z.array(z.object({ ownerId: z.string(), calls: z.array(callSchema) })),
});

const riskSchema = z.object({
  customerId: z.string(),
  ownerId: z.string().nullable(),
  score: z.number().describe('risk score 0..100, higher is more likely to leave'),
  band: z.enum(CHURN_BANDS),
  bandLabel: labelSchema,
  alert: z.boolean().describe('whether this score raised an alert (rule CH-3)'),
  scoredAt: z.string(),
  reasons: z
    .array(z.object({ code: z.string(), label: labelSchema, points: z.number() }))
    .describe('suspected reasons of rule CH-5, most points first'),
});

const risksSchema = z.object({
  asOf: z.string(),
  scored: z.number().int().describe('customers with a stored current score'),
  items: z.array(riskSchema),
});

/** The JSON Schema of a response, for the OpenAPI document (whose dialect is draft 2020-12). */
function responseSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'output', target: 'draft-2020-12' });
  return rest as JsonSchema;
}

const callsRoute = createRoute({
  method: 'get',
  path: '/calls',
  tags: TAG,
  summary: "Today's call list per owner (rules CA-1 to CA-9)",
  description:
    "Every owner's revisits of one day (`kehu.cadence.dayList`), highest priority first, each with its reasons. " +
    "The day defaults to the service clock's local date in the calendar's zone.",
  request: {
    query: z.object({
      date: z.iso.date().optional().describe('a local date YYYY-MM-DD, today or later (default: today)'),
    }),
  },
  responses: {
    200: { description: 'the call lists', content: json(responseSchema(callsSchema)) },
    ...problems(400),
  },
});

const risksRoute = createRoute({
  method: 'get',
  path: '/risks',
  tags: TAG,
  summary: 'The highest churn risks with their reasons (rules CH-1 to CH-3, CH-5)',
  description:
    'The customers with the highest stored current churn score, highest first, with the suspected reasons of ' +
    'rule CH-5 and their points.',
  request: {
    query: z.object({
      limit: z
        .string()
        .regex(/^\d{1,3}$/, 'expected a whole number')
        .refine((v) => Number(v) >= 1 && Number(v) <= MAX_DASHBOARD_RISKS, `expected 1..${MAX_DASHBOARD_RISKS}`)
        .optional()
        .describe(`how many risks, 1..${MAX_DASHBOARD_RISKS} (default 10)`),
    }),
  },
  responses: {
    200: { description: 'the highest risks', content: json(responseSchema(risksSchema)) },
    ...problems(400),
  },
});

/** One row of `GET /v1/dashboard/risks`. */
export type DashboardRisk = z.infer<typeof riskSchema>;

/** The stored explanation fields the risk list reads; anything else in it is ignored. */
const explanationSchema = z.object({
  ownerId: z.string().nullable().optional(),
  reasons: z
    .array(z.object({ code: z.string(), label: labelSchema.optional(), contribution: z.number().optional() }))
    .optional(),
});

/**
 * A stored explanation's reasons with their points. Labels come from the CH-5 taxonomy of `@kehu/churn`; a code it
 * does not know keeps the label stored with the score, or its code.
 */
function reasonsOf(explanation: unknown): { ownerId: string | null; reasons: DashboardRisk['reasons'] } {
  const parsed = explanationSchema.safeParse(explanation);
  if (!parsed.success) return { ownerId: null, reasons: [] };
  const reasons = (parsed.data.reasons ?? []).map(({ code, label, contribution }) => ({
    code,
    label: isChurnReasonCode(code) ? CHURN_REASONS[code].label : (label ?? { en: code, zh: code }),
    points: contribution ?? 0,
  }));
  return { ownerId: parsed.data.ownerId ?? null, reasons };
}

/** Inserts `risk` into `top` (highest score first, then customer id), keeping at most `limit` rows. */
function keepTop(top: DashboardRisk[], risk: DashboardRisk, limit: number): void {
  const before = (a: DashboardRisk, b: DashboardRisk) =>
    a.score > b.score || (a.score === b.score && compareCodePoints(a.customerId, b.customerId) < 0);
  if (top.length === limit && !before(risk, top[limit - 1]!)) return;
  let at = top.length;
  while (at > 0 && before(risk, top[at - 1]!)) at--;
  top.splice(at, 0, risk);
  if (top.length > limit) top.pop();
}

/**
 * The dashboard's routes, to mount at `/v1/dashboard`: `GET /calls?date=YYYY-MM-DD` (each owner's call list of the
 * day, default the service clock's local date in the calendar's zone) and `GET /risks?limit=10` (the highest stored
 * churn risks with their reasons). A bad query parameter is a problem+json 400 with its path (the service's
 * validation hook); a date before today is refused by the SDK with the same status.
 */
export function dashboardRoutes(deps: ServiceDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });

  handle(app, callsRoute, async (c, { query }) => {
    const asOf = deps.clock();
    const timeZone = deps.calendar.spec.timeZone;
    const date = query.date ?? localDateAt(asOf, timeZone);
    const owners = [];
    for await (const { record } of streamPages((request) => deps.kehu.cadence.listOwners(request))) {
      const ownerId = record.id;
      const list = await deps.kehu.cadence.dayList({ ownerId, date, asOf, calendar: deps.calendar });
      owners.push({
        ownerId,
        calls: list.tasks.map((t) => ({
          taskId: t.id,
          customerId: t.customerId,
          priority: t.priority.score,
          reason: t.reasons[t.lead] ?? t.reasons[0] ?? { en: t.purpose, zh: t.purpose },
          reasons: [...t.reasons],
          purpose: t.purpose,
          purposeLabel: REVISIT_PURPOSE_LABELS[t.purpose],
          channel: t.channel,
          channelLabel: REVISIT_CHANNEL_LABELS[t.channel],
          rules: [...t.rules],
          late: t.late,
          overdueDays: t.overdueDays,
        })),
      });
    }
    return c.json({ asOf: asOf.toISOString(), date, timeZone, owners }, 200);
  });

  handle(app, risksRoute, async (c, { query }) => {
    const limit = query.limit === undefined ? 10 : Number(query.limit);
    const top: DashboardRisk[] = [];
    let scored = 0;
    for await (const { record } of streamPages((request) => deps.kehu.churn.list(request))) {
      scored++;
      const { ownerId, reasons } = reasonsOf(record.explanation);
      const band: ChurnBand = record.band;
      keepTop(
        top,
        {
          customerId: record.customerId,
          ownerId,
          score: record.score,
          band,
          bandLabel: RISK_BAND_LABELS[band],
          alert: record.alert,
          scoredAt: record.scoredAt.toISOString(),
          reasons,
        },
        limit,
      );
    }
    return c.json({ asOf: deps.clock().toISOString(), scored, items: top }, 200);
  });

  return app;
}
