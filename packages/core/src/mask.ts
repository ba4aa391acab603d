/**
 * Display masking of personal data (rule AR-5: archives are kept confidential): phone
 * numbers, ID numbers, e-mail addresses and names, masked for screens and printouts that do
 * not need the whole value. Pure, never throwing: a value that does not look like what a
 * function expects comes back fully masked. Every function keeps the length in code points
 * and replaces each hidden character with one `*`.
 */

const STAR = '*';

function fullyMasked(chars: readonly string[]): string {
  return STAR.repeat(chars.length);
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const PHONE_PUNCTUATION = new Set([' ', '-', '(', ')', '.', '+', '\u00a0']);

/**
 * Masks a phone number: `13812345678` → `138****5678`. The national number keeps its first
 * 3 and last 4 digits when it has at least 11 (mobile numbers, landlines with their area
 * code: `010-8765 4321` → `010-**** 4321`), only its last 4 when it has 7 to 10 (`8765 4321`
 * → `**** 4321`), so at least 3 digits are always hidden; shorter numbers are masked whole. A country code
 * (`+86 `, `0086`, or the first group of a number starting with `+` followed by a separator)
 * stays visible, and spaces, dashes, dots and parentheses stay where they are. Anything with
 * other characters comes back fully masked.
 */
export function maskPhone(phone: string): string {
  if (typeof phone !== 'string') return '';
  const chars = Array.from(phone);
  if (!chars.every((c) => isDigit(c) || PHONE_PUNCTUATION.has(c))) return fullyMasked(chars);
  // The country code: +86 or 0086 at the start, or a first group after `+` that a separator ends.
  let start = 0;
  const text = phone.trimStart();
  const lead = chars.length - Array.from(text).length;
  if (text.startsWith('+86') || text.startsWith('0086')) start = lead + (text.startsWith('+') ? 3 : 4);
  else if (text.startsWith('+')) {
    let i = lead + 1;
    while (i < chars.length && isDigit(chars[i]!)) i++;
    if (i < chars.length && i > lead + 1) start = i;
  }
  const positions: number[] = [];
  for (let i = start; i < chars.length; i++) if (isDigit(chars[i]!)) positions.push(i);
  const n = positions.length;
  const keep = new Set(
    n >= 11 ? [...positions.slice(0, 3), ...positions.slice(-4)] : n >= 7 ? positions.slice(-4) : [],
  );
  const out = chars.map((c, i) => (i >= start && isDigit(c) && !keep.has(i) ? STAR : c));
  // Only a country code with no digits after it hides nothing: mask the whole value then.
  return positions.length === 0 ? fullyMasked(chars) : out.join('');
}

const RESIDENT_ID = /^\d{17}[\dXx]$/;

/**
 * Masks an identity document number. A mainland China resident ID of 18 characters keeps
 * its first 6 (the region) and last 4: `110101199003071234` → `110101********1234`. Other
 * numbers of at least 8 characters keep their last 4 only; shorter ones are masked whole.
 */
export function maskIdNumber(id: string): string {
  if (typeof id !== 'string') return '';
  const chars = Array.from(id);
  if (RESIDENT_ID.test(id)) return id.slice(0, 6) + STAR.repeat(8) + id.slice(14);
  if (chars.length < 8) return fullyMasked(chars);
  return STAR.repeat(chars.length - 4) + chars.slice(-4).join('');
}

/**
 * Masks an e-mail address: the local part keeps its first character, the domain stays
 * (`zhangwei@example.com` → `z*******@example.com`). A local part of one character is masked
 * whole; a value without a local part and a domain comes back fully masked.
 */
export function maskEmail(email: string): string {
  if (typeof email !== 'string') return '';
  const at = email.lastIndexOf('@');
  const chars = Array.from(email);
  if (at <= 0 || at === email.length - 1) return fullyMasked(chars);
  const local = Array.from(email.slice(0, at));
  const shown = local.length > 1 ? local[0]! + STAR.repeat(local.length - 1) : STAR;
  return shown + email.slice(at);
}

/**
 * Masks a personal name: every word keeps its first character (`张伟` → `张*`, `欧阳娜娜` →
 * `欧***`, `John Smith` → `J*** S****`); a word of one character is masked whole. Spaces
 * stay where they are.
 */
export function maskName(name: string): string {
  if (typeof name !== 'string') return '';
  const chars = Array.from(name);
  const isSpace = (i: number): boolean => i < 0 || i >= chars.length || /\s/u.test(chars[i]!);
  return chars
    .map((c, i) => {
      if (isSpace(i)) return c;
      // The first character of a word of two or more stays; every other character is hidden.
      return isSpace(i - 1) && !isSpace(i + 1) ? c : STAR;
    })
    .join('');
}
