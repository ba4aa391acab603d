/**
 * A first-in, first-out async lock. The memory adapter serialises every transaction and
 * every top-level call through one lock, which is what gives it isolation: a reader never
 * sees a transaction's uncommitted writes.
 *
 * Hand-written (a dozen lines) rather than a dependency: the adapter needs nothing beyond
 * FIFO ordering, and keeping the reference adapter dependency-free keeps it portable.
 */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  /** Runs `fn` once every earlier holder has finished; releases the lock however `fn` ends. */
  async run<T>(fn: () => T | Promise<T>): Promise<T> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => turn);
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
