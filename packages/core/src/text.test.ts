import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStorableText, textIssue, textSchema } from './text.js';

describe('storable text', () => {
  it('accepts well-formed Unicode without U+0000', () => {
    for (const s of ['', 'abc', '上海华信', '😀 emoji', '\u0001\u007f\uFFFF']) expect(textIssue(s)).toBeUndefined();
  });
  it('refuses lone surrogates and NUL, saying where', () => {
    expect(textIssue('ab\uDC00')).toMatch(/lone surrogate U\+DC00 at index 2/);
    expect(textIssue('\uD83D')).toMatch(/lone surrogate U\+D83D at index 0/);
    expect(textIssue('\uDE00\uD83D')).toMatch(/index 0/);
    expect(textIssue('a\0')).toMatch(/U\+0000 at index 1/);
    expect(textSchema.safeParse('x\0').success).toBe(false);
  });
  it('agrees with String.prototype.isWellFormed (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const wellFormed = (s as unknown as { isWellFormed(): boolean }).isWellFormed();
        expect(isStorableText(s)).toBe(wellFormed && !s.includes('\0'));
      }),
    );
  });
});

describe('a leading byte-order mark', () => {
  it('is refused (some PostgreSQL clients drop it), while U+FEFF inside text is kept', () => {
    expect(textIssue('\uFEFFc-1')).toMatch(/byte-order mark/);
    expect(textIssue('c\uFEFF-1')).toBeUndefined();
  });
});
