import { availableParallelism } from 'node:os';
import type { SourceName } from '../core/canonical.js';
import { UsageError } from '../core/errors.js';
import { ingestDocument, type DocumentSink } from '../ingest/document-ingest.js';
import { documentFromRow, type IngestedDocument } from '../ingest/ingested-document.js';
import { checkThreadsOption, headerOf, ingestPlanned } from '../ingest/ingest.js';
import type { StorePools } from '../ingest/store-pools.js';
import { batchEntry, freeBookName, recordBatchEntry } from '../store/batch-ledger.js';
import { createBook } from '../store/books.js';
import { useSmallBooksCache, type StoreDatabase } from '../store/database.js';
import { documentRowOf, DocumentWriter, recordFailedDocument } from '../store/document-writer.js';
import { WriteGroup } from '../store/write-group.js';
import { assertWritable } from '../store/write-lock.js';
import type { PreparedDocument } from '../../workers/prepare-document.js';
import { reviveIngestError } from '../../workers/read-protocol.js';
import { batchUnits, listInputs, type BatchUnit } from './batch-inputs.js';
import { BatchCounter, type BatchProgress } from './batch-progress.js';
import { PreparedBody } from './prepared-body.js';
import { isStreamed, prefetched, type Pending } from './prefetch.js';

export interface BatchInputOptions {
  /** Restrict format detection to one aggregator (SPEC §6 `--source`). */
  readonly source?: SourceName;
  /** Threads that read and normalize inputs at once (default: the machine's cores); 0 reads them on the calling thread. */
  readonly jobs?: number;
  /** Inputs to pass over entirely, by absolute path (the CLI's results file holds their lines already). */
  readonly skip?: (key: string) => boolean;
  /** Called after each book, and for each input passed over. */
  readonly onProgress?: (progress: BatchProgress) => void;
  /**
   * Called in the store's turn right after each group of books commits, with the books ingested in it (so that
   * their figures are stored together, in a few statements, before their summaries are read one by one).
   */
  readonly afterCommit?: (bookPks: readonly number[]) => Promise<void>;
}

/** A book the batch has finished: ingested now, or found done by an earlier run. */
export interface BatchBook {
  /** The input as the results name it. */
  readonly input: string;
  /** Its absolute path, what the store and the results file know it by. */
  readonly path: string;
  readonly book: { readonly pk: number; readonly name: string };
  /** The book's one document: VERIFICATION_COMPLETE, FAILED or REJECTED, with its reason. */
  readonly document: IngestedDocument;
  /** True when an earlier run had done it: its book was read from the store, nothing was ingested. */
  readonly resumed: boolean;
}

/** The store's turn: every write and read of the store happens inside one. */
export type Turn = <T>(work: () => Promise<T>) => Promise<T>;

/** Books committed in one transaction: a crash loses at most these, and a re-run does them again. */
const GROUP_BOOKS = 32;
const GROUP_BYTES = 32 << 20;

/**
 * Every input file, and every folder's Finicity bundle, made into a book of its own (SPEC §6 `batch`).
 * Small documents are read whole on pool threads, several at once, and written by this thread into one
 * transaction per group of books, each document in a savepoint; a large one is streamed alone. Each input's
 * book is noted in the store (`batch_inputs`) in the transaction that commits it, so a re-run passes over
 * the inputs done (`resumed`) and a crash leaves no half-done book. A failure of the store itself (full,
 * I/O, busy past the lock timeout) ends the batch with a StoreError: what committed stays.
 */
