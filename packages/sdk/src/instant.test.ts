import { createBusinessCalendar } from '@kehu/calendar';
import { KehuValidationError } from '@kehu/core';
import { createMemoryStorage } from '@kehu/storage-memory';
import { describe, expect, it } from 'vitest';
import { toInstant } from './instant.js';
import { createKehu } from './kehu.js';

const calendar = createBusinessCalendar({
  timeZone: 'Asia/Shanghai',
  week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '18:00']]])),
});

async function refusal(promise: Promise<unknown>): Promise<KehuValidationError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KehuValidationError);
  return error as KehuValidationError;
}

describe('asOf and the other instant options, read the same way everywhere', () => {
  it('accepts a Date or ISO text with an offset, and refuses anything else at its path', () => {
    expect(toInstant('2026-01-05T09:00:00+08:00', ['asOf'])).toEqual(new Date('2026-01-05T01:00:00Z'));
    const d = new Date('2026-01-05T01:00:00Z');
    expect(toInstant(d, ['asOf'])).toEqual(d);
    expect(toInstant(d, ['asOf'])).not.toBe(d);
    for (const bad of ['2026-01-05', '2026-01-05T09:00:00', 'soon', 1_767_574_800_000, null, new Date(Number.NaN)]) {
      expect(() => toInstant(bad, ['asOf'])).toThrow(KehuValidationError);
      try {
        toInstant(bad, ['asOf']);
      } catch (e) {
        expect((e as KehuValidationError).path).toEqual(['asOf']);
      }
    }
  });

  it('gives the same results for a Date and its ISO text in every use case that takes asOf', async () => {
    const kehu = createKehu({ storage: createMemoryStorage(), requireKnownCustomers: false });
    await kehu.transactions.import([
      { id: 't-1', customerId: 'c-1', occurredAt: '2026-01-05T10:00:00+08:00', amount: '5.00', currency: 'CNY' },
    ]);
    const iso = '2026-02-01T00:00:00+08:00';
    const date = new Date(iso);
    expect(await kehu.value.scoreRfm({ asOf: iso })).toEqual(await kehu.value.scoreRfm({ asOf: date }));
    const summaries = async (asOf: Date | string) => {
      const out = [];
      for await (const s of kehu.value.summarize({ asOf })) out.push(s);
      return out;
    };
    expect(await summaries(iso)).toEqual(await summaries(date));
    expect(await kehu.sla.board({ asOf: iso, calendar })).toEqual(await kehu.sla.board({ asOf: date, calendar }));
    expect((await kehu.value.regradeAll({ asOf: iso })).result).toEqual(
      (await kehu.value.regradeAll({ asOf: date })).result,
    );
  });

  it('refuses a bad asOf with a KehuValidationError at ["asOf"], never a raw TypeError', async () => {
    const kehu = createKehu({ storage: createMemoryStorage() });
    expect((await refusal(kehu.sla.board({ asOf: '2026-…', calendar }))).path).toEqual(['asOf']);
    expect((await refusal(kehu.sla.report({ asOf: '2026-09-28', calendar }))).path).toEqual(['asOf']);
    expect((await refusal(kehu.value.scoreRfm({ asOf: 'now' }))).path).toEqual(['asOf']);
    expect((await refusal(kehu.value.regradeAll({ asOf: new Date(Number.NaN) }))).path).toEqual(['asOf']);
    expect((await refusal(kehu.sla.report({ asOf: new Date(), calendar, from: 'May' }))).path).toEqual(['from']);
  });

  it('refuses sla.board without a calendar the same way with or without complaints', async () => {
    const empty = createKehu({ storage: createMemoryStorage() });
    const busy = createKehu({ storage: createMemoryStorage(), requireKnownCustomers: false });
    await busy.complaints.open(
      {
        id: 'k-1',
        customerId: 'c-1',
        content: '破损',
        occurredAt: '2026-09-28T09:00:00+08:00',
        receivedAt: '2026-09-28T10:00:00+08:00',
        channel: 'phone',
      },
      'agent-1',
    );
    const asOf = '2026-09-28T12:00:00+08:00';
    const a = await refusal(empty.sla.board({ asOf } as never));
    const b = await refusal(busy.sla.board({ asOf } as never));
    expect(a.path).toEqual(['calendar']);
    expect(b.path).toEqual(['calendar']);
    expect(a.message).toBe(b.message);
    expect((await refusal(busy.sla.evaluate('k-1', { asOf } as never))).path).toEqual(['calendar']);
  });
});
