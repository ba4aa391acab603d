import {
  type ChurnBand,
  type ChurnScoreRecord,
  churnScoreRecordToJson,
  type CustomerExit,
  customerExitToJson,
  type KehuValidationError,
  parseChurnScoreRecord,
  parseCustomerExit,
} from '@kehu/core';
import { type KehuRepositories, rebuildRecord } from '@kehu/storage';
import { describe, expect, it } from 'vitest';
import { codePointSort, collect, expectConflict, expectInvalid, TRICKY_IDS, walk } from './expect-error.js';
import { fixtureInstant, sampleAuditContext } from './fixtures.js';
import type { Harness } from './harness.js';

/** A valid churn score record (rules CH-1 to CH-3), `minutes` after the fixture epoch; `overrides` before parsing. */
export function sampleChurnScore(
  customerId: string,
  score = 42.5,
  band: ChurnBand = 'medium',
  minutes = 0,
  overrides: Record<string, unknown> = {},
): ChurnScoreRecord {
  return parseChurnScoreRecord({
    customerId,
    scoredAt: fixtureInstant(minutes),
    score,
    band,
    previousBand: null,
    alert: false,
    explanation: { factors: [{ factor: 'recency', contribution: score }], reasons: ['service.slow-response'] },
    ...overrides,
  });
}

/** A valid customer exit (rules CH-4, CH-5), leaving `minutes` after the fixture epoch; `overrides` before parsing. */
export function sampleExit(
  id: string,
  customerId: string,
  minutes = 0,
  overrides: Record<string, unknown> = {},
): CustomerExit {
  return parseCustomerExit({
    id,
    customerId,
    leftAt: fixtureInstant(minutes),
    reason: 'price.competitor-cheaper',
    settlement: 'settled',
    recordedBy: 'am-1',
    recordedAt: fixtureInstant(minutes + 60),
    ...overrides,
  });
}

/** What the churn repositories hold, for before/after comparisons. */
async function churnSnapshot(s: KehuRepositories) {
  return {
    scores: (await collect(s.churnScores.streamCurrent())).map((v) => [v.record.customerId, v.version]),
    exits: (await collect(s.exits.stream())).map((x) => x.id),
    audit: (await collect(s.audit.stream()))
      .filter((e) => e.entity === 'churn-score' || e.entity === 'exit')
      .map((e) => [e.entity, e.entityId, e.action, e.version]),
  };
}

