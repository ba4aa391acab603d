import { invalidInput, type AuditEntry, type JsonPatch, type JsonValue } from '@kehu/core';
import jsonPatch from 'fast-json-patch';

const isContainer = (v: JsonValue | null): v is { [key: string]: JsonValue } | JsonValue[] =>
  typeof v === 'object' && v !== null;

/**
 * The JSON Patch (RFC 6902) an audit entry records for a change from `before` to `after`,
 * the record's JSON forms (`null` when the record does not exist): a create is one `add` of
 * `after` at `""`, a delete one `remove` at `""`, an update the difference (fast-json-patch's
 * `compare`, linear in the size of the record: a one-tag change of a customer with 10,000
 * contacts is one small operation). When the difference would be longer than the record
 * itself (e.g. the first of many array items removed, which shifts every later index), the
 * update is one `replace` of the whole record at `""`, so an entry never exceeds one copy of
 * the record. The patch carries new values only, never old ones, and shares nothing with
 * `after`: values are copies as JSON text would carry them (a key whose value is `undefined`
 * is left out).
 */
export function auditPatch(before: JsonValue | null, after: JsonValue | null): JsonPatch {
  if (before === null && after === null) throw invalidInput([], 'an audit patch needs a record before or after');
  if (after === null) return [{ op: 'remove', path: '' }];
  const text = JSON.stringify(after);
  const whole = (op: 'add' | 'replace'): JsonPatch => [{ op, path: '', value: JSON.parse(text) as JsonValue }];
  if (before === null) return whole('add');
  if (!isContainer(before) || !isContainer(after) || Array.isArray(before) !== Array.isArray(after))
    return whole('replace');
  const diff = jsonPatch.compare(before, after) as JsonPatch;
  return JSON.stringify(diff).length <= text.length ? diff : whole('replace');
}

/**
 * The record's JSON form at `version`, rebuilt from its audit entries (rule AR-4):
 * `entries` are one record's entries in `seq` order, as `audit.stream({ entity, entityId })`
 * yields them. The result equals the JSON form of what `get` returned at that version.
 *
 * Versions count from 1 at each create: when the id was deleted and created again, the
 * latest lifetime that reached `version` is rebuilt. A `version` no create or update of
 * `entries` reached, or a history with a gap (its create or an update purged by retention,
 * or entries of several records), is a `KehuValidationError` at `version` or `entries`.
 */
export function rebuildRecord(entries: Iterable<AuditEntry>, version: number): JsonValue {
  if (!Number.isSafeInteger(version) || version < 1)
    throw invalidInput(['version'], `version must be a positive integer, got ${String(version)}`);
  const list = [...entries];
  let end = -1;
  for (let i = list.length - 1; i >= 0; i--) {
    const e = list[i]!;
    if (e.action !== 'delete' && e.version === version) {
      end = i;
      break;
    }
  }
  if (end < 0) throw invalidInput(['version'], `no audit entry leaves the record at version ${version}`);
  let start = end;
  while (start >= 0 && list[start]!.action !== 'create') start--;
  if (start < 0)
    throw invalidInput(['entries'], `the history of version ${version} has no create (purged?)`, 'incomplete_history');
  const first = list[start]!;
  let doc: JsonValue = null;
  for (let i = start; i <= end; i++) {
    const e = list[i]!;
    if (e.entity !== first.entity || e.entityId !== first.entityId)
      throw invalidInput(['entries', i], 'entries of more than one record', 'mixed_records');
    if (e.version !== i - start + 1)
      throw invalidInput(['entries', i], `version ${e.version} follows version ${i - start}`, 'incomplete_history');
    try {
      // The patch is copied so that the rebuilt document shares nothing with the entries.
      doc = jsonPatch.applyPatch(doc, structuredClone(e.patch), true, true).newDocument as JsonValue;
    } catch (cause) {
      // The library's own message embeds the whole document: only its error name is repeated.
      const reason = cause instanceof jsonPatch.JsonPatchError ? cause.name : 'not applicable';
      throw invalidInput(['entries', i, 'patch'], `the patch of seq ${e.seq} does not apply (${reason})`, 'bad_patch', {
        cause,
      });
    }
  }
  return doc;
}
