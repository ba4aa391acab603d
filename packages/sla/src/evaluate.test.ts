import { businessTimeBetween, createBusinessCalendar } from '@kehu/calendar';
import {
  KehuValidationError,
  parseComplaintEvent,
  type ComplaintEventBody,
  type ComplaintEventBodyInput,
} from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateSla, newlyReached } from './evaluate.js';
import { SLA_STATES } from './engine.js';
import { slaAt, slaTable } from './table.js';
import { toComplaintColumns } from './complaint-columns.js';
import type { ComplaintLog } from './lifecycle.js';
import { DEFAULT_SLA_POLICY, parseSlaPolicy, PROGRESS_UPDATES_METRIC } from './policy.js';

const H = 3_600_000;
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
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05'],
  workdays: ['2026-10-10'],
});
const at = (iso: string) => new Date(iso);
const metric = (e: ReturnType<typeof evaluateSla>, id: string, cycle = 1) =>
  e.metrics.find((m) => m.metric === id && m.cycle === cycle)!;

describe('evaluateSla (rules SL-2, SL-3, SL-4, SL-8, CA-3)', () => {
  const urgent: ComplaintLog = {
    id: 'k-1',
    severity: 'urgent',
    channel: 'email',
    events: [
      ev('received', '2026-09-28T10:00:00+08:00'),
      ev('acknowledged', '2026-09-28T11:00:00+08:00'),
      ev('preliminary-solution', '2026-09-28T19:00:00+08:00'),
      ev('resolved', '2026-09-30T17:00:00+08:00'),
    ],
  };

  it('measures the first reply in 24 elapsed hours and the preliminary solution in 8 for urgent complaints', () => {
    const e = evaluateSla(urgent, DEFAULT_SLA_POLICY, { asOf: at('2026-10-08T12:00:00+08:00'), calendar: cal });
    expect(metric(e, 'first-reply')).toMatchObject({
      state: 'met',
      clock: 'elapsed',
      targetMs: 24 * H,
      elapsedMs: H,
      dueAt: at('2026-09-29T10:00:00+08:00'),
      rules: ['SL-2'],
    });
    // 9 elapsed hours after receipt: late by one hour.
    expect(metric(e, 'preliminary-solution')).toMatchObject({
      state: 'breached',
      breachedAt: at('2026-09-28T18:00:00+08:00'),
      stoppedAt: at('2026-09-28T19:00:00+08:00'),
    });
    // Resolution: by 18:00 on the 5th working day (Oct 1, 2 and 5 are holidays) → met on Sep 30.
    expect(metric(e, 'resolution')).toMatchObject({ state: 'met', clock: 'business' });
    // Feedback (SL-8): 2 working days after the resolution of Wed Sep 30: Tue Oct 6 and Wed Oct 7 → due Oct 7
    // 18:00, breached by Oct 8.
    expect(metric(e, 'feedback')).toMatchObject({ state: 'breached', dueAt: at('2026-10-07T18:00:00+08:00') });
    expect(e.escalations.map((x) => [x.id, x.role])).toEqual([
      ['1:intake', 'department-manager'],
      ['1:preliminary-solution:warning', 'supervisor'],
      ['1:preliminary-solution:breach', 'department-manager'],
      ['1:feedback:warning', 'supervisor'],
      ['1:feedback:breach', 'department-manager'],
    ]);
    expect(e.callbacks.map((c) => c.id)).toEqual([
      '1:written-complaint',
      '1:preliminary-solution:deadline-passed',
      '1:resolved',
      '1:feedback:deadline-passed',
    ]);
    expect(e.state).toBe('resolved');
  });

  it('replays any past moment: running, warnings reached and the next check', () => {
    const e = evaluateSla(urgent, DEFAULT_SLA_POLICY, { asOf: at('2026-09-28T10:30:00+08:00'), calendar: cal });
    expect(metric(e, 'first-reply')).toMatchObject({ state: 'running', elapsedMs: H / 2, remainingMs: 23.5 * H });
    expect(metric(e, 'feedback').state).toBe('pending');
    // The next change: the preliminary solution's 50% warning at 14:00.
    expect(e.nextCheckAt).toEqual(at('2026-09-28T14:00:00+08:00'));
    const later = evaluateSla(urgent, DEFAULT_SLA_POLICY, { asOf: at('2026-09-28T14:00:00+08:00'), calendar: cal });
    expect(metric(later, 'preliminary-solution').warnings.map((w) => w.id)).toEqual([
      '1:preliminary-solution:percent:50',
    ]);
    expect(newlyReached(e, later).escalations).toEqual([]);
    expect(newlyReached(later, later)).toEqual({ escalations: [], callbacks: [] });
  });

  it('SL-5, SL-8: times investigation and resolution, paused while waiting; reopening starts a new cycle', () => {
    const log: ComplaintLog = {
      id: 'k-2',
      severity: 'normal',
      events: [
        ev('received', '2026-09-21T09:00:00+08:00'),
        ev('acknowledged', '2026-09-21T09:30:00+08:00'),
        ev('waiting-on-customer', '2026-09-21T10:00:00+08:00'),
        ev('resumed', '2026-09-23T10:00:00+08:00'),
        ev('resolved', '2026-09-24T10:00:00+08:00'),
        ev('feedback-recorded', '2026-09-24T11:00:00+08:00', { satisfied: false }),
        ev('reopened', '2026-09-25T09:00:00+08:00'),
      ],
    };
    const e = evaluateSla(log, DEFAULT_SLA_POLICY, { asOf: at('2026-09-25T10:00:00+08:00'), calendar: cal });
    const r1 = metric(e, 'resolution', 1);
    expect(r1.state).toBe('met');
    expect(r1.rules).toEqual(['SL-5', 'SL-8']);
    expect(r1.pausedMs).toBe(16 * H); // two business days waiting on the customer
    expect(metric(e, 'preliminary-solution').state).toBe('not-applicable');
    expect(e.cycles).toBe(2);
    expect(metric(e, 'first-reply', 2)).toMatchObject({ state: 'running', startedAt: at('2026-09-25T09:00:00+08:00') });
    const paused = evaluateSla(log, DEFAULT_SLA_POLICY, { asOf: at('2026-09-22T10:00:00+08:00'), calendar: cal });
    expect(metric(paused, 'resolution')).toMatchObject({ state: 'paused', dueAt: null });
    expect(paused.state).toBe('waiting-on-customer');
  });

  it('records what a severity change does: keep, restart or count from receipt', () => {
    const log: ComplaintLog = {
      id: 'k-3',
      severity: 'normal',
      events: [
        ev('received', '2026-09-28T09:00:00+08:00'),
        ev('severity-changed', '2026-09-28T12:00:00+08:00', { from: 'normal', to: 'major' }),
      ],
    };
    const asOf = at('2026-09-28T13:00:00+08:00');
    const policy = (rule: string) =>
      parseSlaPolicy({
        ...DEFAULT_SLA_POLICY,
        metrics: DEFAULT_SLA_POLICY.metrics.map((m) =>
          m.id === 'preliminary-solution' ? { ...m, onSeverityChange: rule } : m,
        ),
      });
    expect(metric(evaluateSla(log, policy('keep'), { asOf, calendar: cal }), 'preliminary-solution').state).toBe(
      'not-applicable',
    );
    expect(
      metric(evaluateSla(log, policy('from-receipt'), { asOf, calendar: cal }), 'preliminary-solution'),
    ).toMatchObject({
      state: 'running',
      startedAt: at('2026-09-28T09:00:00+08:00'),
      severityRule: 'from-receipt',
    });
    expect(metric(evaluateSla(log, policy('restart'), { asOf, calendar: cal }), 'preliminary-solution')).toMatchObject({
      state: 'running',
      startedAt: at('2026-09-28T12:00:00+08:00'),
    });
    // Raised to major: senior management at once (SL-4).
    expect(
      evaluateSla(log, DEFAULT_SLA_POLICY, { asOf, calendar: cal }).escalations.map((x) => [x.id, x.role]),
    ).toEqual([['1:severity:1', 'senior-management']]);
  });

  it('tightens targets by the tier factor and refuses bad input', () => {
    const log: ComplaintLog = { id: 'k-4', severity: 'normal', events: [ev('received', '2026-09-28T09:00:00+08:00')] };
    expect(
      metric(
        evaluateSla(log, DEFAULT_SLA_POLICY, {
          asOf: at('2026-09-28T10:00:00+08:00'),
          calendar: cal,
          targetFactor: 0.5,
        }),
        'first-reply',
      ).targetMs,
    ).toBe(12 * H);
    expect(() => evaluateSla(log, DEFAULT_SLA_POLICY, { asOf: new Date(Number.NaN), calendar: cal })).toThrow(
      expect.objectContaining({ path: ['asOf'] }),
    );
    const asOf = at('2026-09-28T10:00:00Z');
    expect(() => evaluateSla(log, DEFAULT_SLA_POLICY, { asOf, calendar: cal, targetFactor: 0 })).toThrow(
      expect.objectContaining({ path: ['targetFactor'] }),
    );
    for (const options of [{ asOf }, { asOf, calendar: {} }, undefined])
      expect(() => evaluateSla(log, DEFAULT_SLA_POLICY, options as never)).toThrow(KehuValidationError);
    expect(() => evaluateSla(log, DEFAULT_SLA_POLICY, { asOf } as never)).toThrow(
      expect.objectContaining({ path: ['calendar'] }),
    );
    expect(() =>
      evaluateSla(log, { ...DEFAULT_SLA_POLICY, metrics: [] }, { asOf: at('2026-09-28T10:00:00Z'), calendar: cal }),
    ).toThrow(expect.objectContaining({ code: 'POLICY_INVALID' }));
  });
});

