/**
 * The task module of the summary threads (summary-threads.ts): a book's summary as JSON text, read on a
 * connection of this thread's own, so that a batch's summaries are read while its writer writes the next books.
 */
import { Piscina } from 'piscina';
import { openDatabase, useSmallBooksCache, type StoreDatabase } from '../store/database.js';
import { readSnapshot } from '../store/read-snapshot.js';
import { withStoreErrors } from '../store/store-errors.js';
import { bookSummaryJson } from '../report/summary.js';
import { summaryRequest, type SummaryOptions } from './book.js';
import { SerialQueue } from './serial-queue.js';

export interface SummaryTask {
  /** The store's file: this thread reads it on a read-only connection, kept for the next tasks. */
  readonly path: string;
  readonly book: { readonly pk: number; readonly name: string };
  readonly options: { readonly extraFields: readonly string[]; readonly rules: string | undefined };
}

const connections = new Map<string, Promise<StoreDatabase>>();
/**
 * Tasks arrive several at once (summary-threads.ts says why) and are read one after another: a summary's read
 * snapshot is its connection's transaction, which two summaries at once would share.
 */
const turns = new SerialQueue();

/**
 * The piscina task: the summary's JSON text as UTF-8, exactly what `book.summaryJson` streams, or the StoreError
 * that stopped it. The bytes are moved to the caller, not copied: the writer's thread holds them outside its
 * JavaScript heap until its results file has them (bench/README.md, issue 14).
 */
export default async function summaryBytes(task: SummaryTask): Promise<unknown> {
  const text = await turns.run(() => readSummary(task));
  // TextEncoder gives the bytes an ArrayBuffer of their own (Buffer.from may share its pool, which must not move).
  return Piscina.move(new TextEncoder().encode(text));
}

async function readSummary(task: SummaryTask): Promise<string> {
  const db = await connectionTo(task.path);
  const request = await summaryRequest(task.options as SummaryOptions);
  return withStoreErrors(db.path, () =>
    readSnapshot(db, async () => {
      let text = '';
      for await (const piece of bookSummaryJson(db, task.book, request)) text += piece;
      return text;
    }),
  );
}

function connectionTo(path: string): Promise<StoreDatabase> {
  let connection = connections.get(path);
  if (connection === undefined) {
    // A small book's summary reads a few hundred rows: the batch's small cache is plenty.
    connection = openDatabase(path, { readonly: true, create: false }).then((db) => (useSmallBooksCache(db), db));
    connection.catch(() => connections.delete(path));
    connections.set(path, connection);
  }
  return connection;
}
