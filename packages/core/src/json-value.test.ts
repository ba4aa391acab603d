import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCustomer } from './customer.js';
import { KehuValidationError } from './errors.js';
import { attributesSchema, JSON_LIMITS, jsonValueIssue, jsonValueSchema } from './json-value.js';

const customer = { id: 'c1', kind: 'person', name: '张伟', status: 'active', createdAt: '2026-01-05T09:00:00+08:00' };

function refusal(attributes: unknown): KehuValidationError {
  try {
    parseCustomer({ ...customer, attributes });
  } catch (e) {
    expect(e).toBeInstanceOf(KehuValidationError);
    return e as KehuValidationError;
  }
  throw new Error('expected a validation error');
}

describe('JSON values every store keeps', () => {
  it('refuses __proto__, constructor and prototype keys with their path (JSON.parse keeps them as own keys)', () => {
    const e = refusal(JSON.parse('{"a":{"__proto__":1}}'));
    expect(e.path).toEqual(['attributes', 'a', '__proto__']);
    expect(e.message).toMatch(/__proto__/);
    expect(refusal(JSON.parse('{"__proto__":{"x":1}}')).path).toEqual(['attributes', '__proto__']);
    expect(refusal({ list: [{ constructor: 1 }] }).path).toEqual(['attributes', 'list', 0, 'constructor']);
    expect(refusal({ prototype: 'x' }).path).toEqual(['attributes', 'prototype']);
  });
  it('refuses cycles and deep nesting without a RangeError', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    expect(refusal(cyclic).message).toMatch(/cycle/);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const e = refusal({ deep });
    expect(e.message).toMatch(/at most 32 levels/);
    expect(e.path.length).toBe(2 + JSON_LIMITS.maxDepth - 1);
    const arr: unknown[] = [];
    arr.push(arr);
    expect(jsonValueIssue(arr)?.message).toMatch(/cycle/);
    let wrapped: unknown = { attributes: deep };
    for (let i = 0; i < 40; i++) wrapped = [wrapped];
    expect(jsonValueSchema.safeParse(wrapped).error?.issues[0]?.message).toMatch(/at most 64 levels/);
  });
  it('refuses what JSON would change or drop: -0, NaN, undefined, holes, Dates, Maps, symbol keys, bad text', () => {
    expect(refusal({ n: -0 }).message).toMatch(/pass 0/);
    expect(refusal({ n: Number.NaN }).path).toEqual(['attributes', 'n']);
    expect(refusal({ u: undefined }).message).toMatch(/undefined/);
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    expect(refusal({ a: [1, , 3] }).path).toEqual(['attributes', 'a', 1]);
    expect(refusal({ d: new Date(0) }).message).toMatch(/Date/);
    expect(refusal({ m: new Map() }).message).toMatch(/Map/);
    expect(refusal({ f: () => 1 }).message).toMatch(/function/);
    expect(refusal({ b: 1n }).message).toMatch(/bigint/);
    expect(refusal({ [Symbol('s')]: 1 }).message).toMatch(/symbol/);
    expect(refusal({ s: 'a\0' }).message).toMatch(/U\+0000/);
    expect(refusal({ 'k\uD800': 1 }).message).toMatch(/key not well-formed/);
    expect(refusal([1]).message).toMatch(/JSON object/);
  });
  it('bounds the work on shared references', () => {
    let shared: unknown = 1;
    for (let i = 0; i < 30; i++) shared = [shared, shared];
    expect(jsonValueIssue(shared)?.message).toMatch(/too many values/);
  });
  it('accepts null-prototype objects and returns a copy', () => {
    const input = Object.assign(Object.create(null), { a: [1, { b: 'x' }] });
    const out = attributesSchema.parse(input);
    expect(out).toEqual({ a: [1, { b: 'x' }] });
    input.a.push(2);
    expect(out).toEqual({ a: [1, { b: 'x' }] });
  });
  it('round-trips any JSON text exactly, or refuses it with a path (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        const parsed = JSON.parse(text);
        const r = jsonValueSchema.safeParse(parsed);
        if (r.success) expect(JSON.stringify(r.data)).toBe(text);
        else expect(r.error.issues[0]?.message).toMatch(/-0|U\+0000|surrogate|__proto__|constructor|prototype/);
      }),
    );
  });
});
