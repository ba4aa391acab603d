import { TABLES, type TableName, type Tables, type TableValues } from './tables.js';

/** A deletion marker in a transaction's overlay. */
const DELETED = Symbol('deleted');

/**
 * What one transaction sees: the committed tables with its own changes laid over them.
 * Changes stay in the overlay until commit, so a transaction that fails simply drops it:
 * nothing it wrote ever reaches the committed tables (copy-on-write).
 */
export class View {
  readonly #base: Tables;
  readonly #overlay = new Map<TableName, Map<string, unknown>>();
  /** The audit sequence number after this transaction's entries. */
  auditSeq: number;

  /** A view of `base` whose last audit `seq` is `auditSeq`. */
  constructor(base: Tables, auditSeq: number) {
    this.#base = base;
    this.auditSeq = auditSeq;
  }

  #changes(table: TableName): Map<string, unknown> {
    let m = this.#overlay.get(table);
    if (m === undefined) this.#overlay.set(table, (m = new Map()));
    return m;
  }

  /** The value under `id`, or `undefined`. */
  get<T extends TableName>(table: T, id: string): TableValues[T] | undefined {
    const changed = this.#overlay.get(table);
    if (changed?.has(id)) {
      const v = changed.get(id);
      return v === DELETED ? undefined : (v as TableValues[T]);
    }
    return this.#base[table].get(id);
  }

  /** Sets the value under `id`. */
  put<T extends TableName>(table: T, id: string, value: TableValues[T]): void {
    this.#changes(table).set(id, value);
  }

  /** Removes `id`. */
  remove(table: TableName, id: string): void {
    this.#changes(table).set(id, DELETED);
  }

  /** Every current value of `table` with its id (committed values overridden by this transaction's). */
  *entries<T extends TableName>(table: T): IterableIterator<[string, TableValues[T]]> {
    const changed = this.#overlay.get(table);
    for (const [id, v] of this.#base[table]) if (!changed?.has(id)) yield [id, v];
    if (changed) for (const [id, v] of changed) if (v !== DELETED) yield [id, v as TableValues[T]];
  }

  /** How many values `table` holds. */
  size(table: TableName): number {
    const changed = this.#overlay.get(table);
    if (!changed) return this.#base[table].size;
    let n = this.#base[table].size;
    for (const [id, v] of changed) {
      const existed = this.#base[table].has(id);
      if (v === DELETED && existed) n--;
      else if (v !== DELETED && !existed) n++;
    }
    return n;
  }

  /** The tables this transaction changed. */
  touched(): TableName[] {
    return TABLES.filter((t) => (this.#overlay.get(t)?.size ?? 0) > 0);
  }

  /** `table` with this transaction's changes applied, as a new map (the committed one is untouched). */
  merged<T extends TableName>(table: T): Map<string, TableValues[T]> {
    const out = new Map(this.#base[table]);
    for (const [id, v] of this.#overlay.get(table) ?? []) {
      if (v === DELETED) out.delete(id);
      else out.set(id, v as TableValues[T]);
    }
    return out;
  }
}