export async function* batchBooks(
  db: StoreDatabase,
  pools: StorePools,
  paths: readonly string[],
  options: BatchInputOptions,
  turn: Turn,
): AsyncGenerator<BatchBook> {
  if (!Array.isArray(paths) || paths.length === 0) throw new UsageError('batch needs at least one file or folder');
  checkThreadsOption('jobs', options.jobs);
  const jobs = options.jobs ?? availableParallelism();
  assertWritable(db);
  const listing = await listInputs(paths);
  const counter = new BatchCounter(listing.fileCount, options.onProgress);
  const pool = () => pools.forSmallDocuments(jobs); // started when the first document is read, not for a re-run that reads none
  const done = (unit: BatchUnit): boolean => batchEntry(db, unit.key) !== null;
  const pending = prefetched(batchUnits(listing, options.source), pool, { skip: options.skip, done, passedOver: (unit) => counter.passedOver(unit) });
  const usualCache = useSmallBooksCache(db);
  try {
    for await (const group of groupsOf(pending)) {
      const books = await turn(async () => {
        const written = await writeGroup(db, pools, group);
        await options.afterCommit?.(written.filter((book) => !book.resumed).map((book) => book.book.pk));
        return written;
      });
      for (const [index, book] of books.entries()) {
        counter.finished(book.document, group[index]!.unit);
        yield book;
      }
    }
  } finally {
    usualCache();
  }
}

/** Pending books in order, cut into groups, each read to its end before it is written (the lock is not held while threads read). */
async function* groupsOf(pending: AsyncIterable<Pending>): AsyncGenerator<Pending[]> {
  let group: Pending[] = [];
  let bytes = 0;
  for await (const item of pending) {
    // A document streamed from its files is written in a group of its own.
    if (isStreamed(item) && group.length > 0) {
      yield group;
      group = [];
      bytes = 0;
    }
    await item.prepared;
    group.push(item);
    bytes += item.unit.bytes;
    if (isStreamed(item) || group.length >= GROUP_BOOKS || bytes >= GROUP_BYTES) {
      yield group;
      group = [];
      bytes = 0;
    }
  }
  if (group.length > 0) yield group;
}

async function writeGroup(db: StoreDatabase, pools: StorePools, group: readonly Pending[]): Promise<BatchBook[]> {
  const write = await WriteGroup.begin(db);
  try {
    const books: BatchBook[] = [];
    for (const item of group) books.push(await writeBook(db, write, pools, item));
    write.commit();
    return books;
  } catch (error) {
    write.rollback();
    throw error;
  }
}

/** One input's book, its document and its note in `batch_inputs`; or what an earlier run made of it. */
async function writeBook(db: StoreDatabase, write: WriteGroup, pools: StorePools, { unit, prepared }: Pending): Promise<BatchBook> {
  const entry = batchEntry(db, unit.key); // asked again in the write transaction: another run may have done it meanwhile
  if (entry !== null) {
    return { input: unit.input, path: unit.key, book: { pk: entry.bookPk, name: entry.bookName }, document: documentOf(db, entry.documentPk), resumed: true };
  }
  const name = freeBookName(db, unit.bookName);
  const bookPk = createBook(db, name);
  const sink = groupSink(db, write, bookPk);
  const read = prepared === null ? null : await prepared;
  const document = read === null ? await ingestPlanned(sink, unit.plan, pools, {}) : await ingestPrepared(sink, unit, read);
  recordBatchEntry(db, unit.key, bookPk, document.pk!);
  return { input: unit.input, path: unit.key, book: { pk: bookPk, name }, document, resumed: false };
}

/** A document a pool thread has read whole: written as it was read, or recorded with why it could not be read. */
function ingestPrepared(sink: DocumentSink, unit: BatchUnit, read: PreparedDocument): Promise<IngestedDocument> {
  const names = unit.plan.files.map((file) => file.name);
  const problem = read.ok ? null : reviveIngestError(read.error);
  return ingestDocument(sink, headerOf(unit.plan), problem, new PreparedBody(names, read.ok ? read.files : [], read.totals));
}

/** Documents written in savepoints of the group's transaction; a failure of the store ends the batch. */
function groupSink(db: StoreDatabase, write: WriteGroup, bookPk: number): DocumentSink {
  return {
    db,
    begin: async (header) => DocumentWriter.begin(db, bookPk, header, () => write.savepoint()),
    recordFailure: async (header, error, totals) => write.inSavepoint(() => recordFailedDocument(db, bookPk, header, error, totals)),
    stopsAtStoreFailure: true,
  };
}

function documentOf(db: StoreDatabase, pk: number): IngestedDocument {
  return documentFromRow(documentRowOf(db, pk));
}
