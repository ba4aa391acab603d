import { invalidInput } from './errors.js';

/**
 * The `asOf` of an options object (every time-dependent function takes its moment there,
 * never from a clock), checked: throws `KehuValidationError` at path `['asOf']` unless it is
 * a valid `Date`. Missing options count as a missing `asOf`.
 */
export function requireAsOf(options: { readonly asOf?: unknown } | null | undefined): Date {
  const asOf = options?.asOf;
  if (!(asOf instanceof Date) || Number.isNaN(asOf.getTime()))
    throw invalidInput(['asOf'], 'asOf must be a valid Date', 'invalid_type');
  return asOf;
}
