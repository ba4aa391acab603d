import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { issueOf } from './test-support.js';
import {
  checkOwnerLimits,
  checkRevisitActionLimits,
  ownerToJson,
  parseOwner,
  parseRevisitAction,
  revisitActionToJson,
} from './revisit-records.js';

const owner = {
  id: 'am-7',
  dailyCapacity: 12,
  leave: [
    { from: '2026-10-08', to: '2026-10-09', coverId: 'am-8' },
    { from: '2026-12-24', to: '2026-12-24' },
  ],
  attributes: { team: 'east' },
};

const snooze = {
  id: 'act-1',
  customerId: 'c-1',
  taskId: 'c-1|2026-10-12',
  keys: ['c-1|cadence|2026-09-12', 'c-1|post-purchase:122|2026-06-03'],
  kind: 'snooze',
  until: '2026-10-20',
  reason: '客户出差，10 月 20 日后再联系',
  actor: 'am-7',
  at: '2026-10-12T02:00:00Z',
};

describe('owners (rules CA-1 to CA-9: capacity and leave)', () => {
  it('CA-4: round-trips capacity, leave in order and attributes; leave and attributes default to empty', () => {
    expect(ownerToJson(parseOwner(owner))).toEqual(owner);
    expect(ownerToJson(parseOwner({ id: 'am-8', dailyCapacity: 1 }))).toEqual({
      id: 'am-8',
      dailyCapacity: 1,
      leave: [],
      attributes: {},
    });
  });

  it('CA-4: refuses a capacity that is not a whole number from 1 to 10000, naming the field', () => {
    for (const bad of [0, -1, -0, 1.5, 10_001, Number.NaN, Number.POSITIVE_INFINITY, '3']) {
      expect(issueOf(() => parseOwner({ ...owner, dailyCapacity: bad })).path).toEqual(['dailyCapacity']);
    }
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (n) => {
        expect(parseOwner({ ...owner, dailyCapacity: n }).dailyCapacity).toBe(n);
      }),
    );
  });

  it('CA-4: refuses a leave ending before it starts, covered by the owner itself, or with a bad date', () => {
    const leave = (l: object) => parseOwner({ ...owner, leave: [owner.leave[1], l] });
    expect(issueOf(() => leave({ from: '2026-10-09', to: '2026-10-08' })).path).toEqual(['leave', 1, 'to']);
    expect(issueOf(() => leave({ from: '2026-10-09', to: '2026-10-09', coverId: 'am-7' })).path).toEqual([
      'leave',
      1,
      'coverId',
    ]);
    expect(issueOf(() => leave({ from: '2026-02-30', to: '2026-03-01' })).path).toEqual(['leave', 1, 'from']);
    expect(issueOf(() => leave({ from: '2026-10-09', to: '2026-10-09', note: 'x' })).path).toEqual([
      'leave',
      1,
      'note',
    ]);
    expect(leave({ from: '2026-10-09', to: '2026-10-09' }).leave).toHaveLength(2);
  });

  it('CA-4: holds at most 1000 leave periods', () => {
    const day = { from: '2026-01-01', to: '2026-01-01' };
    expect(parseOwner({ ...owner, leave: Array(1000).fill(day) }).leave).toHaveLength(1000);
    expect(issueOf(() => parseOwner({ ...owner, leave: Array(1001).fill(day) })).path).toEqual(['leave']);
  });

  it('CA-4: checks attributes against the limits policy', () => {
    const big = parseOwner({ ...owner, attributes: { text: 'x'.repeat(70_000) } });
    expect(issueOf(() => checkOwnerLimits(big))).toMatchObject({ path: ['attributes'], code: 'too_big' });
    expect(() => checkOwnerLimits(parseOwner(owner))).not.toThrow();
  });
});

describe('revisit actions (task status: snoozing or skipping needs a reason)', () => {
  it('CA-9: round-trips a snooze and a skip with empty attributes by default', () => {
    const parsed = parseRevisitAction(snooze);
    expect(parsed.at).toEqual(new Date('2026-10-12T02:00:00Z'));
    expect(revisitActionToJson(parsed)).toEqual({ ...snooze, at: '2026-10-12T02:00:00.000Z', attributes: {} });
    const { until: _, ...skip } = { ...snooze, kind: 'skip' };
    expect(parseRevisitAction(skip).kind).toBe('skip');
  });

  it('CA-9: a snooze needs its date and a skip refuses one', () => {
    const { until: _, ...noUntil } = snooze;
    expect(issueOf(() => parseRevisitAction(noUntil)).path).toEqual(['until']);
    expect(issueOf(() => parseRevisitAction({ ...snooze, kind: 'skip' })).path).toEqual(['until']);
    expect(issueOf(() => parseRevisitAction({ ...snooze, until: '2026-10-32' })).path).toEqual(['until']);
    expect(issueOf(() => parseRevisitAction({ ...snooze, kind: 'postpone' })).path).toEqual(['kind']);
  });

  it('CA-9: needs a reason that is not blank and at most 2000 characters', () => {
    const { reason: _, ...noReason } = snooze;
    expect(issueOf(() => parseRevisitAction(noReason)).path).toEqual(['reason']);
    for (const bad of ['', '   ', '\n\t', 'x'.repeat(2001), 'a\0b']) {
      expect(issueOf(() => parseRevisitAction({ ...snooze, reason: bad })).path).toEqual(['reason']);
    }
    expect(parseRevisitAction({ ...snooze, reason: 'x'.repeat(2000) }).reason).toHaveLength(2000);
  });

  it('CA-9: names 1 to 100 non-empty task keys of at most 600 characters', () => {
    expect(issueOf(() => parseRevisitAction({ ...snooze, keys: [] })).path).toEqual(['keys']);
    expect(issueOf(() => parseRevisitAction({ ...snooze, keys: Array(101).fill('k') })).path).toEqual(['keys']);
    expect(issueOf(() => parseRevisitAction({ ...snooze, keys: ['k', ''] })).path).toEqual(['keys', 1]);
    expect(issueOf(() => parseRevisitAction({ ...snooze, keys: ['x'.repeat(601)] })).path).toEqual(['keys', 0]);
    expect(parseRevisitAction({ ...snooze, keys: Array(100).fill('x'.repeat(600)) }).keys).toHaveLength(100);
  });

  it('CA-9: refuses unknown fields, empty ids and bad instants, naming the field', () => {
    expect(issueOf(() => parseRevisitAction({ ...snooze, note: 'x' })).path).toEqual(['note']);
    for (const field of ['id', 'customerId', 'taskId', 'actor'] as const) {
      expect(issueOf(() => parseRevisitAction({ ...snooze, [field]: '' })).path).toEqual([field]);
    }
    expect(issueOf(() => parseRevisitAction({ ...snooze, at: '2026-10-12 02:00' })).path).toEqual(['at']);
  });

  it('CA-9: checks the reason and attributes against the limits policy', () => {
    const action = parseRevisitAction({ ...snooze, attributes: { text: 'x'.repeat(70_000) } });
    expect(issueOf(() => checkRevisitActionLimits(action))).toMatchObject({ path: ['attributes'], code: 'too_big' });
    const short = { maxTextLength: 10, maxNameLength: 10, maxContactsPerCustomer: 1, maxChannels: 1 };
    const limits = { ...short, maxEventsPerComplaint: 1, attributes: { maxBytes: 100, maxDepth: 2 } };
    expect(
      issueOf(() => checkRevisitActionLimits(parseRevisitAction(snooze), { ...limits, maxBatchSize: 1 })),
    ).toMatchObject({
      path: ['reason'],
      code: 'too_big',
    });
  });
});
