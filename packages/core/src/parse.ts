import * as z from 'zod';
import { KehuPolicyError, KehuValidationError, type ValidationIssue } from './errors.js';

/** Converts zod issues to {@link ValidationIssue}s. */
export function toValidationIssues(issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  return issues.flatMap((i): ValidationIssue[] => {
    const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    // An unknown field is reported at its own path, one issue per field, so the caller sees which one.
    if (i.code === 'unrecognized_keys')
      return i.keys.map((key) => ({ path: [...path, key], message: 'unknown field', code: i.code }));
    return [{ path, message: i.message, code: i.code }];
  });
}

function fail(what: string, error: z.ZodError): never {
  const issues = toValidationIssues(error.issues);
  const first = issues[0];
  const where = first && first.path.length > 0 ? `, field ${JSON.stringify(first.path.join('.'))}` : '';
  throw new KehuValidationError(`invalid ${what}${where}: ${first?.message ?? 'invalid input'}`, issues, {
    cause: error,
  });
}

/**
 * A parser for one schema: decodes boundary input into the domain value, or throws a
 * {@link KehuValidationError} whose `path` names the first bad field.
 */
export type Parser<T> = (input: unknown) => T;

/** An encoder for one schema: turns a domain value into exact, JSON-serialisable data. */
export type Encoder<T, J> = (value: T) => J;

/** Makes a {@link Parser} for `schema`; `what` names the value in error messages. */
export function parserFor<S extends z.ZodType>(schema: S, what: string): Parser<z.output<S>> {
  return (input) => {
    const r = schema.safeParse(input);
    if (!r.success) fail(what, r.error);
    return r.data;
  };
}

/** Makes an {@link Encoder} for `schema`: the domain value to its JSON form. */
export function encoderFor<S extends z.ZodType>(schema: S, what: string): Encoder<z.output<S>, z.input<S>> {
  return (value) => {
    const r = z.safeEncode(schema, value);
    if (!r.success) fail(what, r.error);
    return r.data;
  };
}

/**
 * Makes a {@link Parser} for a policy schema: invalid input throws {@link KehuPolicyError}
 * (code `POLICY_INVALID`) whose `path` names the first bad field and whose `details.issues`
 * lists them all. `what` names the policy in the message.
 */
export function policyParserFor<S extends z.ZodType>(schema: S, what: string): Parser<z.output<S>> {
  return (input) => {
    const r = schema.safeParse(input);
    if (r.success) return r.data;
    const issues = toValidationIssues(r.error.issues);
    const first = issues[0];
    const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
    throw new KehuPolicyError(`invalid ${what}${where}: ${first?.message ?? 'invalid input'}`, {
      path: first?.path ?? [],
      details: { issues },
      cause: r.error,
    });
  };
}
