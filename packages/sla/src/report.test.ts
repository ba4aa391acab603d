import { createBusinessCalendar } from '@kehu/calendar';
import {
  Decimal,
  KehuValidationError,
  type Complaint,
  type ComplaintChannel,
  type ComplaintEvent,
  type ComplaintSeverity,
} from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monitoringReport, percentileNearestRank, type MonitoringItem } from './report.js';
import type { MetricEvaluation, SlaEvaluation, SlaState } from './result.js';
import type { RootCause } from './root-cause.js';

const H = 3_600_000;
const day = [['09:00', '18:00']] as Array<[string, string]>;
// Asia/Shanghai, Mon–Fri 09:00–18:00 (no lunch break, to keep the arithmetic readable).
const cal = createBusinessCalendar({
  timeZone: 'Asia/Shanghai',
  week: { mon: day, tue: day, wed: day, thu: day, fri: day },
});
const t = (s: string) => new Date(s);

function complaint(id: string, receivedAt: string, extra: Partial<Complaint> = {}): Complaint {
  return {
    id,
    customerId: 'c-1',
    content: 'complaint text',
    occurredAt: t(receivedAt),
    receivedAt: t(receivedAt),
    channel: 'phone',
    severity: 'normal',
    attributes: {},
    ...extra,
  };
}

function events(
  complaintId: string,
  list: Array<Record<string, unknown> & { type: ComplaintEvent['type']; at: string }>,
): ComplaintEvent[] {
  return list.map(
    (e, i) => ({ actor: 'agent-1', ...e, at: t(e.at), complaintId, seq: i + 1 }) as unknown as ComplaintEvent,
  );
}

function metric(id: string, state: SlaState, severity: ComplaintSeverity = 'normal'): MetricEvaluation {
  return {
    metric: id,
    label: { en: id, zh: id },
    rules: id === 'first-reply' ? ['SL-2'] : ['SL-8'],
    cycle: 1,
    severity,
    clock: 'elapsed',
    state,
    startedAt: null,
    dueAt: null,
    stoppedAt: null,
    breachedAt: null,
    targetMs: null,
    elapsedMs: 0,
    pausedMs: 0,
    remainingMs: null,
    warnings: [],
    severityRule: 'keep',
    provisional: false,
    explanation: '',
  };
}

function evaluation(
  complaintId: string,
  asOf: Date,
  severity: ComplaintSeverity,
  metrics: Array<[string, SlaState]>,
): SlaEvaluation {
  return {
    complaintId,
    asOf,
    policy: { id: 'kehu-default', version: '1' },
    state: 'open',
    severity,
    cycles: 1,
    metrics: metrics.map(([id, state]) => metric(id, state, severity)),
    escalations: [],
    callbacks: [],
    nextCheckAt: null,
  };
}

const asOf = t('2026-04-01T12:00:00+08:00');

