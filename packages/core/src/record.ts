import * as z from 'zod';
import { keyIssue } from './json-value.js';

/**
 * A record (an object used as a map, such as survey answers by question id) that every
 * store keeps exactly: a plain object whose keys pass `keySchema` and are not refused by
 * {@link keyIssue} (`__proto__`, `constructor` and `prototype` are refused with their path,
 * where `z.record` would drop `__proto__`), and whose values pass `valueSchema`. The result
 * is a copy. For value schemas without transforms (the same value decoded and encoded).
 */
export function recordSchema<V extends z.ZodType>(keySchema: z.ZodType<string>, valueSchema: V) {
  return z.custom<Record<string, z.output<V>>>().check((ctx) => {
    const v = ctx.value as unknown;
    const proto = typeof v === 'object' && v !== null ? Object.getPrototypeOf(v) : undefined;
    if (Array.isArray(v) || (proto !== Object.prototype && proto !== null)) {
      ctx.issues.push({ code: 'custom', message: 'expected an object of values by key', input: v });
      return;
    }
    const input = v as Record<string, unknown>;
    const out: Record<string, z.output<V>> = {};
    let ok = true;
    for (const key of Object.keys(input)) {
      const bad = keyIssue(key) ?? keySchema.safeParse(key).error?.issues[0]?.message;
      if (bad !== undefined) {
        ctx.issues.push({ code: 'custom', path: [key], message: bad, input: key });
        ok = false;
        continue;
      }
      const r = valueSchema.safeParse(input[key]);
      if (r.success) out[key] = r.data;
      else {
        ok = false;
        for (const issue of r.error.issues)
          ctx.issues.push({ code: 'custom', path: [key, ...issue.path], message: issue.message, input: input[key] });
      }
    }
    if (ok) ctx.value = out;
  });
}
