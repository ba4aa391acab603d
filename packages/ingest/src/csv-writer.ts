import { invalidInput } from '@kehu/core';

/**
 * A CSV writer that encodes rows straight into a reusable byte buffer: numbers and exact
 * decimal amounts are written digit by digit and fixed words are copied as bytes. Why not
 * string concatenation: `kehu rfm` writes a million rows, and building a string per row
 * made about a second of garbage-collection work (measured); this writes the same bytes
 * in a fraction of that.
 */
export class CsvWriter {
  private buf: Buffer;
  private at = 0;
  private readonly digits = new Uint8Array(24);

  /**
   * Writes through `sink`, which receives chunks of whole rows (a copy: it may keep them)
   * once about `size` bytes are buffered.
   */
  constructor(
    private readonly sink: (chunk: Buffer) => void,
    private readonly size = 1 << 20,
  ) {
    this.buf = Buffer.allocUnsafe(size * 2);
  }

  /** Grows the buffer for `n` more bytes: chunks only ever end at a row's end. */
  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }

  /** Ends a row: a line feed, and the buffered rows go to the sink once enough have gathered. */
  endRow(): void {
    this.byte(10);
    if (this.at >= this.size) this.flush();
  }

  /** Passes what is buffered to the sink. */
  flush(): void {
    if (this.at === 0) return;
    this.sink(Buffer.from(this.buf.subarray(0, this.at)));
    this.at = 0;
  }

  /** A field as RFC 4180 text: quoted when it holds a comma, quote or line break. */
  text(s: string): void {
    let plain = true;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 44 || c === 34 || c === 10 || c === 13) {
        plain = false;
        break;
      }
    }
    if (!plain) s = `"${s.replace(/"/g, '""')}"`;
    this.room(s.length * 3);
    this.at += this.buf.write(s, this.at, 'utf8');
  }

  /** Bytes as they are (a pre-encoded word). */
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }

  /** One byte, e.g. `,` (44) or a line feed (10). */
  byte(c: number): void {
    this.room(1);
    this.buf[this.at++] = c;
  }

  /** A safe integer in decimal. */
  int(n: number): void {
    this.units(n, 0);
  }

  /** The exact decimal `units × 10^-scale` as `Decimal.toString()` writes it: no exponent, no trailing zeros. */
  units(units: number, scale: number): void {
    if (!Number.isSafeInteger(units)) throw invalidInput(['units'], `units must be a safe integer, got ${units}`);
    this.room(24 + scale);
    const d = this.digits;
    let u = Math.abs(units);
    let n = 0;
    do {
      const q = Math.floor(u / 10);
      d[n++] = u - q * 10;
      u = q;
    } while (u > 0 || n <= scale);
    // d holds the digits least significant first, at least scale + 1 of them.
    let low = 0;
    while (low < scale && d[low] === 0) low++;
    const buf = this.buf;
    let at = this.at;
    if (units < 0) buf[at++] = 45;
    for (let i = n - 1; i >= scale; i--) buf[at++] = 48 + d[i]!;
    if (low < scale) {
      buf[at++] = 46;
      for (let i = scale - 1; i >= low; i--) buf[at++] = 48 + d[i]!;
    }
    this.at = at;
  }
}
