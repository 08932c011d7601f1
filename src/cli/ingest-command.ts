import { join } from 'node:path';
import type { Book } from '../api/book.js';
import { packageRoot } from '../core/package-root.js';
import type { IngestOptions } from '../ingest/ingest-options.js';
import type { IngestedDocument } from '../ingest/ingested-document.js';
import { expandFolders } from '../sources/input-folders.js';
import type { CommandOptions } from './command-options.js';
import { DEFAULT_DB } from './options.js';
import { printJson, sayDocumentProblem } from './output.js';
import { progressBar } from './progress-bar.js';
import { exitStatus, withStore } from './store-access.js';

/** `bookstream ingest`: the files into the book (made if needed); prints the documents made. */
export async function ingestCommand(options: CommandOptions): Promise<number> {
  // Before the store is opened (the library would expand them too, but after): a folder without a JSON file is a
  // usage error, and then nothing is made.
  const inputs = await expandFolders(options.paths);
  return withStore(options.db, { lockTimeoutMs: options.lockTimeoutMs }, async (store) => {
    const book = await store.book(options.book!);
    const documents = await ingestShown(book, inputs, { source: options.source, poolSize: options.poolSize });
    await printJson(documents, options.compact);
    return exitStatus(documents);
  });
}

/** `bookstream demo`: the bundled sample exports (data/) into a book, printed whole. */
export async function demoCommand(options: CommandOptions): Promise<number> {
  const root = packageRoot();
  // data/finicity/ is one Finicity bundle: its files, given together, make one document.
  const inputs = await expandFolders([join(root, 'data'), join(root, 'data', 'finicity')]);
  return withStore(options.db === DEFAULT_DB ? ':memory:' : options.db, {}, async (store) => {
    const book = await store.book(options.book ?? 'acme-plumbing-demo');
    const documents = await ingestShown(book, inputs, {});
    const summary = await book.summary({ extraFields: 'weekday_balances,probable_recurring_txns' });
    await printJson({ documents, info: await book.info(), summary, transactions: await book.transactions() }, options.compact);
    return exitStatus(documents);
  });
}

/**
 * Ingests with the progress bar when stderr is a terminal, and says each document that failed or was rejected
 * on stderr, one line each (the JSON on stdout says it too).
 */
async function ingestShown(book: Book, inputs: readonly string[], options: IngestOptions): Promise<IngestedDocument[]> {
  const bar = progressBar();
  let documents: IngestedDocument[] | undefined;
  try {
    documents = await book.ingest(inputs, { ...options, onProgress: bar.update });
  } finally {
    bar.done(documents && { documents: documents.length, transactions: documents.reduce((sum, document) => sum + document.txn_count, 0) });
  }
  for (const document of documents) {
    if (document.status !== 'VERIFICATION_COMPLETE') sayDocumentProblem(document.name, document);
  }
  return documents;
}
