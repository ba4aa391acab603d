import { gradeAssignmentToJson, KehuValidationError } from '@kehu/core';
import { MAX_VERSION, rebuildRecord } from '@kehu/storage';
import { describe, expect, it } from 'vitest';
import { collect, expectConflict, walk } from './expect-error.js';
import { sampleAuditContext, sampleGrade } from './fixtures.js';
import type { Harness } from './harness.js';

/** Grade histories (rules GR-1, GR-4) with audit entries (rule AR-4). */
export function gradesSuite(h: Harness): void {
  describe('grade assignments (rules GR-1, GR-4, AR-4)', () => {
    const ctx = sampleAuditContext('regrade');

    it('starts without a grade; the first assignment expects version 0', async () => {
      const s = await h.open();
      expect(await s.grades.current('c-1')).toBeNull();
      expect(await s.grades.history('c-1')).toEqual([]);
      expect(await s.grades.listCurrent()).toEqual({ items: [], nextCursor: null });
      await expectConflict(s.grades.assign(sampleGrade('c-1'), 1, ctx));
      const first = await s.grades.assign(sampleGrade('c-1', 'silver'), 0, ctx);
      expect(first.version).toBe(1);
      expect(first.record.tier).toBe('silver');
    });

    it('appends to the history with the expected version; a stale version appends nothing', async () => {
      const s = await h.open();
      await s.grades.assign(sampleGrade('c-1', 'silver', 0), 0, ctx);
      const second = await s.grades.assign(sampleGrade('c-1', 'gold', 10), 1, ctx);
      expect(second.version).toBe(2);
      await expectConflict(s.grades.assign(sampleGrade('c-1', 'diamond', 20), 1, ctx), 'grade', 'c-1');
      expect((await s.grades.history('c-1')).map((g) => g.tier)).toEqual(['silver', 'gold']);
      expect((await s.grades.current('c-1'))!.record.tier).toBe('gold');
      const audit = await collect(s.audit.stream({ entity: 'grade', entityId: 'c-1' }));
      expect(audit.map((e) => [e.action, e.version])).toEqual([
        ['create', 1],
        ['update', 2],
      ]);
      expect(audit[0]!.patch).toEqual([
        { op: 'add', path: '', value: gradeAssignmentToJson(sampleGrade('c-1', 'silver', 0)) },
      ]);
      expect(rebuildRecord(audit, 2)).toEqual(gradeAssignmentToJson(sampleGrade('c-1', 'gold', 10)));
    });

    it('refuses an expectedVersion not a whole number from 0 to MAX_VERSION before the store (GR-4)', async () => {
      const s = await h.open();
      await s.grades.assign(sampleGrade('c-1', 'silver', 0), 0, ctx);
      const snapshot = async () => ({
        history: (await s.grades.history('c-1')).map((g) => gradeAssignmentToJson(g)),
        fresh: await s.grades.history('c-2'),
        audit: await collect(s.audit.stream({ entity: 'grade' })),
      });
      const before = await snapshot();
      const bads = [
        1.5,
        0.5,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        '2',
        '0',
        -1,
        -0.5,
        MAX_VERSION + 1,
        null,
        undefined,
      ];
      for (const bad of bads) {
        for (const customerId of ['c-1', 'c-2']) {
          const error = await s.grades.assign(sampleGrade(customerId, 'gold', 10), bad as number, ctx).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error, `assign at ${String(bad)} must fail with a KehuValidationError`).toBeInstanceOf(
            KehuValidationError,
          );
          expect((error as KehuValidationError).path).toEqual(['expectedVersion']);
        }
      }
      expect(await snapshot()).toEqual(before);
      await expectConflict(s.grades.assign(sampleGrade('c-1', 'gold', 10), MAX_VERSION, ctx), 'grade', 'c-1');
      expect((await s.grades.assign(sampleGrade('c-1', 'gold', 10), 1, ctx)).version).toBe(2);
    });

    it('lists and streams current grades in customerId order', async () => {
      const s = await h.open();
      for (const id of ['c-3', 'c-1', 'c-2']) await s.grades.assign(sampleGrade(id, 'regular'), 0, ctx);
      await s.grades.assign(sampleGrade('c-2', 'diamond', 5), 1, ctx);
      expect(
        (await walk((r) => s.grades.listCurrent(r), 2)).map((v) => [v.record.customerId, v.record.tier, v.version]),
      ).toEqual([
        ['c-1', 'regular', 1],
        ['c-2', 'diamond', 2],
        ['c-3', 'regular', 1],
      ]);
      expect((await collect(s.grades.streamCurrent())).map((v) => v.record.customerId)).toEqual(['c-1', 'c-2', 'c-3']);
    });
  });
}
