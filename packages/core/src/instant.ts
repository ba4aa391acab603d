/**
 * Kehu's one rule for reading an instant from text: ISO-8601 (RFC 3339) with an explicit
 * offset, `YYYY-MM-DD(T| )HH:MM[:SS[.fraction]](Z|±HH:MM|±HHMM)`, on a date that exists.
 * A local time without an offset is refused: it names no instant until a zone is known.
 * The schemas' instant codec, the SDK and the CSV importers all read instants with it.
 */

import { DAY_MS, dayFromCivil, daysInMonth } from './civil-day.js';

/** What a refused instant should have looked like, for error messages. */
export const INSTANT_EXPECTED = 'expected an ISO-8601 instant with an offset, like 2026-01-05T09:00:00+08:00';

/**
 * The instants Kehu stores, in epoch milliseconds: from 0001-01-01T00:00:00.000Z to
 * 9999-12-31T23:59:59.999Z. PostgreSQL `timestamptz` and ISO-8601 text with a four-digit
 * year both hold these and no others (year 0 and years past 9999 print differently).
 */
export const INSTANT_RANGE = Object.freeze({
  /** 0001-01-01T00:00:00.000Z. */
  minMs: dayFromCivil(1, 1, 1) * DAY_MS,
  /** 9999-12-31T23:59:59.999Z. */
  maxMs: dayFromCivil(10000, 1, 1) * DAY_MS - 1,
});

/** The message for an instant outside {@link INSTANT_RANGE}. */
export const INSTANT_RANGE_MESSAGE = 'instant outside the years 0001 to 9999 (UTC), which stores cannot hold';

/** True when the epoch milliseconds `ms` are within {@link INSTANT_RANGE}. */
export function isInstantInRange(ms: number): boolean {
  return ms >= INSTANT_RANGE.minMs && ms <= INSTANT_RANGE.maxMs;
}

/** Options of {@link parseInstant}. */
export interface InstantRuleOptions {
  /**
   * Also accept a bare date `YYYY-MM-DD`, read as midnight UTC (default `false`). For
   * exports that carry order dates without times, such as a transactions CSV, where the
   * day is all that matters.
   */
  dateOnly?: boolean;
}

/**
 * Epoch milliseconds of `text` under Kehu's instant rule, or `undefined` when `text` does
 * not follow it or names an instant outside {@link INSTANT_RANGE} (`0000-01-01T00:00:00Z`,
 * or `9999-12-31T23:30:00-01:00`, which is in the year 10000 in UTC). Fractions of a second
 * past milliseconds are truncated. Allocation-free, so importers can call it per row.
 */
export function parseInstant(text: string, options: InstantRuleOptions = {}): number | undefined {
  const ms = parseInstantText(text, options);
  return ms !== undefined && isInstantInRange(ms) ? ms : undefined;
}

/** Epoch milliseconds of `text` under the instant rule, before the range check. */
export function parseInstantText(text: string, options: InstantRuleOptions = {}): number | undefined {
  const s = text;
  const n = s.length;
  const d = (i: number) => s.charCodeAt(i) - 48;
  const digit = (i: number) => {
    const c = s.charCodeAt(i);
    return c >= 48 && c <= 57;
  };
  if (!(n >= 10 && digit(0) && digit(1) && digit(2) && digit(3) && s[4] === '-')) return undefined;
  if (!(digit(5) && digit(6) && s[7] === '-' && digit(8) && digit(9))) return undefined;
  const year = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
  const month = d(5) * 10 + d(6);
  const day = d(8) * 10 + d(9);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const days = dayFromCivil(year, month, day);
  if (n === 10) return options.dateOnly === true ? days * DAY_MS : undefined;
  if (!((s[10] === 'T' || s[10] === ' ') && n >= 17 && digit(11) && digit(12) && s[13] === ':')) return undefined;
  if (!(digit(14) && digit(15))) return undefined;
  const hour = d(11) * 10 + d(12);
  const minute = d(14) * 10 + d(15);
  let i = 16;
  let second = 0;
  let ms = 0;
  if (s[i] === ':' && digit(i + 1) && digit(i + 2)) {
    second = d(i + 1) * 10 + d(i + 2);
    i += 3;
    if (s[i] === '.') {
      i++;
      if (!digit(i)) return undefined;
      let scale = 100;
      while (i < n && digit(i)) {
        ms += d(i) * scale;
        scale /= 10;
        i++;
      }
      ms = Math.floor(ms);
    }
  }
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offset: number;
  if (i === n - 1 && s[i] === 'Z') offset = 0;
  else if ((s[i] === '+' || s[i] === '-') && digit(i + 1) && digit(i + 2)) {
    let m: number;
    if (i === n - 6 && s[i + 3] === ':' && digit(i + 4) && digit(i + 5)) m = d(i + 4) * 10 + d(i + 5);
    else if (i === n - 5 && digit(i + 3) && digit(i + 4)) m = d(i + 3) * 10 + d(i + 4);
    else return undefined;
    const h = d(i + 1) * 10 + d(i + 2);
    if (h > 23 || m > 59) return undefined;
    offset = (s[i] === '-' ? -1 : 1) * (h * 60 + m) * 60_000;
  } else return undefined;
  return days * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + ms - offset;
}
