import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { TransactionBatch } from '../src/sources/source-events.js';
import { normalizeBatch, type NormalizedBatch } from './normalize-batch.js';
import type { PoolTask } from './pool-task.js';
import { prepareDocument, type PreparedDocument, type PrepareTask } from './prepare-document.js';
import { fromColumns, type NormalizedColumns } from './transaction-columns.js';

/** Normalizes transaction batches, on the calling thread or on the pool's threads. */
export interface Normalizer {
  /** How many batches may be under way at once before the caller waits for the oldest. */
  readonly concurrency: number;
  normalize(batch: TransactionBatch): Promise<NormalizedBatch>;
}

/** A document being read on a pool thread: talk to it through `port`; `done` settles when it ends. */
export interface ReaderThread {
  readonly port: MessagePort;
  readonly done: Promise<void>;
  /** The reader normalizes transaction batches too (no normalizing threads in this pool). */
  readonly normalizes: boolean;
}

/**
 * Pool size 1 is the default: in `npm run bench` (200 MB, median of 3, 2 cores) a reader thread that
 * scans, parses and normalizes while the main thread hashes and writes was fastest (bench/README.md).
 */
export const DEFAULT_POOL_SIZE = 1;

/** How a pool's threads are set up. */
export interface ThreadSettings {
  /** Each thread's young generation, in MB. */
  readonly youngGenerationMb: number;
  /** Tasks handed to one thread at once (piscina's concurrentTasksPerWorker). */
  readonly tasksPerThread: number;
  /** Each thread's old generation at most, in MB (V8's default otherwise): past it the thread ends, and its tasks fail. */
  readonly oldGenerationMb?: number;
}

/**
 * An ingest's threads. A young generation of 24 MB (V8's default lets it reach ~48 MB of mostly short-lived
 * JSON.parse garbage) took 10-20 MB off the peak RSS of a 200 MB ingest at no measurable cost in speed.
 */
const INGEST_THREADS: ThreadSettings = { youngGenerationMb: 24, tasksPerThread: 1 };
/**
 * A small-document thread's old generation: what it holds at once is a few documents of at most 4 MiB, but V8 let
 * it grow all through a batch (bench/README.md, issue 14). A document that needs more is streamed instead
 * (batch/prefetch.ts: a failed read ahead falls back to streaming, on a pool without this limit).
 */
const SMALL_DOCUMENT_OLD_GENERATION_MB = 48;
/**
 * A batch's threads read small documents whole, a document's worth of garbage at a time: a small young
 * generation keeps their memory down at no cost in speed. Each is handed several documents at once: a thread
 * handed one at a time waits for the next until the writer's thread, busy writing a group, turns to its
 * messages; and the files' reads of several documents overlap (bench/README.md, issue 14).
 */
export const SMALL_DOCUMENT_THREADS: ThreadSettings = { youngGenerationMb: 4, tasksPerThread: 4, oldGenerationMb: SMALL_DOCUMENT_OLD_GENERATION_MB };

/**
 * The worker threads of an ingest. Size 0: everything runs on the calling thread. Size 1: one
 * thread reads each document. Size n >= 2: one reads, n - 1 normalize batches.
 */
export class WorkerPool {
  readonly normalizer: Normalizer;
  private readonly piscina: Piscina | null;
  /** Settles when every thread has loaded its task module (or ended): see close(). */
  private readonly loaded: Promise<void>;

  private constructor(
    readonly size: number,
    threads: ThreadSettings,
  ) {
    this.piscina = size === 0 ? null : startThreads(import.meta.url, 'pool-task', size, threads);
    this.loaded = this.piscina === null ? Promise.resolve() : threadsLoaded(this.piscina);
    this.normalizer = size < 2 ? inlineNormalizer : pooledNormalizer(this.piscina!, size - 1);
  }

  static create(size: number = DEFAULT_POOL_SIZE, threads = INGEST_THREADS): WorkerPool {
    checkPoolSize(size);
    return new WorkerPool(size, threads);
  }

