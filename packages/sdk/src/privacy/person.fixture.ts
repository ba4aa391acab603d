// Test fixture (not exported by the package): one person with personal data in every kind of
// record, and a dump of everything a store holds, read through the storage contract.
import type { KehuRepositories } from '@kehu/storage';
import type { KehuUseCases } from '../kehu.js';

/** The personal values the person's records carry; after erasure none may be readable anywhere. */
export const PERSONAL_VALUES = [
  '欧阳娜娜',
  '13812345678',
  'nana.ouyang@example.com',
  '1990-03-07',
  '建国路88号',
  '李秘书',
  '13987654321',
  '发票抬头：欧阳娜娜',
  '快递丢了，电话13812345678',
  '朝阳区望京SOHO',
  '客户说下周出差',
  '包装很好，送货员很礼貌',
  '她的女儿想要粉色款',
  '亲自致电道歉',
  '与欧阳女士沟通后升级',
] as const;

const at = '2026-03-02T10:00:00+08:00';
/** Who, when and why, for the fixture's writes. */
export const context = { actor: 'am-1', at, reason: 'fixture' };

/** Writes the person `id` and records about them in every aggregate. */
export async function seedPerson(k: KehuUseCases, id = 'p-1'): Promise<void> {
  const [name, phone, email, birthday, street, assistant, assistantPhone, invoice, complaint, place, summary] =
    PERSONAL_VALUES;
  await k.customers.create(
    {
      id,
      kind: 'person',
      name,
      status: 'active',
      createdAt: at,
      owner: 'am-1',
      birthday,
      channels: [
        { type: 'mobile', value: phone },
        { type: 'email', value: email },
      ],
      address: { city: '北京', street },
      contacts: [{ id: 'k-1', name: assistant, channels: [{ type: 'phone', value: assistantPhone }] }],
      tags: ['vip'],
      attributes: { invoiceTitle: invoice },
    },
    context,
  );
  await k.transactions.import([
    {
      id: `${id}-t1`,
      customerId: id,
      occurredAt: at,
      amount: '1280.50',
      currency: 'CNY',
      attributes: { note: invoice },
    },
    { id: `${id}-t2`, customerId: id, occurredAt: at, amount: '99', currency: 'CNY' },
  ]);
  await k.complaints.open(
    {
      id: `${id}-q1`,
      customerId: id,
      content: complaint,
      contactDetails: phone,
      place,
      occurredAt: at,
      receivedAt: at,
      channel: 'phone',
    },
    'cs-1',
  );
  await k.complaints.appendEvents(`${id}-q1`, [
    { type: 'acknowledged', at: '2026-03-02T10:05:00+08:00', actor: 'cs-1', note: PERSONAL_VALUES[13] },
    { type: 'resolved', at: '2026-03-02T11:00:00+08:00', actor: 'cs-1', resolution: PERSONAL_VALUES[14] },
  ]);
  await k.contactRecords.record(
    {
      id: `${id}-r1`,
      customerId: id,
      at,
      channel: 'phone',
      purpose: 'post-purchase',
      owner: 'am-1',
      outcome: 'completed',
      summary,
      followUp: { action: PERSONAL_VALUES[12] },
    },
    context,
  );
  await k.surveys.recordResponses([
    {
      id: `${id}-s1`,
      surveyId: 'sv-1',
      customerId: id,
      answeredAt: at,
      answers: { quality: 5, comment: PERSONAL_VALUES[11] },
    },
  ]);
  await k.grades.assign(
    {
      customerId: id,
      tier: 'gold',
      effectiveFrom: at,
      source: 'manual',
      assignedBy: 'am-1',
      reason: `${name}是老客户`,
    },
    context,
  );
}

/** Everything `repos` hold, read through the storage contract, as one JSON text. */
export async function dumpStore(repos: KehuRepositories): Promise<string> {
  const all: unknown[] = [];
  const collect = async (items: AsyncIterable<unknown>) => {
    for await (const item of items) all.push(item);
  };
  await collect(repos.customers.stream());
  await collect(repos.transactions.stream());
  await collect(repos.complaints.streamLogs());
  await collect(repos.contactRecords.stream());
  await collect(repos.surveyResponses.stream());
  for await (const g of repos.grades.streamCurrent()) all.push(await repos.grades.history(g.record.customerId));
  await collect(repos.audit.stream());
  return JSON.stringify(all);
}

/** The personal values that occur in `text`. */
export function readableValues(text: string): string[] {
  return PERSONAL_VALUES.filter((v) => text.includes(v));
}
