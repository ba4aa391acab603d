import { describe, expect, it } from 'vitest';
import { parseAsOf } from './main.js';

describe('KEHU_AS_OF', () => {
  it('reads a day as its end in Beijing time, or an ISO-8601 instant with an offset', () => {
    expect(parseAsOf('2026-06-30').toISOString()).toBe('2026-06-30T15:59:59.999Z');
    expect(parseAsOf('2026-03-02T10:00:00+08:00').toISOString()).toBe('2026-03-02T02:00:00.000Z');
  });

  it('refuses anything else with the variable as the path', () => {
    for (const bad of ['tomorrow', '2026-06-30T10:00:00', '2026-13-01'])
      expect(() => parseAsOf(bad)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED', path: ['KEHU_AS_OF'] }),
      );
  });
});