function fixture(): MonitoringItem[] {
  return [
    {
      // Monday 10:00: acknowledged after 2 h, resolved the next morning, customer satisfied.
      complaint: complaint('A', '2026-03-02T10:00:00+08:00', { category: 'product-quality' }),
      events: events('A', [
        { type: 'received', at: '2026-03-02T10:00:00+08:00' },
        { type: 'acknowledged', at: '2026-03-02T12:00:00+08:00' },
        { type: 'resolved', at: '2026-03-03T10:00:00+08:00' },
        { type: 'feedback-recorded', at: '2026-03-03T15:00:00+08:00', satisfied: true, score: 9 },
      ]),
      evaluation: evaluation('A', asOf, 'normal', [
        ['first-reply', 'met'],
        ['preliminary-solution', 'not-applicable'],
        ['resolution', 'met'],
        ['feedback', 'met'],
      ]),
      rootCause: 'product-quality',
    },
    {
      // Friday 17:00 by e-mail, urgent: acknowledged Monday 09:30, resolved Tuesday 18:00, not satisfied.
      complaint: complaint('B', '2026-03-06T17:00:00+08:00', {
        category: 'delivery',
        channel: 'email',
        severity: 'urgent',
      }),
      events: events('B', [
        { type: 'received', at: '2026-03-06T17:00:00+08:00' },
        { type: 'feedback-recorded', at: '2026-03-06T18:00:00+08:00', satisfied: false },
        { type: 'acknowledged', at: '2026-03-09T09:30:00+08:00' },
        { type: 'resolved', at: '2026-03-10T18:00:00+08:00' },
        { type: 'feedback-recorded', at: '2026-03-11T10:00:00+08:00', satisfied: false, score: 4 },
      ]),
      evaluation: evaluation('B', asOf, 'urgent', [
        ['first-reply', 'breached'],
        ['preliminary-solution', 'breached'],
        ['resolution', 'met'],
        ['feedback', 'running'],
      ]),
      rootCause: 'process-defect',
    },
    {
      // 07:00 on 1 April in Shanghai is still 31 March in UTC: it belongs to April (and ISO week 14).
      complaint: complaint('C', '2026-04-01T07:00:00+08:00', { channel: 'online', severity: 'major' }),
      events: events('C', [
        { type: 'received', at: '2026-04-01T07:00:00+08:00' },
        { type: 'acknowledged', at: '2026-04-01T13:00:00+08:00' }, // after asOf: ignored
      ]),
      evaluation: evaluation('C', asOf, 'major', [
        ['first-reply', 'running'],
        ['preliminary-solution', 'running'],
        ['resolution', 'running'],
        ['feedback', 'pending'],
      ]),
    },
  ];
}

