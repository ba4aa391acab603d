import { KehuValidationError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { checkServiceQualityColumns, NO_GROUP, toServiceQualityColumns } from './service-quality-columns.js';

const at = new Date('2026-04-01T10:00:00+08:00');

describe('service-quality columns (SA-3, SA-4)', () => {
  it('SA-4: objects become columns; names become codes in code-point order; unanswered is NaN', () => {
    const c = toServiceQualityColumns([
      { id: 'x', answeredAt: at, source: 'internal', team: 'b', agent: null, scores: { attitude: 4 } },
      { id: 'y', answeredAt: at, source: 'self', team: 'B', scores: { attitude: null, innovation: 2 } },
    ]);
    expect(c.ids).toEqual(['x', 'y']);
    expect([...c.sources]).toEqual([1, 2]);
    expect([...c.answeredAt]).toEqual([at.getTime(), at.getTime()]);
    expect([...c.scores.attitude!]).toEqual([4, Number.NaN]);
    expect([...c.scores.innovation!]).toEqual([Number.NaN, 2]);
    expect(c.scores.expertise).toBeUndefined();
    const { teams, agents } = checkServiceQualityColumns(c);
    expect(teams.names).toEqual(['B', 'b']);
    expect([...teams.codes]).toEqual([1, 0]);
    expect([...agents.codes]).toEqual([NO_GROUP, NO_GROUP]);
  });

  it('SA-4: malformed responses and columns are KehuValidationErrors with the path', () => {
    const bad = (f: () => unknown, path: unknown[]) => {
      expect(f).toThrow(KehuValidationError);
      expect(f).toThrow(expect.objectContaining({ path }));
    };
    const ok = { id: 'x', answeredAt: at, source: 'customer' as const, scores: {} };
    bad(() => toServiceQualityColumns([ok, { ...ok, answeredAt: new Date(Number.NaN) }]), [1, 'id']);
    bad(() => toServiceQualityColumns([{ ...ok, answeredAt: new Date(Number.NaN) }]), [0, 'answeredAt']);
    bad(() => toServiceQualityColumns([{ ...ok, scores: { attitude: '4' as never } }]), [0, 'scores', 'attitude']);
    bad(() => toServiceQualityColumns([{ ...ok, scores: { speed: 4 } as never }]), [0, 'scores', 'speed']);
    bad(() => toServiceQualityColumns([{ ...ok, team: 7 as never }]), [0, 'team']);
    const c = toServiceQualityColumns([ok]);
    bad(() => checkServiceQualityColumns({ ...c, teams: ['a', 'b'] }), ['teams']);
    bad(
      () => checkServiceQualityColumns({ ...c, agents: { codes: new Uint32Array(1), names: ['a', 'a'] } }),
      ['agents', 'names', 1],
    );
    bad(() => checkServiceQualityColumns({ ...c, sources: [0] as never }), ['sources']);
  });
});
