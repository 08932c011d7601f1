import { StoreError } from '../core/errors.js';
import type { StoreDatabase } from '../store/database.js';
import { whenFree, writeTransaction } from '../store/write-lock.js';

/**
 * How long a document waits while another connection writes the store: the lock timeout, until one
 * document of the call has waited that long in vain. The store is plainly taken then, so each later
 * document of the call tries once, without waiting again, rather than the call waiting once per document.
 */
export class LockPatience {
  private waitMs: number;

  constructor(private readonly db: StoreDatabase) {
    this.waitMs = db.lockTimeoutMs;
  }

  /** `attempt` (which takes the write lock) once it is free. */
  begin<T>(attempt: () => T): Promise<T> {
    return this.notingTimeout(whenFree(this.db, attempt, this.waitMs));
  }

  /** `work` in its own write transaction once the lock is free. */
  write<T>(work: () => T): Promise<T> {
    return this.notingTimeout(writeTransaction(this.db, work, this.waitMs));
  }

  private async notingTimeout<T>(waiting: Promise<T>): Promise<T> {
    try {
      return await waiting;
    } catch (error) {
      if (error instanceof StoreError && error.kind === 'busy') this.waitMs = 0;
      throw error;
    }
  }
}
