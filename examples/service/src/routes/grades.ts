import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { gradeAssignmentToJson, invalidInput, KehuNotFoundError } from '@kehu/core';
import type { ServiceDeps } from '../deps.js';
import { toJson, type Json } from '../json.js';
import { anyObject, handle, json, problems, ref } from '../openapi.js';
import { validationHook } from '../problem.js';
import { actorOf, idParam, parseJsonText } from '../request.js';

const TAG = ['grades'];

const current = createRoute({
  method: 'get',
  path: '/customers/{id}/grade',
  tags: TAG,
  summary: "A customer's current grade (rules GR-1, GR-4)",
  request: { params: idParam },
  responses: {
    200: {
      description: '`{ version, grade }`; both `null` when the customer has no grade yet',
      content: json({
        type: 'object',
        properties: {
          version: { type: ['integer', 'null'] },
          grade: { anyOf: [ref('GradeAssignment'), { type: 'null' }] },
        },
      }),
    },
    ...problems(403, 404),
  },
});

const history = createRoute({
  method: 'get',
  path: '/customers/{id}/grades',
  tags: TAG,
  summary: "A customer's grade history, oldest first",
  request: { params: idParam },
  responses: {
    200: {
      description: '`{ items }`',
      content: json({ type: 'object', properties: { items: { type: 'array', items: ref('GradeAssignment') } } }),
    },
    ...problems(403, 404),
  },
});

const regrade = createRoute({
  method: 'post',
  path: '/grades/regrade',
  tags: TAG,
  summary: 'Re-grade every customer by contribution (rules GR-1 to GR-4)',
  description:
    'Grades every customer over the policy window as of `asOf` (default: the service clock) and writes every ' +
    'change in one transaction, audited as the `Kehu-Actor` header; `{ "dryRun": true }` only proposes.',
  request: {
    body: {
      required: false,
      content: json({
        type: 'object',
        properties: {
          asOf: { type: 'string', format: 'date-time' },
          dryRun: { type: 'boolean', default: false },
        },
        additionalProperties: false,
      }),
    },
  },
  responses: {
    200: {
      description: '`{ asOf, applied, result, evaluation }`',
      content: json(anyObject('RegradeAllResult of @kehu/sdk')),
    },
    ...problems(400, 403, 409),
  },
});

const encodeGrade = (g: Parameters<typeof gradeAssignmentToJson>[0]): Json => gradeAssignmentToJson(g) as Json;

/** Grades over HTTP: a customer's grade and history, and re-grading of everyone. */
export function gradeRoutes(deps: ServiceDeps): OpenAPIHono {
  const { kehu } = deps;
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const requireCustomer = async (id: string) => {
    if ((await kehu.customers.get(id)) === null) throw new KehuNotFoundError('customer', id);
  };

  handle(app, current, async (c, { param: { id } }) => {
    await requireCustomer(id);
    const grade = await kehu.grades.current(id);
    return c.json({ version: grade?.version ?? null, grade: grade === null ? null : encodeGrade(grade.record) }, 200);
  });

  handle(app, history, async (c, { param: { id } }) => {
    await requireCustomer(id);
    return c.json({ items: (await kehu.grades.history(id)).map(encodeGrade) }, 200);
  });

  handle(app, regrade, async (c) => {
    const text = await c.req.text();
    const body = text.trim() === '' ? {} : parseJsonText(text);
    const parsed = z.strictObject({ asOf: z.string().optional(), dryRun: z.boolean().optional() }).safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw invalidInput(
        issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
        issue.message,
        issue.code,
      );
    }
    const asOf = parsed.data.asOf ?? deps.clock();
    const result = await kehu.value.regradeAll({
      asOf,
      ...(parsed.data.dryRun ? {} : { apply: { actor: actorOf(c), reason: 'POST /v1/grades/regrade' } }),
    });
    return c.json(toJson({ asOf, ...result }), 200);
  });

  return app;
}
