import { KehuValidationError, parseComplaintEvent, type ComplaintEventBodyInput } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { replayComplaint } from './lifecycle.js';

const ev = (type: string, iso: string, extra: Record<string, unknown> = {}) =>
  parseComplaintEvent({ type, at: iso, actor: 'agent-1', ...extra } as ComplaintEventBodyInput);

describe('complaint lifecycle (rules SL-1, SL-8)', () => {
  it('replays the state, severity and cycles of a log; a reopening starts a new cycle', () => {
    const events = [
      ev('received', '2026-03-02T09:00:00+08:00'),
      ev('acknowledged', '2026-03-02T10:00:00+08:00'),
      ev('severity-changed', '2026-03-02T11:00:00+08:00', { from: 'normal', to: 'urgent' }),
      ev('waiting-on-customer', '2026-03-02T12:00:00+08:00'),
      ev('resumed', '2026-03-03T09:00:00+08:00'),
      ev('resolved', '2026-03-03T15:00:00+08:00'),
      ev('reopened', '2026-03-05T10:00:00+08:00'),
    ];
    const r = replayComplaint({ id: 'k-1', severity: 'normal', events });
    expect(r.state).toBe('open');
    expect(r.severity).toBe('urgent');
    expect(r.cycles.map((c) => [c.index, c.from, c.to, c.severity])).toEqual([
      [1, 0, 6, 'normal'],
      [2, 6, 7, 'urgent'],
    ]);
  });

  it('names the state and the event with the right article', () => {
    const events = [ev('received', '2026-03-02T09:00:00+08:00'), ev('acknowledged', '2026-03-02T10:00:00+08:00')];
    const closed = [...events, ev('resolved', '2026-03-02T11:00:00+08:00'), ev('closed', '2026-03-02T12:00:00+08:00')];
    expect(() =>
      replayComplaint({
        id: 'k',
        severity: 'normal',
        events: [events[0]!, ev('resumed', '2026-03-02T10:00:00+08:00')],
      }),
    ).toThrow('an open complaint cannot take a resumed event');
    expect(() =>
      replayComplaint({
        id: 'k',
        severity: 'normal',
        events: [...closed, ev('acknowledged', '2026-03-02T13:00:00+08:00')],
      }),
    ).toThrow('a closed complaint cannot take an acknowledged event');
  });

  it.each([
    ['resolving a closed complaint', ['received', 'resolved', 'closed', 'resolved'], 3],
    ['feedback before resolution', ['received', 'feedback-recorded'], 1],
    ['resuming what is not paused', ['received', 'resumed'], 1],
    ['a second receipt', ['received', 'received'], 1],
  ])('refuses %s with INVALID_TRANSITION and the path of the event', (_, types, bad) => {
    const events = types.map((t, i) =>
      ev(t, `2026-03-02T0${i}:00:00Z`, t === 'feedback-recorded' ? { satisfied: true } : {}),
    );
    try {
      replayComplaint({ id: 'k', severity: 'normal', events });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KehuValidationError);
      expect((e as KehuValidationError).code).toBe('INVALID_TRANSITION');
      expect((e as KehuValidationError).path).toEqual(['events', bad, 'type']);
    }
  });

  it('refuses logs out of order or without their received event', () => {
    expect(() =>
      replayComplaint({
        id: 'k',
        severity: 'normal',
        events: [ev('received', '2026-03-02T09:00:00Z'), ev('acknowledged', '2026-03-02T08:00:00Z')],
      }),
    ).toThrow(expect.objectContaining({ path: ['events', 1, 'at'] }));
    expect(() =>
      replayComplaint({ id: 'k', severity: 'normal', events: [ev('acknowledged', '2026-03-02T08:00:00Z')] }),
    ).toThrow(expect.objectContaining({ path: ['events', 0, 'type'] }));
    expect(() => replayComplaint({ id: 'k', severity: 'normal', events: [] })).toThrow(KehuValidationError);
  });
});
