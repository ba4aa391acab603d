import * as z from 'zod';

/**
 * Text every supported store keeps exactly: well-formed Unicode (no lone surrogate, which
 * PostgreSQL turns into U+FFFD, so two distinct ids could collapse into one), no U+0000
 * (which PostgreSQL's `text` and `jsonb` refuse), and no leading U+FEFF (a byte-order mark,
 * usually left over from a file's encoding, which some PostgreSQL clients drop when they
 * decode a text column, so `'\uFEFFc-1'` would come back as `'c-1'`). Every string field
 * of the core schemas (ids, names, free text, record keys, JSON strings and keys) follows
 * this rule.
 */

interface WellFormed {
  isWellFormed?: () => boolean;
}

/** The index of the first lone surrogate in `text`, or -1. */
function loneSurrogateAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return i;
    } else if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

/**
 * What is wrong with `text` for storage, or `undefined` when every store keeps it exactly:
 * a lone surrogate (not well-formed Unicode) or a U+0000 character, with its index, or a
 * leading byte-order mark.
 */
export function textIssue(text: string): string | undefined {
  const wellFormed = (text as WellFormed).isWellFormed;
  const surrogate = wellFormed === undefined || !wellFormed.call(text) ? loneSurrogateAt(text) : -1;
  if (surrogate >= 0) {
    const unit = text.charCodeAt(surrogate).toString(16).toUpperCase();
    return `not well-formed Unicode: a lone surrogate U+${unit} at index ${surrogate} (stores would replace it)`;
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) return `contains the character U+0000 at index ${nul}, which stores refuse`;
  if (text.charCodeAt(0) === 0xfeff)
    return 'starts with U+FEFF, a byte-order mark (remove it: some stores drop it, so the text would change)';
  return undefined;
}

/** True when every store keeps `text` exactly (see {@link textIssue}). */
export function isStorableText(text: string): boolean {
  return textIssue(text) === undefined;
}

/**
 * A string every store keeps exactly (see {@link textIssue}); the base of every string
 * field in the core schemas. Add `.min()` and `.max()` as a field needs.
 */
export const textSchema = z.string().check((ctx) => {
  const message = textIssue(ctx.value);
  if (message !== undefined) ctx.issues.push({ code: 'custom', message, input: ctx.value });
});
