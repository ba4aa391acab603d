import { KehuStorageError } from '@kehu/core';
import type { MemoryState } from './state.js';
import { UnitOfWork } from './unit-of-work.js';

/**
 * How a repository reaches the state: at the top level every call takes the store's lock
 * and is its own transaction; inside `withTransaction` calls share the transaction's undo
 * log and run without the lock the transaction already holds.
 */
export interface Scope {
  /** The store's state. */
  readonly state: MemoryState;
  /** Runs a read. */
  read<T>(operation: string, fn: () => T): Promise<T>;
  /** Runs a write; if `fn` throws, its changes are undone and the error rethrown. */
  write<T>(operation: string, fn: (uow: UnitOfWork) => T): Promise<T>;
}

/** Lifecycle flags shared by the store and its scopes. */
export interface Lifecycle {
  closed: boolean;
}

function ensureOpen(lifecycle: Lifecycle, operation: string): void {
  if (lifecycle.closed) {
    throw new KehuStorageError(operation, 'the store is closed', { code: 'STORAGE_CLOSED' });
  }
}

/** Runs `fn` on a fresh undo log; undoes it and rethrows if `fn` throws. */
export function atomically<T>(fn: (uow: UnitOfWork) => T): { result: T; uow: UnitOfWork } {
  const uow = new UnitOfWork();
  try {
    return { result: fn(uow), uow };
  } catch (error) {
    uow.rollback();
    throw error;
  }
}

/** The scope of top-level calls: each call locked and atomic. */
export function topLevelScope(
  state: MemoryState,
  lock: <T>(fn: () => T | Promise<T>) => Promise<T>,
  lifecycle: Lifecycle,
): Scope {
  return {
    state,
    read: (operation, fn) =>
      lock(() => {
        ensureOpen(lifecycle, operation);
        return fn();
      }),
    write: (operation, fn) =>
      lock(() => {
        ensureOpen(lifecycle, operation);
        return atomically(fn).result;
      }),
  };
}

/** The scope of one transaction: writes join its undo log; usable only while it runs. */
export function transactionScope(
  state: MemoryState,
  transaction: UnitOfWork,
  status: { active: boolean },
  lifecycle: Lifecycle,
): Scope {
  const check = (operation: string): void => {
    ensureOpen(lifecycle, operation);
    if (!status.active) {
      throw new KehuStorageError(operation, 'the transaction has ended; use the top-level store', {
        code: 'TRANSACTION_ENDED',
      });
    }
  };
  return {
    state,
    read: async (operation, fn) => {
      check(operation);
      return fn();
    },
    write: async (operation, fn) => {
      check(operation);
      const { result, uow } = atomically(fn);
      transaction.absorb(uow);
      return result;
    },
  };
}
