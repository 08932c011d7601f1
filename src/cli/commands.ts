import { join } from 'node:path';
import { openStore, type Store, type StoreOptions } from '../api/store.js';
import { UsageError } from '../core/errors.js';
import type { IngestedDocument } from '../ingest/ingested-document.js';
import { batchCommand } from './batch-command.js';
import type { Command, CommandOptions } from './command-options.js';
import { printJson, printJsonPieces } from './output.js';
import { packageRoot } from '../core/package-root.js';
import { progressBar } from './progress-bar.js';

export const commands: Readonly<Record<string, Command>> = {
  ingest: async (options) =>
    withStore(options.db, { lockTimeoutMs: options.lockTimeoutMs }, async (store) => {
      if (options.paths.length === 0) throw new UsageError('ingest needs at least one file or folder');
      const book = await store.book(requireBook(options));
      const bar = progressBar();
      const documents = await book.ingest(options.paths, {
        source: options.source,
        poolSize: options.poolSize,
        onProgress: bar.update,
      });
      bar.done();
      await printJson(documents);
      return exitStatus(documents);
    }),
  batch: batchCommand,
  books: async (options) => withStore(options.db, READ, async (store) => (await printJson(await store.books()), 0)),
  summary: async (options) =>
    withStore(options.db, READ, async (store) => {
      const book = await existingBook(store, options);
      await printJsonPieces(book.summaryJson({ extraFields: options.extraFields, rules: options.rules }));
      return 0;
    }),
  info: async (options) =>
    withStore(options.db, READ, async (store) => (await printJsonPieces((await existingBook(store, options)).infoJson()), 0)),
  transactions: async (options) =>
    withStore(options.db, READ, async (store) => {
      await printJsonPieces((await existingBook(store, options)).transactionsJson({ rules: options.rules }));
      return 0;
    }),
  demo: async (options) =>
    withStore(options.db === DEFAULT_DB ? ':memory:' : options.db, {}, async (store) => {
      const book = await store.book(options.book ?? 'acme-plumbing-demo');
      // data/ holds the Plaid samples (its subfolders are not entered), data/finicity/ one Finicity bundle: one document.
      const documents = await book.ingest([join(packageRoot(), 'data'), join(packageRoot(), 'data', 'finicity')]);
      const summary = await book.summary({ extraFields: 'weekday_balances,probable_recurring_txns' });
      await printJson({ documents, info: await book.info(), summary, transactions: await book.transactions() });
      return exitStatus(documents);
    }),
};

export const DEFAULT_DB = 'bookstream.db';

/** Reading commands never create a store (nor a book: see existingBook). */
const READ: StoreOptions = { create: false };

function exitStatus(documents: readonly IngestedDocument[]): number {
  return documents.every((document) => document.status === 'VERIFICATION_COMPLETE') ? 0 : 1;
}

async function withStore(path: string, options: StoreOptions, work: (store: Store) => Promise<number>): Promise<number> {
  const store = await openStore(path, options);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function requireBook(options: CommandOptions): string {
  if (options.book === undefined) throw new UsageError('--book NAME is required');
  return options.book;
}

/** `info` and `transactions` read a book; they do not create one by mistake. */
async function existingBook(store: Store, options: CommandOptions) {
  const name = requireBook(options);
  const book = await store.findBook(name);
  if (book === null) throw new UsageError(`no book named ${JSON.stringify(name)} in ${options.db}`);
  return book;
}
