import { Decimal, decimalToString } from '@kehu/core';

/** A JSON value as the service sends it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Encodes a use case's result (plain data with `Date`s, `Decimal`s and `Map`s) as exact JSON:
 * instants as ISO-8601 text with `Z`, decimals as exact decimal strings, maps as objects (or as
 * arrays of `[key, value]` pairs when a key is not text), sets as arrays. `undefined` fields are
 * left out (as `JSON.stringify` would); a number that is not finite becomes `null`, since JSON
 * has none. Aggregates (customers, transactions, complaints) use the core encoders instead.
 */
export function toJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Decimal.isDecimal(value)) return decimalToString(value as Decimal);
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof Set) return [...value].map(toJson);
  if (value instanceof Map) {
    const entries = [...value.entries()];
    if (entries.every(([k]) => typeof k === 'string'))
      return Object.fromEntries(entries.map(([k, v]) => [k, toJson(v)]));
    return entries.map(([k, v]) => [toJson(k), toJson(v)]);
  }
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, (x) => toJson(x));
  if (typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined && typeof v !== 'function') out[k] = toJson(v);
    return out;
  }
  return null;
}
