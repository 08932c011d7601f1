/**
 * Keeps up to `size` pieces of work under way and hands their results back in the order the work
 * was started: the back-pressure between a fast producer and a pool of workers.
 */
export class OrderedWindow<T> {
  private readonly pending: Array<Promise<T>> = [];

  constructor(private readonly size: number) {}

  /** Starts tracking `work`; returns the results that must leave now to keep the window's size. */
  async push(work: Promise<T>): Promise<T[]> {
    // A rejection is seen when its turn comes; this keeps Node from calling it unhandled before then.
    work.catch(() => {});
    this.pending.push(work);
    const ready: T[] = [];
    while (this.pending.length > this.size) ready.push(await this.pending.shift()!);
    return ready;
  }

  /** Every result still under way, in order. */
  async drain(): Promise<T[]> {
    const ready: T[] = [];
    while (this.pending.length > 0) ready.push(await this.pending.shift()!);
    return ready;
  }
}
