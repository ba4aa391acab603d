import fc from 'fast-check';
import { compareCodePoints, Decimal } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { CustomerTable, hashBytes, Kind, SAFE_UNITS } from './customer-table.js';

const enc = (s: string) => Buffer.from(s, 'utf8');

function add(
  t: CustomerTable,
  id: string,
  currency: string,
  at: number,
  kind: Kind,
  units: number | undefined,
  text: string,
  inYear: boolean,
): number {
  const key = enc(id);
  const k = t.slot(key, 0, key.length, hashBytes(key, 0, key.length), t.currencyOf(currency));
  t.count(k, at, kind, inYear);
  t.addAmount(k, kind === Kind.Purchase, inYear, units, text);
  return k;
}

const sums = (t: CustomerTable) =>
  Array.from({ length: t.size }, (_, k) => {
    const e = t.exact.get(k);
    return {
      id: t.id(k),
      currency: t.currencies[t.cur(k)],
      purchases: t.purchases(k),
      gross: e ? e.gross.toString() : new Decimal(t.grossUnits(k)).div(10_000).toString(),
    };
  });

describe('CustomerTable', () => {
  it('keeps one slot per customer and currency, in order of first appearance, through growth', () => {
    const t = new CustomerTable(2);
    const ids = ['c-1', '客户', 'c-1', 'a-customer-id-longer-than-the-thirty-two-inline-bytes', 'c-2', 'c-1'];
    const slots = ids.map((id, i) => add(t, id, i === 5 ? 'USD' : 'CNY', i, Kind.Purchase, 10_000, '1', true));
    expect(slots).toEqual([0, 1, 0, 2, 3, 4]);
    expect(sums(t).map((s) => `${s.id}/${s.currency}/${s.purchases}`)).toEqual([
      'c-1/CNY/2',
      '客户/CNY/1',
      'a-customer-id-longer-than-the-thirty-two-inline-bytes/CNY/1',
      'c-2/CNY/1',
      'c-1/USD/1',
    ]);
  });

  it('moves a customer to Decimals past 2^53 units and merges tables exactly (property)', () => {
    const row = fc.record({
      id: fc.constantFrom('a', 'b', 'ccc', '客'),
      units: fc.constantFrom(1, 10_000, SAFE_UNITS - 5, 123_456_789),
      exactText: fc.boolean(),
      kind: fc.constantFrom(Kind.Purchase, Kind.Refund, Kind.Return),
      inYear: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.nat(30), (rows, cut) => {
        const whole = new CustomerTable(1);
        const left = new CustomerTable(1);
        const right = new CustomerTable(1);
        rows.forEach((r, i) => {
          const text = r.exactText ? '0.00001' : new Decimal(r.units).div(10_000).toString();
          const units = r.exactText ? undefined : r.units;
          add(whole, r.id, 'CNY', i, r.kind, units, text, r.inYear);
          add(i < cut ? left : right, r.id, 'CNY', i, r.kind, units, text, r.inYear);
        });
        left.merge(CustomerTable.fromData(right.toData()));
        expect(sums(left)).toEqual(sums(whole));
        for (let k = 0; k < whole.size; k++) {
          const a = whole.toExact(k);
          const b = left.toExact(k);
          expect([b.gross, b.reversed, b.yearGross, b.yearReversed].map(String)).toEqual(
            [a.gross, a.reversed, a.yearGross, a.yearReversed].map(String),
          );
        }
      }),
    );
  });

  it('lists the slots of a currency in customer-id order (code points) and copies their key bytes (property)', () => {
    const id = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 6 }),
      fc.constantFrom('a', 'a\u0000', 'ab', '客户', '😀', '\uFFFD', 'x'.repeat(40), `${'x'.repeat(40)}y`),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(id, { maxLength: 60, selector: (s) => Buffer.from(s, 'utf8').toString('utf8') }),
        (raw) => {
          // Keys are canonical UTF-8: a lone surrogate becomes U+FFFD, as the scanner's re-encoding does.
          const ids = [...new Set(raw.map((s) => Buffer.from(s, 'utf8').toString('utf8')))];
          const t = new CustomerTable(2);
          for (const x of ids) {
            add(t, x, 'CNY', 0, Kind.Purchase, 1, '1', true);
            add(t, x, 'USD', 0, Kind.Purchase, 1, '1', true);
          }
          const sorted = t.sortedSlots(t.currencyOf('CNY'));
          expect(Array.from(sorted, (k) => t.id(k))).toEqual([...ids].sort(compareCodePoints));
          let dest: Buffer = Buffer.alloc(1);
          let at = 0;
          for (const k of sorted) {
            const copied = t.copyKey(k, dest, at);
            dest = copied.dest;
            at += copied.length;
          }
          expect(dest.toString('utf8', 0, at)).toBe([...ids].sort(compareCodePoints).join(''));
          for (const k of sorted) expect(t.currencies[t.cur(k)]).toBe('CNY');
        },
      ),
      { numRuns: 300 },
    );
  });
});
