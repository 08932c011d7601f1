import type { MessagePort } from 'node:worker_threads';
import type { TransactionBatch } from '../src/sources/source-events.js';
import { readDocument } from './read-document.js';
import { normalizeToColumns, type NormalizedColumns } from './transaction-columns.js';

/** What the pool's threads do: read a whole document, or normalize one batch of transactions. */
export type PoolTask =
  | { readonly kind: 'read'; readonly port: MessagePort }
  | { readonly kind: 'normalize'; readonly batch: TransactionBatch };

/** The piscina task module. */
export default function runTask(task: PoolTask): Promise<void> | NormalizedColumns {
  return task.kind === 'read' ? readDocument(task.port) : normalizeToColumns(task.batch);
}
