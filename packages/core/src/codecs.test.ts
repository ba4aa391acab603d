import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  birthdaySchema,
  currencySchema,
  decimalCodec,
  idSchema,
  instantCodec,
  nonNegativeDecimalCodec,
} from './codecs.js';
import { Decimal } from './decimal.js';
import { parseAuditContext } from './audit.js';

describe('boundary codecs', () => {
  it('decodes ISO-8601 instants with an offset, to the millisecond, and refuses local times', () => {
    expect(z.decode(instantCodec, '2026-03-08T01:59:59.999-05:00').toISOString()).toBe('2026-03-08T06:59:59.999Z');
    expect(z.encode(instantCodec, new Date('2026-03-08T06:59:59.999Z'))).toBe('2026-03-08T06:59:59.999Z');
    expect(instantCodec.safeParse('2026-03-08T01:59:59').success).toBe(false);
    expect(instantCodec.safeParse('yesterday').success).toBe(false);
  });
  it('round-trips any millisecond instant (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }),
        (d) => {
          expect(z.decode(instantCodec, z.encode(instantCodec, d)).getTime()).toBe(d.getTime());
        },
      ),
    );
  });
  it('decodes decimals exactly and refuses inexact numbers', () => {
    expect(z.decode(decimalCodec, '12345678901234567890.1234567891').toString()).toBe(
      '12345678901234567890.1234567891',
    );
    expect(z.decode(decimalCodec, 0.5)).toBeInstanceOf(Decimal);
    expect(decimalCodec.safeParse(0.1).success).toBe(false);
    expect(decimalCodec.safeParse('1e').success).toBe(false);
    expect(nonNegativeDecimalCodec.safeParse('-0.01').success).toBe(false);
  });
  it('refuses decimals past DECIMAL_LIMITS at once, whatever their exponent', () => {
    const started = Date.now();
    for (const v of ['1e9000000000000000', '1e20', '123456789012345678901', '0.00000000001', '1e-11', 2 ** -11]) {
      const r = decimalCodec.safeParse(v);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/at most (20|10) digits/);
    }
    expect(Date.now() - started).toBeLessThan(500);
    expect(decimalCodec.safeParse(new Decimal('1e25')).success).toBe(false);
    expect(decimalCodec.safeParse('0e9000000000000000').success).toBe(true);
    expect(decimalCodec.safeParse('1.50000000000000000000').success).toBe(true);
    expect(decimalCodec.safeParse(-0).error?.issues[0]?.message).toMatch(/pass 0/);
    expect(() => z.encode(decimalCodec, new Decimal('1e21'))).toThrow();
  });
  it('refuses instants outside the years 0001 to 9999, as Dates and as text', () => {
    for (const v of [
      new Date('+010000-01-01T00:00:00Z'),
      new Date('0000-12-31T23:59:59.999Z'),
      '0000-06-01T00:00:00Z',
      '9999-12-31T23:30:00-01:00',
      '0001-01-01T00:30:00+01:00',
    ]) {
      const r = instantCodec.safeParse(v);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/0001 to 9999/);
    }
    expect(instantCodec.safeParse(new Date('0001-01-01T00:00:00Z')).success).toBe(true);
    expect(instantCodec.safeParse('9999-12-31T23:59:59.999Z').success).toBe(true);
    expect(instantCodec.safeParse(new Date(Number.NaN)).error?.issues[0]?.message).toMatch(/ISO-8601/);
  });
  it('checks ids, currencies and birthdays', () => {
    expect(idSchema.safeParse('').success).toBe(false);
    expect(idSchema.safeParse('x'.repeat(257)).success).toBe(false);
    expect(idSchema.safeParse('a\uD800').error?.issues[0]?.message).toMatch(/lone surrogate U\+D800 at index 1/);
    expect(idSchema.safeParse('a\u0000b').error?.issues[0]?.message).toMatch(/U\+0000 at index 1/);
    expect(currencySchema.safeParse('CNY').success).toBe(true);
    expect(currencySchema.safeParse('XYZ1').success).toBe(false);
    expect(birthdaySchema.safeParse('--02-29').success).toBe(true);
    expect(birthdaySchema.safeParse('--02-30').success).toBe(false);
    expect(birthdaySchema.safeParse('1990-05-12').success).toBe(true);
    expect(birthdaySchema.safeParse('0000-01-01').success).toBe(false);
    expect(birthdaySchema.safeParse('0001-01-01').success).toBe(true);
  });
});

describe('instant messages', () => {
  it('says an offset is needed and names the field of an audit context', () => {
    expect(() => parseAuditContext({ actor: 'am-7', at: '2026-01-05T09:00:00', reason: 'x' })).toThrow(
      'invalid audit context, field "at": expected an ISO-8601 instant with an offset, like 2026-01-05T09:00:00+08:00',
    );
    expect(() => parseAuditContext({ actor: 'am-7', at: new Date(Number.NaN), reason: 'x' })).toThrow(
      /field "at": expected an ISO-8601 instant/,
    );
    expect(parseAuditContext({ actor: 'am-7', at: '2026-01-05T09:00:00+08:00', reason: 'x' }).at).toEqual(
      new Date('2026-01-05T01:00:00Z'),
    );
  });
});
