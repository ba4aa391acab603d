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
  it('grades every customer from the store, applies the changes with audit entries, and holds them on a rerun', async () => {
    const kehu = createKehu({ storage: createMemoryStorage() });
    await kehu.transactions.import([
      ...rows,
      { id: 'old', customerId: 'c-old', occurredAt: '2024-01-01T00:00:00Z', amount: '999999.00', currency: 'CNY' },
    ]);
    const first = await kehu.value.regradeAll({
      asOf,
      apply: { actor: 'regrader', reason: 'quarterly re-grading (GR-4)' },
    });
    expect(first.evaluation.grades.some((g) => g.customerId === 'c-old')).toBe(false); // outside the 365-day window (GR-2)
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
    const kehu = createKehu({ storage: createMemoryStorage() });
    await kehu.transactions.import(rows);
    const res = await kehu.value.scoreRfm({ asOf });
    expect(res.scores).toHaveLength(60);
    expect(res.scores[0]).toMatchObject({ customerId: 'c-00', r: 5, m: 5 });
    await expect(kehu.value.regradeAll({ asOf: new Date(Number.NaN) })).rejects.toMatchObject({ path: ['asOf'] });
  });
});
