import { Decimal, decimalFromUnits, type SummaryTable, type TransactionSummary } from '@kehu/core';

/** Amounts are summed in units of 1/10,000 (four decimal places) while they fit. */
export const UNIT_SCALE = 4;

/**
 * Largest unit sum kept as a double: below 2^53 with room for one more amount of up to
 * 16 characters, so every sum stays an exact integer; past it the customer's sums move
 * to Decimals.
 */
export const SAFE_UNITS = Number.MAX_SAFE_INTEGER - 1e15;

/** A row's kind: purchase, refund or return (rule AR-6: the last two reduce value). */
export const enum Kind {
  Purchase = 0,
  Refund = 1,
  Return = 2,
}

/** A customer's sums as Decimals, once they no longer fit the scaled integers. */
export interface ExactSums {
  /** Purchases. */
  gross: Decimal;
  /** Refunds and returns. */
  reversed: Decimal;
  /** Purchases in the trailing year. */
  yearGross: Decimal;
  /** Refunds and returns in the trailing year. */
  yearReversed: Decimal;
}

/** The plain-data form of a {@link CustomerTable}, for `postMessage` (its buffers are transferred). */
export interface CustomerTableData {
  /** Slots in use. */
  size: number;
  /** Currency codes by index. */
  currencies: string[];
  /** The records (transferred). */
  records: ArrayBuffer;
  /** Keys too long for their record (its buffer is transferred). */
  pool: Uint8Array;
  /** The buckets (transferred: moving them costs nothing, rebuilding them a pass over every key). */
  index: Int32Array<ArrayBuffer>;
  /** Slots on Decimals: slot and the four sums as decimal strings. */
  exact: Array<[number, string, string, string, string]>;
}

/** FNV-1a over `buf[start, end)`. */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  return h;
}

/** A power of two at least twice `capacity`, so probes stay short. */
function indexSize(capacity: number): number {
  let n = 2;
  while (n < capacity * 2) n *= 2;
  return n;
}

/** Bytes per record. */
const RECORD = 128;
/** Doubles per record ({@link CustomerTable.f}). */
const F_STRIDE = RECORD / 8;
/** Offsets of the doubles of a record: instants in ms, sums in units. */
const F_FIRST = 0,
  F_LAST = 1,
  F_YEAR_FIRST = 2,
  F_YEAR_LAST = 3,
  F_GROSS = 4,
  F_REVERSED = 5,
  F_YEAR_GROSS = 6,
  F_YEAR_REVERSED = 7;
/** 32-bit words per record ({@link CustomerTable.u}). */
const U_STRIDE = RECORD / 4;
/** Offsets of the 32-bit words of a record: counts, key length and currency index. */
const U_PURCHASES = 16,
  U_REFUNDS = 17,
  U_RETURNS = 18,
  U_YEAR_PURCHASES = 19,
  U_YEAR_REFUNDS = 20,
  U_YEAR_RETURNS = 21,
  U_KEY_LEN = 22,
  U_CUR = 23,
  U_POOL = 24;
/** Keys up to this many bytes live in the record (from byte {@link KEY_AT}), longer ones in the pool. */
const INLINE_KEY = 32;
const KEY_AT = 96;

/**
 * Per customer and currency accumulators of a transactions scan, keyed by the customer
 * id's UTF-8 bytes and a currency index, in an open-addressing hash table. Hand-written
 * rather than a `Map<string, object>` because creating a string and an object per customer
 * and looking strings up per row dominated the scan of ten million rows. Each slot is one
 * 128-byte record (sums, instants, counts and the key itself when short) in a single
 * ArrayBuffer: a row then touches two or three cache lines, where a column per field
 * touched fourteen and made the scan about 1.4 times slower with a million customers (measured); the
 * buffer also transfers between worker threads without copying. Slots are numbered in
 * order of first appearance, which is the order summaries are produced in.
 *
 * Keys must be canonical UTF-8 (what `Buffer.from(string)` produces) so that byte
 * equality is string equality; callers re-encode ids with non-ASCII bytes.
 */
