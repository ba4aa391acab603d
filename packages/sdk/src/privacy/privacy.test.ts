import { KehuNotFoundError, KehuPolicyError, KehuValidationError } from '@kehu/core';
import { createMemoryStorage } from '@kehu/storage-memory';
import { describe, expect, it } from 'vitest';
import { createKehu } from '../kehu.js';
import { ENVELOPE_PREFIX } from './cipher.js';
import { createMemoryKeyProvider, type KeyProvider } from './key-provider.js';
import { context, dumpStore, PERSONAL_VALUES, readableValues, seedPerson } from './person.fixture.js';

const request = { request: 'PIPL art. 47 request #2026-118', actor: 'dpo-1', at: '2026-04-01T09:00:00+08:00' };

describe('personal data sealed with each person’s key (rule AR-5)', () => {
  it('stores ciphertext only and gives callers the plain values back', async () => {
    const storage = createMemoryStorage();
    const kehu = createKehu({ storage, keys: createMemoryKeyProvider() });
    await seedPerson(kehu);
    const stored = await dumpStore(storage);
    expect(readableValues(stored)).toEqual([]);
    expect(stored).toContain(ENVELOPE_PREFIX);
    const c = (await kehu.customers.get('p-1'))!.record;
    expect(c.name).toBe('欧阳娜娜');
    expect(c.channels.map((x) => x.value)).toEqual(['13812345678', 'nana.ouyang@example.com']);
    expect(c.contacts[0]!.name).toBe('李秘书');
    expect(c.attributes).toEqual({ invoiceTitle: '发票抬头：欧阳娜娜' });
    expect((await kehu.transactions.get('p-1-t1'))!.attributes).toEqual({ note: '发票抬头：欧阳娜娜' });
    expect((await kehu.complaints.get('p-1-q1'))!.record.content).toBe('快递丢了，电话13812345678');
    const events = await kehu.complaints.events('p-1-q1');
    expect(events.map((e) => e.note ?? (e as { resolution?: string }).resolution)).toEqual([
      undefined,
      '亲自致电道歉',
      '与欧阳女士沟通后升级',
    ]);
    expect((await kehu.contactRecords.get('p-1-r1'))!.record.summary).toBe('客户说下周出差');
    const [response] = (await kehu.surveys.list({ customerId: 'p-1' })).items;
    expect(response!.answers).toEqual({ quality: 5, comment: '包装很好，送货员很礼貌' });
    expect((await kehu.grades.current('p-1'))!.record.reason).toBe('欧阳娜娜是老客户');
  });

  it('keeps amounts, dates and tiers in the clear, so summaries work on the store', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), keys: createMemoryKeyProvider() });
    await seedPerson(kehu);
    const [row] = (await kehu.transactions.list({ customerId: 'p-1' })).items;
    expect(row!.amount.toString()).toBe('1280.5');
    expect((await kehu.grades.current('p-1'))!.record.tier).toBe('gold');
  });

  it('re-importing the same sealed records is still idempotent', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), keys: createMemoryKeyProvider() });
    await seedPerson(kehu);
    const again = await kehu.transactions.import([
      {
        id: 'p-1-t1',
        customerId: 'p-1',
        occurredAt: '2026-03-02T10:00:00+08:00',
        amount: '1280.50',
        currency: 'CNY',
        attributes: { note: '发票抬头：欧阳娜娜' },
      },
    ]);
    expect(again).toMatchObject({ inserted: 0, duplicates: 1 });
  });

  it('an update that changes no personal field leaves every envelope as it was', async () => {
    const storage = createMemoryStorage();
    const kehu = createKehu({ storage, keys: createMemoryKeyProvider() });
    await seedPerson(kehu);
    const before = (await storage.customers.get('p-1'))!.record;
    await kehu.customers.update('p-1', (c) => ({ ...c, tags: [...c.tags, 'birthday-gift'] }), context);
    const after = (await storage.customers.get('p-1'))!.record;
    expect(after.attributes['kehu:sealed']).toEqual(before.attributes['kehu:sealed']);
    expect(after.tags).toEqual(['vip', 'birthday-gift']);
  });

  it('refuses input that uses the reserved attribute keys', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), keys: createMemoryKeyProvider() });
    await expect(
      kehu.customers.create(
        {
          id: 'x',
          kind: 'person',
          name: 'x',
          status: 'active',
          createdAt: '2026-01-01T00:00:00Z',
          attributes: { 'kehu:lookup': ['name:abc'] },
        },
        context,
      ),
    ).rejects.toMatchObject({ path: ['attributes', 'kehu:lookup'] });
  });
});

