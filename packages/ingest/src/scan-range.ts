import { readSync } from 'node:fs';
import { isCurrencyCode } from '@kehu/core';
import { CustomerTable, hashBytes, Kind, SAFE_UNITS } from './customer-table.js';
import { parseCsvInstant, parseInstantBytes } from './fast-instant.js';

/** A row the scanner refused: where, which field and why. */
export interface BadRow {
  /** Line in the file, counted from 1 (the header is line 1 when the file starts with it). */
  line: number;
  /** The header name of the refused field (`customer_id`, `occurred_at`, `amount`, `kind`, `currency`). */
  field: string;
  /** Why, in English, quoting the refused value. */
  reason: string;
}

/** The header name of the field each {@link Reason} is about. */
const FIELD_OF_REASON = ['customer_id', 'occurred_at', 'amount', 'kind', 'currency'] as const;

/** Positions of the columns in a row (−1: the optional column is absent). */
export interface Columns {
  /** `customer_id`. */
  customer: number;
  /** `occurred_at`. */
  at: number;
  /** `amount`. */
  amount: number;
  /** `kind` (optional). */
  kind: number;
  /** `currency` (optional). */
  currency: number;
  /** Fields in the header (rows with exactly this many take the fastest path). */
  fields: number;
}

/** What {@link scanRange} needs besides the bytes: plain data, so it can be posted to a worker. */
export interface RangeConfig {
  /** Where the columns are. */
  columns: Columns;
  /** Rows after this instant (ms) are ignored. */
  asOf: number;
  /** Exclusive lower bound (ms) of the trailing year. */
  yearFrom: number;
  /** At most this many bad rows are kept with their reasons (all are counted). */
  badRowLimit: number;
  /**
   * Stop reading once `badRowLimit` bad rows are kept (within a chunk of them): for a strict scan, whose
   * caller refuses the file at its first bad row and needs no count of the rest.
   */
  stopAtBadRowLimit?: boolean;
  /** Bytes read at a time (default 1 MiB); small values exercise line splits in tests. */
  chunkBytes?: number;
}

/** What {@link scanRange} found in its byte range. */
export interface RangeResult {
  /** Accumulators per customer and currency. */
  table: CustomerTable;
  /** Data rows (non-blank lines). */
  rows: number;
  /** Rows refused. */
  bad: number;
  /** The first refused rows (at most `badRowLimit`), `line` counted from 1 at the range's first line. */
  badRows: BadRow[];
  /** Lines in the range, blank ones included. */
  lines: number;
}

const AMOUNT = /^\d+(\.\d+)?$/;
const SCALE = 10_000;
const MAX_FIELDS = 32;
const CHUNK = 1 << 20;
const BATCH = 256;
/** The fast path reads at most this far into a line. */
const FENCE = 4096;
const T_OTHER = 0;
const T_ID = 1;
const T_AT = 2;
const T_AMOUNT = 3;
const T_KIND = 4;
const T_CURRENCY = 5;
const PROGRESS_EVERY = 32 << 20;

/** Why a row was refused; the message is only built for the rows that are kept. */
const enum Reason {
  Customer,
  At,
  Amount,
  Kind,
  Currency,
}

/** Amount string (matching {@link AMOUNT}) → units of 1/10,000, or `undefined` when it needs the exact path. */
export function fastUnits(s: string): number | undefined {
  const n = s.length;
  if (n === 0 || n > 16) return undefined;
  let units = 0;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) break;
    if (c < 48 || c > 57) return undefined;
    units = units * 10 + (c - 48);
  }
  if (i === 0) return undefined;
  let frac = 0;
  let places = 0;
  if (i < n) {
    for (i++; i < n; i++, places++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57 || places === 4) return undefined;
      frac = frac * 10 + (c - 48);
    }
    if (places === 0) return undefined;
  }
  const units4 = units * SCALE + frac * 10 ** (4 - places);
  return units4 <= SAFE_UNITS ? units4 : undefined;
}

