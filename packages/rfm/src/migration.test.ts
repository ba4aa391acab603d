import { describe, expect, it } from 'vitest';
import { migrationMatrix, NONE } from './migration.js';

describe('migrationMatrix', () => {
  it('counts moves between segments, with entries and exits as (none)', () => {
    const m = migrationMatrix(
      [
        { customerId: 'a', segment: 'loyal' },
        { customerId: 'b', segment: 'loyal' },
        { customerId: 'c', segment: 'at-risk' },
      ],
      [
        { customerId: 'a', segment: 'loyal' },
        { customerId: 'b', segment: 'at-risk' },
        { customerId: 'd', segment: 'new' },
      ],
    );
    expect(m.segments).toEqual(['at-risk', 'loyal', 'new', NONE]);
    expect(m.counts).toEqual([
      [0, 0, 0, 1],
      [1, 1, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 1, 0],
    ]);
    expect([m.stayed, m.moved]).toEqual([1, 3]);
    expect(migrationMatrix([], [])).toEqual({ segments: [], counts: [], stayed: 0, moved: 0 });
  });
});
