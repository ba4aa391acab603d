import { complaintEventBodySchema, complaintSeveritySchema } from '@kehu/core';
import { describe, expect, it } from 'vitest';
import { COMPLAINT_EVENT_TYPES, COMPLAINT_SEVERITIES, eventTypeCode, severityCode } from './codes.js';

describe('SLA codes', () => {
  it('codes every event type and severity of the core schema, each by its index', () => {
    expect([...COMPLAINT_EVENT_TYPES].sort()).toEqual(
      complaintEventBodySchema.options.map((o) => o.shape.type.value).sort(),
    );
    expect([...COMPLAINT_SEVERITIES].sort()).toEqual([...complaintSeveritySchema.options].sort());
    COMPLAINT_EVENT_TYPES.forEach((t, i) => expect(eventTypeCode(t)).toBe(i));
    COMPLAINT_SEVERITIES.forEach((s, i) => expect(severityCode(s)).toBe(i));
    expect(eventTypeCode('teleported')).toBeUndefined();
    expect(severityCode('mild')).toBeUndefined();
  });
});
