import { UsageError } from '../core/errors.js';
import { bookListings, type BookListing } from '../report/info.js';
import { createBook, findBook } from '../store/books.js';
import { openDatabase, type StoreDatabase } from '../store/database.js';
import { readSnapshot } from '../store/read-snapshot.js';
import { writeTransaction } from '../store/write-lock.js';
export { DEFAULT_LOCK_TIMEOUT_MS } from '../store/lock-timeout.js';
import { batchBooks, type BatchBook, type BatchInputOptions } from '../batch/batch.js';
import { PREPARED_DOCUMENT_BYTES } from '../batch/prefetch.js';
import { storeDerivedForBooks } from '../analytics/store-derived.js';
import type { BookSummary, SummaryRequest } from '../report/summary.js';
import { batchLine } from './batch-lines.js';
import { Book, summaryRequest, type SummaryOptions } from './book.js';
import { readAhead } from './read-ahead.js';
import { StoreHandle } from './store-handle.js';

/** `store.batch` options: which inputs, how many threads, and what each book's summary holds. */
export interface BatchOptions extends BatchInputOptions, SummaryOptions {}

/** One input's result: its book, its document, and the book's summary (null when the document failed or was rejected). */
export interface BatchResult extends BatchBook {
  readonly summary: BookSummary | null;
}

export interface StoreOptions {
  /** Create the store when the path holds nothing yet (no file, or an empty one). Default true; false for readers. */
  readonly create?: boolean;
  /** Only read, even when the file could be written. Default: read-only only when the file or its folder is not writable. */
  readonly readonly?: boolean;
  /** How long a write waits while another connection writes the store, in milliseconds. Default 60 000. */
  readonly lockTimeoutMs?: number;
}

/** Books whose result lines a batch asks for ahead of the one being written out: a group's worth (batch.ts), so that the next group is written while one group's summaries are read. */
const LINES_AHEAD = 32;

/** A book whose document is small enough to have been read whole (batch/prefetch.ts): its summary is small too. */
function isSmall(done: BatchBook): boolean {
  return done.document.bytes <= PREPARED_DOCUMENT_BYTES;
}

/** A summary's pieces (text, or UTF-8 bytes) as one text. */
async function textOf(pieces: AsyncIterable<string | Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const piece of pieces) text += typeof piece === 'string' ? piece : decoder.decode(piece);
  return text;
}

/** The summary object of its JSON text: `bookSummaryJson` is exactly `JSON.stringify(bookSummary(…))`. */
function parsedSummary(text: string): BookSummary {
  return JSON.parse(text) as BookSummary;
}

/** One SQLite file (or `:memory:`) holding any number of books; from `openStore`. */
export class Store {
  private constructor(private readonly handle: StoreHandle) {}

  /** @internal Use `openStore`. */
  static async open(path: string, options: StoreOptions = {}): Promise<Store> {
    if (typeof path !== 'string' || path === '') throw new UsageError('openStore needs a file path or ":memory:"');
    checkOptions(path, options);
    return new Store(new StoreHandle(await openDatabase(path, options)));
  }

  get path(): string {
    return this.db.path;
  }

  /** True when the store can only be read (opened so, or not writable here). */
  get readonly(): boolean {
    return this.db.readonlyReason !== null;
  }

  /** The book named `name`, created if it does not exist yet (only then is the store written). */
  book(name: string): Promise<Book> {
    if (!isBookName(name)) return Promise.reject(new UsageError('a book needs a non-empty name'));
    return this.run(async () => this.bookOf(findBook(this.db, name) ?? (await writeTransaction(this.db, () => createBook(this.db, name))), name));
  }

  /** The book named `name`, or null when there is none: never writes. */
  findBook(name: string): Promise<Book | null> {
    if (!isBookName(name)) return Promise.reject(new UsageError('a book needs a non-empty name'));
    return this.run(async () => {
      const pk = findBook(this.db, name);
      return pk === null ? null : this.bookOf(pk, name);
    });
  }

  books(): Promise<BookListing[]> {
    return this.run(() => readSnapshot(this.db, () => bookListings(this.db)));
  }

