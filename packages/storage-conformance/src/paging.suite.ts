import type { KehuStorage, PageRequest } from '@kehu/storage';
import { describe, expect, it } from 'vitest';
import { codePointSort, collect, expectInvalid } from './expect-error.js';
import {
  sampleAuditContext,
  sampleComplaint,
  sampleContactRecord,
  sampleCustomer,
  sampleGrade,
  sampleSurveyResponse,
  sampleTransaction,
} from './fixtures.js';
import type { Harness } from './harness.js';

type Lister = (s: KehuStorage, r?: PageRequest) => Promise<{ items: unknown[]; nextCursor: string | null }>;

const LISTS: Array<[string, Lister]> = [
  ['customers.list', (s, r) => s.customers.list(r)],
  ['customers.find', (s, r) => s.customers.find({ status: 'active' }, r)],
  ['transactions.list', (s, r) => s.transactions.list({}, r)],
  ['transactions.list by customer', (s, r) => s.transactions.list({ customerId: 'c-1' }, r)],
  ['complaints.list', (s, r) => s.complaints.list(r)],
  ['complaints.listByCustomer', (s, r) => s.complaints.listByCustomer('c-1', r)],
  ['complaints.find', (s, r) => s.complaints.find({ customerId: 'c-1' }, r)],
  ['contactRecords.list', (s, r) => s.contactRecords.list(r)],
  ['contactRecords.listByCustomer', (s, r) => s.contactRecords.listByCustomer('c-1', r)],
  ['contactRecords.find', (s, r) => s.contactRecords.find({ owner: 'am-1' }, r)],
  ['surveyResponses.list', (s, r) => s.surveyResponses.list({}, r)],
  ['grades.listCurrent', (s, r) => s.grades.listCurrent(r)],
  ['audit.list', (s, r) => s.audit.list({}, r)],
];

async function seedTwo(s: KehuStorage): Promise<void> {
  const ctx = sampleAuditContext();
  for (const id of ['c-1', 'c-2']) {
    await s.customers.create(sampleCustomer(id), ctx);
    await s.grades.assign(sampleGrade(id), 0, ctx);
    await s.complaints.open(sampleComplaint(`k-${id}`, 'c-1', id === 'c-1' ? 0 : 1), 'a');
    await s.contactRecords.create(sampleContactRecord(`r-${id}`, 'c-1', id === 'c-1' ? 0 : 1), ctx);
  }
  await s.transactions.append([sampleTransaction('t-1', 'c-1', 0), sampleTransaction('t-2', 'c-1', 1)]);
  await s.surveyResponses.append([sampleSurveyResponse('s-1', 'c-1'), sampleSurveyResponse('s-2', 'c-2')]);
}

/** Keyset paging: limits, opaque cursors, no skips or repeats under concurrent inserts. */
export function pagingSuite(h: Harness): void {
  describe('paging with opaque cursors', () => {
    it.each(LISTS)('%s: default limit 100, limits 1..1000 enforced, foreign cursors refused', async (_name, list) => {
      const s = await h.open();
      await seedTwo(s);
      const first = await list(s, { limit: 1 });
      expect(first.items).toHaveLength(1);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await list(s, { limit: 1, cursor: first.nextCursor! });
      expect(second.items).toHaveLength(1);
      expect(second.items[0]).not.toEqual(first.items[0]);
      expect((await list(s)).items.length).toBeLessThanOrEqual(100);
      expect((await list(s, { limit: 1000 })).nextCursor).toBeNull();
      for (const limit of [0, -1, 1.5, 1001, Number.NaN]) await expectInvalid(list(s, { limit }));
      await expectInvalid(list(s, { cursor: 'not-a-cursor' }), 'INVALID_CURSOR');
      // A cursor of another list is refused too.
      const foreign = LISTS.find(([n]) => n !== _name && !n.startsWith(_name.split('.')[0]!))![1];
      const other = await foreign(s, { limit: 1 });
      await expectInvalid(list(s, { limit: 1, cursor: other.nextCursor! }), 'INVALID_CURSOR');
    });

    it('neither skips nor repeats customers while new ones are inserted between pages', async () => {
      const s = await h.open();
      const ctx = sampleAuditContext();
      const initial = Array.from({ length: 60 }, (_, i) => `c-${String(i * 2).padStart(3, '0')}`);
      for (const id of initial) await s.customers.create(sampleCustomer(id), ctx);
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let n = 0; ; n++) {
        const page = await s.customers.list(cursor === undefined ? { limit: 7 } : { limit: 7, cursor });
        seen.push(...page.items.map((v) => v.record.id));
        // Insert before, among and after the records already returned.
        await s.customers.create(sampleCustomer(`c-${String(n * 2 + 1).padStart(3, '0')}`), ctx);
        await s.customers.create(sampleCustomer(`a-${n}`), ctx);
        await s.customers.create(sampleCustomer(`z-${n}`), ctx);
        if (page.nextCursor === null) break;
        cursor = page.nextCursor;
      }
      expect(new Set(seen).size, 'a customer was repeated').toBe(seen.length);
      for (const id of initial) expect(seen, `customer ${id} was skipped`).toContain(id);
      expect(seen).toEqual(codePointSort(seen));
    });

    it('neither skips nor repeats transactions while new ones are appended between pages', async () => {
      const s = await h.open();
      const initial = Array.from({ length: 60 }, (_, i) => sampleTransaction(`t-${i}`, `c-${i % 9}`, i));
      await s.transactions.append(initial);
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let n = 0; ; n++) {
        const page = await s.transactions.list({}, cursor === undefined ? { limit: 7 } : { limit: 7, cursor });
        seen.push(...page.items.map((t) => t.id));
        await s.transactions.append([
          sampleTransaction(`t-new-a-${n}`, 'c-0', -n),
          sampleTransaction(`t-new-m-${n}`, `c-${n % 9}`, 30),
          sampleTransaction(`t-new-z-${n}`, 'c-9', n),
        ]);
        if (page.nextCursor === null) break;
        cursor = page.nextCursor;
      }
      expect(new Set(seen).size, 'a transaction was repeated').toBe(seen.length);
      for (const t of initial) expect(seen, `transaction ${t.id} was skipped`).toContain(t.id);
    });

    it('streams the same sequence as walking the pages, and count agrees', async () => {
      const s = await h.open();
      const ctx = sampleAuditContext();
      for (let i = 0; i < 25; i++)
        await s.contactRecords.create(sampleContactRecord(`r-${i}`, `c-${i % 3}`, 25 - i), ctx);
      const streamed = (await collect(s.contactRecords.stream())).map((v) => v.record.id);
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await s.contactRecords.list(cursor === undefined ? { limit: 4 } : { limit: 4, cursor });
        paged.push(...page.items.map((v) => v.record.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      expect(streamed).toEqual(paged);
      expect(await s.contactRecords.count()).toBe(25);
      const byCustomer = (await s.contactRecords.listByCustomer('c-0', { limit: 100 })).items.map((v) =>
        v.record.at.getTime(),
      );
      expect(byCustomer).toEqual([...byCustomer].sort((a, b) => a - b));
    });
  });
}
