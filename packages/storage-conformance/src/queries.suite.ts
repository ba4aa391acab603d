import type { KehuStorage } from '@kehu/storage';
import { describe, expect, it } from 'vitest';
import { codePointSort, expectInvalid, walk } from './expect-error.js';
import {
  fixtureInstant,
  sampleAuditContext,
  sampleComplaint,
  sampleComplaintEvent,
  sampleContactRecord,
  sampleCustomer,
  sampleGrade,
  sampleSurveyResponse,
} from './fixtures.js';
import type { Harness } from './harness.js';
import { parseComplaintEvent } from '@kehu/core';

const ids = <T extends { record: { id: string } }>(items: T[]) => items.map((v) => v.record.id);

async function seedCustomers(s: KehuStorage): Promise<void> {
  const ctx = sampleAuditContext();
  const rows: Array<[string, Record<string, unknown>]> = [
    ['c-5', { status: 'active', owner: 'am-1' }],
    ['c-1', { status: 'active', owner: 'am-2' }],
    ['中-1', { status: 'dormant', owner: 'am-1' }],
    ['c-3', { status: 'prospect' }],
    ['o-1', { status: 'active', kind: 'organization', owner: 'am-1' }],
    ['c-2', { status: 'lost', owner: 'am-1' }],
  ];
  for (const [id, overrides] of rows) await s.customers.create(sampleCustomer(id, overrides), ctx);
  await s.grades.assign(sampleGrade('c-5', 'gold'), 0, ctx);
  await s.grades.assign(sampleGrade('c-1', 'gold'), 0, ctx);
  // c-1's current grade moves on: only the last assignment counts.
  await s.grades.assign(sampleGrade('c-1', 'silver', 1), 1, ctx);
  await s.grades.assign(sampleGrade('o-1', 'diamond'), 0, ctx);
}

