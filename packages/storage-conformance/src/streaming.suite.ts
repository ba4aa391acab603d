import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Transaction } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { fixtureInstant, sampleTransaction } from './fixtures.js';
import type { Harness } from './harness.js';

/** A function that forces a full garbage collection, or `undefined` when unavailable. */
function gcFunction(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

function heapAfterGc(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Builds the i-th streamed transaction; 1,000 customers, ids sortable as numbers. */
function streamedTransaction(i: number): Transaction {
  const customer = `c-${String(i % 1000).padStart(4, '0')}`;
  return sampleTransaction(`t-${String(i).padStart(7, '0')}`, customer, Math.floor(i / 1000), {
    amount: `${(i % 997) + 1}.25`,
  });
}

/** `stream()` fetches lazily: memory stays bounded however many records there are. */
export function streamingSuite(h: Harness): void {
  describe('streaming with bounded memory', () => {
    it(
      'streams every transaction in order without holding them all',
      async () => {
        const s = await h.open();
        const total = h.options.streamRecords;
        for (let start = 0; start < total; start += 5000) {
          const batch: Transaction[] = [];
          for (let i = start; i < Math.min(total, start + 5000); i++) batch.push(streamedTransaction(i));
          await s.transactions.append(batch);
        }
        expect(await s.transactions.count()).toBe(total);
        // Let the adapter build whatever index it keeps, then measure.
        await s.transactions.list({}, { limit: 1 });
        const gc = gcFunction();

        // What holding records costs: keep a sample read through pages, then extrapolate.
        let retentionPerRecord = 0;
        const sampleSize = Math.min(10_000, total);
        if (gc) {
          const base = heapAfterGc(gc);
          const held: Transaction[] = [];
          let cursor: string | undefined;
          while (held.length < sampleSize) {
            const page = await s.transactions.list(
              {},
              cursor === undefined ? { limit: 1000 } : { limit: 1000, cursor },
            );
            held.push(...page.items);
            if (page.nextCursor === null) break;
            cursor = page.nextCursor;
          }
          retentionPerRecord = (heapAfterGc(gc) - base) / held.length;
          held.length = 0;
        }

        const baseline = gc ? heapAfterGc(gc) : 0;
        let peak = 0;
        let count = 0;
        let previous: [string, number, string] | undefined;
        for await (const t of s.transactions.stream()) {
          const key: [string, number, string] = [t.customerId, t.occurredAt.getTime(), t.id];
          if (previous !== undefined) {
            const ordered =
              previous[0] < key[0] ||
              (previous[0] === key[0] && (previous[1] < key[1] || (previous[1] === key[1] && previous[2] < key[2])));
            if (!ordered) throw new Error(`stream out of order at ${t.id} after ${previous[2]}`);
          }
          previous = key;
          count++;
          if (gc && count % 10_000 === 0) peak = Math.max(peak, heapAfterGc(gc) - baseline);
        }
        expect(count).toBe(total);
        expect(previous?.[0]).toBe('c-0999');
        if (gc && retentionPerRecord > 0) {
          const fullRetention = retentionPerRecord * total;
          expect(
            peak,
            `heap grew ${(peak / 2 ** 20).toFixed(1)} MiB while streaming ${total} records; ` +
              `holding them all would take about ${(fullRetention / 2 ** 20).toFixed(1)} MiB`,
          ).toBeLessThan(fullRetention * 0.25);
        }
        expect(fixtureInstant()).toBeInstanceOf(Date);
      },
      h.options.timeoutMs,
    );
  });
}
