import { isKehuError } from '@kehu/core';
import { createMemoryStorage } from '@kehu/storage-memory';
import { describe, expect, it } from 'vitest';
import { createKehu } from './kehu.js';

const at = '2025-01-02T09:00:00+08:00';
const ctx = { actor: 'am-1', at, reason: 'test' };

async function seeded() {
  const kehu = createKehu({ storage: createMemoryStorage() });
  await kehu.customers.create({ id: 'c-1', kind: 'person', name: '客户', status: 'active', createdAt: at }, ctx);
  await kehu.transactions.import([{ id: 't-1', customerId: 'c-1', occurredAt: at, amount: '10', currency: 'CNY' }]);
  return kehu;
}

async function pathOf(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isKehuError(error), String(error)).toBe(true);
  return (error as { path?: unknown }).path;
}

describe('kehu.churn arguments: junk in a nested source is refused with the path of the field', () => {
  it('score: model.fit, model.period and model.zone', async () => {
    const kehu = await seeded();
    const asOf = '2025-06-01T00:00:00Z';
    const fit = { model: 'bg-nbd', params: { r: 1, alpha: 1, a: 1, b: 1 } };
    const score = (model: unknown) => kehu.churn.score({ asOf, model: model as never });
    expect(await pathOf(score({ fit: 'junk', period: 'week' }))).toEqual(['model', 'fit']);
    expect(await pathOf(score({ fit, period: 'fortnight' }))).toEqual(['model', 'period']);
    expect(await pathOf(score({ fit, period: 10n }))).toEqual(['model', 'period']);
    expect(await pathOf(score({ fit, period: 'week', zone: 'Mars/Olympus' }))).toEqual(['model', 'zone']);
    expect(await pathOf(score({ fit, period: 'week', zone: 8n }))).toEqual(['model', 'zone']);
  });

  it('report and fit: a zone that is not an IANA zone name, a bigint or a cyclic object', async () => {
    const kehu = await seeded();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const zone of ['Mars/Olympus', 8n, cyclic]) {
      const report = kehu.churn.report({ from: at, to: '2025-06-01T00:00:00Z', period: 'month', zone: zone as never });
      expect(await pathOf(report)).toEqual(['zone']);
      const fit = kehu.churn.fit({ calibrationEnd: at, observationEnd: '2025-06-01', zone: zone as never });
      expect(await pathOf(fit)).toEqual(['zone']);
    }
  });
});
