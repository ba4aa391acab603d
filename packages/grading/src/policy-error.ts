import { KehuPolicyError, toValidationIssues } from '@kehu/core';
import type * as z from 'zod';

/** Parses a policy with `schema`; invalid input throws `KehuPolicyError` naming the bad field. */
export function parsePolicy<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const issues = toValidationIssues(r.error.issues);
    const first = issues[0];
    throw new KehuPolicyError(`invalid ${what} at ${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`, {
      path: first?.path ?? [],
      details: { issues },
    });
  }
  return r.data;
}
