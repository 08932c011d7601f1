/**
 * bookstream: streams Plaid and Finicity exports into an exact SQLite book.
 *
 *   const store = await openStore('books.db');
 *   const book = await store.book('acme');
 *   const [doc] = await book.ingest(['report.json']);
 *   const summary = await book.summary({ extraFields: ['weekday_balances'] });
 *   await store.close();
 */
export { DEFAULT_LOCK_TIMEOUT_MS, openStore, Store, type StoreOptions } from './api/store.js';
export { Book, type SummaryOptions } from './api/book.js';
export type { IngestOptions, Progress } from './ingest/ingest-options.js';
export type { IngestedDocument } from './ingest/ingested-document.js';
export type { IngestInput } from './sources/input.js';
export type { BookInfo, BookListing } from './report/info.js';
export type { TransactionsReport, TransactionsAccountObject, TransactionObject, BookTransactionObject } from './report/transactions.js';
export type { BookSummary, AccountSummary, SeriesFields } from './report/summary.js';
export type { AccountTimeline, ActivityInfo, DateMinMax, PeriodObject } from './report/account-timeline.js';
export { EXTRA_FIELDS, type ExtraField } from './report/extra-fields.js';
export type { BankAccountObject } from './report/bank-account.js';
export type { FormatName, SourceName, TransactionStatus } from './core/canonical.js';
export {
  DocumentFailed, DocumentRejected, IngestError, StoreError, UsageError, type DocumentStatus, type StoreErrorKind,
} from './core/errors.js';
export {
  FORMATS as GENERATE_FORMATS, generate, parseSize, type AccountManifest, type BookManifest, type GenerateFormat,
  type GenerateOptions, type GenerationManifest,
} from './generate/index.js';
