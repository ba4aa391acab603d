import { createBusinessCalendar } from '@kehu/calendar';
import { parseComplaintEvent, type ComplaintEventBodyInput } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { toComplaintColumns } from './complaint-columns.js';
import { DEFAULT_SLA_POLICY } from './policy.js';
import { rowEscalationLevel } from './row-escalation.js';
import { slaAt, slaTable } from './table.js';

const office = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '18:00']] as [string, string][]]),
);
const calendar = createBusinessCalendar({ timeZone: 'Asia/Shanghai', week: office });
const received = (id: string, severity: 'normal' | 'urgent') => ({
  id,
  severity,
  channel: 'phone' as const,
  events: [
    parseComplaintEvent({
      type: 'received',
      at: '2026-09-21T09:00:00+08:00',
      actor: 'agent-1',
    } as ComplaintEventBodyInput),
  ],
});

describe('rowEscalationLevel (rule SL-4)', () => {
  // First reply within 24 elapsed hours (default policy): 90% of it reaches the supervisor (1), a breach the
  // department manager (2); an urgent complaint reaches the department manager at intake.
  it.each([
    ['normal', 1, null],
    ['normal', 22, 1],
    ['normal', 25, 2],
    ['urgent', 1, 2],
  ] as const)(
    'a %s complaint %i hours after intake: first reply at level %s, as its escalations say',
    (severity, hours, level) => {
      const asOf = new Date(Date.parse('2026-09-21T09:00:00+08:00') + hours * 3_600_000);
      const table = slaTable(toComplaintColumns([received('k-1', severity)]), DEFAULT_SLA_POLICY, { asOf, calendar });
      const row = table.metricIds.indexOf('first-reply');
      expect(rowEscalationLevel(table, row)).toBe(level);
      const reached = slaAt(table, 0)
        .escalations.filter((e) => e.metric === null || e.metric === 'first-reply')
        .map((e) => e.level);
      expect(level).toBe(reached.length === 0 ? null : Math.max(...reached));
    },
  );
});
