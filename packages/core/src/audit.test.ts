import { describe, expect, it } from 'vitest';
import { auditEntryToJson, parseAuditContext, parseAuditEntry } from './audit.js';
import { KehuValidationError } from './errors.js';

describe('audit (rule AR-4)', () => {
  it('requires who, when and why for every change', () => {
    const ctx = parseAuditContext({ actor: 'am-7', at: '2026-01-05T09:00:00+08:00', reason: 'corrected phone number' });
    expect(ctx.at.toISOString()).toBe('2026-01-05T01:00:00.000Z');
    for (const bad of [
      { at: '2026-01-05T09:00:00+08:00', reason: 'x' },
      { actor: 'a', reason: 'x' },
      { actor: 'a', at: '2026-01-05T09:00:00+08:00', reason: '' },
    ]) {
      expect(() => parseAuditContext(bad)).toThrow(KehuValidationError);
    }
  });
  it('round-trips an entry with its JSON before and after', () => {
    const json = {
      seq: 3,
      entity: 'customer',
      entityId: 'c-1',
      action: 'update',
      actor: 'am-7',
      at: '2026-01-05T01:00:00.000Z',
      reason: 'moved',
      version: 2,
      before: { name: '张伟', tags: ['vip'] },
      after: { name: '张伟', tags: [] },
    } as const;
    expect(auditEntryToJson(parseAuditEntry(json))).toEqual(json);
    expect(() => parseAuditEntry({ ...json, action: 'rename' })).toThrow(KehuValidationError);
    expect(() => parseAuditEntry({ ...json, seq: 0 })).toThrow(KehuValidationError);
  });
});
