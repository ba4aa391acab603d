import { compareCodePoints } from '@kehu/core';

/**
 * A cursor over a stream ordered by customer id (code points, the order every store's streams promise): take the
 * items of one customer at a time, so several streams are read together, each item once, in bounded memory.
 */
export class CustomerCursor<T> {
  private readonly iterator: AsyncIterator<T>;
  private head: IteratorResult<T> | undefined;
  private consumed = 0;

  /**
   * @param items - the stream, in customer-id order
   * @param key - the customer id of an item
   */
  constructor(
    items: AsyncIterable<T>,
    private readonly key: (item: T) => string,
  ) {
    this.iterator = items[Symbol.asyncIterator]();
  }

  /** How many items of the stream have been read so far (taken or passed over). */
  get read(): number {
    return this.consumed;
  }

  /**
   * The items of `customerId`; items of customers before it (not in the customer stream) are passed over.
   * Ids compare by code points, the order every store's streams promise.
   */
  async take(customerId: string): Promise<T[]> {
    const out: T[] = [];
    for (;;) {
      if (this.head === undefined) {
        this.head = await this.iterator.next();
        if (this.head.done !== true) this.consumed++;
      }
      if (this.head.done === true) return out;
      const id = this.key(this.head.value);
      if (compareCodePoints(id, customerId) > 0) return out;
      if (id === customerId) out.push(this.head.value);
      this.head = undefined;
    }
  }

  /** Stops the stream early (its `return`), releasing what it holds. */
  async close(): Promise<void> {
    if (this.head?.done !== true) await this.iterator.return?.();
  }
}