describe('periodic metrics: progress updates (rule SL-8)', () => {
  const policy = parseSlaPolicy({
    ...DEFAULT_SLA_POLICY,
    metrics: [...DEFAULT_SLA_POLICY.metrics, PROGRESS_UPDATES_METRIC],
  });
  const base = [
    ev('received', '2026-09-21T09:00:00+08:00'),
    ev('acknowledged', '2026-09-21T10:00:00+08:00'),
    ev('assigned', '2026-09-23T12:00:00+08:00', { assignee: 'agent-2' }),
  ];

  it('restarts the 24 business hours at every update and runs on from the last one', () => {
    const e = evaluateSla({ id: 'k-5', severity: 'normal', events: base }, policy, {
      asOf: at('2026-09-25T17:00:00+08:00'),
      calendar: cal,
    });
    expect(metric(e, 'progress-updates')).toMatchObject({
      state: 'running',
      startedAt: at('2026-09-23T12:00:00+08:00'),
      elapsedMs: 20 * H,
      remainingMs: 4 * H,
    });
  });

  it('stays breached once a period overran, even after a later update', () => {
    const late = [...base, ev('escalated', '2026-09-29T10:00:00+08:00', { level: 1 })];
    const e = evaluateSla({ id: 'k-6', severity: 'normal', events: late }, policy, {
      asOf: at('2026-09-29T11:00:00+08:00'),
      calendar: cal,
    });
    // From Wed 12:00, 24 business hours end on Mon 2026-09-28 at 12:00; the next update came on Tue.
    expect(metric(e, 'progress-updates')).toMatchObject({
      state: 'breached',
      breachedAt: at('2026-09-28T12:00:00+08:00'),
      startedAt: at('2026-09-29T10:00:00+08:00'),
    });
  });
});

