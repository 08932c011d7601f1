import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { TransactionBatch } from '../src/sources/source-events.js';
import { normalizeBatch, type NormalizedBatch } from './normalize-batch.js';

/** Normalizes transaction batches, on the calling thread or on a pool of worker threads. */
export interface Normalizer {
  /** How many batches may be under way at once before the caller should wait for the oldest. */
  readonly concurrency: number;
  normalize(batch: TransactionBatch): Promise<NormalizedBatch>;
  close(): Promise<void>;
}

/**
 * Pool size 0 (the default, fastest on this workload in `npm run bench`) normalizes inline: copying a
 * batch to a worker and its rows back costs more than normalizing it.
 */
export const DEFAULT_POOL_SIZE = 0;

export function createNormalizer(poolSize: number = DEFAULT_POOL_SIZE): Normalizer {
  if (!Number.isInteger(poolSize) || poolSize < 0 || poolSize > availableParallelism() * 4) {
    throw new RangeError(`pool size must be a whole number from 0 to ${availableParallelism() * 4}, not ${poolSize}`);
  }
  return poolSize === 0 ? inlineNormalizer() : pooledNormalizer(poolSize);
}

function inlineNormalizer(): Normalizer {
  return {
    concurrency: 1,
    normalize: async (batch) => normalizeBatch(batch),
    close: async () => {},
  };
}

function pooledNormalizer(threads: number): Normalizer {
  // Under tsx the sources are .ts; from the built package they are .js beside this file.
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const pool = new Piscina({
    filename: new URL(`./normalize-worker.${extension}`, import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
  });
  return {
    concurrency: threads * 2,
    normalize: (batch) => pool.run(batch) as Promise<NormalizedBatch>,
    close: () => pool.destroy(),
  };
}
