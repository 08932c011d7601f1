import type { WorkerPool } from '../../workers/pool.js';
import type { PreparedDocument } from '../../workers/prepare-document.js';
import type { BatchUnit } from './batch-inputs.js';

/** A book on its way: its input, and its document being read whole on a pool thread (when it is small). */
export interface Pending {
  readonly unit: BatchUnit;
  /** Null: the document is streamed from its files when written. Resolving to null: reading it whole failed unexpectedly, stream it. */
  readonly prepared: Promise<PreparedDocument | null> | null;
  /** An earlier run made its book (as seen before its turn; the writer asks again). */
  readonly done: boolean;
}

/** Whether the book's document is streamed from its files when written, rather than read ahead or done already. */
export function isStreamed(item: Pending): boolean {
  return item.prepared === null && !item.done;
}

/** A document is read whole on a pool thread up to this size; a larger one is streamed, in flat memory. */
export const PREPARED_DOCUMENT_BYTES = 4 << 20;
/** How far reading runs ahead of writing: enough to keep the threads busy through a group, bounded in memory. */
const AHEAD_BOOKS = 64;
const AHEAD_BYTES = 16 << 20;

export interface PrefetchRules {
  /** Inputs to pass over without a word to the writer. */
  readonly skip: ((key: string) => boolean) | undefined;
  readonly done: (unit: BatchUnit) => boolean;
  readonly passedOver: (unit: BatchUnit) => void;
}

/**
 * The units in order, each small one's document read ahead on the pool while earlier ones are written: at
 * most AHEAD_BOOKS units and AHEAD_BYTES of their files are under way at once.
 */
export async function* prefetched(units: AsyncIterable<BatchUnit>, pool: () => WorkerPool, rules: PrefetchRules): AsyncGenerator<Pending> {
  const queue: Pending[] = [];
  const source = units[Symbol.asyncIterator]();
  let bytesAhead = 0;
  let exhausted = false;
  const fill = async (): Promise<void> => {
    while (!exhausted && queue.length < AHEAD_BOOKS && bytesAhead < AHEAD_BYTES) {
      const next = await source.next();
      if (next.done === true) exhausted = true;
      else if (rules.skip?.(next.value.key) === true) rules.passedOver(next.value);
      else {
        const item = pendingOf(next.value, pool, rules.done(next.value));
        if (item.prepared !== null) bytesAhead += item.unit.bytes;
        queue.push(item);
      }
    }
  };
  try {
    for (;;) {
      await fill();
      const item = queue.shift();
      if (item === undefined) return;
      if (item.prepared !== null) bytesAhead -= item.unit.bytes;
      yield item;
    }
  } finally {
    // A caller that stops early (a `break` out of store.batch) may close the store next: its pool must not be
    // stopped under documents still being read, whose answers would then reach a pool that no longer knows them.
    await Promise.all(queue.map((item) => item.prepared));
  }
}

function pendingOf(unit: BatchUnit, pool: () => WorkerPool, done: boolean): Pending {
  const { plan } = unit;
  const readWhole = !done && plan.problem === null && plan.format !== null && unit.bytes <= PREPARED_DOCUMENT_BYTES && plan.files.every((file) => file.totalBytes !== null);
  if (!readWhole) return { unit, prepared: null, done };
  const prepared = pool().prepare({ format: plan.format!, files: plan.files.map((file) => file.name) }).catch(() => null);
  return { unit, prepared, done };
}
