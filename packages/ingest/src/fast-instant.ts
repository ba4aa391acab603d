import { DAY_MS, dayFromCivil, daysInMonth, type InstantRuleOptions, parseInstant } from '@kehu/core';

/** Core's instant rule as a transactions CSV uses it: bare dates `YYYY-MM-DD` are midnight UTC. */
const CSV_INSTANTS: InstantRuleOptions = { dateOnly: true };

/**
 * Epoch milliseconds of a CSV instant field, or `undefined`: core's {@link parseInstant}
 * with the `dateOnly` option, so the CSV and the SDK read instants by one rule.
 */
export function parseCsvInstant(s: string): number | undefined {
  return parseInstant(s, CSV_INSTANTS);
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * {@link parseCsvInstant} on the bytes `buf[start, end)` of a UTF-8 file, for the shapes
 * a transactions export nearly always has: `YYYY-MM-DD` and
 * `YYYY-MM-DD(T| )HH:MM:SS[.f{1,3}](Z|±HH:MM)`. Returns epoch milliseconds, or `NaN` for
 * anything else (another shape, an invalid date, non-ASCII bytes): the caller then decodes
 * the field and asks {@link parseCsvInstant}, which has the final word, so this path never
 * refuses what the string path accepts. Hand-written because materialising a string per
 * row costs more than the whole byte parse on ten million rows (measured with `pnpm bench`).
 */
export function parseInstantBytes(buf: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n !== 10 && n < 19) return Number.NaN;
  const c0 = buf[start]!,
    c1 = buf[start + 1]!,
    c2 = buf[start + 2]!,
    c3 = buf[start + 3]!;
  const c5 = buf[start + 5]!,
    c6 = buf[start + 6]!,
    c8 = buf[start + 8]!,
    c9 = buf[start + 9]!;
  if (
    !(
      isDigit(c0) &&
      isDigit(c1) &&
      isDigit(c2) &&
      isDigit(c3) &&
      buf[start + 4] === 45 &&
      isDigit(c5) &&
      isDigit(c6) &&
      buf[start + 7] === 45 &&
      isDigit(c8) &&
      isDigit(c9)
    )
  )
    return Number.NaN;
  const year = (c0 - 48) * 1000 + (c1 - 48) * 100 + (c2 - 48) * 10 + (c3 - 48);
  const month = (c5 - 48) * 10 + (c6 - 48);
  const day = (c8 - 48) * 10 + (c9 - 48);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  const days = dayFromCivil(year, month, day);
  if (n === 10) return days * DAY_MS;
  const sep = buf[start + 10];
  const h0 = buf[start + 11]!,
    h1 = buf[start + 12]!,
    m0 = buf[start + 14]!,
    m1 = buf[start + 15]!,
    s0 = buf[start + 17]!,
    s1 = buf[start + 18]!;
  if (
    !(
      (sep === 84 || sep === 32) &&
      isDigit(h0) &&
      isDigit(h1) &&
      buf[start + 13] === 58 &&
      isDigit(m0) &&
      isDigit(m1) &&
      buf[start + 16] === 58 &&
      isDigit(s0) &&
      isDigit(s1)
    )
  )
    return Number.NaN;
  const hour = (h0 - 48) * 10 + (h1 - 48);
  const minute = (m0 - 48) * 10 + (m1 - 48);
  const second = (s0 - 48) * 10 + (s1 - 48);
  if (hour > 23 || minute > 59 || second > 59) return Number.NaN;
  let i = start + 19;
  let ms = 0;
  if (i < end && buf[i] === 46) {
    // One to three fraction digits only: more go to the string path, which floors them.
    let digits = 0;
    for (i++; i < end && isDigit(buf[i]!); i++, digits++) {
      if (digits === 3) return Number.NaN;
      ms = ms * 10 + (buf[i]! - 48);
    }
    if (digits === 0) return Number.NaN;
    ms *= digits === 1 ? 100 : digits === 2 ? 10 : 1;
  }
  let offset: number;
  if (i === end - 1 && buf[i] === 90) offset = 0;
  else if (i === end - 6) {
    const sign = buf[i];
    const o0 = buf[i + 1]!,
      o1 = buf[i + 2]!,
      o3 = buf[i + 4]!,
      o4 = buf[i + 5]!;
    if (
      !((sign === 43 || sign === 45) && isDigit(o0) && isDigit(o1) && buf[i + 3] === 58 && isDigit(o3) && isDigit(o4))
    )
      return Number.NaN;
    const oh = (o0 - 48) * 10 + (o1 - 48);
    const om = (o3 - 48) * 10 + (o4 - 48);
    // Core's rule refuses offsets past ±23:59; the byte path must never accept more than it.
    if (oh > 23 || om > 59) return Number.NaN;
    offset = (sign === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
  } else return Number.NaN;
  return days * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + ms - offset;
}
