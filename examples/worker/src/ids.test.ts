import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkKey, firedId, stableJobId } from './ids.js';

describe('worker ids', () => {
  it('a stable job id is a UUID that depends on the key alone', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const id = stableJobId(a);
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(stableJobId(a)).toBe(id);
        if (a !== b) expect(stableJobId(b)).not.toBe(id);
      }),
    );
  });

  it('fired ids and check keys name the complaint, the action and the instant', () => {
    expect(firedId('k-1', 'escalation', '1:intake')).toBe('k-1/escalation/1:intake');
    expect(checkKey('k-1', new Date('2026-01-05T01:00:00Z'))).toBe('k-1@2026-01-05T01:00:00.000Z');
  });
});
