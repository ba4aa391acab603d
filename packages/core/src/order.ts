/**
 * Compares two strings by Unicode code points, which is UTF-8 byte order and what SQL
 * gives with `COLLATE "C"` on a UTF-8 database. (JavaScript's `<` compares UTF-16 code
 * units, which puts characters beyond U+FFFF, such as emoji, before U+E000–U+FFFF.)
 * Every ordered list in Kehu uses this order for strings, so stores and in-memory code
 * agree.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800–U+DFFF) stand for code points above U+FFFF: move them above
    // U+E000–U+FFFF so that code-unit order becomes code-point order.
    if (x >= 0xd800) x += x <= 0xdfff ? 0x2000 : -0x800;
    if (y >= 0xd800) y += y <= 0xdfff ? 0x2000 : -0x800;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * True when `ids` is in non-decreasing {@link compareCodePoints} order (an O(n) check that lets bulk code skip a
 * sort).
 */
export function isSortedByCodePoints(ids: ArrayLike<string>): boolean {
  for (let i = 1; i < ids.length; i++) if (compareCodePoints(ids[i - 1]!, ids[i]!) > 0) return false;
  return true;
}

/**
 * The positions `indexes` (default `0..ids.length-1`) sorted by `ids[position]` in
 * {@link compareCodePoints} order, ties by position; returns a new array. When no id holds
 * a surrogate, code-unit order is code-point order, and the faster built-in comparison is
 * used (about a third less time on a million ids).
 */
export function sortIndexesByCodePoints(ids: ArrayLike<string>, indexes?: Uint32Array): Uint32Array {
  const out = indexes === undefined ? Uint32Array.from({ length: ids.length }, (_, i) => i) : Uint32Array.from(indexes);
  let surrogates = false;
  for (const i of out) {
    if (/[\uD800-\uDFFF]/.test(ids[i]!)) {
      surrogates = true;
      break;
    }
  }
  if (surrogates) return out.sort((a, b) => compareCodePoints(ids[a]!, ids[b]!) || a - b);
  return out.sort((a, b) => {
    const x = ids[a]!;
    const y = ids[b]!;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
}
