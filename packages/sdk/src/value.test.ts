import { KehuConflictError } from '@kehu/core';
import type { KehuStorage } from '@kehu/storage';
import { createMemoryStorage } from '@kehu/storage-memory';
import { describe, expect, it } from 'vitest';
import { createKehu } from './kehu.js';

const asOf = new Date('2026-06-30T16:00:00Z');
const rows = Array.from({ length: 60 }, (_, i) => ({
  id: `t-${i}`,
  customerId: `c-${String(i).padStart(2, '0')}`,
  occurredAt: new Date(asOf.getTime() - (i + 1) * 86_400_000),
  amount: `${(60 - i) * 1000}.00`,
  currency: 'CNY',
}));

describe('value use cases (rules RF-1, GR-1, GR-2, GR-4)', () => {
  it('grades every customer from the store, applies the changes audited, and holds them on a rerun', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), requireKnownCustomers: false });
    await kehu.transactions.import([
      ...rows,
      { id: 'old', customerId: 'c-old', occurredAt: '2024-01-01T00:00:00Z', amount: '999999.00', currency: 'CNY' },
    ]);
    const first = await kehu.value.regradeAll({
      asOf,
      apply: { actor: 'regrader', reason: 'quarterly re-grading (GR-4)' },
    });
    // Outside the 365-day window (GR-2).
    expect(first.evaluation.grades.some((g) => g.customerId === 'c-old')).toBe(false);
    expect(first.applied).toBe(60);
    expect((await kehu.grades.current('c-00'))!.record.tier).toBe('diamond');
    expect((await kehu.grades.current('c-59'))!.record.tier).toBe('regular');
    expect((await kehu.audit.list({ entity: 'grade', entityId: 'c-00' })).items[0]).toMatchObject({
      actor: 'regrader',
      reason: 'quarterly re-grading (GR-4)',
    });
    const again = await kehu.value.regradeAll({ asOf, apply: { actor: 'regrader', reason: 'again' } });
    expect(again.applied).toBe(0);
    expect(again.result.holds).toHaveLength(60);
    expect(await kehu.grades.history('c-00')).toHaveLength(1);
  });

  it('scores RFM from the store summaries', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), requireKnownCustomers: false });
    await kehu.transactions.import(rows);
    const res = await kehu.value.scoreRfm({ asOf });
    expect(res.scores).toHaveLength(60);
    expect(res.scores[0]).toMatchObject({ customerId: 'c-00', r: 5, m: 5 });
    await expect(kehu.value.regradeAll({ asOf: new Date(Number.NaN) })).rejects.toMatchObject({ path: ['asOf'] });
  });
});

describe('regradeAll writes atomically, retries on conflicts, and takes its window from the policy', () => {
  const apply = { actor: 'regrader', reason: 'quarterly re-grading (GR-4)' };

  it('grades over the policy window (windowDays), not a fixed year', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), requireKnownCustomers: false });
    await kehu.transactions.import(rows);
    const run = await kehu.value.regradeAll({ asOf, policy: { windowDays: 30 } });
    expect(run.evaluation.grades.map((g) => g.customerId)).toEqual(rows.slice(0, 30).map((r) => r.customerId));
    await expect(kehu.value.regradeAll({ asOf, policy: { windowDays: 0 } })).rejects.toMatchObject({
      code: 'POLICY_INVALID',
      path: ['windowDays'],
    });
  });

  it('writes no grade at all when a write fails part-way', async () => {
    const storage = createMemoryStorage();
    let writes = 0;
    const failing: KehuStorage = {
      ...storage,
      withTransaction: (fn) =>
        storage.withTransaction((tx) =>
          fn({
            ...tx,
            grades: {
              ...tx.grades,
              assign: async (...args) => {
                if (++writes === 30) throw new Error('disk full');
                return tx.grades.assign(...args);
              },
            },
          }),
        ),
    };
    const kehu = createKehu({ storage: failing, requireKnownCustomers: false });
    await kehu.transactions.import(rows);
    await expect(kehu.value.regradeAll({ asOf, apply })).rejects.toThrow('disk full');
    expect(await kehu.grades.current('c-00')).toBeNull();
    expect((await kehu.audit.list({ entity: 'grade' })).items).toEqual([]);
  });

  it('reruns on fresh grades after a version conflict', async () => {
    const storage = createMemoryStorage();
    let raced = false;
    const racing: KehuStorage = {
      ...storage,
      withTransaction: (fn) =>
        storage.withTransaction((tx) =>
          fn({
            ...tx,
            grades: {
              ...tx.grades,
              assign: async (assignment, expectedVersion, context) => {
                if (!raced) {
                  raced = true;
                  throw new KehuConflictError('grade', assignment.customerId, 'another writer was first');
                }
                return tx.grades.assign(assignment, expectedVersion, context);
              },
            },
          }),
        ),
    };
    const kehu = createKehu({ storage: racing, requireKnownCustomers: false });
    await kehu.transactions.import(rows);
    const run = await kehu.value.regradeAll({ asOf, apply });
    expect(raced).toBe(true);
    expect(run.applied).toBe(60);
    expect(await kehu.grades.history('c-00')).toHaveLength(1);
  });
});