/** Churn score histories and customer exits (rules CH-1 to CH-7) with audit entries (rule AR-4). */
export function churnSuite(h: Harness): void {
  const ctx = sampleAuditContext('churn scoring');

  describe('churn scores (rules CH-1 to CH-3, AR-4)', () => {
    it('round-trips every field: the same float score, instants to the ms, the explanation as JSON', async () => {
      const s = await h.open();
      const score = sampleChurnScore('c-1', 0, 'low', 0, {
        score: 73.12345678901234,
        band: 'high',
        previousBand: 'medium',
        alert: true,
        policyVersion: 'risk 2026-01 风险',
        scoredAt: new Date(Date.UTC(2026, 2, 1, 8, 30, 15, 123)),
        explanation: {
          factors: [
            { factor: 'recency', weight: 0.35, value: 2.75, contribution: 31.1 },
            { factor: 'satisfaction', weight: 0.2, value: null, contribution: 0 },
          ],
          reasons: ['service.slow-response', 'other'],
          trend: { previous: 55.5, delta: 17.62345678901234 },
          note: '客户😀 e\u0301',
          nested: { a: { b: { c: [1, [2, [3]]] } } },
          empty: {},
          tiny: 5e-324,
          big: 1.7976931348623157e308,
        },
      });
      const stored = await s.churnScores.record(score, 0, ctx);
      expect(stored.version).toBe(1);
      expect(churnScoreRecordToJson(stored.record)).toEqual(churnScoreRecordToJson(score));
      const back = await s.churnScores.current('c-1');
      expect(back?.version).toBe(1);
      expect(back!.record.score).toBe(73.12345678901234);
      expect(back!.record.scoredAt).toBeInstanceOf(Date);
      expect(back!.record.scoredAt.getTime()).toBe(score.scoredAt.getTime());
      expect(churnScoreRecordToJson(back!.record)).toEqual(churnScoreRecordToJson(score));
      for (const edge of [0, 100, 5e-324, 99.99999999999999]) {
        const id = `edge-${edge}`;
        await s.churnScores.record(sampleChurnScore(id, edge), 0, ctx);
        expect((await s.churnScores.current(id))!.record.score).toBe(edge);
      }
    });

    it('starts without a score; the first expects version 0; a stale version appends nothing', async () => {
      const s = await h.open();
      expect(await s.churnScores.current('c-1')).toBeNull();
      expect(await s.churnScores.history('c-1')).toEqual([]);
      expect(await s.churnScores.listCurrent()).toEqual({ items: [], nextCursor: null });
      await expectConflict(s.churnScores.record(sampleChurnScore('c-1'), 1, ctx), 'churn-score', 'c-1');
      await s.churnScores.record(sampleChurnScore('c-1', 20, 'low', 0), 0, ctx);
      const second = await s.churnScores.record(
        sampleChurnScore('c-1', 80, 'high', 10, { previousBand: 'low', alert: true }),
        1,
        ctx,
      );
      expect(second.version).toBe(2);
      await expectConflict(s.churnScores.record(sampleChurnScore('c-1', 90, 'critical', 20), 1, ctx), 'churn-score');
      await expectConflict(s.churnScores.record(sampleChurnScore('c-1', 90, 'critical', 20), 3, ctx), 'churn-score');
      expect((await s.churnScores.history('c-1')).map((x) => [x.score, x.band, x.previousBand, x.alert])).toEqual([
        [20, 'low', null, false],
        [80, 'high', 'low', true],
      ]);
      expect((await s.churnScores.current('c-1'))!.record.band).toBe('high');
      expect(await s.churnScores.current('c-2')).toBeNull();
    });

    it('refuses an expected version that is not a whole number from 0, before the store is asked', async () => {
      const s = await h.open();
      await s.churnScores.record(sampleChurnScore('c-1'), 0, ctx);
      const before = await churnSnapshot(s);
      for (const bad of [0.5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -1, 2 ** 31, '1', null]) {
        const error = await s.churnScores.record(sampleChurnScore('c-1', 50, 'medium', 10), bad as number, ctx).then(
          () => undefined,
          (e: unknown) => e,
        );
        await expectInvalid(Promise.reject(error));
        expect((error as KehuValidationError).path).toEqual(['expectedVersion']);
      }
      expect(await churnSnapshot(s)).toEqual(before);
    });

    it('writes one audit entry per score, create then update, from which each version rebuilds', async () => {
      const s = await h.open();
      const first = sampleChurnScore('c-1', 20, 'low', 0);
      const second = sampleChurnScore('c-1', 80, 'high', 10, { previousBand: 'low', alert: true });
      await s.churnScores.record(first, 0, ctx);
      await s.churnScores.record(second, 1, sampleAuditContext('nightly scoring', 'scorer'));
      const audit = await collect(s.audit.stream({ entity: 'churn-score', entityId: 'c-1' }));
      expect(audit.map((e) => [e.action, e.version, e.actor, e.reason])).toEqual([
        ['create', 1, 'tester', 'churn scoring'],
        ['update', 2, 'scorer', 'nightly scoring'],
      ]);
      expect(audit[0]!.patch).toEqual([{ op: 'add', path: '', value: churnScoreRecordToJson(first) }]);
      expect(rebuildRecord(audit, 1)).toEqual(churnScoreRecordToJson(first));
      expect(rebuildRecord(audit, 2)).toEqual(churnScoreRecordToJson(second));
      // A refused write leaves no audit entry.
      await expectConflict(s.churnScores.record(sampleChurnScore('c-1', 1, 'low', 30), 1, ctx));
      expect(await collect(s.audit.stream({ entity: 'churn-score', entityId: 'c-1' }))).toHaveLength(2);
    });

    it('lists and streams current scores in customerId order (code points), paged by keyset', async () => {
      const s = await h.open();
      for (const id of TRICKY_IDS) await s.churnScores.record(sampleChurnScore(id, 10), 0, ctx);
      await s.churnScores.record(sampleChurnScore('中', 95, 'critical', 5), 1, ctx);
      const expected = codePointSort(TRICKY_IDS);
      const paged = await walk((r) => s.churnScores.listCurrent(r), 3);
      expect(paged.map((v) => v.record.customerId)).toEqual(expected);
      expect(paged.find((v) => v.record.customerId === '中')).toMatchObject({ version: 2, record: { score: 95 } });
      expect((await collect(s.churnScores.streamCurrent())).map((v) => v.record.customerId)).toEqual(expected);
      await expectInvalid(s.churnScores.listCurrent({ limit: 0 }));
      await expectInvalid(s.churnScores.listCurrent({ cursor: 'not-a-cursor' }), 'INVALID_CURSOR');
    });
  });

  describe('churn score batches (rules CH-1 to CH-3, AR-4)', () => {
    /** The audit entries of churn scores without their seq, for comparing two stores. */
    const scoreAudit = async (s: KehuRepositories) =>
      (await collect(s.audit.stream({ entity: 'churn-score' }))).map(({ seq: _seq, ...rest }) => rest);
    /** The validation error `promise` rejects with. */
    const invalid = async (promise: Promise<unknown>) => {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      await expectInvalid(Promise.reject(error));
      return error as KehuValidationError;
    };

    it('appends every entry after its expected version and returns the stored scores in the order given', async () => {
      const s = await h.open();
      await s.churnScores.record(sampleChurnScore('c-2', 20, 'low'), 0, ctx);
      await s.churnScores.record(sampleChurnScore('c-2', 30, 'low', 5), 1, ctx);
      const batch = [
        { score: sampleChurnScore('c-3', 70, 'high', 10), expectedVersion: 0 },
        {
          score: sampleChurnScore('c-2', 90, 'critical', 10, { previousBand: 'low', alert: true }),
          expectedVersion: 2,
        },
        { score: sampleChurnScore('c-1', 5.25, 'low', 10), expectedVersion: 0 },
      ];
      const stored = await s.churnScores.recordBatch(batch, ctx);
      expect(stored.map((v) => [v.record.customerId, v.version])).toEqual([
        ['c-3', 1],
        ['c-2', 3],
        ['c-1', 1],
      ]);
      stored.forEach((v, i) =>
        expect(churnScoreRecordToJson(v.record)).toEqual(churnScoreRecordToJson(batch[i]!.score)),
      );
      expect((await s.churnScores.history('c-2')).map((x) => x.score)).toEqual([20, 30, 90]);
      expect(await s.churnScores.current('c-1')).toMatchObject({ version: 1, record: { score: 5.25 } });
      const next = await s.churnScores.recordBatch(
        [{ score: sampleChurnScore('c-1', 6, 'low', 20), expectedVersion: 1 }],
        ctx,
      );
      expect(next.map((v) => v.version)).toEqual([2]);
      expect((await collect(s.churnScores.streamCurrent())).map((v) => [v.record.customerId, v.version])).toEqual([
        ['c-1', 2],
        ['c-2', 3],
        ['c-3', 1],
      ]);
    });

    it('appends nothing when one entry is stale, and names that customer in the conflict', async () => {
      const s = await h.open();
      await s.churnScores.record(sampleChurnScore('c-1', 20, 'low'), 0, ctx);
      await s.churnScores.record(sampleChurnScore('c-2', 20, 'low'), 0, ctx);
      const before = await churnSnapshot(s);
      const fresh = [
        { score: sampleChurnScore('c-0', 50, 'medium', 10), expectedVersion: 0 },
        { score: sampleChurnScore('c-1', 60, 'high', 10), expectedVersion: 1 },
      ];
      for (const stale of [0, 2]) {
        const batch = [...fresh, { score: sampleChurnScore('c-2', 70, 'high', 10), expectedVersion: stale }];
        await expectConflict(s.churnScores.recordBatch(batch, ctx), 'churn-score', 'c-2');
        await expectConflict(s.churnScores.recordBatch([batch[2]!, ...fresh], ctx), 'churn-score', 'c-2');
      }
      await expectConflict(
        s.churnScores.recordBatch([{ score: sampleChurnScore('c-9'), expectedVersion: 1 }], ctx),
        'churn-score',
        'c-9',
      );
      expect(await churnSnapshot(s)).toEqual(before);
      expect(await s.churnScores.current('c-0')).toBeNull();
    });

    it('refuses a customer twice in one batch and a bad version, at the entry, before the store is asked', async () => {
      const s = await h.open();
      await s.churnScores.record(sampleChurnScore('c-1'), 0, ctx);
      const before = await churnSnapshot(s);
      const twice = await invalid(
        s.churnScores.recordBatch(
          [
            { score: sampleChurnScore('c-2'), expectedVersion: 0 },
            { score: sampleChurnScore('c-1', 50, 'medium', 10), expectedVersion: 1 },
            { score: sampleChurnScore('c-2', 60, 'high', 10), expectedVersion: 1 },
          ],
          ctx,
        ),
      );
      expect(twice.path).toEqual([2, 'score', 'customerId']);
      for (const bad of [0.5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -1, 2 ** 31, '1', null, undefined]) {
        const error = await invalid(
          s.churnScores.recordBatch(
            [
              { score: sampleChurnScore('c-2'), expectedVersion: 0 },
              { score: sampleChurnScore('c-1', 50, 'medium', 10), expectedVersion: bad as number },
            ],
            ctx,
          ),
        );
        expect(error.path).toEqual([1, 'expectedVersion']);
      }
      expect(await churnSnapshot(s)).toEqual(before);
    });

    it('writes the same audit entries as one record call per score, in the order given', async () => {
      const one = await h.open();
      const many = await h.open();
      const first = [sampleChurnScore('c-1', 20, 'low'), sampleChurnScore('c-2', 30, 'low')];
      const second = [
        sampleChurnScore('c-2', 80, 'high', 10, { previousBand: 'low', alert: true }),
        sampleChurnScore('c-3', 40, 'medium', 10),
        sampleChurnScore('c-1', 25, 'low', 10, { explanation: { factors: [], reasons: ['other'] } }),
      ];
      const other = sampleAuditContext('nightly scoring', 'scorer');
      for (const score of first) await one.churnScores.record(score, 0, ctx);
      for (const score of second) {
        await one.churnScores.record(score, (await one.churnScores.current(score.customerId))?.version ?? 0, other);
      }
      await many.churnScores.recordBatch(
        first.map((score) => ({ score, expectedVersion: 0 })),
        ctx,
      );
      await many.churnScores.recordBatch(
        second.map((score) => ({ score, expectedVersion: score.customerId === 'c-3' ? 0 : 1 })),
        other,
      );
      const audit = await scoreAudit(many);
      expect(audit).toEqual(await scoreAudit(one));
      expect(audit.map((e) => [e.entityId, e.action, e.version, e.actor])).toEqual([
        ['c-1', 'create', 1, 'tester'],
        ['c-2', 'create', 1, 'tester'],
        ['c-2', 'update', 2, 'scorer'],
        ['c-3', 'create', 1, 'scorer'],
        ['c-1', 'update', 2, 'scorer'],
      ]);
      const c1 = await collect(many.audit.stream({ entity: 'churn-score', entityId: 'c-1' }));
      expect(rebuildRecord(c1, 2)).toEqual(churnScoreRecordToJson(second[2]!));
    });

    it('returns [] for an empty batch and writes nothing', async () => {
      const s = await h.open();
      await s.churnScores.record(sampleChurnScore('c-1'), 0, ctx);
      const before = await churnSnapshot(s);
      expect(await s.churnScores.recordBatch([], ctx)).toEqual([]);
      await s.withTransaction(async (tx) => expect(await tx.churnScores.recordBatch([], ctx)).toEqual([]));
      expect(await churnSnapshot(s)).toEqual(before);
    });

    it('commits with the transaction, leaves nothing when it throws, and a refused batch can be caught', async () => {
      const s = await h.open();
      await s.churnScores.record(sampleChurnScore('c-1', 10, 'low'), 0, ctx);
      const before = await churnSnapshot(s);
      await expect(
        s.withTransaction(async (tx) => {
          await tx.churnScores.recordBatch(
            [
              { score: sampleChurnScore('c-1', 90, 'critical', 5, { previousBand: 'low' }), expectedVersion: 1 },
              { score: sampleChurnScore('c-2', 50), expectedVersion: 0 },
            ],
            ctx,
          );
          expect((await tx.churnScores.current('c-1'))?.version).toBe(2);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await churnSnapshot(s)).toEqual(before);
      await s.withTransaction(async (tx) => {
        await tx.churnScores.recordBatch([{ score: sampleChurnScore('c-2', 50), expectedVersion: 0 }], ctx);
        await expectConflict(
          tx.churnScores.recordBatch(
            [
              { score: sampleChurnScore('c-3', 50), expectedVersion: 0 },
              { score: sampleChurnScore('c-1', 60, 'high', 5), expectedVersion: 0 },
            ],
            ctx,
          ),
          'churn-score',
          'c-1',
        );
      });
      expect(await churnSnapshot(s)).toEqual({
        scores: [
          ['c-1', 1],
          ['c-2', 1],
        ],
        exits: [],
        audit: [
          ['churn-score', 'c-1', 'create', 1],
          ['churn-score', 'c-2', 'create', 1],
        ],
      });
    });
  });

  describe('customer exits (rules CH-4, CH-5, CH-7, AR-4)', () => {
    it('round-trips every field and writes one create audit entry', async () => {
      const s = await h.open();
      const exit = sampleExit('x-1', 'c-1', 0, {
        leftAt: new Date(Date.UTC(2026, 2, 10, 8, 0, 0, 7)),
        reason: 'service.slow-response',
        detail: '三次投诉未在时限内处理 😀',
        settlement: 'written-off',
        lessons: 'Escalate a second late reply at once.\n第二次延误立即升级。',
        ownerId: 'am-7',
        recordedBy: 'am-8',
        attributes: { ticket: 'T-9', amounts: [1.5, 0.1], nested: { deep: { list: [] } }, 来源: '电话' },
      });
      expect(await s.exits.get('x-1')).toBeNull();
      const result = await s.exits.record(exit, ctx);
      expect(result.created).toBe(true);
      expect(customerExitToJson(result.record)).toEqual(customerExitToJson(exit));
      const back = await s.exits.get('x-1');
      expect(back!.leftAt).toBeInstanceOf(Date);
      expect(back!.leftAt.getTime()).toBe(exit.leftAt.getTime());
      expect(customerExitToJson(back!)).toEqual(customerExitToJson(exit));
      const minimal = sampleExit('x-2', 'c-2', 5, { reason: 'other' });
      await s.exits.record(minimal, ctx);
      expect(customerExitToJson((await s.exits.get('x-2'))!)).toEqual(customerExitToJson(minimal));
      const audit = await collect(s.audit.stream({ entity: 'exit', entityId: 'x-1' }));
      expect(audit.map((e) => [e.action, e.version, e.actor])).toEqual([['create', 1, 'tester']]);
      expect(rebuildRecord(audit, 1)).toEqual(customerExitToJson(exit));
    });

    it('takes the same exit again without a change; different content under its id is a conflict', async () => {
      const s = await h.open();
      const exit = sampleExit('x-1', 'c-1', 0, { attributes: { a: 1, b: { c: 2, d: 3 } }, lessons: 'l' });
      await s.exits.record(exit, ctx);
      const again = await s.exits.record(
        sampleExit('x-1', 'c-1', 0, { attributes: { a: 1, b: { c: 2, d: 3 } }, lessons: 'l' }),
        ctx,
      );
      expect(again.created).toBe(false);
      expect(customerExitToJson(again.record)).toEqual(customerExitToJson(exit));
      // The same JSON with object keys in another order is the same content.
      const reordered = sampleExit('x-1', 'c-1', 0, { lessons: 'l', attributes: { b: { d: 3, c: 2 }, a: 1 } });
      expect((await s.exits.record(reordered, ctx)).created).toBe(false);
      for (const changed of [
        sampleExit('x-1', 'c-1', 0, { attributes: { a: 1, b: { c: 2, d: 3 } }, lessons: 'other lesson' }),
        sampleExit('x-1', 'c-1', 0, { attributes: { a: 1, b: { c: 2, d: 3 } } }),
        sampleExit('x-1', 'c-1', 1, { attributes: { a: 1, b: { c: 2, d: 3 } }, lessons: 'l' }),
        sampleExit('x-1', 'c-1', 0, { attributes: { a: 1, b: { c: 2, d: 4 } }, lessons: 'l' }),
        sampleExit('x-1', 'c-1', 0, { attributes: { a: 1, b: { c: 2, d: 3 } }, lessons: 'l', settlement: 'pending' }),
      ]) {
        await expectConflict(s.exits.record(changed, ctx), 'exit', 'x-1');
      }
      expect(customerExitToJson((await s.exits.get('x-1'))!)).toEqual(customerExitToJson(exit));
      expect(await collect(s.audit.stream({ entity: 'exit', entityId: 'x-1' }))).toHaveLength(1);
    });

    it("gives a customer's exits oldest first, in (leftAt, id) order", async () => {
      const s = await h.open();
      await s.exits.record(sampleExit('x-b', 'c-1', 10), ctx);
      await s.exits.record(sampleExit('x-a', 'c-1', 10), ctx);
      await s.exits.record(sampleExit('x-z', 'c-1', 0), ctx);
      await s.exits.record(sampleExit('x-other', 'c-2', 5), ctx);
      await s.exits.record(sampleExit('x-prefix', 'c-10', 5), ctx);
      expect((await s.exits.forCustomer('c-1')).map((x) => x.id)).toEqual(['x-z', 'x-a', 'x-b']);
      expect(await s.exits.forCustomer('nobody')).toEqual([]);
    });

    it('lists and streams in (leftAt, id) order, ids by code points, within [from, to)', async () => {
      const s = await h.open();
      // Every id at two instants, so ties on leftAt are ordered by id.
      for (const id of TRICKY_IDS) {
        await s.exits.record(sampleExit(`${id}-late`, 'c-1', 20), ctx);
        await s.exits.record(sampleExit(id, 'c-1', 10), ctx);
      }
      const ids = codePointSort(TRICKY_IDS);
      const all = [...ids, ...codePointSort(TRICKY_IDS.map((id) => `${id}-late`))];
      expect((await walk((r) => s.exits.list({}, r), 4)).map((x) => x.id)).toEqual(all);
      expect((await walk((r) => s.exits.list(undefined, r), 100)).map((x) => x.id)).toEqual(all);
      expect((await collect(s.exits.stream())).map((x) => x.id)).toEqual(all);
      const late = { from: fixtureInstant(20) };
      expect((await walk((r) => s.exits.list(late, r), 5)).map((x) => x.id)).toEqual(all.slice(ids.length));
      const early = { to: fixtureInstant(20) };
      expect((await collect(s.exits.stream(early))).map((x) => x.id)).toEqual(ids);
      const both = { from: fixtureInstant(10), to: new Date(fixtureInstant(10).getTime() + 1) };
      expect((await collect(s.exits.stream(both))).map((x) => x.id)).toEqual(ids);
      expect(await s.exits.list({ from: fixtureInstant(21) })).toEqual({ items: [], nextCursor: null });
    });

    it('pages by keyset: exits recorded while paging are neither repeated nor skipped after the cursor', async () => {
      const s = await h.open();
      for (let i = 0; i < 6; i++) await s.exits.record(sampleExit(`x-${i}`, 'c-1', i * 10), ctx);
      const first = await s.exits.list({}, { limit: 3 });
      expect(first.items.map((x) => x.id)).toEqual(['x-0', 'x-1', 'x-2']);
      await s.exits.record(sampleExit('x-before', 'c-1', 5), ctx);
      await s.exits.record(sampleExit('x-after', 'c-1', 35), ctx);
      const rest = await walk((r) => s.exits.list({}, { ...r, cursor: r.cursor ?? first.nextCursor! }), 3);
      expect(rest.map((x) => x.id)).toEqual(['x-3', 'x-after', 'x-4', 'x-5']);
    });

    it('refuses bad bounds, limits and cursors with a KehuValidationError', async () => {
      const s = await h.open();
      await s.exits.record(sampleExit('x-1', 'c-1'), ctx);
      for (const filter of [{ from: new Date(Number.NaN) }, { to: 'yesterday' as unknown as Date }]) {
        await expectInvalid(s.exits.list(filter));
        await expectInvalid(collect(s.exits.stream(filter)));
      }
      try {
        await s.exits.list({ to: new Date(Number.NaN) });
        expect.unreachable('an invalid bound must be refused');
      } catch (error) {
        expect((error as KehuValidationError).issues[0]!.path).toEqual(['filter', 'to']);
      }
      await expectInvalid(s.exits.list({}, { limit: 1001 }));
      await expectInvalid(s.exits.list({}, { cursor: 'bogus' }), 'INVALID_CURSOR');
    });
  });

  describe('churn scores and exits in transactions (rule AR-4)', () => {
    it('commits the scores, exits and their audit entries together', async () => {
      const s = await h.open();
      await s.withTransaction(async (tx) => {
        await tx.churnScores.record(sampleChurnScore('c-1', 85, 'critical'), 0, ctx);
        await tx.exits.record(sampleExit('x-1', 'c-1'), ctx);
        expect((await tx.churnScores.current('c-1'))?.version).toBe(1);
        expect(await tx.exits.forCustomer('c-1')).toHaveLength(1);
      });
      expect(await churnSnapshot(s)).toEqual({
        scores: [['c-1', 1]],
        exits: ['x-1'],
        audit: [
          ['churn-score', 'c-1', 'create', 1],
          ['exit', 'x-1', 'create', 1],
        ],
      });
    });

    it('leaves nothing, audit entries included, when the transaction throws', async () => {
      const s = await h.open();
      await s.churnScores.record(sampleChurnScore('c-1', 10, 'low'), 0, ctx);
      await s.exits.record(sampleExit('x-0', 'c-0'), ctx);
      const before = await churnSnapshot(s);
      await expect(
        s.withTransaction(async (tx) => {
          await tx.churnScores.record(sampleChurnScore('c-1', 90, 'critical', 5, { previousBand: 'low' }), 1, ctx);
          await tx.churnScores.record(sampleChurnScore('c-2', 50), 0, ctx);
          await tx.exits.record(sampleExit('x-1', 'c-1'), ctx);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await churnSnapshot(s)).toEqual(before);
      expect((await s.churnScores.history('c-1')).map((x) => x.score)).toEqual([10]);
      expect(await s.exits.get('x-1')).toBeNull();
    });

    it('keeps the rest of a transaction when a refused write is caught', async () => {
      const s = await h.open();
      await s.exits.record(sampleExit('x-1', 'c-1'), ctx);
      await s.withTransaction(async (tx) => {
        await tx.churnScores.record(sampleChurnScore('c-1', 60, 'high'), 0, ctx);
        await expectConflict(tx.exits.record(sampleExit('x-1', 'c-1', 99), ctx), 'exit');
        await expectConflict(tx.churnScores.record(sampleChurnScore('c-1', 70, 'high'), 0, ctx), 'churn-score');
        await tx.exits.record(sampleExit('x-2', 'c-1'), ctx);
      });
      expect(await churnSnapshot(s)).toEqual({
        scores: [['c-1', 1]],
        exits: ['x-1', 'x-2'],
        audit: [
          ['exit', 'x-1', 'create', 1],
          ['churn-score', 'c-1', 'create', 1],
          ['exit', 'x-2', 'create', 1],
        ],
      });
    });
  });
}
