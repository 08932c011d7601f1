import type { MessagePort } from 'node:worker_threads';
import type { TransactionBatch } from '../src/sources/source-events.js';
import { prepareDocument, type PreparedDocument, type PrepareTask } from './prepare-document.js';
import { readDocument } from './read-document.js';
import { normalizeToColumns, type NormalizedColumns } from './transaction-columns.js';

/** What the pool's threads do: read a document as it streams in, read a small one whole, or normalize one batch of transactions. */
export type PoolTask =
  | { readonly kind: 'read'; readonly port: MessagePort }
  | { readonly kind: 'prepare'; readonly task: PrepareTask }
  | { readonly kind: 'normalize'; readonly batch: TransactionBatch };

/** The piscina task module. */
export default function runTask(task: PoolTask): Promise<void> | Promise<PreparedDocument> | NormalizedColumns {
  switch (task.kind) {
    case 'read':
      return readDocument(task.port);
    case 'prepare':
      return prepareDocument(task.task);
    case 'normalize':
      return normalizeToColumns(task.batch);
  }
}
