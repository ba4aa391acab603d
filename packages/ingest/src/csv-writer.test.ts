import { Decimal } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvWriter } from './csv-writer.js';

function collect(size = 1 << 20): { w: CsvWriter; text: () => string; chunks: Buffer[] } {
  const chunks: Buffer[] = [];
  const w = new CsvWriter((c) => chunks.push(c), size);
  return {
    w,
    chunks,
    text: () => {
      w.flush();
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

describe('CsvWriter', () => {
  it('writes exact amounts as Decimal.toString() does (property)', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: 0, max: 8 }), (units, scale) => {
        const { w, text } = collect();
        w.units(units, scale);
        expect(text()).toBe(new Decimal(units).div(new Decimal(10).pow(scale)).toString());
      }),
      { numRuns: 2000 },
    );
  });

  it('quotes fields with commas, quotes or line breaks, keeps UTF-8, and flushes whole rows only', () => {
    const { w, text, chunks } = collect(16);
    for (const id of ['c-1', 'a,b', 'say "hi"', '客户-7', 'x\ny']) {
      w.text(id);
      w.byte(44);
      w.int(-42);
      w.endRow();
    }
    expect(text()).toBe('c-1,-42\n"a,b",-42\n"say ""hi""",-42\n客户-7,-42\n"x\ny",-42\n');
    for (const c of chunks) expect(c.at(-1)).toBe(10);
    expect(() => w.int(0.5)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', path: ['units'] }));
  });
});
