import type {
  ComplaintEventBodyInput,
  ComplaintInput,
  ContactRecordInput,
  CustomerInput,
  OwnerInput,
  SurveyResponseInput,
  TransactionInput,
} from '@kehu/core';
import { dateOfDay, dayNumber, invalidInput } from '@kehu/core';
import {
  CHINESE_GIVEN,
  CHINESE_SURNAMES,
  CITIES,
  COMPANY_CORES,
  COMPANY_PREFIXES,
  COMPLAINT_TOPICS,
  ENGLISH_COMPANIES,
  ENGLISH_FAMILY,
  ENGLISH_GIVEN,
  INDUSTRIES,
  PRODUCTS,
} from './names.js';
import { sampleOpportunities, type SampleOpportunity } from './opportunities.js';
import { type SampleMaintenancePlan, sampleMaintenancePlan } from './plan-spend.js';
import { createRandom, type Random } from './random.js';

/** Options of {@link generateSampleBusiness}. */
export interface SampleBusinessOptions {
  /** Seed of the generator; the same seed gives byte-identical data. Default 42. */
  seed?: number;
  /** Number of customers; default 2,000. */
  customers?: number;
  /** The business's "today", a local date in China (`YYYY-MM-DD`); default `2026-06-30`. Nothing happens after it. */
  asOf?: string;
}

/** A complaint with the events that followed its intake. */
export interface SampleComplaint {
  /** The intake (rule SL-1). */
  intake: ComplaintInput;
  /** Who recorded it. */
  actor: string;
  /** Events after `received`, oldest first. */
  events: ComplaintEventBodyInput[];
}

/** A generated business, as boundary input (ISO strings, decimal strings) for the SDK. */
export interface SampleBusiness {
  /** The seed used. */
  seed: number;
  /** The as-of date. */
  asOf: string;
  /** The end of the as-of day (Beijing time) as an ISO instant. */
  asOfInstant: string;
  /** Customers: people and organizations (AR-1, AR-2, AR-3). */
  customers: CustomerInput[];
  /** Two years of purchases, refunds and returns (AR-6). */
  transactions: TransactionInput[];
  /** Complaints with their event logs (SL-1). */
  complaints: SampleComplaint[];
  /** Revisits and other contacts (CA-2, CA-5, CA-9). */
  contactRecords: ContactRecordInput[];
  /** Survey responses (SA-1). */
  surveyResponses: SurveyResponseInput[];
  /**
   * The account managers `am-01`..`am-12` with their daily revisit capacity and leave (rules CA-1, CA-8):
   * `am-01` takes 6 revisits a day, the others 10; `am-02` is on leave days 1-5 after the as-of date with `am-03`
   * as cover, `am-05` days 8-12 with no cover.
   */
  owners: OwnerInput[];
  /** Sales opportunities with their stage histories and outcomes, 15 per 100 customers (MP-3). */
  opportunities: SampleOpportunity[];
  /** The diamond and gold customers' maintenance plan: approvers, approval, spend and causes (MP-1, MP-2). */
  maintenancePlan: SampleMaintenancePlan;
}

const OWNER_COUNT = 12;

/** The sample's account managers (see {@link SampleBusiness.owners}); fixed, so they draw no random numbers. */
function sampleOwners(asOf: string): OwnerInput[] {
  const day = dayNumber(asOf);
  return Array.from({ length: OWNER_COUNT }, (_, i) => {
    const id = `am-${pad(i + 1, 2)}`;
    const leave =
      i === 1
        ? [{ from: dateOfDay(day + 1), to: dateOfDay(day + 5), coverId: 'am-03' }]
        : i === 4
          ? [{ from: dateOfDay(day + 8), to: dateOfDay(day + 12) }]
          : [];
    return { id, dailyCapacity: i === 0 ? 6 : 10, leave };
  });
}

