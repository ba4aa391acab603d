import {
  complaintToJson,
  contactRecordToJson,
  customerToJson,
  Decimal,
  surveyResponseToJson,
  transactionToJson,
} from '@kehu/core';
import { describe, expect, it } from 'vitest';
import {
  sampleAuditContext,
  sampleComplaint,
  sampleContactRecord,
  sampleCustomer,
  sampleSurveyResponse,
  sampleTransaction,
} from './fixtures.js';
import type { Harness } from './harness.js';

const LONG_TEXT = '客户关系管理 customer care 😀 '.repeat(5000).slice(0, 100_000);
const EMOJI = '👩‍👩‍👧‍👦 🇨🇳 🧑🏽‍💻 𠮷野家 \u{1F600}';
const ATTRIBUTES = {
  来源: '展会 2026',
  nested: { a: [1, 2.5, -3, null, true, 'x'], b: { c: { d: '深' } } },
  empty: {},
  list: [],
  nothing: null,
  big: 9007199254740991,
  emoji: EMOJI,
};

/** Dates, money and text round-trip exactly. */
export function roundTripSuite(h: Harness): void {
  describe('exact round trips', () => {
    it('keeps every field of a fully populated customer, with Chinese, emoji and 100,000-character text', async () => {
      const s = await h.open();
      const full = sampleCustomer('c-全-😀', {
        kind: 'organization',
        name: `上海客户科技有限公司 ${EMOJI}`,
        status: 'dormant',
        relationship: 'partner',
        createdAt: '2024-02-29T23:59:59.999+08:00',
        owner: 'am-01',
        contacts: [
          {
            id: 'p-1',
            name: '李娜',
            title: '采购经理',
            decisionRole: 'decision-maker',
            isKeyContact: true,
            birthday: '--02-29',
            channels: [{ type: 'wechat', value: 'lina_88' }],
            notes: LONG_TEXT,
          },
          { id: 'p-2', name: 'John O\'Neil "JJ"', birthday: '1980-12-31' },
        ],
        channels: [{ type: 'email', value: 'info@example.cn', label: '总机' }],
        address: {
          country: 'CN',
          province: '上海市',
          city: '上海市',
          district: '浦东新区',
          street: '世纪大道 100 号',
          postalCode: '200120',
        },
        industry: '制造业',
        organization: {
          legalRepresentative: '王强',
          generalManager: '赵敏',
          mainBusiness: '精密仪器',
          headcount: 1200,
          operatingStatus: 'operating',
        },
        needs: ['售后响应快', ''],
        preferences: ['电话联系'],
        credit: {
          rating: 'AA',
          limit: '12345678901234567890.1234567891',
          currency: 'CNY',
          paymentHistory: 'good',
          reviewedAt: '2026-03-08T01:59:59.999-05:00',
        },
        tags: ['key-account', '重点'],
        attributes: ATTRIBUTES,
      });
      const minimal = sampleCustomer('c-min');
      await s.customers.create(full, sampleAuditContext(LONG_TEXT));
      await s.customers.create(minimal, sampleAuditContext());
      expect(customerToJson((await s.customers.get('c-全-😀'))!.record)).toEqual(customerToJson(full));
      expect(customerToJson((await s.customers.get('c-min'))!.record)).toEqual(customerToJson(minimal));
      const [entry] = (await s.audit.list({ entity: 'customer', entityId: 'c-全-😀' })).items;
      expect(entry!.reason).toBe(LONG_TEXT);
      expect(entry!.patch).toEqual([{ op: 'add', path: '', value: customerToJson(full) }]);
    });

    it('keeps amounts exact (4+ fraction digits, beyond 2^53) and instants to the millisecond', async () => {
      const s = await h.open();
      const amounts = [
        '0.0001',
        '0.1',
        '1.10',
        '12345678901234567890.1234567891',
        '9007199254740993',
        '0',
        '99999999999999999999.99999999',
      ];
      const rows = amounts.map((amount, i) =>
        sampleTransaction(`t-${i}`, 'c-1', 0, {
          amount,
          occurredAt: new Date(Date.UTC(2026, 2, 8, 6, 59, 59, i * 111)),
          product: `产品 ${EMOJI}`,
          quantity: i + 1,
          paymentMethod: 'alipay',
          channel: '天猫',
          attributes: ATTRIBUTES,
        }),
      );
      await s.transactions.append(rows);
      for (const [i, amount] of amounts.entries()) {
        const t = (await s.transactions.get(`t-${i}`))!;
        expect(t.amount.eq(new Decimal(amount)), `amount ${amount} came back as ${t.amount.toString()}`).toBe(true);
        expect(transactionToJson(t)).toEqual(transactionToJson(rows[i]!));
        expect(t.occurredAt.getTime()).toBe(rows[i]!.occurredAt.getTime());
      }
    });

    it('keeps complaints, contact records and survey responses exactly', async () => {
      const s = await h.open();
      const complaint = sampleComplaint('k-1', 'c-1', 0, {
        content: LONG_TEXT,
        place: EMOJI,
        contactId: 'p-1',
        contactDetails: '138 0000 0000',
        category: '物流',
        severity: 'major',
        channel: 'online',
        attributes: ATTRIBUTES,
      });
      await s.complaints.open(complaint, 'agent-😀');
      expect(complaintToJson((await s.complaints.get('k-1'))!.record)).toEqual(complaintToJson(complaint));
      expect((await s.complaints.events('k-1'))[0]!.actor).toBe('agent-😀');
      const record = sampleContactRecord('r-1', 'c-1', 0, {
        summary: LONG_TEXT,
        followUp: { action: '回访 🙂', dueAt: '2026-01-06T09:00:00.001+08:00' },
        relatedComplaintId: 'k-1',
        contactId: 'p-1',
        direction: 'inbound',
        attributes: ATTRIBUTES,
      });
      await s.contactRecords.create(record, sampleAuditContext());
      expect(contactRecordToJson((await s.contactRecords.get('r-1'))!.record)).toEqual(contactRecordToJson(record));
      const response = sampleSurveyResponse('s-1', 'c-1', 'nps-1', {
        answers: { nps: 10, csat: 4.5, comment: EMOJI, ok: false, skipped: null },
        channel: 'offline',
        attributes: ATTRIBUTES,
      });
      await s.surveyResponses.append([response]);
      expect(surveyResponseToJson((await s.surveyResponses.get('s-1'))!)).toEqual(surveyResponseToJson(response));
    });
  });
}
