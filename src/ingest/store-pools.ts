import { DEFAULT_POOL_SIZE, SMALL_DOCUMENT_THREADS, WorkerPool } from '../../workers/pool.js';

/**
 * The worker pools of one store, by size: each started the first time a document needs it, and kept until
 * the store closes, so that a call of one small document does not pay for starting threads (about 100 ms).
 */
export class StorePools {
  private readonly streaming = new Map<number, WorkerPool>();
  private readonly smallDocuments = new Map<number, WorkerPool>();

  /** The pool of `size` threads that documents are streamed through (validated by WorkerPool.create). */
  get(size: number = DEFAULT_POOL_SIZE): WorkerPool {
    return started(this.streaming, size, () => WorkerPool.create(size));
  }

  /** The pool a batch reads small documents whole on, `jobs` threads. */
  forSmallDocuments(jobs: number): WorkerPool {
    return started(this.smallDocuments, jobs, () => WorkerPool.create(jobs, SMALL_DOCUMENT_THREADS));
  }

  async close(): Promise<void> {
    const pools = [...this.streaming.values(), ...this.smallDocuments.values()];
    this.streaming.clear();
    this.smallDocuments.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }
}

function started(pools: Map<number, WorkerPool>, size: number, start: () => WorkerPool): WorkerPool {
  let pool = pools.get(size);
  if (pool === undefined) {
    pool = start();
    pools.set(size, pool);
  }
  return pool;
}
