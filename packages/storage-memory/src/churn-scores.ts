import {
  type AuditContext,
  churnScoreRecordToJson,
  KehuConflictError,
  type ChurnScoreRecord,
  type JsonValue,
} from '@kehu/core';
import {
  auditPatch,
  checkScoreBatch,
  checkScoreVersion,
  streamPages,
  type ChurnScoreRepository,
  type Versioned,
} from '@kehu/storage';
import { writeAudit } from './audit-log.js';
import { cloneRecord } from './clone.js';
import type { Entry } from './collection.js';
import type { Scope } from './scope.js';
import type { UnitOfWork } from './unit-of-work.js';

const currentOf = (e: Entry<readonly ChurnScoreRecord[]>): Versioned<ChurnScoreRecord> => ({
  record: cloneRecord(e.record[e.record.length - 1]!),
  version: e.version,
});
const json = (s: ChurnScoreRecord): JsonValue => churnScoreRecordToJson(s) as JsonValue;

/** The churn score histories of a memory store (rules CH-1 to CH-3). */
export function churnScoreRepository(scope: Scope): ChurnScoreRepository {
  const { state } = scope;
  const listCurrent: ChurnScoreRepository['listCurrent'] = (request) =>
    scope.read('churnScores.listCurrent', () => state.churnScoresByCustomer.page('churnScores', request, currentOf));
  const ensureVersion = (id: string, expectedVersion: number): void => {
    const actual = state.churnScores.byId.get(id)?.version ?? 0;
    if (actual !== expectedVersion) {
      throw new KehuConflictError(
        'churn-score',
        id,
        `churn score of customer ${JSON.stringify(id)} is at version ${actual}, not ${expectedVersion}`,
        { expectedVersion, actualVersion: actual },
      );
    }
  };
  // Appends a score whose version was checked, with its audit entry (create for the first, else update).
  const append = (uow: UnitOfWork, score: ChurnScoreRecord, context: AuditContext): Versioned<ChurnScoreRecord> => {
    const id = score.customerId;
    const entry = state.churnScores.byId.get(id);
    const stored = cloneRecord(score);
    let current: Entry<readonly ChurnScoreRecord[]>;
    if (entry === undefined) {
      current = { id, record: [stored], version: 1 };
      state.churnScores.insert(uow, current);
    } else {
      current = entry;
      state.churnScores.replace(uow, entry, [...entry.record, stored], entry.version + 1);
    }
    const previous = current.record.length > 1 ? current.record[current.record.length - 2]! : null;
    writeAudit(state, uow, {
      entity: 'churn-score',
      entityId: id,
      action: entry === undefined ? 'create' : 'update',
      context,
      version: current.version,
      patch: auditPatch(previous === null ? null : json(previous), json(stored)),
    });
    return currentOf(current);
  };
  return {
    record: (score, expectedVersion, context) =>
      scope.write('churnScores.record', (uow) => {
        checkScoreVersion(expectedVersion);
        ensureVersion(score.customerId, expectedVersion);
        return append(uow, score, context);
      }),
    recordBatch: (entries, context) =>
      scope.write('churnScores.recordBatch', (uow) => {
        checkScoreBatch(entries);
        // Every version is checked before the first append, so a stale entry leaves nothing to undo.
        for (const { score, expectedVersion } of entries) ensureVersion(score.customerId, expectedVersion);
        return entries.map(({ score }) => append(uow, score, context));
      }),
    current: (customerId) =>
      scope.read('churnScores.current', () => {
        const e = state.churnScores.byId.get(customerId);
        return e === undefined ? null : currentOf(e);
      }),
    history: (customerId) =>
      scope.read('churnScores.history', () => (state.churnScores.byId.get(customerId)?.record ?? []).map(cloneRecord)),
    listCurrent,
    streamCurrent: () => streamPages(listCurrent),
  };
}