/** The filtered reads: customers, complaints, contact records, survey responses by period. */
export function queriesSuite(h: Harness): void {
  describe('filtered reads in the store', () => {
    it('customers.find filters by status, kind, owner and current tier, in id order with keyset pages', async () => {
      const s = await h.open();
      await seedCustomers(s);
      const all = ids((await s.customers.list({ limit: 100 })).items);
      expect(ids((await s.customers.find({}, { limit: 100 })).items)).toEqual(all);
      expect(ids(await walk((r) => s.customers.find({ status: 'active' }, r), 1))).toEqual(
        codePointSort(['c-5', 'c-1', 'o-1']),
      );
      expect(ids(await walk((r) => s.customers.find({ owner: 'am-1' }, r), 2))).toEqual(
        codePointSort(['c-5', '中-1', 'o-1', 'c-2']),
      );
      expect(ids((await s.customers.find({ kind: 'organization' })).items)).toEqual(['o-1']);
      expect(ids((await s.customers.find({ tier: 'gold' })).items)).toEqual(['c-5']);
      expect(ids((await s.customers.find({ tier: 'silver' })).items)).toEqual(['c-1']);
      expect(ids((await s.customers.find({ status: 'active', owner: 'am-1', tier: 'diamond' })).items)).toEqual([
        'o-1',
      ]);
      expect((await s.customers.find({ status: 'active', kind: 'organization', tier: 'gold' })).items).toEqual([]);
      const first = await s.customers.find({ status: 'active' }, { limit: 1 });
      await expectInvalid(s.customers.find({ status: 'active' }, { cursor: 'garbage' }), 'INVALID_CURSOR');
      await expectInvalid(s.complaints.list({ cursor: first.nextCursor! }), 'INVALID_CURSOR');
      await expectInvalid(s.customers.find({}, { limit: 0 }));
    });

    it('customers.find finds customers by a blind-index token in attributes["kehu:lookup"]', async () => {
      const s = await h.open();
      const ctx = sampleAuditContext();
      const withTokens = (id: string, tokens: string[]) => ({
        ...sampleCustomer(id),
        attributes: { 'kehu:lookup': tokens, note: 'x' },
      });
      await s.customers.create(withTokens('l-2', ['phone:a', 'name:b']), ctx);
      await s.customers.create(withTokens('l-1', ['phone:a']), ctx);
      await s.customers.create(withTokens('l-3', []), ctx);
      await s.customers.create(sampleCustomer('l-4'), ctx);
      expect(ids((await s.customers.find({ lookup: 'phone:a' })).items)).toEqual(['l-1', 'l-2']);
      expect(ids((await s.customers.find({ lookup: 'name:b' })).items)).toEqual(['l-2']);
      expect((await s.customers.find({ lookup: 'phone' })).items).toEqual([]);
      const l2 = (await s.customers.get('l-2'))!;
      await s.customers.update(withTokens('l-2', ['name:b']), l2.version, ctx);
      expect(ids((await s.customers.find({ lookup: 'phone:a' })).items)).toEqual(['l-1']);
      expect(ids(await walk((r) => s.customers.find({ lookup: 'phone:a' }, r), 1))).toEqual(['l-1']);
    });

    it('customers.find sees a status change and a deleted customer, also inside a transaction', async () => {
      const s = await h.open();
      await seedCustomers(s);
      const ctx = sampleAuditContext();
      await s.withTransaction(async (tx) => {
        const c = (await tx.customers.get('c-3'))!;
        await tx.customers.update({ ...c.record, status: 'active' }, c.version, ctx);
        await tx.customers.delete('c-5', ctx);
        expect(ids((await tx.customers.find({ status: 'active' })).items)).toEqual(
          codePointSort(['c-1', 'c-3', 'o-1']),
        );
      });
      expect(ids((await s.customers.find({ status: 'active' })).items)).toEqual(codePointSort(['c-1', 'c-3', 'o-1']));
    });

    it('customers.missing gives the ids not stored, once each, in the order given', async () => {
      const s = await h.open();
      await seedCustomers(s);
      expect(await s.customers.missing([])).toEqual([]);
      expect(await s.customers.missing(['c-1', 'x-2', '中-1', 'x-1', 'x-2', 'c-9'])).toEqual(['x-2', 'x-1', 'c-9']);
      expect(await s.customers.missing(['c-1', 'c-2'])).toEqual([]);
      await s.withTransaction(async (tx) => {
        await tx.customers.create(sampleCustomer('x-1'), sampleAuditContext());
        expect(await tx.customers.missing(['x-1', 'x-2'])).toEqual(['x-2']);
      });
    });

    it('complaints.find filters by state and severity in effect, customer and received range', async () => {
      const s = await h.open();
      await s.complaints.open(sampleComplaint('k-1', 'c-1', 0), 'a');
      await s.complaints.open(sampleComplaint('k-2', 'c-2', 10, { severity: 'urgent' }), 'a');
      await s.complaints.open(sampleComplaint('k-3', 'c-1', 20), 'a');
      await s.complaints.open(sampleComplaint('k-0', 'c-1', 20), 'a');
      await s.complaints.open(sampleComplaint('k-4', 'c-3', 30), 'a');
      await s.complaints.appendEvents('k-1', 1, [
        parseComplaintEvent({ type: 'resolved', at: fixtureInstant(5), actor: 'agent-1' }),
      ]);
      await s.complaints.appendEvents('k-2', 1, [
        sampleComplaintEvent('closed', 11),
        sampleComplaintEvent('reopened', 12),
        parseComplaintEvent({ type: 'waiting-on-customer', at: fixtureInstant(13), actor: 'agent-1' }),
        sampleComplaintEvent('acknowledged', 14),
      ]);
      await s.complaints.appendEvents('k-3', 1, [
        parseComplaintEvent({
          type: 'severity-changed',
          at: fixtureInstant(21),
          actor: 'a',
          from: 'normal',
          to: 'major',
        }),
        sampleComplaintEvent('closed', 22),
      ]);
      const find = async (filter: Parameters<KehuStorage['complaints']['find']>[0]) =>
        ids(await walk((r) => s.complaints.find(filter, r), 2));
      // Order: (receivedAt, id); k-0 and k-3 were received at the same instant.
      expect(await find({})).toEqual(['k-1', 'k-2', 'k-0', 'k-3', 'k-4']);
      expect(await find({ state: 'open' })).toEqual(['k-0', 'k-4']);
      expect(await find({ state: 'resolved' })).toEqual(['k-1']);
      expect(await find({ state: 'waiting-on-customer' })).toEqual(['k-2']);
      expect(await find({ state: 'closed' })).toEqual(['k-3']);
      expect(await find({ severity: 'major' })).toEqual(['k-3']);
      expect(await find({ severity: 'urgent' })).toEqual(['k-2']);
      expect(await find({ severity: 'normal' })).toEqual(['k-1', 'k-0', 'k-4']);
      expect(await find({ customerId: 'c-1' })).toEqual(['k-1', 'k-0', 'k-3']);
      expect(await find({ receivedFrom: fixtureInstant(10), receivedTo: fixtureInstant(30) })).toEqual([
        'k-2',
        'k-0',
        'k-3',
      ]);
      expect(await find({ customerId: 'c-1', state: 'open', receivedFrom: fixtureInstant(1) })).toEqual(['k-0']);
      await s.complaints.appendEvents('k-3', 3, [sampleComplaintEvent('reopened', 23)]);
      expect(await find({ state: 'open' })).toEqual(['k-0', 'k-3', 'k-4']);
      await expectInvalid(s.complaints.find({}, { cursor: 'garbage' }), 'INVALID_CURSOR');
    });

    it('contactRecords.find filters by customer, owner and purpose in (at, id) order', async () => {
      const s = await h.open();
      const ctx = sampleAuditContext();
      for (let i = 0; i < 9; i++)
        await s.contactRecords.create(
          sampleContactRecord(`r-${i}`, `c-${i % 3}`, 20 - i, {
            owner: i % 2 === 0 ? 'am-1' : 'am-2',
            ...(i % 4 === 0 ? { purpose: 'in-depth-interview', themes: ['delivery', '价格'] } : {}),
          }),
          ctx,
        );
      const find = async (filter: Parameters<KehuStorage['contactRecords']['find']>[0]) =>
        ids(await walk((r) => s.contactRecords.find(filter, r), 2));
      expect(await find({})).toEqual(['r-8', 'r-7', 'r-6', 'r-5', 'r-4', 'r-3', 'r-2', 'r-1', 'r-0']);
      expect(await find({ customerId: 'c-0' })).toEqual(['r-6', 'r-3', 'r-0']);
      expect(await find({ owner: 'am-2' })).toEqual(['r-7', 'r-5', 'r-3', 'r-1']);
      expect(await find({ customerId: 'c-0', owner: 'am-1' })).toEqual(['r-6', 'r-0']);
      expect(await find({ purpose: 'in-depth-interview' })).toEqual(['r-8', 'r-4', 'r-0']);
      expect(await find({ purpose: 'in-depth-interview', customerId: 'c-1' })).toEqual(['r-4']);
      expect((await s.contactRecords.get('r-4'))!.record.themes).toEqual(['delivery', '价格']);
      const r = (await s.contactRecords.get('r-6'))!;
      await s.contactRecords.update({ ...r.record, owner: 'am-2' }, r.version, ctx);
      expect(await find({ customerId: 'c-0', owner: 'am-1' })).toEqual(['r-0']);
    });

    it('survey responses filter by customer and answer period [from, to)', async () => {
      const s = await h.open();
      await s.surveyResponses.append(
        Array.from({ length: 6 }, (_, i) =>
          sampleSurveyResponse(`s-${i}`, `c-${i % 2}`, 'csat-1', { answeredAt: fixtureInstant(i * 10) }),
        ),
      );
      const filter = { customerId: 'c-0', from: fixtureInstant(10), to: fixtureInstant(40) };
      expect((await s.surveyResponses.list(filter)).items.map((r) => r.id)).toEqual(['s-2']);
      expect(await s.surveyResponses.count({ from: fixtureInstant(10), to: fixtureInstant(40) })).toBe(3);
      expect(await s.surveyResponses.count({ customerId: 'c-1', from: fixtureInstant(10) })).toBe(3);
      expect(await s.surveyResponses.count({ to: fixtureInstant(0) })).toBe(0);
    });
  });
}
