// policies.ts: your business's thresholds as versioned JSON data, checked when loaded, passed to the use cases.
import { chinaCalendar } from '@kehu/calendar';
import { KehuPolicyError } from '@kehu/core';
import { contributionPolicySchema, parsePolicy } from '@kehu/grading';
import { createKehu } from '@kehu/sdk';
import {
  DEFAULT_SLA_POLICY,
  parseCompensationPolicy,
  parseSlaPolicy,
  PROGRESS_UPDATES_METRIC,
  suggestCompensation,
} from '@kehu/sla';
import { createMemoryStorage } from '@kehu/storage-memory';

// Policies usually live in a settings table or a JSON file, edited by the business, not in code.
const settings = JSON.parse(`{
  "grading": {
    "windowDays": 180,
    "tiers": {
      "diamond": { "anyOf": [{ "kind": "amount", "atLeast": "100000" }] },
      "gold": { "anyOf": [{ "kind": "percentile", "topPercent": 40 }], "minimum": "20000" },
      "silver": { "anyOf": [{ "kind": "cumulative-share", "upTo": 0.95 }] }
    }
  },
  "compensation": {
    "id": "acme-compensation",
    "version": "3",
    "matrix": {
      "*": {
        "normal": { "kind": "none" },
        "urgent": { "kind": "discount", "percent": 10, "cap": "300" },
        "major": { "kind": "refund", "percent": "50" }
      },
      "product-quality": { "urgent": { "kind": "replacement" } }
    }
  }
}`);

// 1. Check every policy when it is loaded: a mistake names the field, before any customer is graded.
const grading = parsePolicy(contributionPolicySchema, settings.grading, 'grading policy');
const compensation = parseCompensationPolicy(settings.compensation);
try {
  parsePolicy(contributionPolicySchema, { tiers: { ...grading.tiers, gold: { anyOf: [] } } }, 'grading policy');
} catch (error) {
  // POLICY_INVALID [ 'tiers', 'gold', 'anyOf' ]
  if (error instanceof KehuPolicyError) console.log(error.code, error.path);
}

// 2. Grading by your own cut-offs (GR-2): diamond from 100,000 spent in the last 180 days, gold for the top 40%
// of customers with at least 20,000, silver up to 95% of contribution, everyone else regular.
const kehu = createKehu({ storage: createMemoryStorage() });
const at = '2026-05-01T09:00:00+08:00';
const spent = ['150000', '120000', '60000', '30000', '20000', '12000', '9000', '5000', '3000', '1000'];
for (const [i, amount] of spent.entries()) {
  const id = `c-${String(i + 1).padStart(2, '0')}`;
  await kehu.customers.create(
    { id, kind: 'organization', name: `Customer ${i + 1}`, status: 'active', createdAt: at },
    { actor: 'setup', at, reason: 'example data' },
  );
  await kehu.transactions.import([{ id: `t-${id}`, customerId: id, occurredAt: at, amount, currency: 'CNY' }]);
}
const asOf = new Date('2026-06-30T16:00:00Z');
const { evaluation } = await kehu.value.regradeAll({ asOf, policy: grading });
/** Customers per tier under the host's grading policy. */
export const tiers = Object.fromEntries(
  (['diamond', 'gold', 'silver', 'regular'] as const).map((t) => [t, evaluation.distribution[t].customers]),
);
console.log(tiers); // { diamond: 2, gold: 2, silver: 2, regular: 4 }

// 3. SLAs: a first reply within 4 business hours instead of 24 elapsed hours, plus progress updates (SL-8).
const sla = parseSlaPolicy({
  ...DEFAULT_SLA_POLICY,
  id: 'acme-sla',
  version: '2026-07',
  metrics: [
    ...DEFAULT_SLA_POLICY.metrics.map((m) =>
      m.id === 'first-reply' ? { ...m, clock: 'business', target: { kind: 'duration', hours: 4 } } : m,
    ),
    PROGRESS_UPDATES_METRIC,
  ],
});
await kehu.complaints.open(
  {
    id: 'k-1',
    customerId: 'c-03',
    content: '发票抬头开错了',
    occurredAt: '2026-06-26T15:00:00+08:00',
    receivedAt: '2026-06-26T17:00:00+08:00', // a Friday, an hour before closing
    channel: 'phone',
  },
  'agent-7',
);
const calendar = chinaCalendar();
const due = async (policy = DEFAULT_SLA_POLICY) => {
  const evaluation = await kehu.sla.evaluate('k-1', { asOf: new Date('2026-06-26T10:00:00Z'), calendar, policy });
  return evaluation.metrics.find((m) => m.metric === 'first-reply')?.dueAt?.toISOString();
};
/** When the first reply is due under the default policy and under the host's. */
export const firstReplyDue = { default: await due(), acme: await due(sla) };
console.log(firstReplyDue); // 24 elapsed hours: Saturday 17:00; 4 business hours: Monday 12:00 (Beijing time)

// 4. Compensation (SL-6) by the host's matrix: an urgent billing complaint on an order of 4,800 CNY.
const offer = suggestCompensation(
  { nature: 'billing', severity: 'urgent', orderAmount: { amount: '4800', currency: 'CNY' } },
  compensation,
);
/** The suggested offer. */
export const compensationOffer = `${offer.kind} ${offer.amount?.amount.toString()} (capped: ${offer.capped})`;
console.log(compensationOffer); // discount 300 (capped: true): 10% would be 480

await kehu.close();
