import { UsageError } from '../core/errors.js';
import { bookListings, type BookListing } from '../report/info.js';
import { ensureBook } from '../store/books.js';
import { openDatabase, type StoreDatabase } from '../store/database.js';
import { withStoreErrors } from '../store/store-errors.js';
import { Book } from './book.js';
import { SerialQueue } from './serial-queue.js';

export interface StoreOptions {
  /** Create the store when the path holds nothing yet (no file, or an empty one). Default true; false for readers. */
  readonly create?: boolean;
}

/** One SQLite file (or `:memory:`) holding any number of books. */
export class Store {
  private readonly queue = new SerialQueue();
  private closed = false;

  private constructor(private readonly db: StoreDatabase) {}

  /** @internal Use `openStore`. */
  static async open(path: string, options: StoreOptions = {}): Promise<Store> {
    if (typeof path !== 'string' || path === '') throw new UsageError('openStore needs a file path or ":memory:"');
    return new Store(await openDatabase(path, options));
  }

  get path(): string {
    return this.db.path;
  }

  /** The book named `name`, created if it does not exist yet. */
  book(name: string): Promise<Book> {
    if (typeof name !== 'string' || name.trim() === '') return Promise.reject(new UsageError('a book needs a non-empty name'));
    return this.run(async () => new Book(this.db, this.queue, ensureBook(this.db, name), name));
  }

  books(): Promise<BookListing[]> {
    return this.run(() => bookListings(this.db));
  }

  /** Waits for work under way, then closes the file. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return this.queue.run(() => this.db.close());
  }

  /** The store's turn; a failure of the store comes out as a StoreError naming its path. */
  private run<T>(work: () => Promise<T>): Promise<T> {
    return this.queue.run(() => withStoreErrors(this.db.path, work));
  }
}

/** Opens a store; see StoreOptions. Fails with StoreError when the path holds something that is not a bookstream store. */
export function openStore(path: string, options: StoreOptions = {}): Promise<Store> {
  return Store.open(path, options);
}
