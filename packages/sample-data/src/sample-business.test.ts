import {
  Decimal,
  parseComplaint,
  parseComplaintEvent,
  parseContactRecord,
  parseCustomer,
  parseSurveyResponse,
  parseTransaction,
} from '@kehu/core';
import { replayComplaint } from '@kehu/sla';
import { describe, expect, it } from 'vitest';
import { generateSampleBusiness } from './sample-business.js';

describe('generateSampleBusiness', () => {
  const business = generateSampleBusiness({ seed: 7, customers: 600 });

  it('is deterministic: the same seed gives byte-identical data, another seed other data', () => {
    expect(JSON.stringify(generateSampleBusiness({ seed: 7, customers: 600 }))).toBe(JSON.stringify(business));
    expect(JSON.stringify(generateSampleBusiness({ seed: 8, customers: 600 }))).not.toBe(JSON.stringify(business));
  });

  it('produces only valid records (AR-1, AR-6, SL-1, CA-9, SA-1), nothing after as-of', () => {
    const end = Date.parse(business.asOfInstant);
    for (const c of business.customers) parseCustomer(c);
    for (const t of business.transactions) expect(parseTransaction(t).occurredAt.getTime()).toBeLessThan(end);
    for (const k of business.complaints) {
      expect(parseComplaint(k.intake).receivedAt.getTime()).toBeLessThan(end);
      for (const e of k.events) expect(parseComplaintEvent(e).at.getTime()).toBeLessThan(end);
    }
    for (const r of business.contactRecords) expect(parseContactRecord(r).at.getTime()).toBeLessThan(end);
    for (const s of business.surveyResponses) expect(parseSurveyResponse(s).answeredAt.getTime()).toBeLessThan(end);
  });

  it('has people and organizations with Chinese and English names, key contacts and birthdays (AR-2, AR-3)', () => {
    const orgs = business.customers.filter((c) => c.kind === 'organization');
    const persons = business.customers.filter((c) => c.kind === 'person');
    expect(orgs.length / business.customers.length).toBeGreaterThan(0.08);
    expect(persons.some((c) => /[\u4e00-\u9fff]/.test(c.name))).toBe(true);
    expect(persons.some((c) => /^[A-Za-z' ]+$/.test(c.name))).toBe(true);
    expect(orgs.every((c) => c.contacts?.some((p) => p.isKeyContact && p.decisionRole === 'decision-maker'))).toBe(
      true,
    );
    expect(persons.filter((c) => c.birthday !== undefined).length / persons.length).toBeGreaterThan(0.5);
  });

  it('never refunds or returns more than the purchase it refers to (AR-6)', () => {
    const purchases = new Map(business.transactions.filter((t) => t.kind === 'purchase').map((t) => [t.id, t]));
    const reversals = business.transactions.filter((t) => t.kind !== 'purchase');
    expect(reversals.length).toBeGreaterThan(0);
    for (const r of reversals) {
      const p = purchases.get(r.relatesTo!)!;
      expect(p.customerId).toBe(r.customerId);
      expect(new Decimal(String(r.amount)).lte(new Decimal(String(p.amount)))).toBe(true);
      expect(Date.parse(r.occurredAt as string)).toBeGreaterThan(Date.parse(p.occurredAt as string));
    }
  });

  it('has the 80/20 skew of rule GR-6: the top fifth of buyers bring 70%–90% of value', () => {
    const big = generateSampleBusiness({ seed: 42 });
    const byCustomer = new Map<string, Decimal>();
    for (const t of big.transactions) {
      const sign = t.kind === 'purchase' ? 1 : -1;
      byCustomer.set(
        t.customerId,
        (byCustomer.get(t.customerId) ?? new Decimal(0)).plus(new Decimal(String(t.amount)).times(sign)),
      );
    }
    const values = [...byCustomer.values()].sort((a, b) => b.comparedTo(a));
    const total = values.reduce((s, v) => s.plus(v), new Decimal(0));
    const top = values.slice(0, Math.ceil(values.length / 5)).reduce((s, v) => s.plus(v), new Decimal(0));
    const share = top.div(total).toNumber();
    expect(share).toBeGreaterThan(0.7);
    expect(share).toBeLessThan(0.9);
  });

  it('escalates urgent and major complaints at once and gives them a preliminary solution (SL-3, SL-4)', () => {
    const serious = business.complaints.filter((k) => k.intake.severity !== 'normal');
    expect(serious.length).toBeGreaterThan(0);
    for (const k of serious) expect(k.events[0]?.type).toBe('escalated');
  });

  it('writes complaint logs the state machine accepts: open at as-of, waits, departments (SL-1, SL-8, SL-10)', () => {
    let open = 0;
    for (const k of business.complaints) {
      const intake = parseComplaint(k.intake);
      const events = [
        { type: 'received' as const, at: intake.receivedAt, actor: k.actor },
        ...k.events.map((e) => parseComplaintEvent(e)),
      ];
      if (replayComplaint({ id: intake.id, severity: intake.severity, events }).state !== 'closed') open++;
    }
    expect(open).toBeGreaterThan(0);
    const types = business.complaints.flatMap((k) => k.events.map((e) => e.type));
    expect(types).toContain('waiting-on-customer');
    expect(
      business.complaints.some(
        (k) =>
          new Set(k.events.flatMap((e) => (e.type === 'assigned' ? [(e as { department?: string }).department] : [])))
            .size > 1,
      ),
    ).toBe(true);
  });

  it('refuses bad options with the path of the bad field', () => {
    expect(() => generateSampleBusiness({ customers: 0 })).toThrow(expect.objectContaining({ path: ['customers'] }));
    expect(() => generateSampleBusiness({ asOf: '2026-13-01' })).toThrow(expect.objectContaining({ path: ['asOf'] }));
    expect(() => generateSampleBusiness({ seed: 1.5 })).toThrow(expect.objectContaining({ path: ['seed'] }));
  });
});
