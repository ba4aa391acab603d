import { KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { SAMPLE_SERVICE_QUALITY_INDICATORS, sampleServiceQualityColumns } from './service-quality-columns.js';

describe('sampleServiceQualityColumns (SA-3, SA-4 benchmark data)', () => {
  it('SA-3: the same options give the same columns; every score is an integer 1-5 or NaN', () => {
    const a = sampleServiceQualityColumns({ seed: 7, responses: 5000 });
    expect(sampleServiceQualityColumns({ seed: 7, responses: 5000 })).toEqual(a);
    expect(sampleServiceQualityColumns({ seed: 8, responses: 5000 }).answeredAt).not.toEqual(a.answeredAt);
    expect(a.ids[0]).toBe('s-0');
    expect(a.teams.names).toHaveLength(20);
    expect(a.agents.names).toHaveLength(200);
    let missing = 0;
    for (const key of SAMPLE_SERVICE_QUALITY_INDICATORS)
      for (const v of a.scores[key]) {
        if (Number.isNaN(v)) missing++;
        else expect(Number.isInteger(v) && v >= 1 && v <= 5).toBe(true);
      }
    expect(missing / (5000 * 7)).toBeGreaterThan(0.06);
    expect(missing / (5000 * 7)).toBeLessThan(0.1);
  });

  it('SA-4: agents belong to their team, sources are 0-2, answers fall in the span', () => {
    const c = sampleServiceQualityColumns({ responses: 2000, teams: 3, agentsPerTeam: 4, days: 10 });
    const from = Date.parse('2025-04-01T00:00:00+08:00');
    for (let i = 0; i < 2000; i++) {
      expect(c.agents.names[c.agents.codes[i]!]!.startsWith(`agent-${c.teams.codes[i]}-`)).toBe(true);
      expect(c.sources[i]).toBeLessThanOrEqual(2);
      expect(c.answeredAt[i]).toBeGreaterThanOrEqual(from);
      expect(c.answeredAt[i]).toBeLessThan(from + 10 * 86_400_000);
    }
    const shares = [0, 0, 0];
    for (const s of c.sources) shares[s]!++;
    expect(shares[0]! / 2000).toBeCloseTo(0.8, 1);
  });

  it('refuses bad options with their path', () => {
    expect(() => sampleServiceQualityColumns({ responses: -1 })).toThrow(KehuValidationError);
    expect(() => sampleServiceQualityColumns({ responses: 1, teams: 0 })).toThrow(
      expect.objectContaining({ path: ['teams'] }),
    );
  });
});
