import { maskName, maskPhone } from '@kehu/core';
import type { Kehu } from '@kehu/sdk';

/** The id of the person the demo creates and erases (rerunning the demo finds them erased). */
export const DEMO_ERASURE_ID = 'demo-erasure-1';

/** The personal-data part of the demo summary (rule AR-5; PIPL's rights to a copy and to deletion). */
export interface DemoPrivacy {
  /** The first person customer with a phone, as staff screens would show it (masked). */
  sample: { id: string; name: string; phone: string } | null;
  /** Customers found by that phone number through the blind index. */
  foundByPhone: number;
  /** What `customers.exportData` gave for that customer: records per kind. */
  exported: {
    transactions: number;
    complaints: number;
    contactRecords: number;
    surveyResponses: number;
    audit: number;
  };
  /** The erasure of the demo's own person: whether their key is gone and personal values still readable after it. */
  erasure: { customerId: string; keyDestroyed: boolean; readableAfter: number };
}

/**
 * Shows the personal-data protection on the stored sample: masking for display, a lookup by
 * phone through the blind index, a PIPL export, and the erasure of one person created for
 * the purpose (so the sample business stays whole, and a second run finds them erased).
 */
export async function demoPrivacy(kehu: Kehu, actor: string, at: Date): Promise<DemoPrivacy> {
  let sample: DemoPrivacy['sample'] = null;
  let foundByPhone = 0;
  let exported: DemoPrivacy['exported'] = {
    transactions: 0,
    complaints: 0,
    contactRecords: 0,
    surveyResponses: 0,
    audit: 0,
  };
  for await (const { record } of kehu.customers.stream({ kind: 'person' })) {
    const phone = record.channels.find((c) => c.type === 'mobile' || c.type === 'phone')?.value;
    if (phone === undefined) continue;
    sample = { id: record.id, name: maskName(record.name), phone: maskPhone(phone) };
    foundByPhone = (await kehu.customers.findBy({ phone })).items.length;
    const data = await kehu.customers.exportData(record.id);
    exported = {
      transactions: data.transactions.length,
      complaints: data.complaints.length,
      contactRecords: data.contactRecords.length,
      surveyResponses: data.surveyResponses.length,
      audit: data.audit.length,
    };
    break;
  }
  const name = '演示用户 Demo Person';
  const phone = '13800000000';
  if ((await kehu.customers.get(DEMO_ERASURE_ID)) === null) {
    await kehu.customers.create(
      {
        id: DEMO_ERASURE_ID,
        kind: 'person',
        name,
        status: 'active',
        createdAt: at,
        channels: [{ type: 'mobile', value: phone }],
        birthday: '1990-01-01',
      },
      { actor, at, reason: 'demo: a person who will ask to be erased' },
    );
  }
  const erased = await kehu.customers.erase(DEMO_ERASURE_ID, {
    request: 'demo: PIPL art. 47 deletion request',
    actor,
    at,
  });
  const after = JSON.stringify(await kehu.customers.exportData(DEMO_ERASURE_ID));
  const readableAfter = [name, phone, '1990-01-01'].filter((v) => after.includes(v)).length;
  return {
    sample,
    foundByPhone,
    exported,
    erasure: { customerId: DEMO_ERASURE_ID, keyDestroyed: erased.keyDestroyed, readableAfter },
  };
}

/** The personal-data part as bilingual text lines. */
export function formatDemoPrivacy(p: DemoPrivacy): string[] {
  const e = p.exported;
  return [
    '',
    'Personal data 个人信息 (encrypted per person, rule AR-5; PIPL 个人信息保护法)',
    ...(p.sample === null
      ? []
      : [
          `  shown masked 脱敏显示: ${p.sample.id} ${p.sample.name} ${p.sample.phone} · ` +
            `found by phone 按电话查找 ${p.foundByPhone}`,
          `  export 数据副本: transactions 交易 ${e.transactions} · complaints 投诉 ${e.complaints} · ` +
            `contact records 回访 ${e.contactRecords} · surveys 调查 ${e.surveyResponses} · audit 审计 ${e.audit}`,
        ]),
    `  erasure 删除: ${p.erasure.customerId} key destroyed 密钥已销毁 ${p.erasure.keyDestroyed ? 'yes 是' : 'no 否'} · ` +
      `readable personal values after 删除后可读个人信息 ${p.erasure.readableAfter}`,
  ];
}
