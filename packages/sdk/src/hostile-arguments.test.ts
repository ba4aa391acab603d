import { chinaCalendar, createBusinessCalendar } from '@kehu/calendar';
import { isKehuError } from '@kehu/core';
import { createMemoryStorage } from '@kehu/storage-memory';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKehu, type KehuUseCases } from './kehu.js';
import { createMemoryKeyProvider } from './privacy/key-provider.js';

/**
 * Every public function of the SDK, called with junk argument lists, fails (if it fails)
 * with a `KehuError`: never a raw `TypeError` or `RangeError`. Promise-returning use cases
 * must reject rather than throw at call time; `stream(...)`-like use cases (returning an
 * async iterable) may throw a `KehuError` at call time, which is where they check.
 */

type AnyFunction = (...args: unknown[]) => unknown;

/** Use cases that return an async iterable: they check their arguments when called. */
const STREAMS = new Set(['value.summarize']);
const isStream = (name: string) => name.endsWith('.stream') || STREAMS.has(name);

/**
 * Functions that still throw something other than a `KehuError` for junk arguments, with
 * the owner who adds their checks; each is listed by an `it.todo` below instead of failing.
 */
const KNOWN_GAPS = new Map<string, string>([]);

function cyclic(): Record<string, unknown> {
  const o: { id: string; customerId: string; self?: unknown; list?: unknown[] } = { id: 'c-1', customerId: 'c-1' };
  o.self = o;
  o.list = [o];
  return o;
}

/** One junk argument: null, undefined, numbers, text, symbols, bigints, objects, arrays, cyclic objects. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    undefined,
    0,
    -1,
    1.5,
    Number.NaN,
    Infinity,
    '',
    'c-1',
    true,
    Symbol('junk'),
    10n,
    [],
    {},
    new Date(Number.NaN),
    [null],
    { limit: 'x', cursor: 5 },
    { asOf: 5, calendar: null },
  ),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.constant(null).map(cyclic),
  fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, maxDepth: 3 }),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }),
);
const at = '2026-01-05T09:00:00+08:00';
const ctx = { actor: 'am-7', at, reason: 'hostile test' };
const calendar = createBusinessCalendar({
  timeZone: 'Asia/Shanghai',
  week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '18:00']]])),
});
const customer = { id: 'c-1', kind: 'person', name: '张伟', status: 'active', createdAt: at };
const complaint = {
  id: 'k-1',
  customerId: 'c-1',
  content: '产品质量问题',
  occurredAt: at,
  receivedAt: at,
  channel: 'email',
  severity: 'normal',
  category: 'product-quality',
};
const order = { id: 't-1', customerId: 'c-1', occurredAt: at, amount: '100.00', currency: 'CNY' };
const planContent = {
  name: 'Gold care',
  ownerId: 'am-1',
  group: { tiers: ['gold'], customerIds: ['c-1'] },
  period: { from: '2026-01-01', to: '2026-12-31' },
  currency: 'CNY',
  measures: [{ id: 'm-1', kind: 'visit', description: 'visits', metric: 'contacts-done', target: 4, rules: ['CA-1'] }],
  budgetLines: [{ id: 'l-1', category: 'maintenance', period: '2026-Q1', amount: '1000' }],
};
const opportunity = {
  id: 'o-1',
  customerId: 'c-1',
  salespersonId: 'am-1',
  expectedRevenue: '5000',
  currency: 'CNY',
  expectedCloseDate: '2026-03-31',
  createdAt: at,
  stage: 'lead',
};

/**
 * Well-formed arguments, mixed with the junk so that a call gets past its first arguments
 * and its later ones are reached (`customers.update('c-1', 5, ctx)`).
 */
