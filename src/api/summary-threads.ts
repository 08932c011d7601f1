import { Piscina } from 'piscina';
import { survivingThreadErrors, threadsLoaded } from '../../workers/pool.js';
import type { SummaryTask } from './summary-thread.js';

/** A summary thread's young generation: its garbage is each summary's rows and pieces, short-lived and small. */
const YOUNG_GENERATION_MB = 8;
/**
 * Its old generation at most: a small book's summary needs a few MB, but V8 let the heap grow all through a batch.
 * A summary that needs more ends the thread, and the store reads that summary itself (store.ts).
 */
const OLD_GENERATION_MB = 48;
/** Summaries handed to the thread before it has read the first: more than a batch asks for ahead (store.ts). */
const TASKS_HANDED_AHEAD = 256;

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
    // Under tsx the sources are .ts; in the built package they are .js beside this file (as workers/pool.ts).
    const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
    this.piscina = new Piscina({
      filename: new URL(`./summary-thread.${extension}`, import.meta.url).href,
      minThreads: 1,
      maxThreads: 1,
      // Every task is handed to the thread as soon as it is asked for (the thread reads them one at a time): with one
      // at a time, the next waited for this thread's event loop, which a group being written keeps busy for 100 ms.
      concurrentTasksPerWorker: TASKS_HANDED_AHEAD,
      ...(extension === 'js' ? { execArgv: [] } : {}),
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: OLD_GENERATION_MB },
    });
    survivingThreadErrors(this.piscina);
    this.loaded = threadsLoaded(this.piscina);
    return this.piscina;
  }
}
