import { describe, expect, it } from 'vitest';
import { KehuValidationError } from './errors.js';
import { complaintEventToJson, isWrittenComplaint, parseComplaint, parseComplaintEvent } from './complaint.js';

const intake = {
  id: 'q1',
  customerId: 'c1',
  contactDetails: '138-0000-0000',
  content: '送货延迟三天，包装破损',
  occurredAt: '2025-06-01T02:00:00Z',
  place: '杭州仓库',
  receivedAt: '2025-06-01T03:00:00Z',
  channel: 'letter',
};

describe('complaint intake (rule SL-1)', () => {
  it('records who, how to reach them, what, when and where', () => {
    const c = parseComplaint(intake);
    expect(c.severity).toBe('normal');
    expect(c.place).toBe('杭州仓库');
    expect(isWrittenComplaint(c)).toBe(true); // CA-3: letters and e-mails are written complaints
    expect(isWrittenComplaint({ channel: 'phone' })).toBe(false);
  });
  it('rejects receipt before the event', () => {
    try {
      parseComplaint({ ...intake, receivedAt: '2025-05-31T00:00:00Z' });
      expect.unreachable();
    } catch (e) {
      expect((e as KehuValidationError).path).toEqual(['receivedAt']);
    }
  });
  it('parses typed events and rejects unknown types', () => {
    const e = parseComplaintEvent({
      type: 'severity-changed',
      at: '2025-06-01T04:00:00Z',
      actor: 'u1',
      from: 'normal',
      to: 'urgent',
    });
    expect(e.type).toBe('severity-changed');
    expect(complaintEventToJson(e)).toMatchObject({ at: '2025-06-01T04:00:00.000Z', to: 'urgent' });
    expect(() => parseComplaintEvent({ type: 'teleported', at: '2025-06-01T04:00:00Z', actor: 'u1' })).toThrow(
      KehuValidationError,
    );
    expect(() => parseComplaintEvent({ type: 'escalated', at: '2025-06-01T04:00:00Z', actor: 'u1', level: 0 })).toThrow(
      KehuValidationError,
    );
  });
});
