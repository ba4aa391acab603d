/**
 * A string → value table for a million keys, open addressing over typed arrays. Why not a
 * `Map`: `kehu rfm` looks up each customer's grade by id, and building a `Map` of a million
 * ids cost about 0.6 µs a key on the benchmark machine; this table is built in about
 * 0.25 µs a key, with lookups no slower (measured). The ids it is asked for are mostly the
 * very string objects it stored, so `===` compares pointers.
 */
export class StringIndex<V> {
  private keys: string[] = [];
  private values: V[] = [];
  private hashes = new Int32Array(0);
  private slots = new Int32Array(0);
  private mask = 0;

  /** An empty index sized for `expected` keys (it grows past that). */
  constructor(expected = 16) {
    this.resize(Math.max(16, expected));
  }

  /** Keys stored. */
  get size(): number {
    return this.keys.length;
  }

  private static hash(s: string): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h;
  }

  private resize(expected: number): void {
    let n = 16;
    while (n < expected * 2) n *= 2;
    this.slots = new Int32Array(n);
    this.mask = n - 1;
    const hashes = new Int32Array(n);
    hashes.set(this.hashes.subarray(0, this.keys.length));
    this.hashes = hashes;
    for (let k = 0; k < this.keys.length; k++) {
      let p = this.hashes[k]! & this.mask;
      while (this.slots[p] !== 0) p = (p + 1) & this.mask;
      this.slots[p] = k + 1;
    }
  }

  /** Sets `key` to `value`. */
  set(key: string, value: V): void {
    const h = StringIndex.hash(key);
    let p = h & this.mask;
    for (let s = this.slots[p]!; s !== 0; s = this.slots[p]!) {
      if (this.hashes[s - 1] === h && this.keys[s - 1] === key) {
        this.values[s - 1] = value;
        return;
      }
      p = (p + 1) & this.mask;
    }
    const k = this.keys.length;
    this.keys.push(key);
    this.values.push(value);
    this.hashes[k] = h;
    this.slots[p] = k + 1;
    if (this.keys.length * 2 > this.slots.length) this.resize(this.keys.length * 2);
  }

  /** The value of `key`, or `undefined`. */
  get(key: string): V | undefined {
    const h = StringIndex.hash(key);
    let p = h & this.mask;
    for (let s = this.slots[p]!; s !== 0; s = this.slots[p]!) {
      if (this.hashes[s - 1] === h && this.keys[s - 1] === key) return this.values[s - 1];
      p = (p + 1) & this.mask;
    }
    return undefined;
  }
}
