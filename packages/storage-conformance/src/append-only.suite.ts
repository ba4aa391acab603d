import { surveyResponseToJson, transactionToJson } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { collect, expectConflict, walk } from './expect-error.js';
import { fixtureInstant, sampleSurveyResponse, sampleTransaction } from './fixtures.js';
import type { Harness } from './harness.js';

/** Transactions (rule AR-6) and survey responses (rule SA-1): idempotent, atomic appends. */
export function appendOnlySuite(h: Harness): void {
  describe('transactions: idempotent, atomic appends (rule AR-6)', () => {
    const batch = () => [
      sampleTransaction('t-1', 'c-1', 0),
      sampleTransaction('t-2', 'c-1', 5, { kind: 'refund', amount: '20.00', relatesTo: 't-1' }),
      sampleTransaction('t-3', 'c-2', 1, { kind: 'return', amount: '0.0001' }),
    ];

    it('reads a missing transaction as null and an empty log as []', async () => {
      const s = await h.open();
      expect(await s.transactions.get('t-1')).toBeNull();
      expect(await s.transactions.list()).toEqual({ items: [], nextCursor: null });
      expect(await s.transactions.list({ customerId: 'c-1' })).toEqual({ items: [], nextCursor: null });
      expect(await s.transactions.count()).toBe(0);
      expect(await s.transactions.append([])).toEqual({ inserted: 0, duplicates: 0 });
    });

    it('replaying a batch changes nothing and reports duplicates', async () => {
      const s = await h.open();
      expect(await s.transactions.append(batch())).toEqual({ inserted: 3, duplicates: 0 });
      const before = (await s.transactions.list()).items.map((t) => transactionToJson(t));
      expect(await s.transactions.append(batch())).toEqual({ inserted: 0, duplicates: 3 });
      expect(await s.transactions.append([...batch(), sampleTransaction('t-4', 'c-3')])).toEqual({
        inserted: 1,
        duplicates: 3,
      });
      expect(await s.transactions.count()).toBe(4);
      expect(
        (await s.transactions.list()).items.filter((t) => t.id !== 't-4').map((t) => transactionToJson(t)),
      ).toEqual(before);
    });

    it('counts a repeated id inside one batch as a duplicate', async () => {
      const s = await h.open();
      expect(await s.transactions.append([sampleTransaction('t-1', 'c-1'), sampleTransaction('t-1', 'c-1')])).toEqual({
        inserted: 1,
        duplicates: 1,
      });
      expect(await s.transactions.count()).toBe(1);
    });

    it('refuses a whole batch when one id is stored with different content', async () => {
      const s = await h.open();
      await s.transactions.append(batch());
      await expectConflict(
        s.transactions.append([
          sampleTransaction('t-9', 'c-9'),
          sampleTransaction('t-2', 'c-1', 5, { kind: 'refund', amount: '20.01', relatesTo: 't-1' }),
        ]),
        undefined,
        't-2',
      );
      expect(await s.transactions.get('t-9')).toBeNull();
      expect(await s.transactions.count()).toBe(3);
      expect((await s.transactions.get('t-2'))!.amount.eq('20.00')).toBe(true);
    });

    it('refuses a batch whose own records disagree on an id, writing none of it', async () => {
      const s = await h.open();
      await expectConflict(
        s.transactions.append([
          sampleTransaction('t-1', 'c-1'),
          sampleTransaction('t-1', 'c-1', 0, { amount: '1.00' }),
        ]),
      );
      expect(await s.transactions.count()).toBe(0);
    });

    it('orders by (customerId, occurredAt, id) and filters by customer and [from, to)', async () => {
      const s = await h.open();
      await s.transactions.append([
        sampleTransaction('t-b', 'c-2', 10),
        sampleTransaction('t-a', 'c-2', 10),
        sampleTransaction('t-c', 'c-1', 30),
        sampleTransaction('t-d', 'c-1', 20),
        sampleTransaction('t-e', 'c-10', 0),
      ]);
      expect((await s.transactions.list()).items.map((t) => t.id)).toEqual(['t-d', 't-c', 't-e', 't-a', 't-b']);
      expect((await collect(s.transactions.stream({ customerId: 'c-2' }))).map((t) => t.id)).toEqual(['t-a', 't-b']);
      const window = { from: fixtureInstant(10), to: fixtureInstant(30) };
      expect((await walk((r) => s.transactions.list(window, r), 1)).map((t) => t.id)).toEqual(['t-d', 't-a', 't-b']);
      expect(await s.transactions.count(window)).toBe(3);
      expect(await s.transactions.count({ customerId: 'c-1', from: fixtureInstant(20) })).toBe(2);
      expect(await s.transactions.count({ customerId: 'c-1', to: fixtureInstant(20) })).toBe(0);
      expect(await s.transactions.count({ customerId: 'nobody' })).toBe(0);
    });
  });

  describe('survey responses: idempotent, atomic appends (rule SA-1)', () => {
    it('appends idempotently, refuses different content atomically, filters and orders by id', async () => {
      const s = await h.open();
      expect(await s.surveyResponses.get('s-1')).toBeNull();
      expect(await s.surveyResponses.list()).toEqual({ items: [], nextCursor: null });
      const batch = [
        sampleSurveyResponse('s-2', 'c-1', 'nps-1', { answers: { nps: 9 } }),
        sampleSurveyResponse('s-1', 'c-2', 'csat-1'),
        sampleSurveyResponse('s-3', 'c-1', 'csat-1', { channel: 'offline' }),
      ];
      expect(await s.surveyResponses.append(batch)).toEqual({ inserted: 3, duplicates: 0 });
      expect(await s.surveyResponses.append(batch)).toEqual({ inserted: 0, duplicates: 3 });
      await expectConflict(
        s.surveyResponses.append([
          sampleSurveyResponse('s-4', 'c-4'),
          sampleSurveyResponse('s-1', 'c-2', 'csat-1', { answers: { csat: 1 } }),
        ]),
      );
      expect(await s.surveyResponses.get('s-4')).toBeNull();
      expect((await s.surveyResponses.list()).items.map((r) => r.id)).toEqual(['s-1', 's-2', 's-3']);
      expect((await collect(s.surveyResponses.stream({ customerId: 'c-1' }))).map((r) => r.id)).toEqual(['s-2', 's-3']);
      expect((await walk((r) => s.surveyResponses.list({ surveyId: 'csat-1' }, r), 1)).map((r) => r.id)).toEqual([
        's-1',
        's-3',
      ]);
      expect(await s.surveyResponses.count({ surveyId: 'csat-1', customerId: 'c-1' })).toBe(1);
      expect(surveyResponseToJson((await s.surveyResponses.get('s-3'))!)).toEqual(surveyResponseToJson(batch[2]!));
    });
  });
}