describe('monitoringReport (rule SL-9)', () => {
  it('SL-9: counts complaints by type, severity, channel and root cause', () => {
    const r = monitoringReport(fixture(), { asOf, calendar: cal });
    expect(r.total).toBe(3);
    expect(r.rules).toEqual(['SL-9', 'SL-10']);
    expect(r.timeZone).toBe('Asia/Shanghai');
    expect(r.counts.byCategory).toEqual({ delivery: 1, 'product-quality': 1, uncategorized: 1 });
    expect(r.counts.bySeverity).toEqual({ normal: 1, urgent: 1, major: 1 });
    expect(r.counts.byChannel).toEqual({ phone: 1, email: 1, letter: 0, 'in-person': 0, online: 1 });
    expect(r.counts.byRootCause).toEqual({
      'product-quality': 1,
      'process-defect': 1,
      communication: 0,
      other: 0,
      unclassified: 1,
    });
  });

  it('SL-10: counts the departments that handled complaints and the cross-department ones', () => {
    const items = fixture();
    const first = items[0]!;
    const extra = [
      { ...first.events[0]!, type: 'assigned' as const, seq: 90, assignee: 'qa-1', department: 'quality' },
      { ...first.events[0]!, type: 'assigned' as const, seq: 91, assignee: 'lg-1', department: 'logistics' },
    ];
    const r = monitoringReport([{ ...first, events: [...first.events, ...extra] }, ...items.slice(1)], {
      asOf,
      calendar: cal,
    });
    expect(r.departments.byDepartment).toMatchObject({ logistics: 1, quality: 1 });
    expect(r.departments.crossDepartment).toBe(1);
    expect(r.departments.unassigned + r.departments.crossDepartment).toBeLessThanOrEqual(r.total);
  });

  it('SL-10: counts complaint handling in staff performance, each count to the assignee in effect', () => {
    const received = complaint('k-s', '2026-03-02T09:00:00+08:00');
    const log = events('k-s', [
      { type: 'received', at: '2026-03-02T09:00:00+08:00' },
      { type: 'assigned', at: '2026-03-02T09:10:00+08:00', assignee: 'ann' },
      { type: 'assigned', at: '2026-03-02T11:00:00+08:00', assignee: 'bob' },
      { type: 'resolved', at: '2026-03-03T10:00:00+08:00' },
      { type: 'assigned', at: '2026-03-03T11:00:00+08:00', assignee: 'ann' },
      { type: 'feedback-recorded', at: '2026-03-04T10:00:00+08:00', satisfied: true },
    ]);
    const breached = { ...metric('first-reply', 'breached'), breachedAt: t('2026-03-03T09:00:00+08:00') };
    const r = monitoringReport(
      [
        {
          complaint: received,
          events: log,
          evaluation: { ...evaluation('k-s', asOf, 'normal', []), metrics: [breached] },
        },
      ],
      { asOf, calendar: cal },
    );
    expect(r.staff).toEqual([
      { assignee: 'ann', handled: 1, resolved: 0, breached: 0, feedback: 0, satisfied: 0 },
      { assignee: 'bob', handled: 1, resolved: 1, breached: 1, feedback: 1, satisfied: 1 },
    ]);
  });

  it('SL-9 (SL-2, SL-3): SLA attainment per metric as an exact fraction and a rounded percentage', () => {
    const r = monitoringReport(fixture(), { asOf, calendar: cal });
    const by = Object.fromEntries(r.sla.map((m) => [m.metric, m]));
    expect(r.sla.map((m) => m.metric)).toEqual(['first-reply', 'preliminary-solution', 'resolution', 'feedback']);
    expect(by['first-reply']).toMatchObject({
      met: 1,
      breached: 1,
      running: 1,
      attainment: '1/2',
      attainmentPercent: '50.0',
      rules: ['SL-2'],
    });
    expect(by['preliminary-solution']).toMatchObject({
      met: 0,
      breached: 1,
      running: 1,
      notApplicable: 1,
      attainment: '0/1',
      attainmentPercent: '0.0',
    });
    expect(by.resolution).toMatchObject({ met: 2, running: 1, attainment: '2/2', attainmentPercent: '100.0' });
    expect(by.feedback).toMatchObject({ met: 1, running: 1, pending: 1, attainment: '1/1' });
    expect(r.warnings.map((w) => w.code)).not.toContain('NO_FINISHED_METRIC');
  });

  it('SL-9: nothing finished → attainment null with a warning, never a fake 0', () => {
    const r = monitoringReport(fixture(), { asOf, calendar: cal, from: t('2026-04-01T00:00:00+08:00') });
    expect(r.total).toBe(1);
    expect(r.sla.every((m) => m.attainment === null && m.attainmentPercent === null)).toBe(true);
    expect(r.warnings.filter((w) => w.code === 'NO_FINISHED_METRIC').map((w) => w.metric)).toEqual([
      'first-reply',
      'preliminary-solution',
      'resolution',
      'feedback',
    ]);
    expect(r.responseTime).toEqual({ count: 0, outstanding: 1, elapsedMs: null, businessMs: null, provisional: false });
    expect(r.satisfaction).toMatchObject({ count: 0, satisfiedShare: null, satisfiedPercent: null, meanScore: null });
  });

  it('SL-9: response and resolution time as nearest-rank median and p90, elapsed and business', () => {
    const r = monitoringReport(fixture(), { asOf, calendar: cal });
    expect(r.percentileMethod).toBe('nearest-rank');
    // A: 2 h (2 business h); B: Fri 17:00 → Mon 09:30 = 64.5 h (1 h Friday + 0.5 h Monday = 1.5 business h).
    expect(r.responseTime).toEqual({
      count: 2,
      outstanding: 1,
      elapsedMs: { p50: 2 * H, p90: 64.5 * H },
      businessMs: { p50: 1.5 * H, p90: 2 * H },
      provisional: false,
    });
    // A: 24 h (8 h Monday + 1 h Tuesday = 9 business h); B: Fri 17:00 → Tue 18:00 = 97 h (1 + 9 + 9 = 19 business h).
    expect(r.resolutionTime).toEqual({
      count: 2,
      outstanding: 1,
      elapsedMs: { p50: 24 * H, p90: 97 * H },
      businessMs: { p50: 9 * H, p90: 19 * H },
      provisional: false,
    });
  });

  it('SL-9 (SL-8): satisfaction after resolution from the latest feedback after a resolved event', () => {
    const r = monitoringReport(fixture(), { asOf, calendar: cal });
    expect(r.satisfaction).toEqual({
      count: 2,
      satisfied: 1,
      satisfiedShare: '1/2',
      satisfiedPercent: '50.0',
      scored: 2,
      meanScore: '6.5',
    });
    expect(r.warnings.find((w) => w.code === 'FEEDBACK_BEFORE_RESOLUTION')?.message).toContain('1 feedback');
  });

  it('SL-9: weekly (ISO) and monthly trends in the calendar time zone, empty periods included', () => {
    const r = monitoringReport(fixture(), { asOf, calendar: cal });
    expect(r.trends.weekly).toEqual([
      { period: '2026-W10', start: '2026-03-02', complaints: 2, breached: 1, breaches: 2 },
      { period: '2026-W11', start: '2026-03-09', complaints: 0, breached: 0, breaches: 0 },
      { period: '2026-W12', start: '2026-03-16', complaints: 0, breached: 0, breaches: 0 },
      { period: '2026-W13', start: '2026-03-23', complaints: 0, breached: 0, breaches: 0 },
      { period: '2026-W14', start: '2026-03-30', complaints: 1, breached: 0, breaches: 0 },
    ]);
    expect(r.trends.monthly).toEqual([
      { period: '2026-03', start: '2026-03-01', complaints: 2, breached: 1, breaches: 2 },
      { period: '2026-04', start: '2026-04-01', complaints: 1, breached: 0, breaches: 0 },
    ]);
  });

  it('SL-9: ISO weeks across year ends (2021-01-01 is in 2020-W53, 2024-12-30 in 2025-W01)', () => {
    const at = t('2025-06-01T00:00:00Z');
    const item = (id: string, received: string): MonitoringItem => ({
      complaint: complaint(id, received),
      events: [],
      evaluation: evaluation(id, at, 'normal', []),
    });
    const r = monitoringReport([item('x', '2021-01-01T10:00:00+08:00'), item('y', '2024-12-30T10:00:00+08:00')], {
      asOf: at,
      calendar: cal,
    });
    expect(r.trends.weekly[0]).toMatchObject({ period: '2020-W53', start: '2020-12-28', complaints: 1 });
    expect(r.trends.weekly.at(-1)).toMatchObject({ period: '2025-W01', start: '2024-12-30', complaints: 1 });
    expect(r.trends.weekly.length).toBe(210);
    expect(new Set(r.trends.weekly.map((w) => w.period)).size).toBe(210);
    expect(r.trends.monthly.length).toBe(48);
  });

  it('SL-9: received in [from, to); complaints after asOf left out with a warning', () => {
    const items = fixture();
    const r = monitoringReport(items, {
      asOf,
      calendar: cal,
      from: t('2026-03-02T10:00:00+08:00'),
      to: t('2026-03-06T17:00:00+08:00'),
    });
    expect(r.total).toBe(1);
    expect(r.counts.byCategory).toEqual({ 'product-quality': 1 });
    const early = monitoringReport(items, { asOf: t('2026-03-05T00:00:00+08:00'), calendar: cal });
    expect(early.total).toBe(1);
    expect(early.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['RECEIVED_AFTER_AS_OF', 'EVALUATION_AS_OF_DIFFERS']),
    );
    // Events after asOf are ignored: A resolved on 03-03, so as of 03-03 09:00 it is outstanding.
    const mid = monitoringReport(items, { asOf: t('2026-03-03T09:00:00+08:00'), calendar: cal });
    expect(mid.resolutionTime).toMatchObject({ count: 0, outstanding: 1, elapsedMs: null });
    expect(mid.responseTime).toMatchObject({ count: 1, elapsedMs: { p50: 2 * H, p90: 2 * H } });
  });

  it('SL-9: an empty input gives an explicit empty report with a warning', () => {
    const r = monitoringReport([], { asOf, calendar: cal });
    expect(r).toMatchObject({
      total: 0,
      sla: [],
      trends: { weekly: [], monthly: [] },
      counts: { byCategory: {}, bySeverity: { normal: 0, urgent: 0, major: 0 } },
    });
    expect(r.responseTime.elapsedMs).toBeNull();
    expect(r.resolutionTime.businessMs).toBeNull();
    expect(r.satisfaction.satisfiedShare).toBeNull();
    expect(r.warnings[0]?.code).toBe('NO_COMPLAINTS');
  });

  it('SL-9: malformed input throws KehuValidationError with the path', () => {
    const items = fixture();
    const wrongEval = [{ ...items[0]!, evaluation: { ...items[0]!.evaluation, complaintId: 'Z' } }];
    expect(() => monitoringReport(wrongEval, { asOf, calendar: cal })).toThrow(
      expect.objectContaining({ name: 'KehuValidationError', path: [0, 'evaluation', 'complaintId'] }),
    );
    const wrongEvent = [
      items[0]!,
      { ...items[1]!, events: [...items[1]!.events.slice(0, 2), { ...items[1]!.events[2]!, complaintId: 'A' }] },
    ];
    expect(() => monitoringReport(wrongEvent, { asOf, calendar: cal })).toThrow(
      expect.objectContaining({ path: [1, 'events', 2, 'complaintId'] }),
    );
    expect(() => monitoringReport([items[0]!, items[0]!], { asOf, calendar: cal })).toThrow(
      expect.objectContaining({ path: [1, 'complaint', 'id'] }),
    );
    expect(() => monitoringReport(items, { asOf: new Date(Number.NaN), calendar: cal })).toThrow(
      expect.objectContaining({ path: ['asOf'] }),
    );
    expect(() => monitoringReport(items, { asOf, calendar: cal, from: asOf, to: t('2026-01-01T00:00:00Z') })).toThrow(
      expect.objectContaining({ path: ['to'] }),
    );
    expect(() =>
      monitoringReport([{ ...items[0]!, rootCause: 'weather' as RootCause }], { asOf, calendar: cal }),
    ).toThrow(expect.objectContaining({ path: [0, 'rootCause'] }));
    expect(() => monitoringReport(items, { asOf, calendar: {} as never })).toThrow(KehuValidationError);
  });

  it('SL-9: pure: inputs are not mutated', () => {
    const items = fixture();
    const before = JSON.stringify(items);
    const deepFreeze = (o: unknown): void => {
      if (typeof o === 'object' && o !== null && !(o instanceof Date) && !Object.isFrozen(o)) {
        Object.freeze(o);
        for (const v of Object.values(o)) deepFreeze(v);
      }
    };
    deepFreeze(items);
    const r1 = monitoringReport(items, { asOf, calendar: cal });
    const r2 = monitoringReport(items, { asOf, calendar: cal });
    expect(JSON.stringify(items)).toBe(before);
    expect(r1).toEqual(r2);
  });
});

