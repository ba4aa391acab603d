import type { BudgetActualInput, MaintenancePlanInput, OwnerInput } from '@kehu/core';
import { dateOfDay, dayFromCivil, dayNumber, invalidInput, weekdayOf } from '@kehu/core';
import type { Random } from './random.js';

/** One step of the sample plan's approval, at an instant on a working day (rule MP-1). */
export interface SamplePlanStep {
  /** What happens: stored as a draft, submitted, signed by `signerId`, a signer added (加签), activated. */
  type: 'drafted' | 'submitted' | 'signed' | 'signer-added' | 'activated';
  /** When, ISO-8601 in Beijing time. */
  at: string;
  /** Who acts (for a signature: the signer, or the cover of a signer on leave). */
  actor: string;
  /** The signer who signs, or the signer added. */
  signerId?: string;
}

/** The cause the plan's owner gives a budget variance (rule MP-2), a code of the default cause taxonomy. */
export interface SampleVarianceCause {
  /** The budget line explained; without it, the category's spend in `period` (an unbudgeted row). */
  lineId?: string;
  category: 'development' | 'maintenance' | 'events';
  period: string;
  cause: string;
  note: string;
  /** When the owner explained it, ISO-8601 in Beijing time. */
  at: string;
}

/**
 * The sample maintenance plan (rules MP-1, MP-2): the plan, its approvers, how it went through approval, its
 * actual spend and the causes its owner gave.
 */
export interface SampleMaintenancePlan {
  /** The plan for the diamond and gold customers over the four quarters up to the as-of quarter. */
  plan: MaintenancePlanInput;
  /**
   * The approvers of the `major` flow of `DEFAULT_PLAN_POLICY` (sales manager; sales and finance directors, 会签;
   * general manager), the marketing director a signer adds (加签) and the finance manager, as owner records: the
   * finance director is on leave while the plan is signed, with the finance manager as cover.
   */
  approvers: OwnerInput[];
  /** The approval as it happened, oldest first. */
  approval: SamplePlanStep[];
  /** Actual spend up to the as-of date: some lines over, some under, the annual event a quarter late. */
  actuals: BudgetActualInput[];
  /** The causes given for the variances of closed quarters (two variances are left without one). */
  causes: SampleVarianceCause[];
}

/** The sample plan's id. */
export const SAMPLE_PLAN_ID = 'mp-key-accounts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BEIJING = 8 * HOUR;

/** A local time on a day number, as ISO-8601 in Beijing time. */
function at(day: number, hour: number, minute: number): string {
  const ms = day * DAY - BEIJING + hour * HOUR + minute * 60_000;
  return new Date(ms + BEIJING).toISOString().replace('.000Z', '+08:00');
}

/** The `n`-th working day (Monday to Friday) on or after `day` (n = 0: `day` itself or the next working day). */
function workingDay(day: number, n: number): number {
  let d = day;
  let left = n;
  for (;;) {
    const wd = weekdayOf(d);
    if (wd !== 0 && wd !== 6) {
      if (left === 0) return d;
      left--;
    }
    d++;
  }
}

interface Quarter {
  /** `YYYY-Qn`. */
  id: string;
  /** First and last day number. */
  first: number;
  last: number;
}

function quarter(year: number, q: number): Quarter {
  const first = dayFromCivil(year, 3 * q - 2, 1);
  const last = (q === 4 ? dayFromCivil(year + 1, 1, 1) : dayFromCivil(year, 3 * q + 1, 1)) - 1;
  return { id: `${year}-Q${q}`, first, last };
}

/** The four quarters ending with the quarter of `asOf`, oldest first. */
function quartersTo(asOf: string): Quarter[] {
  let year = Number(asOf.slice(0, 4));
  let q = Math.ceil(Number(asOf.slice(5, 7)) / 3);
  const out: Quarter[] = [];
  for (let k = 0; k < 4; k++) {
    out.unshift(quarter(year, q));
    q--;
    if (q === 0) {
      q = 4;
      year--;
    }
  }
  return out;
}

/** A visit, gift or review budget with its unit price (CNY) and planned units per quarter of the plan. */
const VISIT_PRICE = 300;
const GIFT_PRICE = 200;
const REVIEW_PRICE = 800;
const EVENT_BUDGET = 45_000;
const DEVELOPMENT_BUDGET = 8_000;

/**
 * Generates the sample maintenance plan (rules MP-1, MP-2) for `asOf` from a random stream of its own (only the
 * days of the spend entries are drawn): a plan for the diamond and gold customers over the four quarters ending
 * with the as-of quarter, with visits (CA-1), gifts (GR-3), service reviews, development spend and the annual
 * customer event (CA-7); budget lines per quarter with quantities and unit prices where natural, 165,000 CNY in
 * all (the `major` approval flow of the default policy applies from 100,000). Its approval runs in the month
 * before the plan starts; its spend runs over the plan's quarters up to `asOf`.
 */