describe('customers.findBy: a blind index over phone, e-mail and name', () => {
  it('finds by exact value, normalised, without the store seeing it', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), keys: createMemoryKeyProvider() });
    await seedPerson(kehu);
    await seedPerson(kehu, 'p-2');
    const ids = async (lookup: Parameters<typeof kehu.customers.findBy>[0]) =>
      (await kehu.customers.findBy(lookup)).items.map((c) => c.record.id);
    expect(await ids({ phone: '+86 138-1234-5678' })).toEqual(['p-1', 'p-2']);
    expect(await ids({ phone: '13987654321' })).toEqual(['p-1', 'p-2']);
    expect(await ids({ email: 'Nana.Ouyang@Example.com' })).toEqual(['p-1', 'p-2']);
    expect(await ids({ name: ' 欧阳娜娜 ' })).toEqual(['p-1', 'p-2']);
    expect(await ids({ name: '欧阳' })).toEqual([]);
    await kehu.customers.erase('p-2', request);
    expect(await ids({ phone: '13812345678' })).toEqual(['p-1']);
    const [found] = (await kehu.customers.findBy({ name: '欧阳娜娜' })).items;
    expect(found!.record.name).toBe('欧阳娜娜');
  });

  it('refuses a lookup without keys, with two kinds, or empty', async () => {
    const plain = createKehu({ storage: createMemoryStorage() });
    await expect(plain.customers.findBy({ phone: '1' })).rejects.toBeInstanceOf(KehuPolicyError);
    const kehu = createKehu({ storage: createMemoryStorage(), keys: createMemoryKeyProvider() });
    await expect(kehu.customers.findBy({ phone: '1', email: 'a@b' })).rejects.toBeInstanceOf(KehuValidationError);
    await expect(kehu.customers.findBy({ phone: '--' })).rejects.toMatchObject({ path: ['phone'] });
    await expect(kehu.customers.findBy(null as never)).rejects.toBeInstanceOf(KehuValidationError);
  });
});

describe('customers.erase (PIPL right to deletion)', () => {
  it('leaves no readable personal value anywhere and keeps amounts and grades', async () => {
    const storage = createMemoryStorage();
    const keys = createMemoryKeyProvider();
    const kehu = createKehu({ storage, keys });
    await seedPerson(kehu);
    await seedPerson(kehu, 'p-2');
    const result = await kehu.customers.erase('p-1', request);
    expect(result).toMatchObject({ customerId: 'p-1', keyDestroyed: true });
    expect(await keys.getKey('p-1')).toBeNull();

    // Every sealed value of p-1 anywhere in the store, opened with every key that still exists: nothing.
    const fresh = createKehu({ storage, keys });
    const exported = JSON.stringify(await fresh.customers.exportData('p-1'));
    expect(readableValues(exported)).toEqual([]);
    const c = (await fresh.customers.get('p-1'))!.record;
    expect(c).toMatchObject({ id: 'p-1', name: '[erased]', status: 'active', owner: 'am-1', tags: ['vip'] });
    expect(c.channels).toEqual([]);
    expect(c.contacts).toEqual([]);
    expect(c.birthday).toBeUndefined();
    expect((await fresh.complaints.get('p-1-q1'))!.record.content).toBe('[erased]');
    expect((await fresh.contactRecords.get('p-1-r1'))!.record.summary).toBeUndefined();
    expect((await fresh.grades.current('p-1'))!.record).toMatchObject({ tier: 'gold', reason: '[erased]' });
    expect((await fresh.transactions.get('p-1-t1'))!.amount.toString()).toBe('1280.5');
    // p-2 is untouched.
    expect((await fresh.customers.get('p-2'))!.record.name).toBe('欧阳娜娜');

    // One audit entry says the erasure happened and why, with no personal data.
    const entries = (await kehu.audit.list({ entity: 'customer', entityId: 'p-1' })).items;
    const last = entries.at(-1)!;
    expect(last).toMatchObject({ actor: 'dpo-1', reason: 'erasure: PIPL art. 47 request #2026-118' });
    expect(readableValues(JSON.stringify(last))).toEqual([]);

    // Erasing again is harmless.
    await expect(kehu.customers.erase('p-1', request)).resolves.toMatchObject({ keyDestroyed: true });
    await expect(kehu.customers.erase('nobody', request)).rejects.toBeInstanceOf(KehuNotFoundError);
  });

  it('without encryption it scrubs the customer and contact records in the clear', async () => {
    const storage = createMemoryStorage();
    const kehu = createKehu({ storage });
    await seedPerson(kehu);
    const result = await kehu.customers.erase('p-1', request);
    expect(result).toMatchObject({ keyDestroyed: false, contactRecordsScrubbed: 1 });
    expect((await kehu.customers.get('p-1'))!.record.name).toBe('[erased]');
    expect((await kehu.contactRecords.get('p-1-r1'))!.record.summary).toBeUndefined();
  });

  it('keeps no key or value that a read fetched while the erasure ran', async () => {
    const storage = createMemoryStorage();
    const provider = createMemoryKeyProvider();
    // A provider whose answers arrive late, as a KMS's do: the key leaves before the erasure, arrives after it.
    let late: Promise<void> = Promise.resolve();
    const keys: KeyProvider = {
      ...provider,
      getKey: async (subject) => {
        const key = await provider.getKey(subject);
        await late;
        return key;
      },
    };
    await seedPerson(createKehu({ storage, keys }));
    const kehu = createKehu({ storage, keys });
    let arrive!: () => void;
    late = new Promise((resolve) => {
      arrive = resolve;
    });
    const reading = kehu.complaints.get('p-1-q1');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await kehu.customers.erase('p-1', request);
    arrive();
    await reading;
    expect((await kehu.complaints.get('p-1-q1'))!.record.content).toBe('[erased]');
    expect((await kehu.contactRecords.get('p-1-r1'))!.record.summary).toBeUndefined();
  });

  it('validates the request', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), keys: createMemoryKeyProvider() });
    await seedPerson(kehu);
    await expect(kehu.customers.erase('p-1', { ...request, request: '' })).rejects.toMatchObject({
      path: ['request'],
    });
    expect((await kehu.customers.get('p-1'))!.record.name).toBe('欧阳娜娜');
  });
});

