import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskEmail, maskIdNumber, maskName, maskPhone } from './mask.js';

const codePoints = (s: string): string[] => Array.from(s);

/** Every character is kept or replaced by `*`, and the length in code points is the same. */
function keepsShape(input: string, output: string): void {
  const a = codePoints(input);
  const b = codePoints(output);
  expect(b.length).toBe(a.length);
  b.forEach((c, i) => expect(c === a[i] || c === '*').toBe(true));
}

describe('display masking (rule AR-5)', () => {
  it('masks phone numbers, keeping the country code and separators', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138 1234 5678')).toBe('+86 138 **** 5678');
    expect(maskPhone('+8613812345678')).toBe('+86138****5678');
    expect(maskPhone('0086 13812345678')).toBe('0086 138****5678');
    expect(maskPhone('010-8765 4321')).toBe('010-**** 4321');
    expect(maskPhone('8765 4321')).toBe('**** 4321');
    expect(maskPhone('+852 9123 4567')).toBe('+852 **** 4567');
    expect(maskPhone('12345')).toBe('*****');
    expect(maskPhone('call me')).toBe('*******');
  });
  it('masks ID numbers', () => {
    expect(maskIdNumber('110101199003071234')).toBe('110101********1234');
    expect(maskIdNumber('11010119900307123X')).toBe('110101********123X');
    expect(maskIdNumber('E12345678')).toBe('*****5678');
    expect(maskIdNumber('1234567')).toBe('*******');
  });
  it('masks e-mail addresses and names', () => {
    expect(maskEmail('zhangwei@example.com')).toBe('z*******@example.com');
    expect(maskEmail('a@example.com')).toBe('*@example.com');
    expect(maskEmail('not an address')).toBe('**************');
    expect(maskName('张伟')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('John Smith')).toBe('J*** S****');
    expect(maskName('伟')).toBe('*');
  });
  it('never shows the hidden digits of a mobile number (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1\d{10}$/), fc.constantFrom('', '+86 ', '0086'), (mobile, prefix) => {
        const masked = maskPhone(prefix + mobile);
        expect(masked).toBe(`${prefix}${mobile.slice(0, 3)}****${mobile.slice(7)}`);
      }),
    );
  });
  it('never shows the birth date of a resident ID (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}[\dX]$/), (id) => {
        const masked = maskIdNumber(id);
        expect(masked.slice(6, 14)).toBe('********');
        keepsShape(id, masked);
      }),
    );
  });
  it('keeps the length, never throws and only hides characters, on any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
        for (const mask of [maskPhone, maskIdNumber, maskEmail, maskName]) keepsShape(s, mask(s));
        const digits = codePoints(maskPhone(s)).filter((c) => c >= '0' && c <= '9').length;
        const total = codePoints(s).filter((c) => c >= '0' && c <= '9').length;
        if (total > 0 && !s.trimStart().startsWith('+') && !s.trimStart().startsWith('00')) {
          expect(digits).toBeLessThanOrEqual(Math.max(0, total - 3));
        }
      }),
    );
  });
});