export function sampleMaintenancePlan(r: Random, asOf: string): SampleMaintenancePlan {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw invalidInput(['asOf'], 'asOf must be a date YYYY-MM-DD');
  const quarters = quartersTo(asOf);
  const q = (k: number) => quarters[k]!;
  const asOfDay = dayNumber(asOf);
  const lines: NonNullable<MaintenancePlanInput['budgetLines']> = [];
  for (const [k, quarterOf] of quarters.entries()) {
    const p = quarterOf.id;
    lines.push({
      id: `visits-${p}`,
      category: 'maintenance',
      period: p,
      amount: `${40 * VISIT_PRICE}`,
      quantity: '40',
      unitPrice: `${VISIT_PRICE}`,
      series: 'visits',
      description: 'Revisits of key accounts (CA-1) 重点客户回访',
    });
    if (k % 2 === 0)
      lines.push({
        id: `gifts-${p}`,
        category: 'maintenance',
        period: p,
        amount: `${60 * GIFT_PRICE}`,
        quantity: '60',
        unitPrice: `${GIFT_PRICE}`,
        series: 'gifts',
        description: 'Festival gifts (GR-3) 节日礼品',
      });
    else
      lines.push({
        id: `reviews-${p}`,
        category: 'maintenance',
        period: p,
        amount: `${10 * REVIEW_PRICE}`,
        quantity: '10',
        unitPrice: `${REVIEW_PRICE}`,
        series: 'reviews',
        description: 'On-site service reviews 上门服务回顾',
      });
    lines.push({
      id: `development-${p}`,
      category: 'development',
      period: p,
      amount: `${DEVELOPMENT_BUDGET}`,
      description: 'Referrals and new sites of key accounts 重点客户转介绍与新网点开发',
    });
    if (k === 1)
      lines.push({
        id: `event-${p}`,
        category: 'events',
        period: p,
        amount: `${EVENT_BUDGET}`,
        quantity: '1',
        unitPrice: `${EVENT_BUDGET}`,
        description: 'Annual customer appreciation event (CA-7) 年度客户答谢会',
      });
  }
  const plan: MaintenancePlanInput = {
    id: SAMPLE_PLAN_ID,
    name: 'Key accounts maintenance plan 重点客户维护计划',
    ownerId: 'am-01',
    group: { tiers: ['diamond', 'gold'] },
    period: { from: dateOfDay(q(0).first), to: dateOfDay(q(3).last) },
    currency: 'CNY',
    measures: [
      {
        id: 'visits',
        kind: 'visit',
        description: 'Revisit every key account on its cadence 按周期回访每位重点客户',
        metric: 'contact-completion-rate',
        target: 0.9,
        rules: ['CA-1'],
      },
      {
        id: 'contacts',
        kind: 'visit',
        description: 'Contacts with key accounts 重点客户联系次数',
        metric: 'contacts-done',
        target: 160,
        rules: ['CA-1'],
      },
      {
        id: 'event',
        kind: 'event',
        description: 'Annual customer appreciation event 年度客户答谢会',
        metric: 'events-held',
        target: 1,
        rules: ['CA-7'],
      },
      {
        id: 'gifts',
        kind: 'gift',
        description: 'Festival gifts by entitlement 按权益赠送节日礼品',
        metric: 'gifts-given',
        target: 120,
        rules: ['GR-3'],
      },
      {
        id: 'reviews',
        kind: 'service-review',
        description: 'Service reviews lift satisfaction 服务回顾提升满意度',
        metric: 'satisfaction-change',
        target: 0,
        rules: [],
      },
      {
        id: 'keep',
        kind: 'other',
        description: 'Lose at most two key accounts 重点客户流失不超过两家',
        metric: 'churned-customers',
        direction: 'at-most',
        target: 2,
        rules: [],
      },
    ],
    budgetLines: lines,
    rules: ['GR-3', 'CA-1', 'CA-7'],
  };

  // Approval in the month before the plan starts: the finance director is on leave while the directors sign.
  const d0 = workingDay(q(0).first - 35, 0);
  const wd = (n: number) => workingDay(d0, n);
  const approval: SamplePlanStep[] = [
    { type: 'drafted', at: at(wd(0), 10, 0), actor: 'am-01' },
    { type: 'submitted', at: at(wd(1), 15, 0), actor: 'am-01' },
    { type: 'signed', at: at(wd(2), 10, 30), actor: 'sales-manager', signerId: 'sales-manager' },
    { type: 'signer-added', at: at(wd(3), 9, 40), actor: 'sales-director', signerId: 'marketing-director' },
    { type: 'signed', at: at(wd(3), 11, 0), actor: 'sales-director', signerId: 'sales-director' },
    { type: 'signed', at: at(wd(4), 14, 20), actor: 'marketing-director', signerId: 'marketing-director' },
    { type: 'signed', at: at(wd(5), 16, 0), actor: 'finance-manager', signerId: 'finance-director' },
    { type: 'signed', at: at(wd(6), 10, 0), actor: 'general-manager', signerId: 'general-manager' },
    { type: 'activated', at: at(workingDay(q(0).first, 0), 9, 0), actor: 'am-01' },
  ];
  const approver = (id: string): OwnerInput => ({ id, dailyCapacity: 1, attributes: { role: 'approver' } });
  const approvers: OwnerInput[] = [
    approver('sales-manager'),
    approver('sales-director'),
    {
      ...approver('finance-director'),
      leave: [{ from: dateOfDay(wd(3)), to: dateOfDay(wd(5) + 2), coverId: 'finance-manager' }],
    },
    approver('finance-manager'),
    approver('marketing-director'),
    approver('general-manager'),
  ];

  // One spend entry in quarter k; without a line it books by category and date; days past as-of are not spent yet.
  const actuals: BudgetActualInput[] = [];
  let no = 0;
  const spend = (
    k: number,
    lineId: string | undefined,
    category: 'development' | 'maintenance' | 'events',
    amount: number,
    quantity: number | undefined,
    description: string,
    dayInQuarter?: number,
  ) => {
    const span = q(k).last - q(k).first;
    const day = q(k).first + (dayInQuarter ?? r.int(5, span - 5));
    if (day > asOfDay) return;
    actuals.push({
      id: `sp-${String(++no).padStart(3, '0')}`,
      planId: SAMPLE_PLAN_ID,
      ...(lineId === undefined ? {} : { lineId }),
      category,
      spentOn: dateOfDay(day),
      amount: amount.toFixed(2),
      currency: 'CNY',
      ...(quantity === undefined ? {} : { quantity: String(quantity) }),
      description,
    });
  };
  // Visits per quarter: [units, unit price] per month (over, over at a higher price, short at Spring Festival, over).
  const visits: Array<Array<[number, number]>> = [
    [
      [14, 300],
      [14, 300],
      [14, 300],
    ],
    [
      [12, 320],
      [13, 320],
      [13, 320],
    ],
    [
      [12, 300],
      [6, 300],
      [12, 300],
    ],
    [
      [13, 310],
      [14, 310],
      [14, 310],
    ],
  ];
  for (const [k, months] of visits.entries())
    months.forEach(([units, price], m) => {
      spend(
        k,
        `visits-${q(k).id}`,
        'maintenance',
        units * price,
        units,
        'Revisit travel 回访差旅',
        30 * m + r.int(3, 25),
      );
    });
  spend(0, `gifts-${q(0).id}`, 'maintenance', 60 * 230, 60, 'Mid-autumn mooncakes 中秋月饼');
  spend(2, `gifts-${q(2).id}`, 'maintenance', 58 * 200, 58, 'Spring Festival gift boxes 春节礼盒');
  spend(1, `reviews-${q(1).id}`, 'maintenance', 10 * REVIEW_PRICE, 10, 'Service reviews 服务回顾');
  spend(3, `reviews-${q(3).id}`, 'maintenance', 8 * REVIEW_PRICE, 8, 'Service reviews 服务回顾');
  spend(0, `development-${q(0).id}`, 'development', 7_200, undefined, 'Referral rewards 转介绍奖励');
  spend(1, `development-${q(1).id}`, 'development', 9_500, undefined, 'Trade fair booth 展会展位');
  spend(2, `development-${q(2).id}`, 'development', 8_100, undefined, 'Referral rewards 转介绍奖励');
  spend(3, `development-${q(3).id}`, 'development', 12_500, undefined, 'New-site surveys 新网点勘察');
  // The annual event, planned in the plan's second quarter, takes place in the third: booked by its date.
  spend(2, undefined, 'events', 46_500, 1, 'Annual customer appreciation event 年度客户答谢会', 15);
  spend(2, undefined, 'events', -1_500, undefined, 'Venue deposit returned 场地押金退回', 40);

  // The owner explains variances after each quarter's review, up to as-of; the last quarter's wait.
  const review = (k: number, h: number) => at(workingDay(q(k).last + 8, 0), h, 30);
  const causes: SampleVarianceCause[] = [
    {
      lineId: `gifts-${q(0).id}`,
      category: 'maintenance',
      period: q(0).id,
      cause: 'price',
      note: 'Mooncake prices rose 月饼涨价',
      at: review(0, 10),
    },
    {
      lineId: `development-${q(1).id}`,
      category: 'development',
      period: q(1).id,
      cause: 'one-off',
      note: 'Trade fair booth 展会展位',
      at: review(1, 10),
    },
    {
      lineId: `event-${q(1).id}`,
      category: 'events',
      period: q(1).id,
      cause: 'timing',
      note: 'Event held a quarter later 答谢会推迟一个季度',
      at: review(1, 11),
    },
    {
      category: 'events',
      period: q(2).id,
      cause: 'timing',
      note: 'Event moved from the previous quarter 答谢会由上季度延后',
      at: review(2, 10),
    },
    {
      lineId: `visits-${q(2).id}`,
      category: 'maintenance',
      period: q(2).id,
      cause: 'volume',
      note: 'Fewer visits over Spring Festival 春节期间拜访减少',
      at: review(2, 11),
    },
  ];
  const asOfEnd = Date.parse(`${asOf}T23:59:59+08:00`);
  return {
    plan,
    approvers,
    approval: approval.filter((s) => Date.parse(s.at) <= asOfEnd),
    actuals,
    causes: causes.filter((c) => Date.parse(c.at) <= asOfEnd),
  };
}
