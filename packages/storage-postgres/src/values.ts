import type { JsonValue } from '@kehu/core';

/** A driver value (number, numeric string, bigint) as a JavaScript number. */
export function toNumber(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : Number(value as string | number);
}

/** A driver timestamp (Date or string) as a Date. */
export function toDate(value: unknown): Date {
  return value instanceof Date ? new Date(value.getTime()) : new Date(value as string);
}

/** An instant as an ISO-8601 parameter (cast with `::timestamptz`). */
export function iso(date: Date): string {
  return date.toISOString();
}

/** A JSON value as a `jsonb` parameter. */
export function jsonb(value: unknown): string {
  return JSON.stringify(value);
}

/** A JSON value read from a `jsonb` column (drivers parse it; a string is parsed here). */
export function fromJsonb(value: unknown): JsonValue {
  return (typeof value === 'string' ? JSON.parse(value) : value) as JsonValue;
}
