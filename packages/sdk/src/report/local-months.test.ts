import { describe, expect, it } from 'vitest';
import { addLocalMonths, localMonths } from './local-months.js';

describe('local months', () => {
  it('moves by calendar months at the same wall time, clamping the day', () => {
    const t = new Date('2026-06-30T15:59:59.999Z'); // 23:59:59.999 on 30 June in Shanghai
    expect(addLocalMonths(t, -3, 'Asia/Shanghai').toISOString()).toBe('2026-03-30T15:59:59.999Z');
    expect(addLocalMonths(t, -12, 'Asia/Shanghai').toISOString()).toBe('2025-06-30T15:59:59.999Z');
    expect(addLocalMonths(new Date('2026-05-31T02:00:00Z'), -3, 'Asia/Shanghai').toISOString()).toBe(
      '2026-02-28T02:00:00.000Z',
    );
  });

  it('keeps the wall time across a DST change', () => {
    // 12:00 in New York on 1 May (EDT, −4) three months back is 12:00 on 1 February (EST, −5).
    expect(addLocalMonths(new Date('2026-05-01T16:00:00Z'), -3, 'America/New_York').toISOString()).toBe(
      '2026-02-01T17:00:00.000Z',
    );
  });

  it('lists the local months overlapping a range', () => {
    const months = localMonths(new Date('2025-06-30T16:00:00Z'), new Date('2026-06-30T16:00:00Z'), 'Asia/Shanghai');
    expect(months.map((m) => m.key)).toEqual([
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
    expect(months[0]!.start.toISOString()).toBe('2025-06-30T16:00:00.000Z');
    expect(months.at(-1)!.end.toISOString()).toBe('2026-06-30T16:00:00.000Z');
    expect(localMonths(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'), 'UTC')).toEqual([]);
  });
});