describe('percentileNearestRank (rule SL-9)', () => {
  it('SL-9: nearest rank: the ⌈p·n⌉-th smallest; null for no values', () => {
    expect(percentileNearestRank([15, 20, 35, 40, 50], 30)).toBe(20);
    expect(percentileNearestRank([15, 20, 35, 40, 50], 50)).toBe(35);
    expect(percentileNearestRank([15, 20, 35, 40, 50], 90)).toBe(50);
    expect(percentileNearestRank([3, 1], 0)).toBe(1);
    expect(percentileNearestRank([], 50)).toBeNull();
    expect(() => percentileNearestRank([1], 101)).toThrow(expect.objectContaining({ path: ['p'] }));
  });
});

describe('SL-9 invariants (property tests)', () => {
  const states: SlaState[] = ['pending', 'running', 'paused', 'met', 'breached', 'not-applicable'];
  const base = t('2026-01-05T09:00:00+08:00').getTime();
  const itemArb = fc.record({
    offset: fc.integer({ min: 0, max: 120 * 24 * 60 }), // minutes after base
    response: fc.option(fc.integer({ min: 0, max: 10 * 24 * 60 }), { nil: undefined }),
    resolve: fc.option(fc.integer({ min: 0, max: 30 * 24 * 60 }), { nil: undefined }),
    feedback: fc.option(
      fc.record({ satisfied: fc.boolean(), score: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }) }),
      { nil: undefined },
    ),
    category: fc.option(fc.constantFrom('product-quality', 'delivery', 'billing'), { nil: undefined }),
    channel: fc.constantFrom<ComplaintChannel>('phone', 'email', 'letter', 'in-person', 'online'),
    severity: fc.constantFrom<ComplaintSeverity>('normal', 'urgent', 'major'),
    rootCause: fc.option(fc.constantFrom<RootCause>('product-quality', 'process-defect', 'communication', 'other'), {
      nil: undefined,
    }),
    metrics: fc.array(fc.tuple(fc.constantFrom('first-reply', 'resolution', 'feedback'), fc.constantFrom(...states)), {
      maxLength: 4,
    }),
  });
  const reportAsOf = new Date(base + 200 * 24 * H);

  const build = (specs: Array<typeof itemArb extends fc.Arbitrary<infer T> ? T : never>): MonitoringItem[] =>
    specs.map((s, i) => {
      const id = `c${i}`;
      const received = new Date(base + s.offset * 60_000);
      const iso = (min: number) => new Date(received.getTime() + min * 60_000).toISOString();
      const list: Array<Record<string, unknown> & { type: ComplaintEvent['type']; at: string }> = [
        { type: 'received', at: received.toISOString() },
      ];
      if (s.response !== undefined) list.push({ type: 'acknowledged', at: iso(s.response) });
      if (s.resolve !== undefined) {
        const at = Math.max(s.resolve, s.response ?? 0);
        list.push({ type: 'resolved', at: iso(at) });
        if (s.feedback !== undefined)
          list.push({
            type: 'feedback-recorded',
            at: iso(at + 60),
            satisfied: s.feedback.satisfied,
            ...(s.feedback.score === undefined ? {} : { score: s.feedback.score }),
          });
      }
      const c = complaint(id, received.toISOString(), {
        channel: s.channel,
        severity: s.severity,
        ...(s.category === undefined ? {} : { category: s.category }),
      });
      return {
        complaint: c,
        events: events(id, list),
        evaluation: evaluation(id, reportAsOf, s.severity, s.metrics),
        rootCause: s.rootCause,
      };
    });

  it('SL-9: counts add up to the total; attainment within [0, 1]; p50 ≤ p90; business ≤ elapsed', () => {
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 25 }), (specs) => {
        const items = build(specs);
        const r = monitoringReport(items, { asOf: reportAsOf, calendar: cal });
        const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
        expect(r.total).toBe(items.length);
        for (const dim of [r.counts.byCategory, r.counts.bySeverity, r.counts.byChannel, r.counts.byRootCause])
          expect(sum(dim)).toBe(r.total);
        expect(r.trends.weekly.reduce((a, w) => a + w.complaints, 0)).toBe(r.total);
        expect(r.trends.monthly.reduce((a, w) => a + w.complaints, 0)).toBe(r.total);
        for (const m of r.sla) {
          if (m.attainment === null) {
            expect(m.met + m.breached).toBe(0);
            expect(r.warnings.some((w) => w.code === 'NO_FINISHED_METRIC' && w.metric === m.metric)).toBe(true);
          } else {
            const [num, den] = m.attainment.split('/').map(Number) as [number, number];
            expect(num).toBe(m.met);
            expect(den).toBe(m.met + m.breached);
            const pct = new Decimal(m.attainmentPercent!);
            expect(pct.gte(0) && pct.lte(100)).toBe(true);
          }
        }
        for (const d of [r.responseTime, r.resolutionTime]) {
          expect(d.count + d.outstanding).toBe(r.total);
          if (d.count === 0) expect(d.elapsedMs).toBeNull();
          else {
            expect(d.elapsedMs!.p50).toBeLessThanOrEqual(d.elapsedMs!.p90);
            expect(d.businessMs!.p50).toBeLessThanOrEqual(d.businessMs!.p90);
            expect(d.businessMs!.p90).toBeLessThanOrEqual(d.elapsedMs!.p90);
          }
        }
        expect(r.satisfaction.satisfied).toBeLessThanOrEqual(r.satisfaction.count);
        if (r.satisfaction.meanScore !== null) expect(new Decimal(r.satisfaction.meanScore).lte(10)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('SL-9: nearest-rank percentiles are monotone in p and are always one of the values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (xs, p, q) => {
          const [lo, hi] = p <= q ? [p, q] : [q, p];
          expect(percentileNearestRank(xs, lo)!).toBeLessThanOrEqual(percentileNearestRank(xs, hi)!);
          expect(xs).toContain(percentileNearestRank(xs, p));
        },
      ),
    );
  });
});
