import { KehuConflictError } from '@kehu/core';
import type { AppendResult } from '@kehu/storage';
import { cloneRecord } from './clone.js';
import type { Collection } from './collection.js';
import type { UnitOfWork } from './unit-of-work.js';

/**
 * Appends a batch to an append-only collection, idempotently by id and atomically: an id
 * already stored (or earlier in the batch) with identical content is a duplicate; with
 * different content the whole batch is refused with `KehuConflictError`. Content is
 * compared by the record's JSON form, and only for ids seen before.
 */
export function appendIdempotent<T extends { id: string }>(
  uow: UnitOfWork,
  collection: Collection<T>,
  entity: string,
  toJson: (record: T) => unknown,
  batch: readonly T[],
): AppendResult {
  let inserted = 0;
  let duplicates = 0;
  for (const record of batch) {
    const existing = collection.byId.get(record.id);
    if (existing === undefined) {
      collection.insert(uow, { id: record.id, record: cloneRecord(record), version: 1 });
      inserted++;
    } else if (JSON.stringify(toJson(existing.record)) === JSON.stringify(toJson(record))) {
      duplicates++;
    } else {
      // The caller's unit of work undoes the records of this batch inserted so far.
      throw new KehuConflictError(
        entity,
        record.id,
        `${entity} ${JSON.stringify(record.id)} is already stored with different content`,
      );
    }
  }
  return { inserted, duplicates };
}
