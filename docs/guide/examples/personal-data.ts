// personal-data.ts: personal fields encrypted per person, found by phone, exported, erased (AR-5, PIPL).
import { maskName, maskPhone } from '@kehu/core';
import { createKehu, createMemoryKeyProvider, type KeyProvider } from '@kehu/sdk';
import { createMemoryStorage } from '@kehu/storage-memory';

// In production the key provider talks to your KMS; this one keeps keys in memory (tests and examples).
const keys: KeyProvider = createMemoryKeyProvider();
const storage = createMemoryStorage();
const kehu = createKehu({
  storage,
  keys,
  // Policy data: which fields are personal (all of them by default) and whether they are encrypted.
  personalData: { transaction: [] },
});

const at = '2026-03-02T10:00:00+08:00';
await kehu.customers.create(
  {
    id: 'c-1',
    kind: 'person',
    name: '欧阳娜娜',
    status: 'active',
    createdAt: at,
    birthday: '1990-03-07',
    channels: [{ type: 'mobile', value: '13812345678' }],
  },
  { actor: 'am-1', at, reason: 'new customer' },
);
await kehu.transactions.import([{ id: 't-1', customerId: 'c-1', occurredAt: at, amount: '1280.50', currency: 'CNY' }]);

// The store holds ciphertext; the SDK gives the plain values back, and screens show them masked.
const stored = (await storage.customers.get('c-1'))!.record;
const customer = (await kehu.customers.get('c-1'))!.record;
export const storedName = stored.name; // '[sealed]'
export const shown = `${maskName(customer.name)} ${maskPhone(customer.channels[0]!.value)}`; // '欧*** 138****5678'

// Exact lookups go through keyed hashes: the store never sees the phone number.
export const found = (await kehu.customers.findBy({ phone: '+86 138 1234 5678' })).items.map((c) => c.record.id);

// PIPL's right to a copy: everything stored about the person, as JSON.
const copy = await kehu.customers.exportData('c-1');
export const exportedTransactions = copy.transactions.length;

// PIPL's right to deletion: the person's key is destroyed; amounts stay for the books.
const erased = await kehu.customers.erase('c-1', {
  request: 'PIPL art. 47 request #2026-118',
  actor: 'dpo-1',
  at: '2026-04-01T09:00:00+08:00',
});
export const keyDestroyed = erased.keyDestroyed;
export const nameAfter = (await kehu.customers.get('c-1'))!.record.name; // '[erased]'
export const amountAfter = (await kehu.transactions.get('t-1'))!.amount.toString(); // '1280.5'
console.log(shown, found, keyDestroyed, nameAfter, amountAfter);