export class CustomerTable {
  /** Slots in use. */
  size = 0;
  /** Currency codes by index. */
  readonly currencies: string[] = [];
  private readonly currencyIndex = new Map<string, number>();
  private capacity: number;
  private mask = 0;
  /** Buckets: `[slot + 1, hash]` pairs, slot 0 meaning empty. */
  private index = new Int32Array(0);
  private records: ArrayBuffer;
  /** The records as doubles (`F_*` offsets, stride {@link F_STRIDE}). */
  f: Float64Array;
  /** The records as 32-bit words (`U_*` offsets, stride {@link U_STRIDE}). */
  u: Uint32Array;
  /** The records as bytes. */
  private b: Uint8Array;
  /** The records as a Buffer, for decoding ids (made on first use). */
  private recordBytes: Buffer | undefined;
  /** Keys longer than {@link INLINE_KEY} bytes, back to back. */
  private pool: Uint8Array = new Uint8Array(0);
  private poolUsed = 0;
  /** Keeps the prefetching loads of `merge` from being optimised away. */
  sink = 0;
  /** Slots whose sums left the scaled integers; their unit fields are then unused. */
  readonly exact = new Map<number, ExactSums>();

  constructor(capacity = 1 << 12) {
    this.capacity = Math.max(1, capacity);
    this.records = new ArrayBuffer(this.capacity * RECORD);
    this.f = new Float64Array(this.records);
    this.u = new Uint32Array(this.records);
    this.b = new Uint8Array(this.records);
    this.rehash();
  }

  /** The index of currency `code`, added when new. */
  currencyOf(code: string): number {
    let i = this.currencyIndex.get(code);
    if (i === undefined) {
      i = this.currencies.length;
      this.currencies.push(code);
      this.currencyIndex.set(code, i);
    }
    return i;
  }

  /** The currency index of slot `k`. */
  cur(k: number): number {
    return this.u[k * U_STRIDE + U_CUR]!;
  }

  /** The customer id of slot `k`. */
  id(k: number): string {
    const len = this.u[k * U_STRIDE + U_KEY_LEN]!;
    const [bytes, start] = this.keyOf(k);
    const view =
      bytes === this.b
        ? (this.recordBytes ??= Buffer.from(this.records))
        : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let high = 0;
    for (let i = start; i < start + len; i++) high |= bytes[i]!;
    // Latin-1 decoding of ASCII is the same string, and cheaper.
    return view.toString(high < 0x80 ? 'latin1' : 'utf8', start, start + len);
  }

  /**
   * The slots of currency `cur` in customer-id order. Keys are canonical UTF-8, whose byte
   * order is code-point order (what `compareCodePoints` and `COLLATE "C"` give), so an LSD
   * radix sort over the key bytes, two bytes a pass, orders them; a comparator sort of a
   * million decoded ids took about 0.7 s, this about a tenth of that (measured).
   */
  sortedSlots(cur: number): Uint32Array {
    let n = 0;
    let width = 0;
    for (let k = 0; k < this.size; k++) {
      if (this.cur(k) !== cur) continue;
      n++;
      width = Math.max(width, this.u[k * U_STRIDE + U_KEY_LEN]!);
    }
    let order = new Uint32Array(n);
    // The keys side by side, zero-padded, with each key's length: a shorter key sorts
    // before any longer one it is a prefix of, so the length is the least significant digit.
    const stride = width + (width % 2);
    const keys = new Uint8Array(n * stride);
    const lengths = new Uint32Array(n);
    for (let k = 0, i = 0; k < this.size; k++) {
      if (this.cur(k) !== cur) continue;
      const [bytes, start] = this.keyOf(k);
      const len = this.u[k * U_STRIDE + U_KEY_LEN]!;
      keys.set(bytes.subarray(start, start + len), i * stride);
      lengths[i] = len;
      order[i++] = k;
    }
    let positions = new Uint32Array(n);
    for (let i = 0; i < n; i++) positions[i] = i;
    let next = new Uint32Array(n);
    const count = new Uint32Array(65_536);
    const pass = (digit: (i: number) => number, buckets: number) => {
      count.fill(0, 0, buckets);
      for (let i = 0; i < n; i++) count[digit(positions[i]!)]!++;
      let sum = 0;
      for (let d = 0; d < buckets; d++) {
        const c = count[d]!;
        count[d] = sum;
        sum += c;
      }
      for (let i = 0; i < n; i++) next[count[digit(positions[i]!)]!++] = positions[i]!;
      [positions, next] = [next, positions];
    };
    pass((i) => lengths[i]!, width + 1);
    for (let at = stride - 2; at >= 0; at -= 2)
      pass((i) => (keys[i * stride + at]! << 8) | keys[i * stride + at + 1]!, 65_536);
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = order[positions[i]!]!;
    order = out;
    return order;
  }