const plausible: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  'c-1',
  'k-1',
  't-1',
  'missing',
  ctx,
  customer,
  complaint,
  [order],
  [{ type: 'acknowledged', at: '2026-01-05T10:00:00+08:00', actor: 'agent-1' }],
  { asOf: '2026-02-01T00:00:00Z', calendar },
  { asOf: '2026-02-01T00:00:00Z' },
  { limit: 2 },
  (c: unknown) => c,
  () => 5,
  () => undefined,
);
const junkArgs = fc.array(fc.oneof(junk, plausible), { maxLength: 4 });

/** Every function of every use-case group, as `group.name`. */
function surface(k: KehuUseCases): Array<[string, AnyFunction]> {
  const out: Array<[string, AnyFunction]> = [];
  for (const [group, value] of Object.entries(k)) {
    // `kehu.storage` and `kehu.sealedStorage` are the adapter (sealed), outside the validated use cases.
    if (group === 'storage' || group === 'sealedStorage' || typeof value !== 'object' || value === null) continue;
    for (const [name, fn] of Object.entries(value as Record<string, unknown>))
      if (typeof fn === 'function') out.push([`${group}.${name}`, (fn as AnyFunction).bind(value)]);
  }
  return out;
}

function describeJunk(value: unknown): string {
  if (typeof value === 'symbol' || typeof value === 'bigint' || typeof value === 'function') return typeof value;
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 20));
  if (Array.isArray(value)) return `array of ${value.length}`;
  return typeof value === 'object' && value !== null ? 'object' : String(value);
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}` : `a non-error ${typeof error}`;
}

/** What went wrong when `name` was called with `args`, or `null` when it behaved. */
async function misbehaviour(name: string, fn: AnyFunction, args: unknown[]): Promise<string | null> {
  let result: unknown;
  try {
    result = fn(...args);
  } catch (error) {
    if (!isStream(name)) return `${name} threw at call time instead of rejecting: ${describeError(error)}`;
    return isKehuError(error) ? null : `${name} threw ${describeError(error)}`;
  }
  try {
    if (result instanceof Promise) await result;
    else if (typeof result === 'object' && result !== null && Symbol.asyncIterator in result) {
      let n = 0;
      for await (const _ of result as AsyncIterable<unknown>) if (++n >= 3) break;
    }
  } catch (error) {
    return isKehuError(error) ? null : `${name} failed with ${describeError(error)}`;
  }
  return null;
}

async function checkFunction(name: string, fn: AnyFunction, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(junkArgs, async (args) => {
      const problem = await misbehaviour(name, fn, args);
      expect(problem).toBeNull();
    }),
    { numRuns },
  );
}

/** A store holding a customer, a complaint and an order, to reach the checks behind a successful lookup. */
async function seeded() {
  const k = createKehu({ storage: createMemoryStorage(), keys: createMemoryKeyProvider() });
  await k.customers.create(customer as never, ctx);
  await k.complaints.open(complaint as never, 'agent-1');
  await k.transactions.import([order]);
  await k.cadence.putOwner({ id: 'am-1', dailyCapacity: 5 }, { actor: 'lead-1', at });
  await k.plans.create({ id: 'mp-1', ...planContent } as never, { actor: 'am-1', at });
  await k.opportunities.open(opportunity as never, { actor: 'am-1' });
  return k;
}

const kehu = await seeded();

const later = '2026-01-05T10:00:00+08:00';
const satisfactionSurvey = {
  id: 's-1',
  version: 1,
  questions: [{ id: 'q', scale: { kind: 'rating', min: 1, max: 5 } }],
};
const window = { asOf: '2026-02-01T00:00:00Z' };
/**
 * One well-formed call of every use case; the walk below replaces each argument in turn
 * with each junk value. A use case missing here fails the walk, so new ones are covered.
 */
const GOOD_CALLS: Record<string, unknown[]> = {
  'customers.create': [{ ...customer, id: 'c-2' }, ctx],
  'customers.get': ['c-1'],
  'retention.apply': [{ auditYears: 5 }, { asOf: window.asOf, actor: 'dpo-1' }],
  'satisfaction.report': [{ survey: satisfactionSurvey, asOf: window.asOf, bootstrap: 10 }],
  'satisfaction.dueForInterview': [{ asOf: window.asOf }],
  'satisfaction.recordInterview': [
    'i-1',
    { customerId: 'c-1', at: later, interviewer: 'am-1', themes: ['delivery'], summary: 'ok' },
    ctx,
  ],
  'satisfaction.mayBeSurveyed': ['c-1', { asOf: window.asOf }],
  'satisfaction.followUps': [
    {
      survey: satisfactionSurvey,
      questions: [{ id: 'q', scale: { min: 1, max: 5 } }],
      from: at,
      asOf: window.asOf,
      calendar: chinaCalendar(),
    },
  ],
  'customers.findBy': [{ name: '张伟' }, { limit: 2 }],
  'customers.exportData': ['c-1'],
  'customers.erase': ['c-1', { request: 'PIPL request #1', actor: 'dpo-1', at: later }],
  'customers.update': ['c-1', (c: Record<string, unknown>) => ({ ...c, tags: ['vip'] }), ctx, { maxRetries: 2 }],
  'customers.delete': ['missing', ctx],
  'customers.list': [{ status: 'active' }, { limit: 2 }],
  'customers.stream': [{ status: 'active' }],
  'customers.count': [],
  'transactions.import': [[{ ...order, id: 't-2' }], { batchSize: 10, onInvalid: 'skip', onProgress: () => {} }],
  'transactions.get': ['t-1'],
  'transactions.list': [{ customerId: 'c-1' }, { limit: 2 }],
  'transactions.stream': [{ customerId: 'c-1' }],
  'transactions.count': [{ customerId: 'c-1' }],
  'complaints.open': [{ ...complaint, id: 'k-2' }, 'agent-1'],
  'complaints.appendEvents': ['k-1', [{ type: 'acknowledged', at: later, actor: 'agent-1' }], { expectedVersion: 1 }],
  'complaints.get': ['k-1'],
  'complaints.events': ['k-1'],
  'complaints.listByCustomer': ['c-1', { limit: 2 }],
  'complaints.list': [{ customerId: 'c-1' }, { limit: 2 }],
  'complaints.stream': [{ customerId: 'c-1' }],
  'contactRecords.record': [
    {
      id: 'r-1',
      customerId: 'c-1',
      at,
      channel: 'phone',
      purpose: 'post-purchase',
      owner: 'am-1',
      outcome: 'completed',
    },
    ctx,
  ],
  'contactRecords.get': ['r-1'],
  'contactRecords.listByCustomer': ['c-1', { limit: 2 }],
  'contactRecords.list': [{ customerId: 'c-1' }, { limit: 2 }],
  'contactRecords.stream': [{ customerId: 'c-1' }],
  'contactRecords.count': [],
  'surveys.recordResponses': [
    [{ id: 's-1', surveyId: 'csat-1', customerId: 'c-1', answeredAt: at, answers: { csat: 5 } }],
  ],
  'surveys.list': [{ surveyId: 'csat-1' }, { limit: 2 }],
  'surveys.stream': [{ surveyId: 'csat-1' }],
  'surveys.count': [{ surveyId: 'csat-1' }],
  'grades.assign': [
    { customerId: 'c-1', tier: 'gold', effectiveFrom: at, source: 'evaluation', assignedBy: 'system', reason: 'r' },
    ctx,
    { maxRetries: 2 },
  ],
  'grades.current': ['c-1'],
  'grades.history': ['c-1'],
  'value.summarize': [{ ...window, from: at, to: window.asOf }],
  'value.scoreRfm': [{ ...window, from: at }],
  'value.regradeAll': [{ ...window, apply: { actor: 'system', reason: 'yearly' }, maxRetries: 2 }],
  'sla.evaluate': ['k-1', { ...window, calendar, targetFactor: 1 }],
  'sla.board': [{ ...window, calendar, dueSoonMs: 1000 }],
  'sla.report': [{ ...window, calendar, from: at, to: window.asOf }],
  'audit.list': [{ entity: 'customer' }, { limit: 2 }],
  'audit.stream': [{ entity: 'customer' }],
  'churn.score': [
    {
      ...window,
      record: { actor: 'system', reason: 'nightly' },
      top: 5,
      satisfaction: { surveyId: 'csat-1', question: 'csat', scale: { min: 1, max: 5 } },
      sla: { calendar },
      playbook: {},
      policy: {},
    },
  ],
  'churn.current': ['c-1'],
  'churn.history': ['c-1'],
  'churn.list': [{ limit: 2 }],
  'churn.recordExit': [
    {
      id: 'x-1',
      customerId: 'c-1',
      leftAt: at,
      reason: 'price.too-high',
      settlement: 'settled',
      lessons: 'l',
      recordedBy: 'am-1',
      recordedAt: later,
    },
    ctx,
  ],
  'churn.exits': [{ from: at, to: window.asOf }, { limit: 2 }],
  'churn.report': [{ from: at, to: window.asOf, period: 'month', zone: 'Asia/Shanghai', level: 0.9 }],
  'churn.winBacks': [{ ...window, policy: {} }],
  'churn.fit': [{ calibrationEnd: at, observationEnd: window.asOf, period: 'week', zone: 'Asia/Shanghai' }],
  'churn.backtest': [{ calibrationEnd: at, observationEnd: window.asOf, policy: {}, evaluation: { bins: 5 } }],
  'cadence.putOwner': [
    { id: 'am-1', dailyCapacity: 5, leave: [] },
    { actor: 'lead-1', at, expectedVersion: 1 },
  ],
  'cadence.getOwner': ['am-1'],
  'cadence.listOwners': [{ limit: 2 }],
  'cadence.plan': [
    {
      ...window,
      days: 7,
      calendar,
      policy: {},
      ownerIds: ['am-1'],
      rounds: [{ id: 'r-1', from: '2026-02-02', to: '2026-02-06', purpose: 'emotional', channel: 'phone' }],
      visits: [
        { id: 'v-1', customerId: 'c-1', from: '2026-02-02', to: '2026-02-06', purpose: 'emotional', channel: 'phone' },
      ],
      satisfaction: { surveyId: 'csat-1', questions: [{ id: 'csat', scale: { min: 1, max: 5 } }] },
      sla: { policy: {} },
      winBacks: { policy: {} },
    },
  ],
  'cadence.dayList': [{ ownerId: 'am-1', date: '2026-02-03', ...window, calendar, policy: {} }],
  'cadence.recordContact': [
    {
      id: 'r-2',
      customerId: 'c-1',
      at,
      channel: 'phone',
      purpose: 'post-purchase',
      owner: 'am-1',
      outcome: 'completed',
      followUp: { action: 'call back', dueAt: later },
    },
    { actor: 'am-1', at: later, reason: 'revisit' },
  ],
  'cadence.snooze': [
    { taskId: 'rv_1', keys: ['c-1|cadence|2026-02-01'], customerId: 'c-1', until: '2026-02-10', reason: 'away' },
    { actor: 'am-1', ...window },
  ],
  'cadence.skip': [
    { id: 'a-1', taskId: 'rv_1', keys: ['c-1|cadence|2026-02-01'], customerId: 'c-1', reason: 'called already' },
    { actor: 'am-1', ...window },
  ],
  'cadence.rebalance': [
    { ownerId: 'am-1', leave: { from: '2026-02-02', to: '2026-02-06' }, ...window, calendar, days: 7, policy: {} },
    { actor: 'lead-1', reason: 'annual leave' },
  ],
  'cadence.analysis': [{ from: '2026-01-01', to: '2026-01-31', ...window, calendar, policy: {} }],
  'plans.create': [
    { id: 'mp-2', ...planContent },
    { actor: 'am-1', at, note: 'draft' },
  ],
  'plans.revise': ['mp-1', planContent, { actor: 'am-1', at: later, note: 'n', policy: {} }],
  'plans.submit': ['mp-1', { actor: 'am-1', at: later, note: 'n', policy: {} }],
  'plans.withdraw': ['mp-1', { actor: 'am-1', at: later, note: 'n' }],
  'plans.sign': [
    'mp-1',
    { actor: 'sales-manager', at: later, note: 'n', signerId: 'sales-manager', policy: {}, timeZone: 'Asia/Shanghai' },
  ],
  'plans.sendBack': [
    'mp-1',
    { actor: 'sales-manager', at: later, note: 'n', reason: 'too much', signerId: 'sales-manager', policy: {} },
  ],
  'plans.addSigner': [
    'mp-1',
    { actor: 'sales-manager', at: later, note: 'n', signerId: 'risk-1', position: 'before', policy: {} },
  ],
  'plans.delegate': [
    'mp-1',
    {
      actor: 'sales-manager',
      at: later,
      note: 'n',
      fromId: 'sales-manager',
      toId: 'am-2',
      until: window.asOf,
      policy: {},
      timeZone: 'Asia/Shanghai',
    },
  ],
  'plans.activate': ['mp-1', { actor: 'am-1', at: later, note: 'n' }],
  'plans.evaluate': [
    'mp-1',
    {
      actor: 'am-1',
      at: later,
      note: 'n',
      calendar,
      policy: {},
      custom: { 'm-1': 2 },
      satisfaction: { surveyId: 's-1', questionId: 'q-1', scale: { min: 1, max: 5 } },
    },
  ],
  'plans.archive': ['mp-1', { actor: 'am-1', at: later, note: 'n' }],
  'plans.get': ['mp-1'],
  'plans.list': [{ limit: 2 }],
  'plans.recordActual': [
    {
      id: 'a-1',
      planId: 'mp-1',
      lineId: 'l-1',
      category: 'maintenance',
      spentOn: '2026-01-05',
      amount: '100',
      currency: 'CNY',
      quantity: '1',
      description: 'gift',
      attributes: {},
    },
    { actor: 'am-1', at: later, note: 'n' },
  ],
  'plans.explainVariance': [
    'mp-1',
    { lineId: 'l-1', category: 'maintenance', period: '2026-Q1', cause: 'price' },
    { actor: 'am-1', at: later, note: 'n', policy: {} },
  ],
  'plans.budget': ['mp-1', { ...window, timeZone: 'Asia/Shanghai', policy: {}, by: 'month' }],
  'opportunities.open': [
    { ...opportunity, id: 'o-2', name: 'deal' },
    { actor: 'am-1', policy: {} },
  ],
  'opportunities.moveStage': ['o-1', { stage: 'qualified' }, { actor: 'am-1', at: later, note: 'n', policy: {} }],
  'opportunities.setProbability': ['o-1', { probability: 30 }, { actor: 'am-1', at: later, note: 'n', policy: {} }],
  'opportunities.change': [
    'o-1',
    { expectedRevenue: '6000', expectedCloseDate: '2026-04-30', salespersonId: 'am-2' },
    { actor: 'am-1', at: later, note: 'n', policy: {} },
  ],
  'opportunities.win': ['o-1', { reason: 'price' }, { actor: 'am-1', at: later, note: 'n', policy: {} }],
  'opportunities.lose': ['o-1', { reason: 'price' }, { actor: 'am-1', at: later, note: 'n', policy: {} }],
  'opportunities.reopen': ['o-1', { stage: 'lead' }, { actor: 'am-1', at: later, note: 'n', policy: {} }],
  'opportunities.get': ['o-1', { ...window, calendar, policy: {} }],
  'opportunities.list': [{ limit: 2 }],
  'opportunities.pipeline': [{ ...window, calendar, policy: {}, by: 'month' }],
  'report.model': [
    {
      ...window,
      calendar,
      previousAsOf: '2026-01-01T00:00:00Z',
      from: '2025-12-01T00:00:00Z',
      sections: ['value', 'sla'],
      policies: { grading: {}, sla: {} },
    },
  ],
};

/** The values each argument of a good call is replaced with. */
const JUNK_VALUES: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  Number.NaN,
  Infinity,
  '',
  'x'.repeat(300),
  'text',
  true,
  Symbol('junk'),
  10n,
  [],
  [null],
  {},
  new Date(Number.NaN),
  cyclic(),
  () => 5,
];

describe('hostile arguments: every SDK function fails with a KehuError, never a TypeError', () => {
  for (const [name, fn] of surface(kehu)) {
    const owner = KNOWN_GAPS.get(name);
    if (owner !== undefined) it.todo(`${name} (checks to add: ${owner})`);
    else it(name, async () => checkFunction(name, fn, 60));
  }

  it('every argument of a good call, replaced by junk, gives a KehuError (one store per use case)', async () => {
    const problems: string[] = [];
    for (const [name] of surface(kehu)) {
      if (KNOWN_GAPS.has(name)) continue;
      const good = GOOD_CALLS[name];
      if (good === undefined) {
        problems.push(`${name} has no good call in GOOD_CALLS`);
        continue;
      }
      const k = await seeded();
      const fn = surface(k).find(([n]) => n === name)![1];
      for (let i = 0; i < Math.max(good.length, 1); i++) {
        for (const bad of JUNK_VALUES) {
          const args = [...good];
          args[i] = bad;
          const problem = await misbehaviour(name, fn, args);
          if (problem !== null) problems.push(`${problem} (argument ${i}: ${String(describeJunk(bad))})`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('every field of an object argument of a good call, replaced by junk, gives a KehuError', async () => {
    const problems: string[] = [];
    for (const [name] of surface(kehu)) {
      const good = GOOD_CALLS[name];
      if (KNOWN_GAPS.has(name) || good === undefined) continue;
      const k = await seeded();
      const fn = surface(k).find(([n]) => n === name)![1];
      for (const [i, arg] of good.entries()) {
        if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) continue;
        for (const key of Object.keys(arg)) {
          for (const bad of JUNK_VALUES) {
            const args = [...good];
            args[i] = { ...arg, [key]: bad };
            const problem = await misbehaviour(name, fn, args);
            if (problem !== null) problems.push(`${problem} (argument ${i}, field ${key}: ${describeJunk(bad)})`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('inside kehu.transaction, every function of k behaves the same', async () => {
    const problems: string[] = [];
    await kehu.transaction(async (k) => {
      for (const [name, fn] of surface(k)) {
        if (KNOWN_GAPS.has(name)) continue;
        for (const args of fc.sample(junkArgs, { numRuns: 15, seed: 12 })) {
          const problem = await misbehaviour(name, fn, args);
          if (problem !== null) problems.push(problem);
        }
      }
    });
    expect(problems).toEqual([]);
  });

  const transactionTest = 'kehu.transaction rejects a non-function with a KehuError';
  if (KNOWN_GAPS.has('transaction')) it.todo(`${transactionTest} (${KNOWN_GAPS.get('transaction')})`);
  else
    it(transactionTest, async () => {
      for (const bad of fc.sample(junk, { numRuns: 30, seed: 7 })) {
        const problem = await misbehaviour('transaction', kehu.transaction.bind(kehu) as AnyFunction, [bad]);
        expect(problem).toBeNull();
      }
    });

  it('createKehu refuses junk options with a KehuError', () => {
    fc.assert(
      fc.property(junkArgs, (args) => {
        try {
          (createKehu as AnyFunction)(...args);
        } catch (error) {
          expect(describeError(error), 'createKehu must throw a KehuError').toSatisfy(() => isKehuError(error));
        }
      }),
      { numRuns: 200 },
    );
  });
});
