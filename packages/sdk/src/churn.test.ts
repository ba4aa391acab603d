import { chinaCalendar } from '@kehu/calendar';
import { isKehuError } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { createKehu } from './kehu.js';
import { createMemoryKeyProvider } from './privacy/key-provider.js';
import { storesUnderTest } from './stores.fixture.js';

const ctx = { actor: 'am-1', at: '2025-01-02T09:00:00+08:00', reason: 'test' };
const DAY = 86_400_000;
const start = Date.parse('2025-01-06T02:00:00Z');

/**
 * 60 customers buying every 14 days through 2025; every third one stops in July (a churner), and
 * c-00 has an open complaint. Scores at 2025-12-31.
 */
async function seeded(open: () => Promise<import('@kehu/storage').KehuStorage>, keys = false) {
  const kehu = createKehu({ storage: await open(), ...(keys ? { keys: createMemoryKeyProvider() } : {}) });
  const transactions = [];
  for (let i = 0; i < 60; i++) {
    const id = `c-${String(i).padStart(2, '0')}`;
    await kehu.customers.create(
      { id, kind: 'person', name: `客户${i}`, status: 'active', createdAt: ctx.at, owner: i % 2 ? 'am-1' : 'am-2' },
      ctx,
    );
    const stops = i % 3 === 0 ? Date.parse('2025-07-01T00:00:00Z') : Date.parse('2026-01-01T00:00:00Z');
    for (let n = 0, at = start + (i % 7) * DAY; at < stops; n++, at += 14 * DAY)
      transactions.push({
        id: `t-${id}-${n}`,
        customerId: id,
        occurredAt: new Date(at).toISOString(),
        amount: String(100 + (i % 5) * 10),
        currency: 'CNY',
      });
  }
  await kehu.transactions.import(transactions);
  await kehu.complaints.open(
    {
      id: 'k-1',
      customerId: 'c-00',
      occurredAt: '2025-12-20T09:00:00+08:00',
      receivedAt: '2025-12-20T10:00:00+08:00',
      channel: 'phone',
      category: 'service',
      content: '送货太慢',
    },
    'agent-1',
  );
  return kehu;
}

const asOf = '2025-12-31T18:00:00+08:00';