  /**
   * Copies slot `k`'s key bytes into `dest` at `at` (growing it when needed: the buffer to
   * use next is returned with the length), so that many ids can be decoded together.
   */
  copyKey(k: number, dest: Buffer, at: number): { dest: Buffer; length: number } {
    const len = this.u[k * U_STRIDE + U_KEY_LEN]!;
    if (at + len > dest.length) {
      const bigger = Buffer.allocUnsafe(dest.length * 2 + len);
      dest.copy(bigger, 0, 0, at);
      dest = bigger;
    }
    if (len <= INLINE_KEY) {
      const b = this.b;
      for (let i = k * RECORD + KEY_AT, end = i + len; i < end; i++) dest[at++] = b[i]!;
    } else dest.set(this.pool.subarray(this.u[k * U_STRIDE + U_POOL]!, this.u[k * U_STRIDE + U_POOL]! + len), at);
    return { dest, length: len };
  }

  /** The key bytes of slot `k`: `[bytes, start]`, `len` of them. */
  private keyOf(k: number): [Uint8Array, number] {
    const len = this.u[k * U_STRIDE + U_KEY_LEN]!;
    return len <= INLINE_KEY ? [this.b, k * RECORD + KEY_AT] : [this.pool, this.u[k * U_STRIDE + U_POOL]!];
  }

  /**
   * Touches the bucket and the record that each of the hashes `hashes[0, n)` most likely
   * lands on, and returns a value to keep the loads alive. Why: with a million customers
   * every row's bucket and record miss the caches and the TLB; issued one row at a time the
   * misses are serial (about 440 ns a row, measured), while these loads are independent,
   * so the CPU overlaps them and the following {@link slot} calls find the lines cached
   * ("group prefetching"; the scan of ten million rows got about 1.6 times faster).
   */
  prefetch(hashes: Int32Array, n: number): number {
    const index = this.index;
    const mask = this.mask;
    const u = this.u;
    let acc = 0;
    // Two passes: the bucket loads are independent of each other, and so are the record
    // loads once the buckets are cached.
    for (let i = 0; i < n; i++) acc += index[2 * (hashes[i]! & mask)]!;
    for (let i = 0; i < n; i++) {
      const s = index[2 * (hashes[i]! & mask)]!;
      if (s !== 0) acc += u[(s - 1) * U_STRIDE + U_KEY_LEN]! + u[(s - 1) * U_STRIDE]!;
    }
    return acc;
  }

  /** The slot of key `buf[start, end)` (hash `h`, see {@link hashBytes}) in currency `cur`, created when new. */
  slot(buf: Uint8Array, start: number, end: number, h: number, cur: number): number {
    const len = end - start;
    const index = this.index;
    const mask = this.mask;
    const u = this.u;
    let p = h & mask;
    for (;;) {
      const s = index[2 * p]!;
      if (s === 0) break;
      if (index[2 * p + 1] === h) {
        const k = s - 1;
        const w = k * U_STRIDE;
        if (u[w + U_KEY_LEN] === len && u[w + U_CUR] === cur) {
          let key: Uint8Array;
          let o: number;
          if (len <= INLINE_KEY) {
            key = this.b;
            o = k * RECORD + KEY_AT;
          } else {
            key = this.pool;
            o = u[w + U_POOL]!;
          }
          let i = start;
          while (i < end && key[o] === buf[i]) {
            o++;
            i++;
          }
          if (i === end) return k;
        }
      }
      p = (p + 1) & mask;
    }
    return this.insert(p, buf, start, end, h, cur);
  }

