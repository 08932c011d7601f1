import type { Piscina } from 'piscina';
import { startThreads, threadsLoaded, type ThreadSettings } from '../../workers/pool.js';
import type { SummaryTask } from './summary-thread.js';

/**
 * The summary thread: its young generation holds each summary's rows and pieces, short-lived and small. Its old
 * generation is capped (a small book's summary needs a few MB, but V8 let the heap grow all through a batch): a
 * summary that needs more ends the thread, and the store reads that summary itself (store.ts). Every task is
 * handed to it as soon as it is asked for, more than a batch asks for ahead (it reads them one at a time): handed
 * one at a time, the next waited for the writer's event loop, which a group being written keeps busy for 100 ms.
 */
const SUMMARY_THREAD: ThreadSettings = { youngGenerationMb: 8, tasksPerThread: 256, oldGenerationMb: 48 };

/**
 * A thread that reads books' summaries on a connection of its own (summary-thread.ts), started on the first
 * summary asked for and stopped with the store: a batch's writer goes on writing while it reads.
 */
export class SummaryThreads {
  private piscina: Piscina | null = null;
  private loaded: Promise<void> = Promise.resolve();

  /** The summary's JSON text, read on the thread, as UTF-8. */
  summaryBytes(task: SummaryTask): Promise<Uint8Array> {
    return this.started().run(task) as Promise<Uint8Array>;
  }

  /** Stops the thread once it has loaded its module (WorkerPool.close says why it waits). */
  async close(): Promise<void> {
    const piscina = this.piscina;
    this.piscina = null;
    if (piscina === null) return;
    await this.loaded;
    await piscina.destroy();
  }

  private started(): Piscina {
    if (this.piscina !== null) return this.piscina;
    this.piscina = startThreads(import.meta.url, 'summary-thread', 1, SUMMARY_THREAD);
    this.loaded = threadsLoaded(this.piscina);
    return this.piscina;
  }
}