/** Splits one CSV line (RFC 4180 quoting) into fields. */
export function splitQuoted(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

/** Result of the byte amount parser when the amount is not a non-negative decimal. */
const INVALID = -1;
/** Result of the byte amount parser when the amount is valid but needs exact (Decimal) arithmetic. */
const EXACT = -2;

/**
 * The row scanner over bytes. Lines without a double quote (nearly all) are split on `,`
 * bytes and their fields parsed in place: the timestamp and the amount straight from the
 * bytes, the customer id hashed into {@link CustomerTable} without creating a string, so
 * most rows allocate nothing. Lines with a quote, or anything the byte parsers do not
 * recognise, are decoded and take the string path, which applies the same rules; line
 * numbers and messages are the same on both paths.
 */
class Scanner {
  readonly table = new CustomerTable(1 << 16);
  rows = 0;
  bad = 0;
  readonly badRows: BadRow[] = [];
  lines = 0;
  private readonly fs = new Int32Array(MAX_FIELDS + 1);
  private readonly fe = new Int32Array(MAX_FIELDS + 1);
  private readonly columns: Columns;
  private readonly asOf: number;
  private readonly yearFrom: number;
  private readonly badRowLimit: number;
  /** Currency index of 3-byte codes (`b0 << 16 | b1 << 8 | b2`), −1 for refused ones. */
  private readonly codes = new Map<number, number>();
  private lastCode = -1;
  private lastCur = -1;
  private cny = -1;
  /** Rows waiting for {@link flush}. */
  private batched = 0;
  private readonly bHash = new Int32Array(BATCH);
  private readonly bId = new Int32Array(2 * BATCH);
  private readonly bAmount = new Int32Array(2 * BATCH);
  private readonly bAt = new Float64Array(BATCH);
  private readonly bUnits = new Float64Array(BATCH);
  private readonly bMeta = new Int32Array(BATCH);
  /** Keeps the prefetching loads from being optimised away. */
  sink = 0;

  /** What each header field is (`T_*`), for {@link fastLine}. */
  private readonly types: Int8Array;

  constructor(config: RangeConfig) {
    this.columns = config.columns;
    const c = config.columns;
    this.types = new Int8Array(c.fields);
    const set = (i: number, t: number) => {
      if (i >= 0 && i < c.fields && this.types[i] === T_OTHER) this.types[i] = t;
    };
    set(c.customer, T_ID);
    set(c.at, T_AT);
    set(c.amount, T_AMOUNT);
    set(c.kind, T_KIND);
    set(c.currency, T_CURRENCY);
    this.asOf = config.asOf;
    this.yearFrom = config.yearFrom;
    this.badRowLimit = config.badRowLimit;
  }

  /**
   * Scans the lines of `buf[p, limit)`; returns where the first incomplete line starts
   * (`limit` when `final`: the last line then needs no newline).
   */
  scan(buf: Buffer, p: number, limit: number, final: boolean): number {
    const fs = this.fs;
    const fe = this.fe;
    while (p < limit) {
      const lineStart = p;
      if (final || limit - p > FENCE) {
        const next = this.fastLine(buf, p, final ? limit : p + FENCE);
        if (next >= 0) {
          p = next;
          continue;
        }
      }
      let nf = 0;
      let special = false;
      fs[0] = p;
      for (; p < limit; p++) {
        const c = buf[p]!;
        if (c === 10) break;
        if (c === 44) {
          if (nf < MAX_FIELDS - 1) {
            fe[nf] = p;
            fs[++nf] = p + 1;
          } else special = true;
        } else if (c === 34) special = true;
      }
      if (p === limit && !final) {
        this.flush(buf);
        return lineStart;
      }
      let lineEnd = p;
      if (lineEnd > lineStart && buf[lineEnd - 1] === 13) lineEnd--;
      fe[nf++] = lineEnd;
      this.lines++;
      if (lineEnd > lineStart) {
        if (special) {
          this.flush(buf);
          this.stringRow(buf.toString('utf8', lineStart, lineEnd));
        } else this.byteRow(buf, nf);
      }
      p++;
    }
    this.flush(buf);
    return limit;
  }

  /**
   * The fastest path, for a line whose fields are exactly the header's and hold the usual
   * shapes: parses each field from the bytes while finding its end, so every byte is read
   * about once (splitting first and parsing after read them twice and was about a tenth
   * slower, measured). Returns the offset after the line, or −1 when anything is unusual (a
   * quote, another field count, a bad or unusual value, the `fence` reached): the general
   * path then handles the line, with the same results. Never reads at or past `fence`.
   */
  private fastLine(buf: Buffer, p: number, fence: number): number {
    const types = this.types;
    const n = types.length;
    let idStart = 0;
    let idEnd = 0;
    let h = 0;
    let at = 0;
    let amountStart = 0;
    let amountEnd = 0;
    let units = 0;
    let kind = Kind.Purchase;
    let cur = -1;
    for (let f = 0; f < n; f++) {
      const t = types[f]!;
      let c = 0;
      if (t === T_ID) {
        idStart = p;
        let hash = 0x811c9dc5 | 0;
        for (; p < fence; p++) {
          c = buf[p]!;
          if (c === 44 || c === 10 || c === 13 || c === 34 || c >= 0x80) break;
          hash = Math.imul(hash ^ c, 0x01000193);
        }
        if (p >= fence || p === idStart) return -1;
        idEnd = p;
        h = hash;
      } else if (t === T_AT) {
        // The usual export shape first: a 24-byte `…T…:…:….mmmZ`.
        let e = p + 24;
        if (e >= fence) return -1;
        c = buf[e]!;
        if (c !== 44 && c !== 10 && c !== 13) {
          for (e = p; e < fence; e++) {
            c = buf[e]!;
            if (c === 44 || c === 10 || c === 13 || c === 34) break;
          }
          if (e >= fence) return -1;
        }
        at = parseInstantBytes(buf, p, e);
        if (Number.isNaN(at)) return -1;
        p = e;
      } else if (t === T_AMOUNT) {
        amountStart = p;
        let whole = 0;
        for (; p < fence; p++) {
          c = buf[p]!;
          if (c < 48 || c > 57) break;
          whole = whole * 10 + (c - 48);
        }
        if (p >= fence || p === amountStart) return -1;
        let frac = 0;
        let places = 0;
        if (c === 46) {
          for (p++; p < fence; p++, places++) {
            c = buf[p]!;
            if (c < 48 || c > 57) break;
            frac = frac * 10 + (c - 48);
          }
          if (p >= fence || places === 0 || places > 4) return -1;
        }
        if (p - amountStart > 16) return -1;
        amountEnd = p;
        units =
          whole * SCALE +
          frac * (places === 4 ? 1 : places === 3 ? 10 : places === 2 ? 100 : places === 1 ? 1000 : 10_000);
        if (!(units <= SAFE_UNITS)) return -1;
      } else if (t === T_KIND) {
        if (p + 9 >= fence) return -1;
        c = buf[p]!;
        if (c === 112 && isWord(buf, p, PURCHASE)) p += 8;
        else if (c === 114 && isWord(buf, p, REFUND)) {
          kind = Kind.Refund;
          p += 6;
        } else if (c === 114 && isWord(buf, p, RETURN)) {
          kind = Kind.Return;
          p += 6;
        } else if (c !== 44 && c !== 10 && c !== 13) return -1;
        c = buf[p]!;
      } else if (t === T_CURRENCY) {
        if (p + 4 >= fence) return -1;
        c = buf[p]!;
        if (c === 44 || c === 10 || c === 13) cur = this.cnyIndex();
        else {
          const code = (c << 16) | (buf[p + 1]! << 8) | buf[p + 2]!;
          if (code === this.lastCode) cur = this.lastCur;
          else {
            const known = this.codes.get(code);
            if (known === undefined || known < 0) return -1;
            cur = known;
            this.lastCode = code;
            this.lastCur = cur;
          }
          p += 3;
          c = buf[p]!;
        }
      } else {
        for (; p < fence; p++) {
          c = buf[p]!;
          if (c === 44 || c === 10 || c === 13 || c === 34) break;
        }
        if (p >= fence) return -1;
      }
      // The field must end with a comma, and the last one with the line.
      if (f < n - 1) {
        if (c !== 44) return -1;
        p++;
      } else if (c === 13) {
        if (p + 1 >= fence || buf[p + 1] !== 10) return -1;
        p += 2;
      } else if (c === 10) p++;
      else return -1;
    }
    this.lines++;
    this.rows++;
    if (cur < 0) cur = this.cnyIndex();
    if (at > this.asOf) return p;
    this.enqueue(buf, h, idStart, idEnd, amountStart, amountEnd, at, units, kind, cur);
    return p;
  }

  private refuse(reason: Reason, text: string | undefined): void {
    this.bad++;
    if (this.badRows.length >= this.badRowLimit) return;
    const quoted = JSON.stringify(text ?? '');
    const message =
      reason === Reason.Customer
        ? 'empty customer_id'
        : reason === Reason.At
          ? `occurred_at ${quoted} is not an ISO-8601 date or instant with an offset`
          : reason === Reason.Amount
            ? `amount ${quoted} is not a non-negative decimal`
            : reason === Reason.Kind
              ? `kind ${quoted} is not purchase, refund or return`
              : `currency ${quoted} is not an ISO 4217 code`;
    this.badRows.push({ line: this.lines, field: FIELD_OF_REASON[reason], reason: message });
  }

  /** The currency index of `code`, or −1 when it is not an ISO 4217 code. */
  private currencyOfText(code: string): number {
    return code.length !== 3 || !isCurrencyCode(code) ? -1 : this.table.currencyOf(code);
  }

  /** Queues a parsed row for the next prefetched batch (see {@link flush}). */
  private enqueue(
    buf: Buffer,
    h: number,
    idStart: number,
    idEnd: number,
    amountStart: number,
    amountEnd: number,
    at: number,
    units: number,
    kind: number,
    cur: number,
  ): void {
    const b = this.batched++;
    this.bHash[b] = h;
    this.bId[2 * b] = idStart;
    this.bId[2 * b + 1] = idEnd;
    this.bAmount[2 * b] = amountStart;
    this.bAmount[2 * b + 1] = amountEnd;
    this.bAt[b] = at;
    this.bUnits[b] = units;
    this.bMeta[b] = kind | (cur << 2);
    if (this.batched === BATCH) this.flush(buf);
  }

  private cnyIndex(): number {
    if (this.cny < 0) this.cny = this.table.currencyOf('CNY');
    return this.cny;
  }

  private byteRow(buf: Buffer, nf: number): void {
    this.rows++;
    const fs = this.fs;
    const fe = this.fe;
    const col = this.columns;
    // customer_id
    const ci = col.customer;
    if (ci >= nf || fe[ci] === fs[ci]) return this.refuse(Reason.Customer, undefined);
    // occurred_at
    let at: number | undefined;
    if (col.at < nf) {
      const s = fs[col.at]!;
      const e = fe[col.at]!;
      at = parseInstantBytes(buf, s, e);
      if (Number.isNaN(at)) {
        const text = buf.toString('utf8', s, e);
        at = parseCsvInstant(text);
        if (at === undefined) return this.refuse(Reason.At, text);
      }
    } else return this.refuse(Reason.At, undefined);
    // amount
    if (col.amount >= nf) return this.refuse(Reason.Amount, undefined);
    const as = fs[col.amount]!;
    const ae = fe[col.amount]!;
    const units = amountUnits(buf, as, ae);
    if (units === INVALID) return this.refuse(Reason.Amount, buf.toString('utf8', as, ae));
    // kind
    let kind = Kind.Purchase;
    if (col.kind >= 0 && col.kind < nf && fe[col.kind]! > fs[col.kind]!) {
      const s = fs[col.kind]!;
      const n = fe[col.kind]! - s;
      if (n === 8 && isWord(buf, s, PURCHASE)) kind = Kind.Purchase;
      else if (n === 6 && isWord(buf, s, REFUND)) kind = Kind.Refund;
      else if (n === 6 && isWord(buf, s, RETURN)) kind = Kind.Return;
      else return this.refuse(Reason.Kind, buf.toString('utf8', s, s + n));
    }
    // currency
    let cur: number;
    if (col.currency >= 0 && col.currency < nf && fe[col.currency]! > fs[col.currency]!) {
      const s = fs[col.currency]!;
      const e = fe[col.currency]!;
      if (e - s === 3) {
        const code = (buf[s]! << 16) | (buf[s + 1]! << 8) | buf[s + 2]!;
        if (code === this.lastCode) cur = this.lastCur;
        else {
          let known = this.codes.get(code);
          if (known === undefined) {
            known = this.currencyOfText(buf.toString('utf8', s, e));
            this.codes.set(code, known);
          }
          cur = known;
          // Only accepted codes are remembered: the fast path trusts `lastCur`.
          if (known >= 0) {
            this.lastCode = code;
            this.lastCur = known;
          }
        }
      } else cur = this.currencyOfText(buf.toString('utf8', s, e));
      if (cur < 0) return this.refuse(Reason.Currency, buf.toString('utf8', s, e));
    } else cur = this.cnyIndex();
    if (at > this.asOf) return;
    // The customer: hash the id bytes in place; ids with non-ASCII bytes are re-encoded,
    // so that byte equality is string equality (invalid UTF-8 decodes to U+FFFD).
    const s = fs[ci]!;
    const e = fe[ci]!;
    let h = 0x811c9dc5 | 0;
    let high = 0;
    for (let i = s; i < e; i++) {
      const b = buf[i]!;
      high |= b;
      h = Math.imul(h ^ b, 0x01000193);
    }
    if (high >= 0x80) {
      this.flush(buf);
      const key = Buffer.from(buf.toString('utf8', s, e), 'utf8');
      const k = this.table.slot(key, 0, key.length, hashBytes(key, 0, key.length), cur);
      this.add(k, at, kind, units, buf, as, ae);
      return;
    }
    this.enqueue(buf, h, s, e, as, ae, at, units, kind, cur);
  }

  /**
   * Adds the batched rows to the table, in order. Rows are batched (ids as positions in
   * `buf`, which must not change before this runs) so that their table lookups can be
   * prefetched together: see {@link CustomerTable.prefetch}.
   */
  flush(buf: Buffer): void {
    const n = this.batched;
    if (n === 0) return;
    this.batched = 0;
    const table = this.table;
    this.sink ^= table.prefetch(this.bHash, n);
    for (let b = 0; b < n; b++) {
      const meta = this.bMeta[b]!;
      const k = table.slot(buf, this.bId[2 * b]!, this.bId[2 * b + 1]!, this.bHash[b]!, meta >> 2);
      this.add(
        k,
        this.bAt[b]!,
        (meta & 3) as Kind,
        this.bUnits[b]!,
        buf,
        this.bAmount[2 * b]!,
        this.bAmount[2 * b + 1]!,
      );
    }
  }

  private add(k: number, at: number, kind: Kind, units: number, buf: Buffer, as: number, ae: number): void {
    const inYear = at > this.yearFrom;
    this.table.count(k, at, kind, inYear);
    if (units >= 0) this.table.addAmount(k, kind === Kind.Purchase, inYear, units, '');
    else this.table.addAmount(k, kind === Kind.Purchase, inYear, undefined, buf.toString('utf8', as, ae));
  }

  /** The string path: lines with quotes (RFC 4180) or more fields than the byte path tracks. */
  private stringRow(line: string): void {
    const fields = line.includes('"') ? splitQuoted(line) : line.split(',');
    this.rows++;
    const col = this.columns;
    const customerId = fields[col.customer];
    const atText = fields[col.at];
    const amountText = fields[col.amount];
    const kindText = col.kind >= 0 ? fields[col.kind] || 'purchase' : 'purchase';
    const currency = col.currency >= 0 ? fields[col.currency] || 'CNY' : 'CNY';
    if (!customerId) return this.refuse(Reason.Customer, undefined);
    const at = atText === undefined ? undefined : parseCsvInstant(atText);
    if (at === undefined) return this.refuse(Reason.At, atText);
    if (amountText === undefined || !AMOUNT.test(amountText)) return this.refuse(Reason.Amount, amountText);
    if (kindText !== 'purchase' && kindText !== 'refund' && kindText !== 'return')
      return this.refuse(Reason.Kind, kindText);
    const cur = this.currencyOfText(currency);
    if (cur < 0) return this.refuse(Reason.Currency, currency);
    if (at > this.asOf) return;
    const key = Buffer.from(customerId, 'utf8');
    const k = this.table.slot(key, 0, key.length, hashBytes(key, 0, key.length), cur);
    const kind = kindText === 'purchase' ? Kind.Purchase : kindText === 'refund' ? Kind.Refund : Kind.Return;
    const inYear = at > this.yearFrom;
    this.table.count(k, at, kind, inYear);
    this.table.addAmount(k, kind === Kind.Purchase, inYear, fastUnits(amountText), amountText);
  }
}

const PURCHASE = [...'purchase'].map((c) => c.charCodeAt(0));
const REFUND = [...'refund'].map((c) => c.charCodeAt(0));
const RETURN = [...'return'].map((c) => c.charCodeAt(0));

function isWord(buf: Buffer, s: number, word: number[]): boolean {
  for (let i = 0; i < word.length; i++) if (buf[s + i] !== word[i]) return false;
  return true;
}

/**
 * The amount `buf[s, e)` (`\d+(\.\d+)?`) in units of 1/10,000; {@link EXACT} when it is
 * valid but has more than four decimals, more than 16 characters or is too large for the
 * scaled integers (the same cases as {@link fastUnits}); {@link INVALID} otherwise.
 */
function amountUnits(buf: Buffer, s: number, e: number): number {
  let units = 0;
  let i = s;
  for (; i < e; i++) {
    const c = buf[i]!;
    if (c === 46) break;
    if (c < 48 || c > 57) return INVALID;
    units = units * 10 + (c - 48);
  }
  if (i === s) return INVALID;
  let frac = 0;
  let places = 0;
  if (i < e) {
    for (i++; i < e; i++, places++) {
      const c = buf[i]!;
      if (c < 48 || c > 57) return INVALID;
      if (places < 4) frac = frac * 10 + (c - 48);
    }
    if (places === 0) return INVALID;
  }
  if (e - s > 16 || places > 4) return EXACT;
  const units4 =
    units * SCALE + frac * (places === 4 ? 1 : places === 3 ? 10 : places === 2 ? 100 : places === 1 ? 1000 : 10_000);
  return units4 <= SAFE_UNITS ? units4 : EXACT;
}

/**
 * Scans the whole lines of bytes `[start, end)` of the open file `fd` (the header excluded;
 * `start` at a line start, `end` after a newline or at the end of the file) into per-customer
 * accumulators. Synchronous and self-contained so a worker thread can run it on its share of
 * the file; `onProgress` gets the bytes scanned so far now and then.
 */
export function scanRange(
  fd: number,
  start: number,
  end: number,
  config: RangeConfig,
  onProgress?: (bytes: number) => void,
): RangeResult {
  const scanner = new Scanner(config);
  let buf = Buffer.allocUnsafe(config.chunkBytes ?? CHUNK);
  let have = 0;
  let pos = start;
  let reported = 0;
  while (pos < end) {
    if (have === buf.length) {
      // A line longer than the buffer: grow it.
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, have);
      buf = bigger;
    }
    const n = readSync(fd, buf, have, Math.min(buf.length - have, end - pos), pos);
    if (n === 0) break;
    pos += n;
    have += n;
    const used = scanner.scan(buf, 0, have, pos >= end);
    buf.copy(buf, 0, used, have);
    have -= used;
    if (config.stopAtBadRowLimit && scanner.badRows.length >= config.badRowLimit) {
      have = 0;
      break;
    }
    if (onProgress && pos - start - reported >= PROGRESS_EVERY) {
      reported = pos - start;
      onProgress(reported);
    }
  }
  if (have > 0) scanner.scan(buf, 0, have, true);
  return { table: scanner.table, rows: scanner.rows, bad: scanner.bad, badRows: scanner.badRows, lines: scanner.lines };
}