describe('evaluateSla properties', () => {
  // The default policy plus a periodic metric, so restarts are exercised too.
  const P = parseSlaPolicy({
    ...DEFAULT_SLA_POLICY,
    metrics: [...DEFAULT_SLA_POLICY.metrics, PROGRESS_UPDATES_METRIC],
  });
  const types = [
    'acknowledged',
    'preliminary-solution',
    'assigned',
    'escalated',
    'waiting-on-customer',
    'resumed',
    'resolved',
    'feedback-recorded',
    'reopened',
    'severity-changed',
  ] as const;
  /** A random valid log: events are drawn and kept only when the state allows them. */
  const logArb = fc
    .record({
      severity: fc.constantFrom('normal' as const, 'urgent' as const, 'major' as const),
      steps: fc.array(fc.tuple(fc.constantFrom(...types), fc.integer({ min: 1, max: 40 * 60 })), { maxLength: 14 }),
    })
    .map(({ severity, steps }) => {
      const events: ComplaintEventBody[] = [ev('received', '2026-09-25T08:17:00+08:00')];
      let t = events[0]!.at.getTime();
      let state = 'open';
      let sev = severity;
      for (const [type, minutes] of steps) {
        const allowed: Record<string, readonly string[]> = {
          open: [
            'acknowledged',
            'preliminary-solution',
            'assigned',
            'escalated',
            'waiting-on-customer',
            'resolved',
            'severity-changed',
          ],
          waiting: ['resumed', 'resolved', 'severity-changed'],
          resolved: ['feedback-recorded', 'reopened'],
        };
        if (!allowed[state]!.includes(type)) continue;
        t += minutes * 60_000;
        const iso = new Date(t).toISOString();
        if (type === 'severity-changed') {
          const to = sev === 'normal' ? 'urgent' : 'normal';
          events.push(ev(type, iso, { from: sev, to }));
          sev = to;
        } else
          events.push(
            ev(
              type,
              iso,
              type === 'feedback-recorded'
                ? { satisfied: true }
                : type === 'escalated'
                  ? { level: 1 }
                  : type === 'assigned'
                    ? { assignee: 'agent-2' }
                    : {},
            ),
          );
        state =
          type === 'waiting-on-customer'
            ? 'waiting'
            : type === 'resolved'
              ? 'resolved'
              : type === 'resumed' || type === 'reopened'
                ? 'open'
                : state;
      }
      return { id: 'k', severity, channel: 'letter', events } satisfies ComplaintLog;
    });
  const asOfArb = fc
    .integer({ min: 0, max: 30 * 24 * 60 })
    .map((m) => new Date(Date.parse('2026-09-25T08:17:00+08:00') + m * 60_000));

  it('depends only on events up to asOf, is deterministic, changes nothing before nextCheckAt (properties)', () => {
    fc.assert(
      fc.property(logArb, asOfArb, (log, asOf) => {
        const full = evaluateSla(log, P, { asOf, calendar: cal });
        const truncated = evaluateSla({ ...log, events: log.events.filter((e) => e.at <= asOf) }, P, {
          asOf,
          calendar: cal,
        });
        expect(full).toEqual(truncated);
        expect(evaluateSla(log, P, { asOf, calendar: cal })).toEqual(full);
        for (const m of full.metrics) if (m.state === 'running') expect(m.elapsedMs + m.remainingMs!).toBe(m.targetMs);
        if (full.nextCheckAt !== null && !log.events.some((e) => e.at > asOf && e.at < full.nextCheckAt!)) {
          const justBefore = evaluateSla(log, P, { asOf: new Date(full.nextCheckAt.getTime() - 1), calendar: cal });
          const view = (x: typeof full) =>
            x.metrics
              .map((m) => [m.metric, m.cycle, m.state, m.warnings.length])
              .concat([[x.escalations.length, x.callbacks.length]]);
          expect(view(justBefore)).toEqual(view(full));
          const atNext = evaluateSla(log, P, { asOf: full.nextCheckAt, calendar: cal });
          expect(view(atNext)).not.toEqual(view(full));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with the calendar: start to deadline is the target, met means stopped by it (property)', () => {
    fc.assert(
      fc.property(logArb, asOfArb, (log, asOf) => {
        for (const m of evaluateSla(log, P, { asOf, calendar: cal }).metrics) {
          if (m.startedAt === null || m.dueAt === null || m.targetMs === null) continue;
          if (m.pausedMs === 0 && m.metric !== 'progress-updates') {
            const between =
              m.clock === 'business'
                ? businessTimeBetween(cal, m.startedAt, m.dueAt).ms
                : m.dueAt.getTime() - m.startedAt.getTime();
            expect(between).toBe(m.targetMs);
          }
          if (m.state === 'met') expect(m.stoppedAt!.getTime()).toBeLessThanOrEqual(m.dueAt.getTime());
          if (m.state === 'breached' && m.stoppedAt !== null && m.metric !== 'progress-updates')
            expect(m.stoppedAt.getTime()).toBeGreaterThan(m.dueAt.getTime());
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never fires an escalation or callback twice: with time and no events, only new ids appear (property)', () => {
    // (A later event can withdraw a pending item, e.g. a severity lowered so that a metric no
    // longer applies; its id never comes back under another meaning, so hosts that remember
    // the ids they fired never fire twice.)
    fc.assert(
      fc.property(logArb, asOfArb, fc.integer({ min: 0, max: 10 * 24 * 60 }), (whole, asOf, minutes) => {
        const log = { ...whole, events: whole.events.filter((e) => e.at <= asOf) };
        const first = evaluateSla(log, P, { asOf, calendar: cal });
        const second = evaluateSla(log, P, { asOf: new Date(asOf.getTime() + minutes * 60_000), calendar: cal });
        const ids = (x: typeof first) => [...x.escalations.map((e) => e.id), ...x.callbacks.map((c) => c.id)];
        for (const id of ids(first)) expect(ids(second)).toContain(id);
        expect(new Set(ids(second)).size).toBe(ids(second).length);
      }),
      { numRuns: 150 },
    );
  });

  it('slaTable gives the same states, instants, times and nextCheckAt as evaluateSla (property)', () => {
    fc.assert(
      fc.property(fc.array(logArb, { minLength: 1, maxLength: 6 }), asOfArb, (raw, asOf) => {
        const logs = raw.map((l, i) => ({ ...l, id: `k-${i}` }));
        const table = slaTable(toComplaintColumns(logs), P, { asOf, calendar: cal });
        const time = (d: Date | null) => (d === null ? Number.NaN : d.getTime());
        let row = 0;
        logs.forEach((log, k) => {
          const e = evaluateSla(log, P, { asOf, calendar: cal });
          expect([table.ids[k], table.states[k], table.severities[k], table.cycles[k]]).toEqual([
            log.id,
            e.state,
            e.severity,
            e.cycles,
          ]);
          expect(table.nextCheckAt[k]).toEqual(time(e.nextCheckAt));
          for (const m of e.metrics) {
            expect(table.rowComplaint[row]).toBe(k);
            expect(table.metricIds[table.rowMetric[row]!]).toBe(m.metric);
            expect([
              table.rowCycle[row],
              SLA_STATES[table.rowState[row]!],
              table.rowStart[row],
              table.rowDue[row],
              table.rowStop[row],
              table.rowBreached[row],
            ]).toEqual([m.cycle, m.state, time(m.startedAt), time(m.dueAt), time(m.stoppedAt), time(m.breachedAt)]);
            expect([
              table.rowTargetMs[row],
              table.rowElapsedMs[row],
              table.rowPausedMs[row],
              table.rowWarnings[row],
              table.rowProvisional[row] === 1,
            ]).toEqual([m.targetMs ?? Number.NaN, m.elapsedMs, m.pausedMs, m.warnings.length, m.provisional]);
            row++;
          }
          expect(slaAt(table, k)).toEqual(e);
        });
        expect(table.rowComplaint.length).toBe(row);
      }),
      { numRuns: 100 },
    );
  });
});
