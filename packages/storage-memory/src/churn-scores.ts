import { churnScoreRecordToJson } from '@kehu/core';
import { checkScoreBatch, checkScoreVersion, type ChurnScoreRepository } from '@kehu/storage';
import { customerHistory } from './customer-history.js';
import type { Scope } from './scope.js';

/** The churn score histories of a memory store (rules CH-1 to CH-3). */
export function churnScoreRepository(scope: Scope): ChurnScoreRepository {
  const { ensureVersion, append, current, history, listCurrent, streamCurrent } = customerHistory(scope, {
    collection: scope.state.churnScores,
    byCustomer: scope.state.churnScoresByCustomer,
    entity: 'churn-score',
    noun: 'churn score',
    operation: 'churnScores',
    toJson: churnScoreRecordToJson,
  });
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
    current,
    history,
    listCurrent,
    streamCurrent,
  };
}
