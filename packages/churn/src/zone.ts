import { tzOffset } from '@date-fns/tz';
import { invalidInput } from '@kehu/core';

/** True when `zone` names an IANA time zone the runtime knows (the test of `@kehu/calendar`'s spec). */
export function isZone(zone: unknown): zone is string {
  return (
    typeof zone === 'string' &&
    /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone) &&
    !Number.isNaN(tzOffset(zone, new Date(0)))
  );
}

/**
 * `zone`, checked to be an IANA time zone name (see {@link isZone}).
 *
 * @throws KehuValidationError at path `['zone']` otherwise
 */
export function checkZone(zone: unknown): string {
  if (!isZone(zone)) throw invalidInput(['zone'], `expected an IANA time zone name, got ${JSON.stringify(zone)}`);
  return zone;
}