  private insert(p: number, buf: Uint8Array, start: number, end: number, h: number, cur: number): number {
    const len = end - start;
    if (this.size === this.capacity) {
      this.grow(this.capacity * 2);
      p = h & this.mask;
      while (this.index[2 * p] !== 0) p = (p + 1) & this.mask;
    }
    const k = this.size++;
    this.index[2 * p] = k + 1;
    this.index[2 * p + 1] = h;
    const w = k * U_STRIDE;
    this.u[w + U_KEY_LEN] = len;
    this.u[w + U_CUR] = cur;
    if (len <= INLINE_KEY) this.b.set(buf.subarray(start, end), k * RECORD + KEY_AT);
    else {
      if (this.poolUsed + len > this.pool.length) {
        const pool = new Uint8Array(Math.max(this.pool.length * 2, this.poolUsed + len, 1 << 16));
        pool.set(this.pool.subarray(0, this.poolUsed));
        this.pool = pool;
      }
      this.pool.set(buf.subarray(start, end), this.poolUsed);
      this.u[w + U_POOL] = this.poolUsed;
      this.poolUsed += len;
    }
    const f = k * F_STRIDE;
    this.f[f + F_FIRST] = Infinity;
    this.f[f + F_LAST] = -Infinity;
    this.f[f + F_YEAR_FIRST] = Infinity;
    this.f[f + F_YEAR_LAST] = -Infinity;
    return k;
  }

  private grow(capacity: number): void {
    const records = new ArrayBuffer(capacity * RECORD);
    new Uint8Array(records).set(this.b.subarray(0, this.size * RECORD));
    this.records = records;
    this.recordBytes = undefined;
    this.f = new Float64Array(records);
    this.u = new Uint32Array(records);
    this.b = new Uint8Array(records);
    this.capacity = capacity;
    this.rehash();
  }

  private rehash(): void {
    const buckets = indexSize(this.capacity);
    const index = new Int32Array(buckets * 2);
    const mask = buckets - 1;
    const old = this.index;
    for (let q = 0; q < old.length; q += 2) {
      if (old[q] === 0) continue;
      let p = old[q + 1]! & mask;
      while (index[2 * p] !== 0) p = (p + 1) & mask;
      index[2 * p] = old[q]!;
      index[2 * p + 1] = old[q + 1]!;
    }
    this.index = index;
    this.mask = mask;
  }

  /** Counts a row at `at` of `kind` in slot `k`: only the instants and counts, not the amount. */
  count(k: number, at: number, kind: Kind, inYear: boolean): void {
    const f = this.f;
    const u = this.u;
    const fi = k * F_STRIDE;
    const ui = k * U_STRIDE;
    if (kind === Kind.Purchase) {
      u[ui + U_PURCHASES]!++;
      if (at < f[fi + F_FIRST]!) f[fi + F_FIRST] = at;
      if (at > f[fi + F_LAST]!) f[fi + F_LAST] = at;
      if (inYear) {
        u[ui + U_YEAR_PURCHASES]!++;
        if (at < f[fi + F_YEAR_FIRST]!) f[fi + F_YEAR_FIRST] = at;
        if (at > f[fi + F_YEAR_LAST]!) f[fi + F_YEAR_LAST] = at;
      }
    } else if (kind === Kind.Refund) {
      u[ui + U_REFUNDS]!++;
      if (inYear) u[ui + U_YEAR_REFUNDS]!++;
    } else {
      u[ui + U_RETURNS]!++;
      if (inYear) u[ui + U_YEAR_RETURNS]!++;
    }
  }