describe.each(storesUnderTest('churn'))('kehu.churn on %s (rules CH-1 to CH-7)', (_name, open) => {
  it('CH-1 to CH-3: scores every customer, stores each with its explanation, raises an alert once', async () => {
    const kehu = await seeded(open);
    const preview = await kehu.churn.score({ asOf, sla: { calendar: chinaCalendar() } });
    expect(preview.scored).toBe(60);
    expect(preview.recorded).toBe(0);
    expect(await kehu.churn.current('c-00')).toBeNull();
    // The customers who stopped buying in July carry the highest scores.
    expect(preview.top.slice(0, 10).every((r) => Number(r.customerId.slice(2)) % 3 === 0)).toBe(true);
    const first = await kehu.churn.score({ asOf, sla: { calendar: chinaCalendar() }, record: { actor: 'system' } });
    expect(first.recorded).toBe(60);
    expect(first.alerts.length).toBeGreaterThan(0);
    expect(first.alerts.every((a) => a.rules.includes('CH-3') && a.playbook !== null)).toBe(true);
    const stored = await kehu.churn.current('c-00');
    expect(stored?.record.alert).toBe(true);
    expect(stored?.record.explanation).toMatchObject({ customerId: 'c-00', rules: expect.arrayContaining(['CH-2']) });
    const explanation = stored!.record.explanation as { factors: Array<{ factor: string }> };
    const factors = explanation.factors.map((f) => f.factor);
    expect(factors).toContain('openComplaints');
    // The same moment again: nothing is raised twice, and nothing is written (a retried job changes nothing).
    const again = await kehu.churn.score({ asOf, sla: { calendar: chinaCalendar() }, record: { actor: 'system' } });
    expect(again.alerts).toEqual([]);
    expect(again).toMatchObject({ recorded: 0, unchanged: 60 });
    expect(await kehu.churn.history('c-00')).toHaveLength(1);
    // A later moment appends a score; the customer stays in the band, so no alert again.
    const later = await kehu.churn.score({
      asOf: '2026-01-05T18:00:00+08:00',
      sla: { calendar: chinaCalendar() },
      record: { actor: 'system' },
    });
    expect(later.recorded).toBe(60);
    expect(later.alerts.filter((a) => a.customerId === 'c-00')).toEqual([]);
    expect(await kehu.churn.history('c-00')).toHaveLength(2);
    expect((await kehu.churn.current('c-00'))?.record.alert).toBe(false);
    const page = await kehu.churn.list({ limit: 5 });
    expect(page.items.map((v) => v.record.customerId)).toEqual(['c-00', 'c-01', 'c-02', 'c-03', 'c-04']);
    const audit = await kehu.audit.list({ entity: 'churn-score', entityId: 'c-00' });
    expect(audit.items).toHaveLength(2);
  });

  it('CH-4, CH-7: an exit marks the customer lost once, feeds the report and a win-back request', async () => {
    const kehu = await seeded(open);
    const exit = {
      id: 'x-1',
      customerId: 'c-03',
      leftAt: '2025-11-15T10:00:00+08:00',
      reason: 'price.competitor-cheaper',
      detail: '竞争对手报价低 15%',
      settlement: 'settled',
      lessons: 'quote faster for repeat orders',
      ownerId: 'am-1',
      recordedBy: 'am-1',
      recordedAt: '2025-11-16T10:00:00+08:00',
    } as const;
    const first = await kehu.churn.recordExit(exit, ctx);
    expect(first.created).toBe(true);
    expect((await kehu.customers.get('c-03'))?.record.status).toBe('lost');
    const repeat = await kehu.churn.recordExit(exit, ctx);
    expect(repeat.created).toBe(false);
    await expect(kehu.churn.recordExit({ ...exit, id: 'x-2', reason: 'weather' }, ctx)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const report = await kehu.churn.report({ from: '2025-10-01T00:00:00+08:00', to: asOf, period: 'quarter' });
    const q4 = report.periods.at(-1)!;
    expect(q4.exits).toBe(1);
    const plan = await kehu.churn.winBacks({ asOf });
    expect(plan.requests).toMatchObject([{ customerId: 'c-03', exitId: 'x-1', purpose: 'win-back' }]);
    expect((await kehu.churn.exits({ from: '2025-01-01T00:00:00Z' })).items).toHaveLength(1);
    // A lost customer is no longer scored.
    expect((await kehu.churn.score({ asOf })).scored).toBe(59);
  });

  it('fits BG/NBD to the stored transactions and checks the risk score on a holdout', async () => {
    const kehu = await seeded(open);
    const fitted = await kehu.churn.fit({ calibrationEnd: '2025-09-30', observationEnd: '2025-12-31' });
    expect(fitted.fit.model).toBe('bg-nbd');
    expect(fitted.customers).toBe(60);
    expect(Number.isFinite(fitted.fit.logLikelihood)).toBe(true);
    expect(fitted.holdout.total.customers).toBe(60);
    const withModel = await kehu.churn.score({ asOf, model: { fit: fitted.fit, period: 'week' } });
    expect(withModel.top[0]?.factors.map((f) => f.factor)).toContain('modelDropout');
    const window = { calibrationEnd: '2025-08-31T23:59:59+08:00', observationEnd: '2025-12-31T23:59:59+08:00' };
    const check = await kehu.churn.backtest({ ...window, outcome: 'no-purchase' });
    expect(check.n).toBe(60);
    expect(check.positives).toBe(20);
    expect(check.auc.value).toBeGreaterThan(0.9);
    // Confirmed churn: the customers marked dormant, and the one whose exit falls in the holdout.
    for (const id of ['c-03', 'c-06']) await kehu.customers.update(id, (c) => ({ ...c, status: 'dormant' }), ctx);
    await kehu.churn.recordExit(
      {
        id: 'x-9',
        customerId: 'c-09',
        leftAt: '2025-10-01T10:00:00+08:00',
        reason: 'price.too-high',
        settlement: 'settled',
        recordedBy: 'am-1',
        recordedAt: '2025-10-02T10:00:00+08:00',
      },
      ctx,
    );
    const confirmed = await kehu.churn.backtest(window);
    expect(confirmed.positives).toBe(3);
    expect(confirmed.outcome.en).toMatch(/^status lost or dormant/);
  });
});

describe('kehu.churn with encryption (personal data)', () => {
  it('seals the words of an exit and exports exits and scores with the person', async () => {
    const open = storesUnderTest('churn_sealed')[1]![1];
    const kehu = await seeded(open, true);
    await kehu.churn.score({ asOf, record: { actor: 'system' } });
    await kehu.churn.recordExit(
      {
        id: 'x-1',
        customerId: 'c-03',
        leftAt: '2025-11-15T10:00:00+08:00',
        reason: 'service.slow-response',
        detail: '王先生说回电太慢',
        settlement: 'pending',
        recordedBy: 'am-1',
        recordedAt: '2025-11-16T10:00:00+08:00',
      },
      ctx,
    );
    const raw = await kehu.storage.exits.get('x-1');
    expect(JSON.stringify(raw)).not.toContain('王先生');
    expect((await kehu.churn.exits()).items[0]?.detail).toBe('王先生说回电太慢');
    const copy = await kehu.customers.exportData('c-03');
    expect(copy.exits).toHaveLength(1);
    expect(JSON.stringify(copy.exits)).toContain('王先生');
    expect(copy.churnScores).toHaveLength(1);
    expect(copy.audit.some((e) => (e as { entity: string }).entity === 'exit')).toBe(true);
  });

  it('refuses bad options with a typed error naming the field', async () => {
    const open = storesUnderTest('churn_bad')[0]![1];
    const kehu = await seeded(open);
    for (const bad of [{ asOf: 'yesterday' }, { asOf, top: -1 }, { asOf, policy: { bands: 'x' } }]) {
      const error = await kehu.churn.score(bad as never).catch((e: unknown) => e);
      expect(isKehuError(error)).toBe(true);
    }
  });
});
