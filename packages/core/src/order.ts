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