  /**
   * Adds an amount to slot `k`'s sums: `units` (a safe integer) when the amount had a
   * fast form, else `undefined` and the exact decimal `text`. Moves the slot to Decimals
   * when the amount has no fast form or a sum would pass {@link SAFE_UNITS}.
   */
  addAmount(k: number, purchase: boolean, inYear: boolean, units: number | undefined, text: string): void {
    let exact = this.exact.size === 0 ? undefined : this.exact.get(k);
    if (exact === undefined) {
      const f = this.f;
      const fi = k * F_STRIDE;
      if (units !== undefined && f[fi + F_GROSS]! + units <= SAFE_UNITS && f[fi + F_REVERSED]! + units <= SAFE_UNITS) {
        if (purchase) {
          f[fi + F_GROSS]! += units;
          if (inYear) f[fi + F_YEAR_GROSS]! += units;
        } else {
          f[fi + F_REVERSED]! += units;
          if (inYear) f[fi + F_YEAR_REVERSED]! += units;
        }
        return;
      }
      exact = this.toExact(k);
    }
    const amount = units === undefined ? text : decimalFromUnits(units, UNIT_SCALE);
    if (purchase) {
      exact.gross = exact.gross.plus(amount);
      if (inYear) exact.yearGross = exact.yearGross.plus(amount);
    } else {
      exact.reversed = exact.reversed.plus(amount);
      if (inYear) exact.yearReversed = exact.yearReversed.plus(amount);
    }
  }

  /** Purchases counted in slot `k`. */
  purchases(k: number): number {
    return this.u[k * U_STRIDE + U_PURCHASES]!;
  }

  /** Slot `k`'s gross sum in units of 1/10,000 (meaningful while the slot is not in {@link exact}). */
  grossUnits(k: number): number {
    return this.f[k * F_STRIDE + F_GROSS]!;
  }

  /** Slot `k`'s sums as Decimals, moving the slot to them if it was on scaled integers. */
  toExact(k: number): ExactSums {
    let exact = this.exact.get(k);
    if (exact === undefined) {
      const fi = k * F_STRIDE;
      const d = (units: number) => decimalFromUnits(units, UNIT_SCALE);
      exact = {
        gross: d(this.f[fi + F_GROSS]!),
        reversed: d(this.f[fi + F_REVERSED]!),
        yearGross: d(this.f[fi + F_YEAR_GROSS]!),
        yearReversed: d(this.f[fi + F_YEAR_REVERSED]!),
      };
      this.exact.set(k, exact);
    }
    return exact;
  }

  /** Adds every slot of `other` into this table: same customer and currency combined, new ones appended in order. */
  merge(other: CustomerTable): void {
    const curMap = other.currencies.map((c) => this.currencyOf(c));
    // In batches whose buckets and records are prefetched first (see `prefetch`): each
    // slot of `other` lands on a random record of this table.
    const BATCH = 256;
    const hashes = new Int32Array(BATCH);
    const ou = other.u;
    for (let from = 0; from < other.size; from += BATCH) {
      const to = Math.min(other.size, from + BATCH);
      for (let j = from; j < to; j++) {
        const [key, start] = other.keyOf(j);
        hashes[j - from] = hashBytes(key, start, start + ou[j * U_STRIDE + U_KEY_LEN]!);
      }
      this.sink ^= this.prefetch(hashes, to - from);
      for (let j = from; j < to; j++) {
        const [key, start] = other.keyOf(j);
        const k = this.slot(
          key,
          start,
          start + ou[j * U_STRIDE + U_KEY_LEN]!,
          hashes[j - from]!,
          curMap[other.cur(j)]!,
        );
        this.add(k, other, j);
      }
    }
  }

