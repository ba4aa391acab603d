import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInstant } from './instant.js';

describe('parseInstant (the instant rule)', () => {
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
          const mm = String(abs % 60).padStart(2, '0');
          expect(parseInstant(`${local}${sign}${hh}:${mm}`)).toBe(date.getTime());
          expect(parseInstant(`${local}${sign}${hh}${mm}`)).toBe(date.getTime());
          expect(parseInstant(date.toISOString())).toBe(date.getTime());
        },
      ),
    );
  });

  it('reads a bare date only when asked, as midnight UTC', () => {
    expect(parseInstant('2024-02-29')).toBeUndefined();
    expect(parseInstant('2024-02-29', { dateOnly: true })).toBe(Date.UTC(2024, 1, 29));
    expect(parseInstant('2026-01-05 10:00:00+08:00')).toBe(Date.parse('2026-01-05T10:00:00+08:00'));
    expect(parseInstant('2026-01-05T10:00+08:00')).toBe(Date.parse('2026-01-05T10:00:00+08:00'));
  });

  it('refuses bad dates, bad times and local times without an offset', () => {
    const bad = ['2023-02-29', '2026-13-01', '2026-01-05T10:00:00', 'yesterday', '', '2026-01-05T25:00:00Z'];
    for (const text of [...bad, '2026-01-05T10:00:00.Z', '2026-01-05T10:00:00+24:00', '2026-01-05T10:00:00+08'])
      expect(parseInstant(text, { dateOnly: true })).toBeUndefined();
  });
});
