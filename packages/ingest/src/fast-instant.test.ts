import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsvInstant, parseInstantBytes } from './fast-instant.js';

describe('parseCsvInstant', () => {
  it('agrees with Date.parse on ISO instants with an offset (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (date, offsetMinutes) => {
          const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const hh = String(Math.floor(abs / 60)).padStart(2, '0');
          const text = `${local}${sign}${hh}:${String(abs % 60).padStart(2, '0')}`;
          expect(parseCsvInstant(text)).toBe(Date.parse(text));
          expect(parseCsvInstant(date.toISOString())).toBe(date.getTime());
        },
      ),
    );
  });
  it('reads dates as midnight UTC and refuses bad or zone-less values', () => {
    expect(parseCsvInstant('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseCsvInstant('2026-01-05 10:00:00+08:00')).toBe(Date.parse('2026-01-05T10:00:00+08:00'));
    for (const bad of ['2023-02-29', '2026-13-01', '2026-01-05T10:00:00', 'yesterday', '', '2026-01-05T25:00:00Z'])
      expect(parseCsvInstant(bad)).toBeUndefined();
    const beyond = Buffer.from('2026-01-05T10:00:00+24:00');
    expect(parseInstantBytes(beyond, 0, beyond.length)).toBeNaN();
    expect(parseCsvInstant('2026-01-05T10:00:00+24:00')).toBeUndefined();
  });
});

describe('parseInstantBytes', () => {
  it('agrees with parseCsvInstant wherever it answers, and answers for the usual shapes (property)', () => {
    const text = fc.oneof(
      fc
        .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString()),
      fc
        .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      fc
        .tuple(
          fc.date({
            noInvalidDate: true,
            min: new Date('2000-01-01T00:00:00Z'),
            max: new Date('2100-01-01T00:00:00Z'),
          }),
          fc.integer({ min: 0, max: 3 }),
          fc.constantFrom('Z', '+08:00', '-05:30', '+0800', ''),
        )
        .map(([d, digits, zone]) => `${d.toISOString().slice(0, 19 + (digits > 0 ? digits + 1 : 0))}${zone}`),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(text, (s) => {
        const bytes = Buffer.from(`,${s},`, 'utf8');
        const got = parseInstantBytes(bytes, 1, bytes.length - 1);
        if (Number.isNaN(got))
          expect(
            /^\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d(\.\d{1,3})?(Z|[+-]\d\d:\d\d))?$/.test(s) &&
              parseCsvInstant(s) !== undefined,
          ).toBe(false);
        else expect(got).toBe(parseCsvInstant(s));
      }),
    );
  });
});
