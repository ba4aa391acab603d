import { jsonValueSchema, KehuValidationError, parseAuditEntry, type AuditEntry, type JsonValue } from '@kehu/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditPatch, rebuildRecord } from './audit-patch.js';

/** The entries a store writes for `versions` (each a JSON form, `null` for a delete), as parsed entries. */
function history(versions: Array<JsonValue | null>, entityId = 'c-1'): AuditEntry[] {
  const out: AuditEntry[] = [];
  let previous: JsonValue | null = null;
  let version = 0;
  versions.forEach((json, i) => {
    const action = previous === null ? 'create' : json === null ? 'delete' : 'update';
    version = action === 'create' ? 1 : action === 'update' ? version + 1 : version;
    out.push(
      parseAuditEntry({
        seq: i + 1,
        entity: 'customer',
        entityId,
        action,
        actor: 'am-1',
        at: '2026-01-01T00:00:00.000Z',
        reason: 'test',
        version,
        patch: auditPatch(previous, json),
      }),
    );
    previous = json;
  });
  return out;
}

const customer = (contacts: number, tags: string[]) => ({
  id: 'c-1',
  name: '华东机电',
  contacts: Array.from({ length: contacts }, (_, i) => ({
    id: `k-${i}`,
    name: `联系人 ${i}`,
    channels: [{ type: 'mobile', value: `1380000${String(i).padStart(4, '0')}` }],
  })),
  tags,
});

describe('auditPatch', () => {
  it('is one add at "" on create, one remove at "" on delete, the difference on update', () => {
    const notes = '常客，偏好周末到店。'.repeat(20);
    const v1 = { id: 'c-1', name: '张伟', tags: ['vip'], address: { city: '北京' }, notes };
    const v2 = { id: 'c-1', name: '张伟', tags: [], address: { city: '上海' }, owner: 'am-2', notes };
    expect(auditPatch(null, v1)).toEqual([{ op: 'add', path: '', value: v1 }]);
    expect(auditPatch(v1, null)).toEqual([{ op: 'remove', path: '' }]);
    const patch = auditPatch(v1, v2);
    expect(patch).toEqual(
      expect.arrayContaining([
        { op: 'remove', path: '/tags/0' },
        { op: 'replace', path: '/address/city', value: '上海' },
        { op: 'add', path: '/owner', value: 'am-2' },
      ]),
    );
    expect(patch).toHaveLength(3);
    expect(JSON.stringify(patch)).not.toContain('北京');
    expect(auditPatch(v1, v1)).toEqual([]);
    expect(() => auditPatch(null, null)).toThrow(KehuValidationError);
  });

  it('writes one small operation for a one-tag change of a customer with 10,000 contacts', () => {
    const before = customer(10_000, ['a']);
    const after = { ...before, tags: ['a', 'vip'] };
    const started = performance.now();
    const patch = auditPatch(before, after);
    const ms = performance.now() - started;
    expect(patch).toEqual([{ op: 'add', path: '/tags/1', value: 'vip' }]);
    expect(JSON.stringify(patch).length).toBeLessThan(100);
    // Linear, not quadratic: a generous bound that a quadratic array diff of 10,000 items misses by far.
    expect(ms).toBeLessThan(2_000);
  });

  it('falls back to one replace of the whole record when the difference is longer', () => {
    const before = customer(200, []);
    const after = { ...before, contacts: before.contacts.slice(1) };
    expect(auditPatch(before, after)).toEqual([{ op: 'replace', path: '', value: after }]);
  });
});

describe('rebuildRecord', () => {
  it('rebuilds every version of a record through create, updates, delete and re-create', () => {
    const versions: Array<JsonValue | null> = [
      { id: 'c-1', name: 'A', tags: [] },
      { id: 'c-1', name: 'B', tags: ['vip'] },
      { id: 'c-1', name: 'B', tags: ['vip', 'x~/y'], notes: { '': 1, 'a/b': [1, { c: null }] } },
      { id: 'c-1', name: 'C', tags: [] },
      null,
      { id: 'c-1', name: 'D', tags: [] },
    ];
    const entries = history(versions);
    expect(entries.map((e) => [e.action, e.version])).toEqual([
      ['create', 1],
      ['update', 2],
      ['update', 3],
      ['update', 4],
      ['delete', 4],
      ['create', 1],
    ]);
    expect(rebuildRecord(entries.slice(0, 5), 1)).toEqual(versions[0]);
    expect(rebuildRecord(entries, 2)).toEqual(versions[1]);
    expect(rebuildRecord(entries, 3)).toEqual(versions[2]);
    expect(rebuildRecord(entries, 4)).toEqual(versions[3]);
    // Versions restart at 1 after a re-create: the latest lifetime wins.
    expect(rebuildRecord(entries, 1)).toEqual(versions[5]);
  });

  it('shares nothing with the entries it rebuilds from', () => {
    const entries = history([
      { id: 'c-1', list: [{ a: 1 }] },
      { id: 'c-1', list: [{ a: 2 }, { a: 3 }] },
    ]);
    const snapshot = structuredClone(entries);
    const v2 = rebuildRecord(entries, 2) as { list: Array<{ a: number }> };
    v2.list[1]!.a = 99;
    expect(entries).toEqual(snapshot);
    expect(rebuildRecord(entries, 2)).toEqual({ id: 'c-1', list: [{ a: 2 }, { a: 3 }] });
  });

  it('refuses a version that was never reached, a history with a gap and mixed records', () => {
    const entries = history([
      { id: 'c-1', n: 1 },
      { id: 'c-1', n: 2 },
      { id: 'c-1', n: 3 },
    ]);
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(KehuValidationError);
        return (e as KehuValidationError).path;
      }
      throw new Error('expected a refusal');
    };
    expect(refusal(() => rebuildRecord(entries, 4))).toEqual(['version']);
    expect(refusal(() => rebuildRecord(entries, 0))).toEqual(['version']);
    expect(refusal(() => rebuildRecord(entries, 1.5))).toEqual(['version']);
    // The create purged: nothing to start from.
    expect(refusal(() => rebuildRecord(entries.slice(1), 3))).toEqual(['entries']);
    // An update purged: a gap in the versions.
    expect(refusal(() => rebuildRecord([entries[0]!, entries[2]!], 3))).toEqual(['entries', 1]);
    const other = history([{ id: 'c-2' }, { id: 'c-2', n: 2 }], 'c-2');
    expect(refusal(() => rebuildRecord([entries[0]!, other[1]!], 2))).toEqual(['entries', 1]);
    // A patch that does not fit the document before it.
    const broken = { ...entries[1]!, patch: [{ op: 'replace' as const, path: '/missing/deep', value: 1 }] };
    expect(refusal(() => rebuildRecord([entries[0]!, broken], 2))).toEqual(['entries', 1, 'patch']);
  });

  it('rebuilds exactly any sequence of JSON objects (property)', () => {
    const record = fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 6 }), (versions) => {
        // JSON forms: what a store writes (-0 and undefined do not occur in JSON text).
        const json = versions.map((v) => JSON.parse(JSON.stringify(v)) as JsonValue);
        // Only what core lets into a store (fast-check also makes `__proto__` keys and NUL characters, refused there).
        fc.pre(json.every((v) => jsonValueSchema.safeParse(v).success));
        const entries = history(json);
        json.forEach((v, i) => expect(rebuildRecord(entries, i + 1)).toEqual(v));
      }),
      { numRuns: 300 },
    );
  });
});
