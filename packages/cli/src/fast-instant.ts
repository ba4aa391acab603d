/**
 * Parses `YYYY-MM-DD` (midnight UTC) and `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)` to epoch
 * milliseconds without allocating, or returns `undefined`. Hand-written because
 * `Date.parse` dominates the time of scanning ten million rows; anything this fast path
 * does not recognise falls back to `Date.parse` (and is refused if it has no offset).
 */
export function parseInstant(s: string): number | undefined {
  const n = s.length;
  const d = (i: number) => s.charCodeAt(i) - 48;
  const digit = (i: number) => {
    const c = s.charCodeAt(i);
    return c >= 48 && c <= 57;
  };
  if (
    n >= 10 &&
    digit(0) &&
    digit(1) &&
    digit(2) &&
    digit(3) &&
    s[4] === '-' &&
    digit(5) &&
    digit(6) &&
    s[7] === '-' &&
    digit(8) &&
    digit(9)
  ) {
    const year = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
    const month = d(5) * 10 + d(6);
    const day = d(8) * 10 + d(9);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
    const days = daysFromCivil(year, month, day);
    if (n === 10) return days * 86_400_000;
    if (
      (s[10] === 'T' || s[10] === ' ') &&
      n >= 16 &&
      digit(11) &&
      digit(12) &&
      s[13] === ':' &&
      digit(14) &&
      digit(15)
    ) {
      const hour = d(11) * 10 + d(12);
      const minute = d(14) * 10 + d(15);
      let i = 16;
      let second = 0;
      let ms = 0;
      if (s[i] === ':' && digit(i + 1) && digit(i + 2)) {
        second = d(i + 1) * 10 + d(i + 2);
        i += 3;
        if (s[i] === '.') {
          let scale = 100;
          i++;
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
      else if (
        i === n - 6 &&
        (s[i] === '+' || s[i] === '-') &&
        digit(i + 1) &&
        digit(i + 2) &&
        s[i + 3] === ':' &&
        digit(i + 4) &&
        digit(i + 5)
      ) {
        offset = (s[i] === '-' ? -1 : 1) * ((d(i + 1) * 10 + d(i + 2)) * 60 + d(i + 4) * 10 + d(i + 5)) * 60_000;
      } else return fallback(s);
      return days * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + ms - offset;
    }
  }
  return fallback(s);
}

function fallback(s: string): number | undefined {
  // Only instants with an explicit offset: a local time without a zone is ambiguous.
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : MONTH_DAYS[m - 1]!;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * {@link parseInstant} on the bytes `buf[start, end)` of a UTF-8 file, for the shapes
 * a transactions export nearly always has: `YYYY-MM-DD` and
 * `YYYY-MM-DD(T| )HH:MM:SS[.f{1,3}](Z|±HH:MM)`. Returns epoch milliseconds, or `NaN` for
 * anything else (another shape, an invalid date, non-ASCII bytes): the caller then decodes
 * the field and asks {@link parseInstant}, which has the final word, so this path never
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
  const days = daysFromCivil(year, month, day);
  if (n === 10) return days * 86_400_000;
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
    offset = (sign === 45 ? -1 : 1) * (((o0 - 48) * 10 + (o1 - 48)) * 60 + (o3 - 48) * 10 + (o4 - 48)) * 60_000;
  } else return Number.NaN;
  return days * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + ms - offset;
}
