import { compareKeys, type CursorKey } from '@kehu/storage';
import { OrderedIndex } from './ordered-index.js';
import type { UnitOfWork } from './unit-of-work.js';

/** One stored record with its version. */
export interface Entry<T> {
  /** The record's id (for grades: the customer id). */
  readonly id: string;
  /** The stored copy; never handed out without copying. */
  record: T;
  /** Optimistic-concurrency version. */
  version: number;
}

/** The records of one aggregate, by id, with the sort orders its lists need. */
export class Collection<T> {
  /** Entries by id. */
  readonly byId = new Map<string, Entry<T>>();
  readonly #indexes: Array<{ index: OrderedIndex<Entry<T>>; keyOf: (e: Entry<T>) => CursorKey }> = [];

  /** Adds a sort order over the entries. */
  index(keyOf: (entry: Entry<T>) => CursorKey, arity: number): OrderedIndex<Entry<T>> {
    const index = new OrderedIndex(() => this.byId.values(), keyOf, arity);
    this.#indexes.push({ index, keyOf });
    return index;
  }

  #invalidate(): void {
    for (const { index } of this.#indexes) index.invalidate();
  }

  /** Stores a new entry. */
  insert(uow: UnitOfWork, entry: Entry<T>): void {
    this.byId.set(entry.id, entry);
    this.#invalidate();
    uow.onUndo(() => {
      this.byId.delete(entry.id);
      this.#invalidate();
    });
  }

  /** Replaces the record and version of a stored entry. */
  replace(uow: UnitOfWork, entry: Entry<T>, record: T, version: number): void {
    const before = { record: entry.record, version: entry.version };
    const keysBefore = this.#indexes.map(({ keyOf }) => keyOf(entry));
    entry.record = record;
    entry.version = version;
    const moved = this.#indexes.some(({ keyOf }, i) => compareKeys(keyOf(entry), keysBefore[i]!) !== 0);
    if (moved) this.#invalidate();
    uow.onUndo(() => {
      entry.record = before.record;
      entry.version = before.version;
      if (moved) this.#invalidate();
    });
  }

  /** Removes a stored entry. */
  remove(uow: UnitOfWork, entry: Entry<T>): void {
    this.byId.delete(entry.id);
    this.#invalidate();
    uow.onUndo(() => {
      this.byId.set(entry.id, entry);
      this.#invalidate();
    });
  }
}
