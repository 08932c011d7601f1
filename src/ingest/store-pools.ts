import { DEFAULT_POOL_SIZE, WorkerPool } from '../../workers/pool.js';

/**
 * The worker pools of one store, by size: each started the first time a document needs it, and kept until
 * the store closes, so that a call of one small document does not pay for starting threads (about 100 ms).
 */
export class StorePools {
  private readonly pools = new Map<number, WorkerPool>();

  /** The pool of `size` threads (validated by WorkerPool.create), started now if it is not yet. */
  get(size: number = DEFAULT_POOL_SIZE): WorkerPool {
    let pool = this.pools.get(size);
    if (pool === undefined) {
      pool = WorkerPool.create(size);
      this.pools.set(size, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }
}
