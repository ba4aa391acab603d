import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  churnScoreRecordSchema,
  complaintEventBodySchema,
  complaintSchema,
  customerSchema,
  decimalCodec,
  gradeAssignmentSchema,
  instantCodec,
  maintenancePlanSchema,
  opportunitySchema,
  ownerSchema,
  transactionSchema,
} from '@kehu/core';
import * as z from 'zod';

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) as plain data. */
export type JsonSchema = Record<string, unknown>;

/** The core zod schemas the document names as components, by component name. */
export const CORE_SCHEMAS = {
  Customer: customerSchema,
  Transaction: transactionSchema,
  Complaint: complaintSchema,
  ComplaintEvent: complaintEventBodySchema,
  GradeAssignment: gradeAssignmentSchema,
  ChurnScore: churnScoreRecordSchema,
  Owner: ownerSchema,
  Opportunity: opportunitySchema,
  MaintenancePlan: maintenancePlanSchema,
} as const;

/** The name of a component schema of the document. */
export type ComponentName = keyof typeof CORE_SCHEMAS | 'Problem';

const INSTANT_INPUT = (instantCodec as unknown as { in: z.ZodType }).in;
const DECIMAL_INPUT = (decimalCodec as unknown as { in: z.ZodType }).in;

const INSTANT_JSON: JsonSchema = {
  type: 'string',
  format: 'date-time',
  description: 'ISO-8601 instant with Z or an offset (local-only times are refused)',
};
const DECIMAL_JSON: JsonSchema = {
  type: ['string', 'number'],
  description: "exact decimal: a decimal string such as '1999.90' (or a number exact in binary)",
};

/**
 * The JSON Schema of what a core zod schema accepts (its input side: instants and decimals as
 * text, defaults optional), with core's custom types described; nested definitions of recursive
 * parts (`$defs`) are moved to `components.schemas` as `<name>_<def>` so that every `$ref`
 * resolves inside the OpenAPI document.
 */
export function inputJsonSchema(
  schema: z.ZodType,
  name: string,
): { schema: JsonSchema; defs: Record<string, JsonSchema> } {
  const raw = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
    override: (ctx) => {
      if ((ctx.zodSchema as unknown) === INSTANT_INPUT) Object.assign(ctx.jsonSchema, INSTANT_JSON);
      else if ((ctx.zodSchema as unknown) === DECIMAL_INPUT) Object.assign(ctx.jsonSchema, DECIMAL_JSON);
    },
  }) as JsonSchema;
  const { $schema: _dialect, $defs, ...rest } = raw as JsonSchema & { $defs?: Record<string, JsonSchema> };
  const rename = (ref: string) => `#/components/schemas/${name}_${ref.slice('#/$defs/'.length)}`;
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/') ? rename(v) : rewrite(v),
      ]),
    );
  };
  const defs: Record<string, JsonSchema> = {};
  for (const [key, def] of Object.entries($defs ?? {})) defs[`${name}_${key}`] = rewrite(def) as JsonSchema;
  return { schema: rewrite(rest) as JsonSchema, defs };
}

/** The problem details of every error response (RFC 9457 with Kehu's members). */
export const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'instance', 'code'],
  properties: {
    type: { type: 'string', description: 'urn:kehu:problem:<code>, or about:blank' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'the request path' },
    code: { type: 'string', description: 'the Kehu error code (VALIDATION_FAILED, NOT_FOUND, CONFLICT, …)' },
    errors: {
      type: 'array',
      description: '400: every bad field, with its path from the top of the body or the parameter name',
      items: {
        type: 'object',
        required: ['path', 'message', 'code'],
        properties: {
          path: { type: 'array', items: { type: ['string', 'integer'] } },
          message: { type: 'string' },
          code: { type: 'string' },
        },
      },
    },
    currentVersion: { type: ['integer', 'null'], description: '409: the version the store holds' },
  },
};

/** Registers the core schemas and the problem schema as components of `app`'s document. */
export function registerComponents(app: OpenAPIHono): void {
  for (const [name, schema] of Object.entries(CORE_SCHEMAS)) {
    const { schema: json, defs } = inputJsonSchema(schema as z.ZodType, name);
    for (const [defName, def] of Object.entries(defs)) app.openAPIRegistry.registerComponent('schemas', defName, def);
    app.openAPIRegistry.registerComponent('schemas', name, json);
  }
  app.openAPIRegistry.registerComponent('schemas', 'Problem', PROBLEM_SCHEMA);
}

/** A reference to a component schema. */
export const ref = (name: ComponentName): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });

/** A JSON body or response content of `schema`. */
export const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

/** `{ version, <key>: <component> }`: a versioned record as the service returns it. */
export const versioned = (key: string, component: ComponentName): JsonSchema => ({
  type: 'object',
  required: ['version', key],
  properties: { version: { type: 'integer', minimum: 1 }, [key]: ref(component) },
});

/** `{ items, nextCursor }`: one keyset page. */
export const page = (item: JsonSchema): JsonSchema => ({
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: {
    items: { type: 'array', items: item },
    nextCursor: { type: ['string', 'null'], description: 'pass as `cursor` for the next page; null on the last' },
  },
});

/** Any JSON object (results whose shape the SDK's TypeScript types document). */
export const anyObject = (description: string): JsonSchema => ({ type: 'object', description });

const PROBLEMS: Record<number, string> = {
  400: 'invalid input: problem details with `errors[{ path, message, code }]`',
  403: 'refused by the authorization hook',
  404: 'no such record',
  409: 'conflict: problem details with `currentVersion`',
  422: 'a state transition the record does not allow (code INVALID_TRANSITION)',
};

/** The error responses of a route, as problem details. */
export function problems(...statuses: Array<400 | 403 | 404 | 409 | 422>) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: PROBLEMS[s]!, content: { 'application/problem+json': { schema: ref('Problem') } } },
    ]),
  );
}

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;
type RequestOf<R extends RouteConfig> = NonNullable<R['request']>;

/** The validated path and query parameters of a route. */
export interface RouteInput<R extends RouteConfig> {
  /** The path parameters. */
  param: Output<RequestOf<R>['params']>;
  /** The query parameters. */
  query: Output<RequestOf<R>['query']>;
}

/**
 * Adds `route` to `app` and its document: zod-openapi validates the path and query parameters
 * (a failure goes to the app's validation hook) and `handler` gets them typed. Bodies are read by
 * the handler and validated by the SDK with the core schemas, which name the bad field.
 */
export function handle<R extends RouteConfig>(
  app: OpenAPIHono,
  route: R,
  handler: (c: Context, input: RouteInput<R>) => Promise<Response> | Response,
): void {
  app.openapi(route, ((c: Context) =>
    handler(c, {
      param: c.req.valid('param' as never) as RouteInput<R>['param'],
      query: c.req.valid('query' as never) as RouteInput<R>['query'],
    })) as never);
}
