import * as z from 'zod';
import type { ErrorPath } from './errors.js';
import { numberIssue } from './numbers.js';
import { textIssue } from './text.js';

/**
 * JSON values every supported store keeps exactly (host attributes, grade explanations):
 * `null`, booleans, finite numbers other than `-0`, storable text ({@link textIssue}),
 * arrays without holes and plain objects, nested at most {@link JSON_LIMITS}`.maxDepth`
 * deep, with no cycle and no key that JavaScript would take for the prototype. A validator
 * walks the value itself and stops at the limits, so a cycle or a value nested 100,000 deep
 * is refused with its path rather than overflowing the stack.
 */

/** A JSON value: what {@link jsonValueSchema} accepts and returns. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object: what {@link attributesSchema} accepts and returns. */
export type JsonObject = { [key: string]: JsonValue };

/** Hard limits of every JSON value Kehu takes; the limits policy sets tighter ones for attributes. */
export const JSON_LIMITS = Object.freeze({
  /**
   * Arrays and objects nested in one value, the outermost counting 1 (`{ a: { b: 1 } }` is 2 deep): 32, far past
   * what host data needs and well within every parser's stack.
   */
  maxDepth: 32,
  /**
   * Values (arrays, objects and primitives) in one value, a shared object counted once per place it appears, as
   * JSON would copy it: 1,000,000, so a value whose JSON text would be exponentially large is refused.
   */
  maxNodes: 1_000_000,
  /**
   * Nesting in a JSON value that may embed a whole record and so its host values, such as the record an audit
   * patch adds ({@link jsonValueSchema}): 64, twice `maxDepth`, so a record with the deepest attributes still fits.
   */
  maxRecordDepth: 64,
  /**
   * Values in a JSON value that may embed a whole record: 16,000,000, above a customer at the default limits
   * (10,000 contacts of 100 channels each is about 3,100,000).
   */
  maxRecordNodes: 16_000_000,
});

/** Keys refused in JSON objects and records: JavaScript reads them as the object's prototype or constructor. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** What is wrong with `key` as an object key (a forbidden name or text stores cannot keep), or `undefined`. */
export function keyIssue(key: string): string | undefined {
  if (FORBIDDEN_KEYS.has(key)) return `the key ${JSON.stringify(key)} is refused: JavaScript reads it as the prototype`;
  const text = textIssue(key);
  return text === undefined ? undefined : `key ${text}`;
}

/** One problem found in a JSON value: where (relative to the value) and what. */
export interface JsonIssue {
  /** Path inside the value. */
  path: ErrorPath;
  /** What is wrong. */
  message: string;
}

/** Limits of one JSON walk (defaults: {@link JSON_LIMITS}). */
export interface JsonWalkLimits {
  /** Nesting of arrays and objects, the outermost counting 1. */
  maxDepth?: number;
  /** Values in all (see {@link JSON_LIMITS}). */
  maxNodes?: number;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined (omit the field or use null)';
  if (value === null) return 'null';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object that is not plain';
}

/**
 * The first problem of `value` as a JSON value every store keeps exactly, or `undefined`
 * when there is none. Never recurses past `maxDepth`, so any input is safe to pass.
 */
export function jsonValueIssue(value: unknown, limits: JsonWalkLimits = {}): JsonIssue | undefined {
  const maxDepth = limits.maxDepth ?? JSON_LIMITS.maxDepth;
  const maxNodes = limits.maxNodes ?? JSON_LIMITS.maxNodes;
  const ancestors: object[] = [];
  const path: (string | number)[] = [];
  let nodes = 0;
  const fail = (message: string): JsonIssue => ({ path: [...path], message });

  const walk = (v: unknown): JsonIssue | undefined => {
    if (++nodes > maxNodes) return fail(`too many values: at most ${maxNodes} in one JSON value`);
    if (v === null || typeof v === 'boolean') return undefined;
    if (typeof v === 'number') {
      const issue = numberIssue(v);
      return issue === undefined ? undefined : fail(issue);
    }
    if (typeof v === 'string') {
      const issue = textIssue(v);
      return issue === undefined ? undefined : fail(issue);
    }
    if (typeof v !== 'object') return fail(`not a JSON value: ${describe(v)}`);
    if (ancestors.includes(v)) return fail('a cycle: the value contains itself, which JSON cannot hold');
    if (ancestors.length >= maxDepth) return fail(`nested too deep: at most ${maxDepth} levels of arrays and objects`);
    const isArray = Array.isArray(v);
    if (!isArray && !isPlainObject(v)) return fail(`not a JSON value: ${describe(v)}`);
    if (Object.getOwnPropertySymbols(v).length > 0) return fail('symbol keys cannot be stored in JSON');
    ancestors.push(v);
    if (isArray) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        const issue = i in v ? walk(v[i]) : fail('a hole in an array (JSON would turn it into null)');
        if (issue !== undefined) return issue;
        path.pop();
      }
    } else {
      for (const key of Object.keys(v)) {
        path.push(key);
        const bad = keyIssue(key);
        const issue = bad !== undefined ? fail(bad) : walk((v as Record<string, unknown>)[key]);
        if (issue !== undefined) return issue;
        path.pop();
      }
    }
    ancestors.pop();
    return undefined;
  };
  return walk(value);
}

/** A deep copy of a JSON value that {@link jsonValueIssue} accepted (so it is finite and acyclic). */
function copyJson(value: JsonValue): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyJson);
  const out: JsonObject = {};
  for (const key of Object.keys(value)) out[key] = copyJson(value[key]!);
  return out;
}

/** A zod schema of checked JSON values; the result is a copy, so later changes to the input do not reach it. */
function jsonSchemaOf<T extends JsonValue>(objectOnly: boolean, limits: Required<JsonWalkLimits>) {
  return z.custom<T>().check((ctx) => {
    const v = ctx.value as unknown;
    if (objectOnly && (typeof v !== 'object' || v === null || Array.isArray(v))) {
      ctx.issues.push({ code: 'custom', message: `expected a JSON object, got ${describe(v)}`, input: v });
      return;
    }
    const issue = jsonValueIssue(v, limits);
    if (issue === undefined) ctx.value = copyJson(v as T) as T;
    else ctx.issues.push({ code: 'custom', path: [...issue.path], message: issue.message, input: v });
  });
}

/**
 * Any JSON value every store keeps exactly (see the rules above), including the JSON form of a
 * whole record with its host values (audit patches): at most `JSON_LIMITS.maxRecordDepth` deep
 * and `JSON_LIMITS.maxRecordNodes` values. Decoded and encoded as a copy.
 */
export const jsonValueSchema = jsonSchemaOf<JsonValue>(false, {
  maxDepth: JSON_LIMITS.maxRecordDepth,
  maxNodes: JSON_LIMITS.maxRecordNodes,
});

/**
 * Host-defined attributes (and a grade's explanation): a JSON object every store keeps
 * exactly, at most `JSON_LIMITS.maxDepth` deep and `JSON_LIMITS.maxNodes` values. Decoded and
 * encoded as a copy.
 */
export const attributesSchema = jsonSchemaOf<JsonObject>(true, {
  maxDepth: JSON_LIMITS.maxDepth,
  maxNodes: JSON_LIMITS.maxNodes,
});
