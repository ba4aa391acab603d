import {
  type ComplaintChannel,
  type ComplaintEventBody,
  type ComplaintSeverity,
  parseComplaintEvent,
} from '@kehu/core';
import { createLcg } from './lcg.js';
import { instantOption, integerOption, numberOption, optionsObject } from './options.js';

/** Options of {@link sampleComplaintLogs}. */
export interface SampleComplaintLogsOptions {
  /** Seed of the draws; the same seed gives the same logs. Default 42. */
  seed?: number;
  /** Number of complaints, 0 to 2^32 − 1. */
  complaints: number;
  /**
   * The earliest intake: a date `YYYY-MM-DD` (midnight UTC) or an ISO-8601 instant with an offset. Default
   * `2026-03-02T09:00:00+08:00`.
   */
  from?: string;
  /** Intakes fall on the hour grid within this many days from `from`, 1/24 (an hour) to 100,000; default 110. */
  days?: number;
}

/**
 * One complaint's event log, parsed (instants are `Date`s): what `@kehu/sla`'s `evaluateSla` and
 * `toComplaintColumns` read.
 */
export interface SampleComplaintLog {
  /** `k-<index>`. */
  id: string;
  /** Severity at intake: about 15% urgent, 4% major, the rest normal. */
  severity: ComplaintSeverity;
  /** Every fifth complaint (`k-0`, `k-5`, …) by e-mail, a written complaint; the rest by phone. */
  channel: ComplaintChannel;
  /** Twelve events, oldest first, each valid under `@kehu/core`'s complaint event schema. */
  events: ComplaintEventBody[];
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * A seeded stream of `complaints` complaint logs for SLA benchmarks and load tests, each with the same twelve
 * events (two cycles of the SLA metrics): received, acknowledged, assigned, preliminary solution, escalated,
 * waiting on the customer and resumed, a severity change (normal to urgent, else to normal), resolved, feedback
 * (80% satisfied), reopened and acknowledged again, each a random while (up to 2 to 48 hours, plus a minute) after
 * the one before. Intakes fall on a random minute of a random hour within `days` of `from`. Lazy, so a million
 * logs need not sit in memory; the same options give the same logs. Throws `KehuValidationError` with the path of
 * a bad option when called.
 *
 * @example
 * ```ts
 * const logs = [...sampleComplaintLogs({ seed: 11, complaints: 1000 })];
 * ```
 */
export function sampleComplaintLogs(options: SampleComplaintLogsOptions): IterableIterator<SampleComplaintLog> {
  optionsObject(options);
  const seed = integerOption(options.seed, 'seed', 42, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const count = integerOption(options.complaints, 'complaints', Number.NaN, 0, 4_294_967_295);
  const start = instantOption(options.from, 'from', '2026-03-02T09:00:00+08:00');
  const days = numberOption(options.days, 'days', 110, 1 / 24, 100_000);
  const next = createLcg(seed);
  const event = (type: string, at: number, extra: Record<string, unknown> = {}) =>
    parseComplaintEvent({ type, at: new Date(at), actor: 'agent', ...extra });
  return (function* logs() {
    for (let i = 0; i < count; i++) {
      let t = start + Math.floor(next() * days * 24) * HOUR + Math.floor(next() * 60) * MINUTE;
      const step = (upTo: number) => {
        t += Math.floor(next() * upTo * HOUR) + MINUTE;
        return t;
      };
      const severity: ComplaintSeverity = next() < 0.15 ? 'urgent' : next() < 0.05 ? 'major' : 'normal';
      const events = [event('received', t)];
      events.push(event('acknowledged', step(20)));
      events.push(event('assigned', step(2), { assignee: 'agent-2' }));
      events.push(event('preliminary-solution', step(10)));
      events.push(event('escalated', step(4), { level: 1 }));
      events.push(event('waiting-on-customer', step(6)));
      events.push(event('resumed', step(30)));
      events.push(
        event('severity-changed', step(3), { from: severity, to: severity === 'normal' ? 'urgent' : 'normal' }),
      );
      events.push(event('resolved', step(40)));
      events.push(event('feedback-recorded', step(30), { satisfied: next() < 0.8 }));
      events.push(event('reopened', step(48)));
      events.push(event('acknowledged', step(10)));
      yield { id: `k-${i}`, severity, channel: i % 5 === 0 ? 'email' : 'phone', events };
    }
  })();
}
