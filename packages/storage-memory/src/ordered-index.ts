import { KehuValidationError } from '@kehu/core';
import {
  compareKeys,
  decodeCursor,
  encodeCursor,
  pageLimit,
  type CursorKey,
  type Page,
  type PageRequest,
} from '@kehu/storage';

/**
 * Entries of one collection kept in a sort order for keyset paging. The order is built
 * lazily: inserts and deletes only mark it stale, and the next read sorts once, so bulk
 * imports stay linear and a read after them pays one `O(n log n)` sort.
 */
export class OrderedIndex<E> {
  readonly #keyOf: (entry: E) => CursorKey;
  readonly #entries: () => Iterable<E>;
  readonly #arity: number;
  #sorted: E[] | null = null;
  #keys: CursorKey[] = [];

  /**
   * @param entries - the current entries (read when the order is rebuilt)
   * @param keyOf - the sort key of an entry; must be unique within the collection
   * @param arity - the number of components of every key
   */
  constructor(entries: () => Iterable<E>, keyOf: (entry: E) => CursorKey, arity: number) {
    this.#entries = entries;
    this.#keyOf = keyOf;
    this.#arity = arity;
  }

  /** Marks the order stale after an insert or a delete. */
  invalidate(): void {
    this.#sorted = null;
  }

  #build(): E[] {
    if (this.#sorted === null) {
      const pairs = Array.from(this.#entries(), (e) => ({ e, k: this.#keyOf(e) }));
      pairs.sort((a, b) => compareKeys(a.k, b.k));
      this.#sorted = pairs.map((p) => p.e);
      this.#keys = pairs.map((p) => p.k);
    }
    return this.#sorted;
  }

  /** Index of the first key `> key` (or `>= key` when `inclusive`), comparing `key.length` components. */
  #bound(key: CursorKey, inclusive: boolean): number {
    let lo = 0;
    let hi = this.#keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareKeys(this.#keys[mid]!.slice(0, key.length), key);
      if (c < 0 || (!inclusive && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Every entry whose key starts with `prefix`, in order, projected: one consistent snapshot without paging. */
  all<R>(prefix: CursorKey, project: (entry: E) => R): R[] {
    const sorted = this.#build();
    const out: R[] = [];
    for (let i = this.#bound(prefix, true); i < sorted.length; i++) {
      if (compareKeys(this.#keys[i]!.slice(0, prefix.length), prefix) !== 0) break;
      out.push(project(sorted[i]!));
    }
    return out;
  }

  /**
   * One page after the cursor, within the entries whose key starts with `prefix`, keeping
   * those that pass `filter`. `scope` names the list so cursors of other lists are refused.
   */
  page<R>(
    scope: string,
    request: PageRequest | undefined,
    project: (entry: E) => R,
    options: { prefix?: CursorKey; filter?: (entry: E) => boolean } = {},
  ): Page<R> {
    const limit = pageLimit(request);
    const sorted = this.#build();
    const prefix = options.prefix ?? [];
    let start: number;
    if (request?.cursor !== undefined) {
      const after = decodeCursor(scope, request.cursor, this.#arity);
      if (compareKeys(after.slice(0, prefix.length), prefix) !== 0) {
        // A cursor of the same list for another prefix (another customer) is not valid here.
        throw new KehuValidationError(
          'invalid page cursor',
          [{ path: ['cursor'], message: 'cursor belongs to another list', code: 'INVALID_CURSOR' }],
          { code: 'INVALID_CURSOR' },
        );
      }
      start = this.#bound(after, false);
    } else {
      start = this.#bound(prefix, true);
    }
    const items: R[] = [];
    let last: E | undefined;
    for (let i = start; i < sorted.length; i++) {
      if (prefix.length > 0 && compareKeys(this.#keys[i]!.slice(0, prefix.length), prefix) !== 0) break;
      const entry = sorted[i]!;
      if (options.filter !== undefined && !options.filter(entry)) continue;
      if (items.length === limit) {
        return { items, nextCursor: encodeCursor(scope, this.#keyOf(last!)) };
      }
      items.push(project(entry));
      last = entry;
    }
    return { items, nextCursor: null };
  }
}
