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
    expect(z.decode(decimalCodec, '123456789012345678901234.5678').toString()).toBe('123456789012345678901234.5678');
    expect(z.decode(decimalCodec, 0.5)).toBeInstanceOf(Decimal);
    expect(decimalCodec.safeParse(0.1).success).toBe(false);
    expect(decimalCodec.safeParse('1e').success).toBe(false);
    expect(nonNegativeDecimalCodec.safeParse('-0.01').success).toBe(false);
  });
  it('checks ids, currencies and birthdays', () => {
    expect(idSchema.safeParse('').success).toBe(false);
    expect(idSchema.safeParse('x'.repeat(257)).success).toBe(false);
    expect(currencySchema.safeParse('CNY').success).toBe(true);
    expect(currencySchema.safeParse('XYZ1').success).toBe(false);
    expect(birthdaySchema.safeParse('--02-29').success).toBe(true);
    expect(birthdaySchema.safeParse('--02-30').success).toBe(false);
    expect(birthdaySchema.safeParse('1990-05-12').success).toBe(true);
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