  /**
   * Bulk exports (SPEC §6 `batch`): every input file, and every folder's Finicity bundle, becomes a book of
   * its own (src/batch/batch.ts), with its result as soon as it is committed: the book, its document, and
   * its summary (null when the document failed or was rejected). Inputs an earlier batch made books of are
   * not ingested again: they come back `resumed`, with their summary read from the store.
   */
  batch(paths: readonly string[], options: BatchOptions = {}): AsyncGenerator<BatchResult> {
    if (!this.readsSummariesOnThreads()) {
      return this.batchEach(paths, options, async (done, book, request) => ({ ...done, summary: book === null ? null : await book.summaryFor(request) }));
    }
    // As batchLines: a small book's summary is read on the summary thread from the moment its book is yielded.
    const results = this.batchEach(paths, options, (done, book, request) => {
      const threaded = book !== null && isSmall(done) ? this.threadedSummary(book, request, options) : null;
      const summary = async () => (book === null ? null : threaded === null ? book.summaryFor(request) : parsedSummary(await textOf(threaded)));
      return { done, summary };
    });
    return (async function* () {
      for await (const { done, summary } of readAhead(results, LINES_AHEAD)) yield { ...done, summary: await summary() };
    })();
  }

  /**
   * @internal The batch's result lines (NDJSON), each in pieces, with the book it is about: the CLI's `batch --out`.
   * A store in a file has its small books' summaries read on a thread of their own while the next books are
   * written (up to LINES_AHEAD of them); a large book's is streamed in the store's turn, as `summaryJson` does.
   */
  batchLines(paths: readonly string[], options: BatchOptions = {}): AsyncGenerator<{ book: BatchBook; line: AsyncGenerator<string | Uint8Array> }> {
    const threaded = this.readsSummariesOnThreads();
    const lines = this.batchEach(paths, options, (done, book, request) => {
      const summary = book === null ? null : threaded && isSmall(done) ? this.threadedSummary(book, request, options) : book.summaryJsonFor(request);
      return { book: done, line: batchLine(done, summary) };
    });
    return threaded ? readAhead(lines, LINES_AHEAD) : lines;
  }

  /**
   * The book's summary text (as UTF-8 bytes), read on a summary thread starting now; should the thread fail, read
   * again here, in the store's turn, where a failure of the store comes out as it would have without the thread.
   */
  private threadedSummary(book: Book, request: SummaryRequest, options: SummaryOptions): AsyncIterable<string | Uint8Array> {
    const task = { path: this.db.path, book: { pk: book.pk, name: book.name }, options: { extraFields: [...request.extra], rules: options.rules } };
    const text = this.handle.summaryThreads.summaryBytes(task).then(
      (summary) => [summary],
      () => null,
    );
    return (async function* () {
      const pieces = await text;
      yield* pieces ?? book.summaryJsonFor(request);
    })();
  }

  /** A store in a file has a batch's summaries read on a thread of its own; `:memory:` is this connection's alone. */
  private readsSummariesOnThreads(): boolean {
    return this.db.path !== ':memory:';
  }

  /**
   * `result` of each of the batch's books as it commits, given the Book when its document was ingested (null when it
   * failed or was rejected). Each group's figures and classification are stored together once it commits.
   */
  private async *batchEach<T>(
    paths: readonly string[],
    options: BatchOptions,
    result: (done: BatchBook, book: Book | null, request: SummaryRequest) => T | Promise<T>,
  ): AsyncGenerator<T> {
    this.handle.assertOpen();
    const request = await summaryRequest(options); // usage errors before anything is read
    const afterCommit = (bookPks: readonly number[]) => storeDerivedForBooks(this.db, bookPks, request.rules);
    for await (const done of batchBooks(this.db, this.handle.pools, paths, { ...options, afterCommit }, (work) => this.run(work))) {
      const ingested = done.document.status === 'VERIFICATION_COMPLETE';
      yield await result(done, ingested ? this.bookOf(done.book.pk, done.book.name) : null, request);
    }
  }

  /** Waits for work under way, then closes the file. Any call after it is a UsageError saying the store is closed. */
  close(): Promise<void> {
    return this.handle.close();
  }

  private get db(): StoreDatabase {
    return this.handle.db;
  }

  private bookOf(pk: number, name: string): Book {
    return Book.of(this.handle, pk, name);
  }

  private run<T>(work: () => Promise<T>): Promise<T> {
    return this.handle.run(work);
  }
}

/** Opens a store; see StoreOptions. Fails with StoreError when the path holds something that is not a bookstream store. */
export function openStore(path: string, options: StoreOptions = {}): Promise<Store> {
  return Store.open(path, options);
}

function checkOptions(path: string, options: StoreOptions): void {
  const { lockTimeoutMs, readonly } = options;
  if (lockTimeoutMs !== undefined && !(typeof lockTimeoutMs === 'number' && Number.isFinite(lockTimeoutMs) && lockTimeoutMs >= 0)) {
    throw new UsageError(`lockTimeoutMs must be a number of milliseconds, 0 or more, not ${String(lockTimeoutMs)}`);
  }
  if (readonly === true && path === ':memory:') throw new UsageError('a :memory: store cannot be opened read-only');
}

function isBookName(name: unknown): name is string {
  return typeof name === 'string' && name.trim() !== '';
}
