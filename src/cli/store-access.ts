import { openStore, type Store, type StoreOptions } from '../api/store.js';
import type { Book } from '../api/book.js';
import { UsageError } from '../core/errors.js';
import type { IngestedDocument } from '../ingest/ingested-document.js';
import type { CommandOptions } from './command-options.js';

/** Reading commands never create a store (nor a book: see existingBook). */
export const READ: StoreOptions = { create: false };

/** Opens the store, runs `work`, and closes the store whatever happens. */
export async function withStore(path: string, options: StoreOptions, work: (store: Store) => Promise<number>): Promise<number> {
  const store = await openStore(path, options);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** The book a reading command reads; it does not create one by mistake. "No such book" is one line (a UsageError). */
export async function existingBook(store: Store, options: CommandOptions): Promise<Book> {
  const name = options.book!; // a required option of every command that reads a book
  const book = await store.findBook(name);
  if (book === null) throw new UsageError(`no book named ${JSON.stringify(name)} in ${options.db}`);
  return book;
}

/** 0 when every document was ingested, 1 when one failed or was rejected (SPEC §6). */
export function exitStatus(documents: readonly IngestedDocument[]): number {
  return documents.every((document) => document.status === 'VERIFICATION_COMPLETE') ? 0 : 1;
}
