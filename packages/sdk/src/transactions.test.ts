import { KehuValidationError } from '@kehu/core';
import { createMemoryStorage } from '@kehu/storage-memory';
import { describe, expect, it } from 'vitest';
import { createKehu } from './kehu.js';
import type { TransactionInput } from './inputs.js';
import type { ImportProgress } from './transactions.js';

const row = (i: number, extra: Record<string, unknown> = {}): TransactionInput => ({
  id: `t-${i}`,
  customerId: `c-${i % 3}`,
  occurredAt: `2026-01-0${(i % 9) + 1}T10:00:00+08:00`,
  amount: `${i}.50`,
  currency: 'CNY',
  ...extra,
});

describe('transaction import (rule AR-6)', () => {
  it('imports in batches with progress, and a rerun stores nothing new', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), requireKnownCustomers: false });
    const progress: ImportProgress[] = [];
    const rows = Array.from({ length: 25 }, (_, i) => row(i));
    const first = await kehu.transactions.import(rows, { batchSize: 10, onProgress: (p) => progress.push(p) });
    expect(first).toEqual({ processed: 25, inserted: 25, duplicates: 0, invalid: [] });
    expect(progress.map((p) => p.processed)).toEqual([10, 20, 25]);
    const again = await kehu.transactions.import(
      (async function* () {
        yield* rows;
      })(),
    );
    expect(again).toMatchObject({ inserted: 0, duplicates: 25 });
    expect(await kehu.transactions.count()).toBe(25);
  });

  it('names the bad row and field, and writes nothing of its batch', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), requireKnownCustomers: false });
    const rows = [row(1), row(2), row(3, { amount: 0.1 }), row(4)];
    const error = await kehu.transactions.import(rows, { batchSize: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KehuValidationError);
    expect((error as KehuValidationError).path).toEqual([2, 'amount']);
    expect(await kehu.transactions.count()).toBe(2);
  });

  it('skips and reports invalid rows when asked', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), requireKnownCustomers: false });
    const result = await kehu.transactions.import([row(1), { id: 't-x' } as never, row(2, { currency: 'XXX1' })], {
      onInvalid: 'skip',
    });
    expect(result.inserted).toBe(1);
    expect(result.invalid.map((r) => [r.index, r.error.path[0]])).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('refuses a bad batch size', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), requireKnownCustomers: false });
    await expect(kehu.transactions.import([], { batchSize: 0 })).rejects.toMatchObject({ path: ['batchSize'] });
  });
});