describe('customers.exportData (PIPL right to a copy)', () => {
  it('gives everything stored about the person, opened', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), keys: createMemoryKeyProvider() });
    await seedPerson(kehu);
    await seedPerson(kehu, 'p-2');
    const data = await kehu.customers.exportData('p-1');
    expect(data).toMatchObject({ format: 'kehu.personal-data/v1', customerId: 'p-1' });
    expect(data.transactions).toHaveLength(2);
    expect(data.complaints[0]!.events).toHaveLength(3);
    expect(data.contactRecords).toHaveLength(1);
    expect(data.surveyResponses).toHaveLength(1);
    expect(data.grades).toHaveLength(1);
    expect(data.audit.length).toBeGreaterThanOrEqual(3);
    expect(readableValues(JSON.stringify(data))).toEqual([...PERSONAL_VALUES]);
    expect(JSON.stringify(data)).not.toContain('p-2-');
  });

  it('includes the audit entries of contact records purged since', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), keys: createMemoryKeyProvider() });
    await seedPerson(kehu);
    await seedPerson(kehu, 'p-2');
    const retention = { auditYears: null, contactRecordYears: 1 };
    await kehu.retention.apply(retention, { asOf: '2028-01-01T00:00:00Z', actor: 'dpo-1' });
    const data = await kehu.customers.exportData('p-1');
    expect(data.contactRecords).toEqual([]);
    const entries = data.audit.filter((e) => (e as { entity: string }).entity === 'contact-record');
    expect(entries.map((e) => (e as { entityId: string }).entityId)).toEqual(['p-1-r1', 'p-1-r1']);
    expect(JSON.stringify(entries)).toContain('客户说下周出差');
  });
});

describe('writes after an erasure (rule AR-5)', () => {
  it('seal with a new key; what was sealed before reads as erased, and lists keep working', async () => {
    const storage = createMemoryStorage();
    const keys = createMemoryKeyProvider();
    const kehu = createKehu({ storage, keys });
    await seedPerson(kehu);
    await kehu.customers.erase('p-1', request);
    await kehu.grades.assign(
      {
        customerId: 'p-1',
        tier: 'silver',
        effectiveFrom: '2026-04-02T00:00:00Z',
        source: 'evaluation',
        assignedBy: 'regrader',
        reason: 'GR-4 re-grading',
      },
      context,
    );
    const fresh = createKehu({ storage, keys });
    expect((await fresh.grades.history('p-1')).map((g) => g.reason)).toEqual(['[erased]', 'GR-4 re-grading']);
    expect((await fresh.complaints.get('p-1-q1'))!.record.content).toBe('[erased]');
    expect((await fresh.complaints.list()).items).toHaveLength(1);
    expect(readableValues(JSON.stringify(await fresh.customers.exportData('p-1')))).toEqual([]);
  });
});