  /** Adds slot `j` of `other` into slot `k` (same customer and currency). */
  private add(k: number, other: CustomerTable, j: number): void {
    const f = this.f;
    const u = this.u;
    const of = other.f;
    const ou = other.u;
    const fi = k * F_STRIDE;
    const fj = j * F_STRIDE;
    const ui = k * U_STRIDE;
    const uj = j * U_STRIDE;
    u[ui + U_PURCHASES]! += ou[uj + U_PURCHASES]!;
    u[ui + U_REFUNDS]! += ou[uj + U_REFUNDS]!;
    u[ui + U_RETURNS]! += ou[uj + U_RETURNS]!;
    u[ui + U_YEAR_PURCHASES]! += ou[uj + U_YEAR_PURCHASES]!;
    u[ui + U_YEAR_REFUNDS]! += ou[uj + U_YEAR_REFUNDS]!;
    u[ui + U_YEAR_RETURNS]! += ou[uj + U_YEAR_RETURNS]!;
    f[fi + F_FIRST] = Math.min(f[fi + F_FIRST]!, of[fj + F_FIRST]!);
    f[fi + F_LAST] = Math.max(f[fi + F_LAST]!, of[fj + F_LAST]!);
    f[fi + F_YEAR_FIRST] = Math.min(f[fi + F_YEAR_FIRST]!, of[fj + F_YEAR_FIRST]!);
    f[fi + F_YEAR_LAST] = Math.max(f[fi + F_YEAR_LAST]!, of[fj + F_YEAR_LAST]!);
    const theirs = other.exact.size === 0 ? undefined : other.exact.get(j);
    let mine = this.exact.size === 0 ? undefined : this.exact.get(k);
    if (theirs === undefined && mine === undefined) {
      const gross = f[fi + F_GROSS]! + of[fj + F_GROSS]!;
      const reversed = f[fi + F_REVERSED]! + of[fj + F_REVERSED]!;
      if (gross <= SAFE_UNITS && reversed <= SAFE_UNITS) {
        f[fi + F_GROSS] = gross;
        f[fi + F_REVERSED] = reversed;
        f[fi + F_YEAR_GROSS]! += of[fj + F_YEAR_GROSS]!;
        f[fi + F_YEAR_REVERSED]! += of[fj + F_YEAR_REVERSED]!;
        return;
      }
    }
    mine ??= this.toExact(k);
    const add = theirs ?? other.toExact(j);
    mine.gross = mine.gross.plus(add.gross);
    mine.reversed = mine.reversed.plus(add.reversed);
    mine.yearGross = mine.yearGross.plus(add.yearGross);
    mine.yearReversed = mine.yearReversed.plus(add.yearReversed);
  }

  /** The table as plain data, to post with {@link transferables} (the table is unusable after). */
  toData(): CustomerTableData {
    return {
      size: this.size,
      currencies: [...this.currencies],
      records: this.records,
      pool: this.pool.subarray(0, this.poolUsed),
      index: this.index,
      exact: [...this.exact].map(([k, e]) => [
        k,
        e.gross.toString(),
        e.reversed.toString(),
        e.yearGross.toString(),
        e.yearReversed.toString(),
      ]),
    };
  }

  /** The buffers of `data` to list as transferables. */
  static transferables(data: CustomerTableData): ArrayBuffer[] {
    return [data.records, data.pool.buffer as ArrayBuffer, data.index.buffer as ArrayBuffer];
  }

  /** Rebuilds a table from {@link toData}'s output. */
  static fromData(data: CustomerTableData): CustomerTable {
    const t = new CustomerTable(1);
    t.records = data.records;
    t.f = new Float64Array(data.records);
    t.u = new Uint32Array(data.records);
    t.b = new Uint8Array(data.records);
    t.capacity = data.records.byteLength / RECORD;
    t.pool = data.pool;
    t.poolUsed = data.pool.length;
    for (const c of data.currencies) t.currencyOf(c);
    for (const [k, g, r, yg, yr] of data.exact)
      t.exact.set(k, {
        gross: new Decimal(g),
        reversed: new Decimal(r),
        yearGross: new Decimal(yg),
        yearReversed: new Decimal(yr),
      });
    t.index = data.index;
    t.mask = data.index.length / 2 - 1;
    t.size = data.size;
    return t;
  }
}

/**
 * The summaries of one currency as summary tables (`all` rows up to `asOf`, `trailing` of
 * the trailing window), with the `all` row of each `trailing` row.
 */
export interface TransactionSummaryTables {
  /** Every customer of the currency with a row up to `asOf`, in customer-id order. */
  all: SummaryTable;
  /** Those with a row in the trailing window, in customer-id order. */
  trailing: SummaryTable;
  /** For each `trailing` row, its row in `all`. */
  allRowOfTrailing: Uint32Array;
}

/**
 * The summaries of `currency` as `SummaryTable`, built straight from the accumulators
 * (no object per customer), or `undefined` when a customer's sums had to leave the scaled
 * integers (an amount with more than four decimal places, or sums past 2^53 units): the
 * caller then takes {@link summaryObjectsOf}.
 */
