import { createBusinessCalendar } from '@kehu/calendar';
import { KehuValidationError, parseComplaintEvent, type ComplaintEventBodyInput } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { COMPLAINT_EVENT_TYPES, COMPLAINT_SEVERITIES } from './codes.js';
import { checkComplaintColumns, toComplaintColumns, type ComplaintColumns } from './complaint-columns.js';
import { evaluateSla } from './evaluate.js';
import type { ComplaintLog } from './lifecycle.js';
import { DEFAULT_SLA_POLICY } from './policy.js';
import { slaAt, slaRows, slaTable } from './table.js';

const ev = (type: string, iso: string, extra: Record<string, unknown> = {}) =>
  parseComplaintEvent({ type, at: iso, actor: 'agent-1', ...extra } as ComplaintEventBodyInput);
const office = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [
    d,
    [
      ['09:00', '12:00'],
      ['13:00', '18:00'],
    ] as [string, string][],
  ]),
);
const cal = createBusinessCalendar({
  timeZone: 'Asia/Shanghai',
  week: office,
  holidays: ['2026-10-01', '2026-10-02'],
  workdays: ['2026-10-10'],
});
const logs: ComplaintLog[] = [
  {
    id: 'k-1',
    severity: 'urgent',
    channel: 'letter',
    events: [
      ev('received', '2026-09-28T10:00:00+08:00'),
      ev('severity-changed', '2026-09-28T11:00:00+08:00', { from: 'urgent', to: 'major' }),
      ev('resolved', '2026-09-30T17:00:00+08:00'),
      ev('reopened', '2026-10-09T09:00:00+08:00'),
    ],
  },
  {
    id: 'k-2',
    severity: 'normal',
    events: [ev('received', '2026-10-08T16:00:00+08:00'), ev('waiting-on-customer', '2026-10-08T17:00:00+08:00')],
  },
];
const asOf = new Date('2026-10-10T12:00:00+08:00');

describe('ComplaintColumns: many logs without an object per event (rules SL-1 to SL-4, SL-8)', () => {
  it('holds the types, instants and severity changes of every log, by code', () => {
    const c = toComplaintColumns(logs);
    expect(c.ids).toEqual(['k-1', 'k-2']);
    expect([...c.severity].map((s) => COMPLAINT_SEVERITIES[s])).toEqual(['urgent', 'normal']);
    expect([...c.written]).toEqual([1, 0]);
    expect([...c.offsets]).toEqual([0, 4, 6]);
    expect([...c.types].map((t) => COMPLAINT_EVENT_TYPES[t])).toEqual([
      'received',
      'severity-changed',
      'resolved',
      'reopened',
      'received',
      'waiting-on-customer',
    ]);
    expect(c.at[1]).toBe(Date.parse('2026-09-28T11:00:00+08:00'));
    expect([COMPLAINT_SEVERITIES[c.severityFrom[1]!], COMPLAINT_SEVERITIES[c.severityTo[1]!]]).toEqual([
      'urgent',
      'major',
    ]);
    expect(() => checkComplaintColumns(c)).not.toThrow();
  });

  it('evaluates to the same table and explained evaluations as the logs themselves', () => {
    const c = toComplaintColumns(logs);
    const fromColumns = slaTable(c, DEFAULT_SLA_POLICY, { asOf, calendar: cal });
    expect(fromColumns).toEqual(slaTable(toComplaintColumns(logs), DEFAULT_SLA_POLICY, { asOf, calendar: cal }));
    logs.forEach((log, k) =>
      expect(slaAt(fromColumns, k)).toEqual(evaluateSla(log, DEFAULT_SLA_POLICY, { asOf, calendar: cal })),
    );
    expect(slaRows(fromColumns)).toEqual(
      logs.map((log) => evaluateSla(log, DEFAULT_SLA_POLICY, { asOf, calendar: cal })),
    );
    for (const bad of [-1, 2, 0.5]) expect(() => slaAt(fromColumns, bad)).toThrow(KehuValidationError);
    expect(() => slaTable(logs as never, DEFAULT_SLA_POLICY, { asOf, calendar: cal })).toThrow(KehuValidationError);
  });

  it('refuses unknown types, severities and instants with the path of the field', () => {
    const bad = (log: unknown) => () => toComplaintColumns([logs[0]!, log as ComplaintLog]);
    expect(bad({ ...logs[1], severity: 'huge' })).toThrow(expect.objectContaining({ path: [1, 'severity'] }));
    expect(bad({ ...logs[1], events: [{ ...logs[1]!.events[0], type: 'teleported' }] })).toThrow(
      expect.objectContaining({ path: [1, 'events', 0, 'type'] }),
    );
    expect(bad({ ...logs[1], events: [{ ...logs[1]!.events[0], at: new Date(Number.NaN) }] })).toThrow(
      expect.objectContaining({ path: [1, 'events', 0, 'at'] }),
    );
    expect(bad({ ...logs[1], events: [logs[1]!.events[0], { ...logs[0]!.events[1], to: 'worse' }] })).toThrow(
      expect.objectContaining({ path: [1, 'events', 1, 'to'] }),
    );
    expect(bad(null)).toThrow(expect.objectContaining({ path: [1, 'events'] }));
  });

  it('checks columns filled by hand: lengths, offsets and codes', () => {
    const good = toComplaintColumns(logs);
    const broken = (patch: Partial<ComplaintColumns>) => () => checkComplaintColumns({ ...good, ...patch });
    expect(broken({ offsets: Uint32Array.from([0, 5, 6]).subarray(0, 2) })).toThrow(
      expect.objectContaining({ path: ['offsets'] }),
    );
    expect(broken({ offsets: Uint32Array.from([0, 7, 6]) })).toThrow(expect.objectContaining({ path: ['offsets', 2] }));
    expect(broken({ types: Uint8Array.from([0, 11, 7, 9, 0, 12]) })).toThrow(
      expect.objectContaining({ path: ['types', 5] }),
    );
    expect(broken({ at: new Float64Array(6).fill(Number.NaN) })).toThrow(expect.objectContaining({ path: ['at', 0] }));
    expect(broken({ severity: new Uint8Array(1) })).toThrow(expect.objectContaining({ path: ['severity'] }));
    expect(broken({ at: [1, 2] as unknown as Float64Array })).toThrow(expect.objectContaining({ path: ['at'] }));
    // The state machine is checked when evaluated, with the complaint's index first.
    const reordered = { ...good, at: Float64Array.from(good.at, (t, j) => (j === 2 ? t - 10 * 86_400_000 : t)) };
    expect(() => slaTable(reordered, DEFAULT_SLA_POLICY, { asOf, calendar: cal })).toThrow(
      expect.objectContaining({ path: [0, 'events', 2, 'at'] }),
    );
  });

  it('refuses an evaluation before the complaint was received, and checks the whole log', () => {
    const early = { asOf: new Date('2026-10-01T00:00:00+08:00'), calendar: cal };
    expect(() => slaTable(toComplaintColumns(logs), DEFAULT_SLA_POLICY, early)).toThrow(
      expect.objectContaining({ path: [1, 'events'] }),
    );
    const laterBad: ComplaintLog = {
      ...logs[1]!,
      events: [...logs[1]!.events, ev('feedback-recorded', '2026-10-20T09:00:00+08:00', { satisfied: true })],
    };
    expect(() => evaluateSla(laterBad, DEFAULT_SLA_POLICY, { asOf, calendar: cal })).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION', path: ['events', 2, 'type'] }),
    );
  });
});
