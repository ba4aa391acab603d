import { DAY_MS, KehuValidationError, parseComplaintEvent } from '@kehu/core';
import { replayComplaint, toComplaintColumns } from '@kehu/sla';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleComplaintLogs } from './complaint-logs.js';

describe('sampleComplaintLogs', () => {
  it('is deterministic: the same seed gives the same logs, another seed others', () => {
    const a = JSON.stringify([...sampleComplaintLogs({ seed: 11, complaints: 200 })]);
    expect(JSON.stringify([...sampleComplaintLogs({ seed: 11, complaints: 200 })])).toBe(a);
    expect(JSON.stringify([...sampleComplaintLogs({ seed: 12, complaints: 200 })])).not.toBe(a);
  });

  it('gives the SLA benchmark logs of seed 11 (the first intake, fixed)', () => {
    const [first] = sampleComplaintLogs({ seed: 11, complaints: 1 });
    expect(first!.id).toBe('k-0');
    expect(first!.channel).toBe('email');
    expect(first!.events[0]!.at.toISOString()).toBe('2026-03-28T11:16:00.000Z');
  });

  it('yields valid events that replay through the SLA state machine, twelve per log, oldest first', () => {
    const logs = [...sampleComplaintLogs({ seed: 3, complaints: 300 })];
    for (const log of logs) {
      expect(log.events).toHaveLength(12);
      for (const e of log.events) expect(parseComplaintEvent(e)).toEqual(e);
      for (let i = 1; i < 12; i++) expect(log.events[i]!.at > log.events[i - 1]!.at).toBe(true);
      expect(replayComplaint(log).cycles).toHaveLength(2);
    }
    expect(toComplaintColumns(logs).types).toHaveLength(3600);
  });

  it('puts every intake on the minute within `days` of `from` (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 20 }), (seed, days) => {
        const from = Date.parse('2026-01-05T09:00:00+08:00');
        for (const log of sampleComplaintLogs({ seed, complaints: 20, from: '2026-01-05T09:00:00+08:00', days })) {
          const t = log.events[0]!.at.getTime();
          expect(t).toBeGreaterThanOrEqual(from);
          expect(t).toBeLessThan(from + days * DAY_MS);
          expect((t - from) % 60_000).toBe(0);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('refuses bad options with a validation error naming the option', () => {
    const path = (options: unknown) => {
      try {
        sampleComplaintLogs(options as never);
      } catch (e) {
        expect(e).toBeInstanceOf(KehuValidationError);
        return (e as KehuValidationError).path;
      }
      throw new Error('no error');
    };
    expect(path({})).toEqual(['complaints']);
    expect(path({ complaints: 1, seed: 'x' })).toEqual(['seed']);
    expect(path({ complaints: 1, from: '2026-03-02 09:00' })).toEqual(['from']);
    expect(path({ complaints: 1, days: 0 })).toEqual(['days']);
  });
});