export function summaryTablesOf(table: CustomerTable, currency: string): TransactionSummaryTables | undefined {
  const cur = table.currencies.indexOf(currency);
  if (cur >= 0) for (const k of table.exact.keys()) if (table.cur(k) === cur) return undefined;
  const slots = cur < 0 ? new Uint32Array(0) : table.sortedSlots(cur);
  const n = slots.length;
  const empty = (size: number): SummaryTable => ({
    currency,
    scale: UNIT_SCALE,
    ids: new Array<string>(size),
    firstPurchaseAt: new Float64Array(size),
    lastPurchaseAt: new Float64Array(size),
    purchaseCount: new Uint32Array(size),
    refundCount: new Uint32Array(size),
    returnCount: new Uint32Array(size),
    grossUnits: new Float64Array(size),
    reversedUnits: new Float64Array(size),
    overflow: new Map(),
  });
  const all = empty(n);
  const yearly = empty(n);
  const allRowOfTrailing = new Uint32Array(n);
  const instant = (t: number) => (t === Infinity || t === -Infinity ? Number.NaN : t);
  const f = table.f;
  const u = table.u;
  // One pass over the (randomly placed) records in id order: the fields, and the key bytes
  // side by side to decode every id at once.
  let keys: Buffer = Buffer.allocUnsafe(Math.max(64, n * 12));
  const lengths = new Uint32Array(n);
  let at = 0;
  let y = 0;
  for (let i = 0; i < n; i++) {
    const k = slots[i]!;
    const fi = k * F_STRIDE;
    const ui = k * U_STRIDE;
    const copied = table.copyKey(k, keys, at);
    keys = copied.dest;
    lengths[i] = copied.length;
    at += copied.length;
    all.firstPurchaseAt[i] = instant(f[fi + F_FIRST]!);
    all.lastPurchaseAt[i] = instant(f[fi + F_LAST]!);
    all.purchaseCount[i] = u[ui + U_PURCHASES]!;
    all.refundCount[i] = u[ui + U_REFUNDS]!;
    all.returnCount[i] = u[ui + U_RETURNS]!;
    all.grossUnits[i] = f[fi + F_GROSS]!;
    all.reversedUnits[i] = f[fi + F_REVERSED]!;
    const yp = u[ui + U_YEAR_PURCHASES]!;
    const yf = u[ui + U_YEAR_REFUNDS]!;
    const yt = u[ui + U_YEAR_RETURNS]!;
    if (yp + yf + yt === 0) continue;
    yearly.firstPurchaseAt[y] = instant(f[fi + F_YEAR_FIRST]!);
    yearly.lastPurchaseAt[y] = instant(f[fi + F_YEAR_LAST]!);
    yearly.purchaseCount[y] = yp;
    yearly.refundCount[y] = yf;
    yearly.returnCount[y] = yt;
    yearly.grossUnits[y] = f[fi + F_YEAR_GROSS]!;
    yearly.reversedUnits[y] = f[fi + F_YEAR_REVERSED]!;
    allRowOfTrailing[y] = i;
    y++;
  }
  // Keys are canonical UTF-8: ASCII ones decode as Latin-1, the cheapest decoder.
  let ascii = true;
  for (let i = 0; i < at; i++) {
    if (keys[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  const text = keys.toString(ascii ? 'latin1' : 'utf8', 0, at);
  if (ascii) {
    for (let i = 0, p = 0; i < n; p += lengths[i]!, i++) all.ids[i] = text.slice(p, p + lengths[i]!);
  } else {
    for (let i = 0, p = 0; i < n; p += lengths[i]!, i++) all.ids[i] = keys.toString('utf8', p, p + lengths[i]!);
  }
  const trimmed: SummaryTable = {
    ...yearly,
    ids: Array.from({ length: y }, (_, j) => all.ids[allRowOfTrailing[j]!]!),
    firstPurchaseAt: yearly.firstPurchaseAt.subarray(0, y),
    lastPurchaseAt: yearly.lastPurchaseAt.subarray(0, y),
    purchaseCount: yearly.purchaseCount.subarray(0, y),
    refundCount: yearly.refundCount.subarray(0, y),
    returnCount: yearly.returnCount.subarray(0, y),
    grossUnits: yearly.grossUnits.subarray(0, y),
    reversedUnits: yearly.reversedUnits.subarray(0, y),
  };
  return { all, trailing: trimmed, allRowOfTrailing: allRowOfTrailing.subarray(0, y) };
}

/** The summaries of every slot of `table` as objects, in slot order (the exact path for any input). */
export function summaryObjectsOf(table: CustomerTable): { all: TransactionSummary[]; yearly: TransactionSummary[] } {
  const n = table.size;
  const all = new Array<TransactionSummary>(n);
  const yearly: TransactionSummary[] = [];
  const zero = decimalFromUnits(0, UNIT_SCALE);
  // Allocating and then garbage-collecting two million summaries' Dates and Decimals is
  // most of the time spent here (measured), so equal values of one customer share one
  // instance: Decimals are immutable, and nothing Kehu does mutates a summary's Date.
  const dec = (units: number) => (units === 0 ? zero : decimalFromUnits(units, UNIT_SCALE));
  const f = table.f;
  const u = table.u;
  for (let k = 0; k < n; k++) {
    const fi = k * F_STRIDE;
    const ui = k * U_STRIDE;
    const customerId = table.id(k);
    const currency = table.currencies[table.cur(k)]!;
    const exact = table.exact.size === 0 ? undefined : table.exact.get(k);
    let gross: Decimal, reversed: Decimal, net: Decimal, yearGross: Decimal, yearReversed: Decimal, yearNet: Decimal;
    if (exact === undefined) {
      const g = f[fi + F_GROSS]!;
      const r = f[fi + F_REVERSED]!;
      const yg = f[fi + F_YEAR_GROSS]!;
      const yr = f[fi + F_YEAR_REVERSED]!;
      gross = dec(g);
      reversed = dec(r);
      net = r === 0 ? gross : dec(g - r);
      yearGross = yg === g ? gross : dec(yg);
      yearReversed = yr === r ? reversed : dec(yr);
      yearNet = yg === g && yr === r ? net : yr === 0 ? yearGross : dec(yg - yr);
    } else {
      gross = exact.gross;
      reversed = exact.reversed;
      net = gross.minus(reversed);
      yearGross = exact.yearGross;
      yearReversed = exact.yearReversed;
      yearNet = yearGross.minus(yearReversed);
    }
    const first = f[fi + F_FIRST]!;
    const last = f[fi + F_LAST]!;
    const firstAt = first === Infinity ? null : new Date(first);
    const lastAt = last === -Infinity ? null : first === last ? firstAt : new Date(last);
    all[k] = {
      customerId,
      currency,
      firstPurchaseAt: firstAt,
      lastPurchaseAt: lastAt,
      purchaseCount: u[ui + U_PURCHASES]!,
      refundCount: u[ui + U_REFUNDS]!,
      returnCount: u[ui + U_RETURNS]!,
      grossAmount: gross,
      reversedAmount: reversed,
      netAmount: net,
    };
    const yp = u[ui + U_YEAR_PURCHASES]!;
    const yf = u[ui + U_YEAR_REFUNDS]!;
    const yt = u[ui + U_YEAR_RETURNS]!;
    if (yp + yf + yt > 0) {
      const yFirst = f[fi + F_YEAR_FIRST]!;
      const yLast = f[fi + F_YEAR_LAST]!;
      const yearFirstAt = yFirst === Infinity ? null : yFirst === first ? firstAt : new Date(yFirst);
      yearly.push({
        customerId,
        currency,
        firstPurchaseAt: yearFirstAt,
        lastPurchaseAt:
          yLast === -Infinity ? null : yLast === last ? lastAt : yLast === yFirst ? yearFirstAt : new Date(yLast),
        purchaseCount: yp,
        refundCount: yf,
        returnCount: yt,
        grossAmount: yearGross,
        reversedAmount: yearReversed,
        netAmount: yearNet,
      });
    }
  }
  return { all, yearly };
}