/**
 * Marks some birthdays as Chinese lunar (rule AR-3), from a random stream of its own so that every other value of
 * the sample stays as it was: a fifth of the birthdays whose day exists in every lunar month (1-29).
 */
function lunarFlag(lunar: Random, birthday: string): { birthdayCalendar: 'lunar' } | Record<string, never> {
  const lucky = lunar.chance(0.2);
  return lucky && Number(birthday.slice(-2)) <= 29 ? { birthdayCalendar: 'lunar' } : {};
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BEIJING = 8 * HOUR;

/** An instant as ISO-8601 in Beijing time (`+08:00`), to the millisecond. */
function beijing(ms: number): string {
  return new Date(ms + BEIJING).toISOString().replace('Z', '+08:00');
}

/** Integer cents as an exact decimal string. */
function yuan(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function personName(r: Random): string {
  return r.chance(0.75)
    ? `${r.pick(CHINESE_SURNAMES)}${r.pick(CHINESE_GIVEN)}`
    : `${r.pick(ENGLISH_GIVEN)} ${r.pick(ENGLISH_FAMILY)}`;
}

function birthday(r: Random): string {
  const month = r.int(1, 12);
  const day = r.int(1, month === 2 ? 29 : [4, 6, 9, 11].includes(month) ? 30 : 31);
  if (r.chance(0.4) || (month === 2 && day === 29)) return `--${pad(month, 2)}-${pad(day, 2)}`;
  return `${r.int(1955, 2004)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function mobile(r: Random): string {
  return `1${r.pick(['38', '39', '58', '86', '77'])}${pad(r.int(0, 99_999_999), 8)}`;
}

/** Local time of day in business hours (09:00–21:00 Beijing), as ms after local midnight. */
function businessTime(r: Random): number {
  return r.int(9 * 60, 21 * 60 - 1) * 60_000 + r.int(0, 59_999);
}

/**
 * How closely each service-quality indicator (rule SA-3) follows overall satisfaction in the
 * sample: the chance that an answer equals the overall score rather than a neighbour. Problem
 * solving and attitude drive satisfaction most, innovation least, as key-driver studies of
 * service desks usually find.
 */
const INDICATOR_FIDELITY = {
  'response-speed': 0.55,
  attitude: 0.7,
  'problem-solving': 0.8,
  expertise: 0.6,
  communication: 0.6,
  continuity: 0.45,
  innovation: 0.25,
} as const;

/** The seven service-quality answers (1-5) of a response whose overall satisfaction is `csat`. */
function serviceQualityAnswers(r: Random, csat: number): Record<keyof typeof INDICATOR_FIDELITY, number> {
  const out = {} as Record<keyof typeof INDICATOR_FIDELITY, number>;
  for (const [indicator, fidelity] of Object.entries(INDICATOR_FIDELITY) as Array<
    [keyof typeof INDICATOR_FIDELITY, number]
  >) {
    const off = r.chance(fidelity) ? 0 : r.pick([-2, -1, -1, 1, 1, 2]);
    out[indicator] = Math.max(1, Math.min(5, csat + off));
  }
  return out;
}

/**
 * Generates a deterministic sample business: customers with contacts and birthdays, two
 * years of transactions with an 80/20 value skew (rule GR-6) and refunds and returns
 * that never exceed their purchase (AR-6), complaints with realistic event logs (SL-1 to
 * SL-4, SL-8), revisit records (CA-2, CA-5) and survey responses (SA-1). Pure: the same
 * options give byte-identical output; nothing reads the clock.
 */
export function generateSampleBusiness(options: SampleBusinessOptions = {}): SampleBusiness {
  const seed = options.seed ?? 42;
  const count = options.customers ?? 2000;
  const asOf = options.asOf ?? '2026-06-30';
  if (!Number.isInteger(seed)) throw invalidInput(['seed'], 'seed must be an integer');
  if (!Number.isInteger(count) || count < 1 || count > 1_000_000)
    throw invalidInput(['customers'], 'customers must be an integer from 1 to 1,000,000');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00+08:00`)))
    throw invalidInput(['asOf'], 'asOf must be a date YYYY-MM-DD');
  const end = Date.parse(`${asOf}T00:00:00+08:00`) + DAY; // end of the as-of day
  const start = end - 730 * DAY;
  const dayStart = (ms: number) => ms - ((ms + BEIJING) % DAY);
  const r = createRandom(seed);
  // The service-quality answers draw from a stream of their own, so adding them changed nothing else.
  const sq = createRandom(seed ^ 0x5a3c_0de5);
  const lunar = createRandom(seed ^ 0x7c3a_11d5);
  const business: SampleBusiness = {
    seed,
    asOf,
    asOfInstant: new Date(end).toISOString(),
    customers: [],
    transactions: [],
    complaints: [],
    contactRecords: [],
    surveyResponses: [],
    owners: sampleOwners(asOf),
    opportunities: [],
    // From a random stream of its own, like the opportunities below.
    maintenancePlan: sampleMaintenancePlan(createRandom(seed ^ 0x2b1d_9e37), asOf),
  };
  let recordNo = 0;
  const nextRecordId = () => `r-${pad(++recordNo, 6)}`;

  for (let i = 1; i <= count; i++) {
    const id = `c-${pad(i, 5)}`;
    const isOrg = r.chance(0.15);
    const status = r.weighted([
      ['active', 77],
      ['dormant', 10],
      ['lost', 5],
      ['prospect', 8],
    ] as const);
    const [province, city, district] = r.pick(CITIES);
    const createdAt = status === 'prospect' ? end - r.int(1, 120) * DAY : start - r.int(0, 365) * DAY;
    const customer: CustomerInput = {
      id,
      kind: isOrg ? 'organization' : 'person',
      name: isOrg
        ? r.chance(0.8)
          ? `${city.replace('市', '')}${r.pick(COMPANY_PREFIXES)}${r.pick(COMPANY_PREFIXES)}${r.pick(COMPANY_CORES)}有限公司`
          : r.pick(ENGLISH_COMPANIES)
        : personName(r),
      status,
      createdAt: beijing(createdAt),
      owner: `am-${pad(r.int(1, OWNER_COUNT), 2)}`,
      channels: [
        { type: 'mobile', value: mobile(r) },
        ...(r.chance(0.4) ? [{ type: 'email' as const, value: `${id}@example.cn` }] : []),
      ],
      address: { country: 'CN', province, city, district },
      tags: [...(r.chance(0.2) ? ['online-first'] : []), ...(r.chance(0.1) ? ['老客户'] : [])],
      attributes: { source: r.pick(['展会 trade fair', '官网 website', '转介绍 referral', '门店 walk-in']) },
    };
    if (isOrg) {
      const contacts = r.int(1, 4);
      customer.industry = r.pick(INDUSTRIES);
      customer.organization = {
        legalRepresentative: personName(r),
        mainBusiness: customer.industry,
        headcount: r.int(5, 3000),
        operatingStatus: 'operating',
      };
      customer.contacts = Array.from({ length: contacts }, (_, k) => ({
        id: `${id}-p${k + 1}`,
        name: personName(r),
        title:
          k === 0
            ? r.pick(['总经理 General manager', '采购总监 Purchasing director'])
            : r.pick(['采购专员 Buyer', '行政经理 Office manager', '工程师 Engineer']),
        decisionRole: k === 0 ? 'decision-maker' : r.pick(['influencer', 'purchaser', 'user', 'gatekeeper'] as const),
        isKeyContact: k === 0 || r.chance(0.2),
        ...(k === 0 || r.chance(0.3) ? { birthday: birthday(r) } : {}),
        channels: [{ type: 'mobile', value: mobile(r) }],
      }));
      customer.contacts = customer.contacts.map((c) =>
        c.birthday === undefined ? c : { ...c, ...lunarFlag(lunar, c.birthday) },
      );
    } else if (r.chance(0.75)) {
      customer.birthday = birthday(r);
      Object.assign(customer, lunarFlag(lunar, customer.birthday));
    }
    business.customers.push(customer);
    if (status === 'prospect') continue;

    // Purchases: a Pareto weight gives the 80/20 skew of rule GR-6.
    const weight = Math.min(r.pareto(1.16), 400) * (isOrg ? 4 : 1);
    const purchases = Math.max(1, Math.min(40, Math.round(1 + 2.2 * Math.log(weight) + r.next() * 3)));
    const lastAllowed = status === 'active' ? end : status === 'dormant' ? end - 200 * DAY : end - 400 * DAY;
    const spendCents = Math.round(60_000 * weight);
    const bought: Array<{ id: string; at: number; cents: number }> = [];
    for (let n = 1; n <= purchases; n++) {
      // Customers who go dormant or are lost buy less and less before they stop (density 2(1 − x) over
      // their span), so their history carries the signs of churn that rule CH-1 looks for. The draw is
      // transformed rather than drawn again, so the random stream, and every other record, does not depend
      // on it.
      const u = r.next();
      const position = status === 'active' ? u : 1 - Math.sqrt(1 - u);
      const day = dayStart(start + position * (lastAllowed - start - DAY));
      const at = day + businessTime(r);
      const target = Math.max(9_900, Math.round((spendCents / purchases) * (0.6 + r.next() * 0.8)));
      const affordable = PRODUCTS.filter(([, price]) => price * 100 <= target);
      const [product, price] = affordable.length > 0 ? r.pick(affordable) : PRODUCTS[PRODUCTS.length - 1]!;
      const quantity = Math.max(1, Math.round(target / (price * 100)));
      const cents = price * 100 * quantity;
      const tid = `t-${id.slice(2)}-${pad(n, 3)}`;
      bought.push({ id: tid, at, cents });
      business.transactions.push({
        id: tid,
        customerId: id,
        occurredAt: beijing(at),
        kind: 'purchase',
        amount: yuan(cents),
        currency: 'CNY',
        product,
        quantity,
        paymentMethod: isOrg
          ? r.pick(['bank-transfer', 'credit'] as const)
          : r.pick(['alipay', 'wechat-pay', 'card', 'cash'] as const),
        channel: r.pick(['门店 store', '线上 online', '电话 phone', '销售代表 sales rep']),
      });
      // Refunds (partial) and returns (whole) follow some purchases and never exceed them.
      const after = at + r.int(1, 20) * DAY;
      if (after < end && r.chance(0.05)) {
        const isReturn = r.chance(0.4);
        const back = isReturn ? cents : Math.max(1, Math.round(cents * (0.1 + r.next() * 0.4)));
        business.transactions.push({
          id: `${tid}-${isReturn ? 'ret' : 'ref'}`,
          customerId: id,
          occurredAt: beijing(after),
          kind: isReturn ? 'return' : 'refund',
          amount: yuan(back),
          currency: 'CNY',
          product,
          relatesTo: tid,
        });
      }
      // Post-purchase revisit a week later (rule CA-2).
      const revisit = at + 7 * DAY;
      if (revisit < end && r.chance(0.25)) {
        business.contactRecords.push({
          id: nextRecordId(),
          customerId: id,
          at: beijing(dayStart(revisit) + businessTime(r)),
          channel: 'phone',
          purpose: 'post-purchase',
          owner: customer.owner!,
          outcome: r.weighted([
            ['completed', 70],
            ['callback-requested', 10],
            ['no-answer', 15],
            ['declined', 5],
          ] as const),
          summary: r.pick([
            '使用顺利 All fine',
            '询问滤芯更换周期 Asked about filter changes',
            '希望上门检测 Wants a check visit',
          ]),
        });
      }
    }

    // Other revisits by purpose (rule CA-5).
    for (let k = r.int(0, 2); k > 0; k--) {
      business.contactRecords.push({
        id: nextRecordId(),
        customerId: id,
        at: beijing(dayStart(start + r.next() * (end - start - DAY)) + businessTime(r)),
        channel: r.pick(['phone', 'face-to-face', 'instant-message'] as const),
        purpose: r.pick(['explanation', 'promotion', 'emotional', 'suggestion', 'guidance', 'greeting'] as const),
        owner: customer.owner!,
        outcome: r.weighted([
          ['completed', 80],
          ['no-answer', 15],
          ['unreachable', 5],
        ] as const),
      });
    }

    // Complaints (rules SL-1 to SL-4, SL-8).
    for (let k = r.chance(0.12) ? (r.chance(0.2) ? 2 : 1) : 0; k > 0; k--) {
      // Most complaints fall anywhere in the two years; some in the last days, still open at
      // the as-of date, so the SLA board has running, due and paused clocks to show.
      const received = r.chance(0.15) ? end - HOUR - r.next() * 4 * DAY : start + r.next() * (end - start - HOUR);
      const severity = r.weighted([
        ['normal', 75],
        ['urgent', 20],
        ['major', 5],
      ] as const);
      const [category, content] = r.pick(COMPLAINT_TOPICS);
      const complaintId = `k-${id.slice(2)}-${k}`;
      const agent = `agent-${pad(r.int(1, 6), 2)}`;
      const events: ComplaintEventBodyInput[] = [];
      const add = (type: string, at: number, extra: Record<string, unknown> = {}) => {
        if (at < end) events.push({ type, at: beijing(at), actor: agent, ...extra } as ComplaintEventBodyInput);
      };
      if (severity !== 'normal')
        add('escalated', received + 0.1 * HOUR, {
          level: severity === 'major' ? 2 : 1,
          to: severity === 'major' ? 'general-manager' : 'service-director',
        });
      const ack =
        received +
        r.weighted([
          [r.next() * 4, 60],
          [4 + r.next() * 18, 30],
          [24 + r.next() * 24, 10],
        ] as const) *
          HOUR;
      add('acknowledged', ack);
      // Assigned to the agent's team (SL-10); a product fault also goes to quality control,
      // the cross-department path. Some wait on the customer for a day or two.
      add('assigned', ack + 0.2 * HOUR, { assignee: agent, department: 'customer-service' });
      if (category === 'product-quality' && r.chance(0.4))
        add('assigned', ack + (1 + r.next() * 8) * HOUR, {
          assignee: `qc-${pad(r.int(1, 3), 2)}`,
          department: 'quality',
        });
      const preliminary = received + (1 + r.next() * 10) * HOUR;
      if (severity !== 'normal') add('preliminary-solution', preliminary, { summary: '先行更换 Replacement first' });
      let resolved = ack + (0.5 + r.next() * 6) * DAY;
      if (r.chance(0.15)) {
        // (After the acknowledgement and any preliminary solution: a paused complaint takes neither.)
        const waiting = Math.max(ack, severity === 'normal' ? ack : preliminary) + (0.3 + r.next()) * DAY;
        const back = waiting + (0.5 + r.next() * 2) * DAY;
        add('waiting-on-customer', waiting);
        add('resumed', back);
        resolved = Math.max(resolved, back + (0.2 + r.next()) * DAY);
      }
      add('resolved', resolved, { resolution: '已更换或退款 Replaced or refunded' });
      const satisfied = r.chance(0.8);
      add('feedback-recorded', resolved + DAY, { satisfied, score: satisfied ? r.int(7, 10) : r.int(2, 6) });
      add('closed', resolved + DAY + HOUR);
      // The log is chronological (a preliminary solution can come before the acknowledgement).
      events.sort((a, b) => Date.parse(String(a.at)) - Date.parse(String(b.at)));
      business.complaints.push({
        intake: {
          id: complaintId,
          customerId: id,
          ...(isOrg ? { contactId: `${id}-p1` } : {}),
          contactDetails: (customer.channels?.[0]?.value as string | undefined) ?? '',
          content,
          occurredAt: beijing(received - r.int(0, 48) * HOUR),
          place: `${city}${district}`,
          receivedAt: beijing(received),
          channel: r.weighted([
            ['phone', 40],
            ['online', 25],
            ['email', 15],
            ['in-person', 12],
            ['letter', 8],
          ] as const),
          severity,
          category,
        },
        actor: agent,
        events,
      });
      if (resolved + 2 * DAY < end && r.chance(0.6)) {
        business.contactRecords.push({
          id: nextRecordId(),
          customerId: id,
          at: beijing(dayStart(resolved + 2 * DAY) + businessTime(r)),
          channel: 'phone',
          purpose: 'complaint-callback',
          owner: customer.owner!,
          outcome: 'completed',
          relatedComplaintId: complaintId,
          summary: satisfied ? '客户满意 Customer satisfied' : '客户仍不满意，安排上门 Still unhappy, visit arranged',
          ...(satisfied ? {} : { followUp: { action: '上门拜访 Visit', dueAt: beijing(resolved + 5 * DAY) } }),
        });
      }
    }

    // Survey responses (rule SA-1).
    if (r.chance(0.35)) {
      const csat = r.weighted([
        [5, 45],
        [4, 30],
        [3, 15],
        [2, 6],
        [1, 4],
      ] as const);
      business.surveyResponses.push({
        id: `s-${id.slice(2)}`,
        surveyId: 'csat-2026',
        customerId: id,
        answeredAt: beijing(end - r.int(1, 180) * DAY + businessTime(r) - DAY),
        channel: r.chance(0.7) ? 'online' : 'offline',
        answers: {
          csat,
          nps: Math.max(0, Math.min(10, csat * 2 + r.int(-2, 1))),
          quality: Math.max(1, Math.min(5, csat + r.int(-1, 1))),
          service: Math.max(1, Math.min(5, csat + r.int(-1, 1))),
          ...serviceQualityAnswers(sq, csat),
          ...(r.chance(0.2)
            ? { comment: r.pick(['送货很快 Fast delivery', '客服耐心 Patient service', '价格偏高 A bit pricey']) }
            : {}),
        },
      });
    }
  }
  // Opportunities draw from a stream of their own, after every customer exists.
  business.opportunities = sampleOpportunities(createRandom(seed ^ 0x0bb0_7e11), business.customers, {
    start,
    end,
    count: Math.round(count * 0.15),
  });
  return business;
}

/**
 * The survey the sample business's responses answer (rules SA-1, SA-3), as plain data in the
 * shape `@kehu/satisfaction`'s `parseSurveyDefinition` reads: overall satisfaction (1-5),
 * likelihood to recommend (0-10), product quality and service (SA-1), the seven
 * service-quality indicators (SA-3) and a free-text comment.
 */
export const SAMPLE_SURVEY = {
  id: 'csat-2026',
  version: 1,
  title: { en: 'After-sale satisfaction survey', zh: '售后满意度调查' },
  questions: [
    { id: 'csat', scale: rating(1, 5) },
    { id: 'nps', scale: rating(0, 10) },
    { id: 'quality', scale: rating(1, 5), dimension: 'product-quality' as const },
    { id: 'service', scale: rating(1, 5), dimension: 'service' as const },
    ...(Object.keys(INDICATOR_FIDELITY) as Array<keyof typeof INDICATOR_FIDELITY>).map((id) => ({
      id,
      scale: rating(1, 5),
      dimension: id,
    })),
    { id: 'comment', scale: { kind: 'text' as const } },
  ],
};

/** A rating scale from `min` to `max`. */
function rating(min: number, max: number): { kind: 'rating'; min: number; max: number } {
  return { kind: 'rating', min, max };
}
