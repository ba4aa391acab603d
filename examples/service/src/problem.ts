import {
  isKehuError,
  KehuConflictError,
  KehuNotFoundError,
  KehuPolicyError,
  KehuValidationError,
  toValidationIssues,
  type ErrorPath,
  type KehuError,
} from '@kehu/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type * as z from 'zod';

/** The media type of every error response (RFC 9457). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** One bad field of a 400 response. */
export interface ProblemFieldError {
  /** Where the bad value is, from the top of the request body or the name of the query or path parameter. */
  path: Array<string | number>;
  /** What is wrong. */
  message: string;
  /** The validator's issue code (zod's, or a Kehu code such as `INVALID_CURSOR`). */
  code: string;
}

/** An error response body: RFC 9457 problem details with Kehu's members. */
export interface Problem {
  /** A URI naming the kind of problem: `urn:kehu:problem:<code>` (the Kehu error code), or `about:blank`. */
  type: string;
  /** Short summary of the kind of problem. */
  title: string;
  /** The HTTP status. */
  status: number;
  /** What went wrong this time. */
  detail: string;
  /** The request path. */
  instance: string;
  /** The Kehu error code, the same as in `type` (hosts switch on it). */
  code: string;
  /** 400: every bad field. */
  errors?: ProblemFieldError[];
  /** 409: the version the store holds (`null` when the record is gone). */
  currentVersion?: number | null;
}

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Refused',
  500: 'Internal error',
  503: 'Unavailable',
};

/** The problem response for `status` with the members given. */
export function problemResponse(
  c: Context,
  status: number,
  code: string,
  detail: string,
  extra: Partial<Pick<Problem, 'errors' | 'currentVersion'>> = {},
): Response {
  const body: Problem = {
    type: code === '' ? 'about:blank' : `urn:kehu:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    instance: c.req.path,
    code,
    ...extra,
  };
  return c.body(JSON.stringify(body), status as ContentfulStatusCode, { 'Content-Type': PROBLEM_MEDIA_TYPE });
}

const pathOf = (path: ErrorPath): Array<string | number> => [...path];

/**
 * The HTTP status a Kehu error maps to: validation and policy errors 400 (a refused state
 * transition, code `INVALID_TRANSITION`, 422), a missing record 404, a conflict 409, a refusal
 * of the host's authorization hook 403, amounts in different currencies 422, an unmigrated or
 * failed store 503 or 500.
 */
export function statusOf(error: KehuError): number {
  if (error.code === 'INVALID_TRANSITION' || error.code === 'CURRENCY_MISMATCH') return 422;
  if (error instanceof KehuValidationError || error instanceof KehuPolicyError) return 400;
  switch (error.code) {
    case 'VALIDATION_FAILED':
    case 'POLICY_INVALID':
    case 'INVALID_CURSOR':
    case 'SEGMENT_UNCOVERED':
    case 'MISSING_SCORE':
      return 400;
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
      return 409;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_MIGRATED':
    case 'STORAGE_CLOSED':
      return 503;
    default:
      return 500;
  }
}

/** The problem response of a Kehu error (see {@link statusOf}); the message of a 500 is not shown. */
export function kehuProblem(c: Context, error: KehuError): Response {
  const status = statusOf(error);
  if (status >= 500) return problemResponse(c, status, error.code, 'the service could not complete the request');
  if (error instanceof KehuValidationError || error instanceof KehuPolicyError) {
    const issues =
      error instanceof KehuValidationError
        ? error.issues.map((i) => ({ path: pathOf(i.path), message: i.message, code: i.code }))
        : [{ path: pathOf(error.path), message: error.message, code: error.code }];
    return problemResponse(c, status, error.code, error.message, { errors: issues });
  }
  if (error instanceof KehuConflictError)
    return problemResponse(c, status, error.code, error.message, { currentVersion: error.actualVersion ?? null });
  if (error instanceof KehuNotFoundError) return problemResponse(c, status, error.code, error.message);
  return problemResponse(c, status, error.code, error.message);
}

/**
 * The service's one error handler (`app.onError`): Kehu errors as problem details (see
 * {@link statusOf}), Hono's HTTP exceptions (a malformed JSON body, an unsupported media type)
 * with their status, anything else 500 without internals (logged on stderr).
 */
export function onError(error: Error, c: Context): Response {
  if (isKehuError(error)) {
    const response = kehuProblem(c, error);
    if (response.status >= 500) console.error(error);
    return response;
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    if (status === 400)
      return problemResponse(c, 400, 'VALIDATION_FAILED', error.message || 'the request body is not valid JSON', {
        errors: [{ path: [], message: error.message || 'malformed request', code: 'invalid_json' }],
      });
    return problemResponse(c, status, '', error.message || TITLES[status] || 'error');
  }
  console.error(error);
  return problemResponse(c, 500, 'INTERNAL', 'the service could not complete the request');
}

/** The result a zod-openapi validation hook receives. */
export type HookResult = { success: true } | { success: false; error: z.ZodError };

/**
 * The validation hook of every route (`defaultHook`): a query, path or body parameter that does
 * not match its zod schema is a 400 problem with the path of each bad field.
 */
export function validationHook(result: HookResult, c: Context): Response | undefined {
  if (result.success) return undefined;
  const errors = toValidationIssues(result.error.issues).map((i) => ({
    path: pathOf(i.path),
    message: i.message,
    code: i.code,
  }));
  const first = errors[0];
  const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
  return problemResponse(c, 400, 'VALIDATION_FAILED', `invalid request${where}: ${first?.message ?? ''}`, { errors });
}

/** The 404 problem of a path no route serves. */
export function notFound(c: Context): Response {
  return problemResponse(c, 404, 'NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`);
}
