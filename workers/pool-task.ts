import type { MessagePort } from 'node:worker_threads';
import type { TransactionBatch } from '../src/sources/source-events.js';
import { normalizeBatch, type NormalizedBatch } from './normalize-batch.js';
import { readDocument } from './read-document.js';

/** What the pool's threads do: read a whole document, or normalize one batch of transactions. */
export type PoolTask =
  | { readonly kind: 'read'; readonly port: MessagePort }
  | { readonly kind: 'normalize'; readonly batch: TransactionBatch };

/** The piscina task module. */
export default function runTask(task: PoolTask): Promise<void> | NormalizedBatch {
  return task.kind === 'read' ? readDocument(task.port) : normalizeBatch(task.batch);
}