  /** A thread to read one document on, or null when reading runs on the calling thread. */
  startReader(): ReaderThread | null {
    if (this.piscina === null) return null;
    const { port1, port2 } = new MessageChannel();
    const task: PoolTask = { kind: 'read', port: port2 };
    const done = this.piscina.run(task, { transferList: [port2] }) as Promise<void>;
    return { port: port1, done, normalizes: this.size === 1 };
  }

  /** Reads a small document whole, on a pool thread (on the calling thread when the pool has none). */
  async prepare(task: PrepareTask): Promise<PreparedDocument> {
    if (this.piscina === null) return prepareDocument(task);
    return (await this.piscina.run({ kind: 'prepare', task } satisfies PoolTask)) as PreparedDocument;
  }

  /**
   * Stops the threads once each has loaded its task module: on Node 20, a worker ended while it still
   * instantiates its ES modules can abort the whole process (`v8::Module::IsGraphAsync must be used on an
   * instantiated module`), seen now and then in batches that had nothing to read.
   */
  async close(): Promise<void> {
    if (this.piscina === null) return;
    await this.loaded;
    await this.piscina.destroy();
  }
}

/** Throws a RangeError unless `size` is a pool size this machine allows. */
export function checkPoolSize(size: number): void {
  const limit = availableParallelism() * 4;
  if (!Number.isInteger(size) || size < 0 || size > limit) {
    throw new RangeError(`pool size must be a whole number from 0 to ${limit}, not ${size}`);
  }
}

/** Normalizes on the calling thread. */
export const inlineNormalizer: Normalizer = { concurrency: 1, normalize: async (batch) => normalizeBatch(batch) };

function pooledNormalizer(piscina: Piscina, threads: number): Normalizer {
  return {
    concurrency: threads * 2,
    normalize: async (batch) => {
      // Rows come back as columns: far cheaper to copy between threads than row objects.
      const result = (await piscina.run({ kind: 'normalize', batch } satisfies PoolTask)) as NormalizedColumns;
      return result.ok ? { ok: true, rows: fromColumns(result.columns) } : result;
    },
  };
}

/** Piscina's threads say they are ready once their task module is loaded (its READY message); see WorkerPool.close. */
const THREAD_READY = '_WORKER_READY';
const THREAD_LOAD_WAIT_MS = 10_000;

export function threadsLoaded(piscina: Piscina): Promise<void> {
  const loads = piscina.threads.map(
    (thread) =>
      new Promise<void>((resolve) => {
        const ready = (message: unknown) => {
          if (typeof message === 'object' && message !== null && THREAD_READY in message) done();
        };
        const timer = setTimeout(() => done(), THREAD_LOAD_WAIT_MS).unref();
        const done = () => {
          clearTimeout(timer);
          thread.off('message', ready);
          resolve();
        };
        thread.on('message', ready);
        thread.once('exit', done);
      }),
  );
  return Promise.all(loads).then(() => {});
}

/**
 * A piscina pool of `threads` threads running the task module `module`, beside the module whose URL is `beside`:
 * its .ts source under tsx, its .js in the built package.
 */
export function startThreads(beside: string, module: string, threads: number, settings: ThreadSettings): Piscina {
  const extension = beside.endsWith('.ts') ? 'ts' : 'js';
  const piscina = new Piscina({
    filename: new URL(`./${module}.${extension}`, beside).href,
    minThreads: threads,
    maxThreads: threads,
    // The built pool needs no loader flags; inheriting a TS caller's `--import tsx` would load a
    // compiler into every thread (~40 MB each).
    ...(extension === 'js' ? { execArgv: [] } : {}),
    concurrentTasksPerWorker: settings.tasksPerThread,
    resourceLimits: { maxYoungGenerationSizeMb: settings.youngGenerationMb, maxOldGenerationSizeMb: settings.oldGenerationMb },
  });
  survivingThreadErrors(piscina);
  return piscina;
}

/**
 * A thread that ends (out of its memory, say) fails the tasks it held, which their callers handle; piscina also
 * emits the error on the pool, which unheard would end the whole process. Piscina starts another thread.
 */
function survivingThreadErrors(piscina: Piscina): void {
  piscina.on('error', () => {});
}
