import { describe, expect, it } from 'vitest';
import { auditEntryToJson, parseAuditContext, parseAuditEntry } from './audit.js';
import { KehuValidationError } from './errors.js';
import { JSON_LIMITS } from './json-value.js';

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
  it('round-trips an entry with its JSON patch', () => {
    const json = {
      seq: 3,
      entity: 'customer',
      entityId: 'c-1',
      action: 'update',
      actor: 'am-7',
      at: '2026-01-05T01:00:00.000Z',
      reason: 'moved',
      version: 2,
      patch: [
        { op: 'remove', path: '/tags/0' },
        { op: 'replace', path: '/address/city', value: '上海' },
        { op: 'add', path: '/attributes/a~1b', value: { n: 1 } },
      ],
    } as const;
    expect(auditEntryToJson(parseAuditEntry(json))).toEqual(json);
    expect(() => parseAuditEntry({ ...json, action: 'rename' })).toThrow(KehuValidationError);
    expect(() => parseAuditEntry({ ...json, seq: 0 })).toThrow(KehuValidationError);
  });
  it('refuses a patch that is not JSON Patch or does not fit the action', () => {
    const base = {
      seq: 1,
      entity: 'customer',
      entityId: 'c-1',
      actor: 'am-7',
      at: '2026-01-05T01:00:00.000Z',
      reason: 'x',
      version: 1,
    };
    const add = { op: 'add', path: '', value: { id: 'c-1' } };
    expect(parseAuditEntry({ ...base, action: 'create', patch: [add] }).patch).toEqual([add]);
    expect(parseAuditEntry({ ...base, action: 'delete', patch: [{ op: 'remove', path: '' }] }).action).toBe('delete');
    // A whole record nests attributes as deep as core allows one level below its top.
    const deep = (n: number): unknown => (n === 1 ? { leaf: true } : { a: deep(n - 1) });
    const record = { id: 'c-1', attributes: deep(JSON_LIMITS.maxDepth - 1) };
    expect(
      parseAuditEntry({ ...base, action: 'create', patch: [{ op: 'add', path: '', value: record }] }).version,
    ).toBe(1);
    const tooDeep = () =>
      parseAuditEntry({
        ...base,
        action: 'create',
        patch: [{ op: 'add', path: '', value: deep(JSON_LIMITS.maxRecordDepth + 1) }],
      });
    expect(tooDeep).toThrow(KehuValidationError);
    const proto = JSON.parse('{"__proto__":1}') as unknown;
    const refused: Array<[unknown, unknown[]]> = [
      [
        { ...base, action: 'update', patch: [{ op: 'add', path: '/a', value: proto }] },
        ['patch', 0, 'value', '__proto__'],
      ],
      [{ ...base, action: 'create', patch: [] }, ['patch']],
      [{ ...base, action: 'create', patch: [add, add] }, ['patch']],
      [{ ...base, action: 'delete', patch: [add] }, ['patch']],
      [{ ...base, action: 'update', patch: [{ op: 'remove', path: '' }] }, ['patch', 0, 'op']],
      [{ ...base, action: 'update', patch: [{ op: 'move', from: '/a', path: '/b' }] }, ['patch', 0, 'op']],
      [{ ...base, action: 'update', patch: [{ op: 'replace', path: 'name', value: 'x' }] }, ['patch', 0, 'path']],
      [{ ...base, action: 'update', patch: [{ op: 'replace', path: '/a~2', value: 'x' }] }, ['patch', 0, 'path']],
      [{ ...base, action: 'update', patch: [{ op: 'replace', path: '/name' }] }, ['patch', 0, 'value']],
      [{ ...base, action: 'update', patch: [{ op: 'remove', path: '/name', value: 'old' }] }, ['patch', 0, 'value']],
      [{ ...base, action: 'update', before: null, after: null, patch: [] }, ['before']],
    ];
    for (const [input, path] of refused) {
      let error: unknown;
      try {
        parseAuditEntry(input);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(input)).toBeInstanceOf(KehuValidationError);
      expect((error as KehuValidationError).path).toEqual(path);
    }
  });
});
