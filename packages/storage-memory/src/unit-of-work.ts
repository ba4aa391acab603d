/**
 * The undo log of one write. Every change to the in-memory state registers how to take
 * it back; a failed write or a rolled-back transaction runs the undo steps newest first,
 * which restores the state exactly (including the lazily built sort orders, which are
 * invalidated by the undo steps).
 */
export class UnitOfWork {
  #undo: Array<() => void> = [];

  /** Registers how to take back a change just made. */
  onUndo(step: () => void): void {
    this.#undo.push(step);
  }

  /** Takes over the undo steps of a finished nested write. */
  absorb(other: UnitOfWork): void {
    this.#undo.push(...other.#undo);
    other.#undo = [];
  }

  /** Takes back every change, newest first. */
  rollback(): void {
    for (let i = this.#undo.length - 1; i >= 0; i--) this.#undo[i]!();
    this.#undo = [];
  }
}
