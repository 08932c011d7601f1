import { UsageError } from '../core/errors.js';
import { StorePools } from '../ingest/store-pools.js';
import type { StoreDatabase } from '../store/database.js';
import { withStoreErrors } from '../store/store-errors.js';
import { SerialQueue } from './serial-queue.js';
import { SummaryThreads } from './summary-threads.js';

/**
 * What a Store shares with its Books: the one connection, the queue every call waits its turn in, the worker
 * threads, and whether the store was closed. Once it was, every call is refused in bookstream's words, not the
 * engine's ('The database connection is not open'); the work asked for before still runs to its end.
 */
export class StoreHandle {
  private readonly queue = new SerialQueue();
  /** Worker threads, started on first need and kept until the store closes. */
  readonly pools = new StorePools();
  /** The thread a batch reads small books' summaries on (store.ts, batchLines), started on first need too. */
  readonly summaryThreads = new SummaryThreads();
  private closed = false;

  constructor(readonly db: StoreDatabase) {}

  /** The store's turn for `work`; a failure of the store comes out as a StoreError naming its path. */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(this.closedError());
    return this.queue.run(() => withStoreErrors(this.db.path, work));
  }

  /** Waits for the store's turn and keeps it until `release` is called (for work the caller paces). */
  acquire(): Promise<() => void> {
    if (this.closed) return Promise.reject(this.closedError());
    return this.queue.acquire();
  }

  /** Throws when the store was closed: for work that takes its turns later (a batch). */
  assertOpen(): void {
    if (this.closed) throw this.closedError();
  }

  /** Waits for work under way, then stops the threads and closes the file. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return this.queue.run(async () => {
      await Promise.all([this.pools.close(), this.summaryThreads.close()]);
      await this.db.close();
    });
  }

  private closedError(): UsageError {
    return new UsageError(`${this.db.path}: the store is closed`);
  }
}
