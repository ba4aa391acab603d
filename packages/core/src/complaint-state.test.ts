import { describe, expect, it } from 'vitest';
import { parseComplaintEvent } from './complaint.js';
import {
  COMPLAINT_STATES,
  complaintSeverityAfter,
  complaintStateAfter,
  complaintStateAfterEvent,
  complaintStateSchema,
  complaintStateSetBy,
} from './complaint-state.js';

const at = new Date('2026-02-01T09:00:00+08:00');
const event = (type: string, extra: Record<string, unknown> = {}) =>
  parseComplaintEvent({ type, at, actor: 'cs-1', ...extra });

describe('complaint states (rule SL-1)', () => {
  it('lead where the state-changing events name, and stay put on the others', () => {
    expect(complaintStateSetBy('waiting-on-customer')).toBe('waiting-on-customer');
    expect(complaintStateSetBy('reopened')).toBe('open');
    expect(complaintStateSetBy('escalated')).toBeUndefined();
    expect(complaintStateAfterEvent('waiting-on-customer', 'resumed')).toBe('open');
    expect(complaintStateAfterEvent('resolved', 'feedback-recorded')).toBe('resolved');
    expect(complaintStateAfterEvent('closed', 'reopened')).toBe('open');
  });

  it('fold a log from open (or a given state), and the severity from its last change', () => {
    const log = [
      event('received'),
      event('severity-changed', { from: 'normal', to: 'urgent' }),
      event('waiting-on-customer'),
      event('resumed'),
      event('resolved'),
    ];
    expect(complaintStateAfter(log)).toBe('resolved');
    expect(complaintStateAfter([], 'closed')).toBe('closed');
    expect(complaintSeverityAfter(log, 'normal')).toBe('urgent');
    expect(complaintSeverityAfter([], 'major')).toBe('major');
  });

  it('are one list with its schema', () => {
    expect(COMPLAINT_STATES).toEqual(['open', 'waiting-on-customer', 'resolved', 'closed']);
    expect(complaintStateSchema.safeParse('paused').success).toBe(false);
  });
});
