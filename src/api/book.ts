import type { IngestInput } from '../sources/input.js';
import { ingest } from '../ingest/ingest.js';
import type { IngestOptions } from '../ingest/ingest-options.js';
import type { IngestedDocument } from '../ingest/ingested-document.js';
import { parseExtraFields, type ExtraField } from '../report/extra-fields.js';
import { bookInfo, bookInfoJson, type BookInfo } from '../report/info.js';
import { bookSummary, bookSummaryJson, type BookSummary, type SummaryRequest } from '../report/summary.js';
import { transactionsReport, transactionsReportJson, type TransactionsReport } from '../report/transactions.js';
import { storeBookDerivedIfFree } from '../analytics/store-derived.js';
import { loadRules } from '../rules/rules-folder.js';
import type { Rules } from '../rules/rules.js';
import type { StoreDatabase } from '../store/database.js';
import { beginSnapshot, readSnapshot } from '../store/read-snapshot.js';
import { storeErrorOf } from '../store/store-errors.js';
import type { StoreHandle } from './store-handle.js';

export interface ClassificationOptions {
  /**
   * A rules folder (`lenders.json`, `terms.json`: SPEC §4a) that replaces the shipped `data/rules/` for this
   * call. A folder that is missing or malformed is a UsageError naming the file and what is wrong.
   */
  readonly rules?: string;
}

export interface SummaryOptions extends ClassificationOptions {
  /** Fields returned only when asked for (SPEC §4), e.g. `['weekday_balances']` or `'weekday_balances,probable_recurring_txns'`. */
  readonly extraFields?: readonly ExtraField[] | string;
}

/** A borrower's case file: everything an analytics call sees; from `store.book(name)` or `store.findBook(name)`. */
export class Book {
  private constructor(
    private readonly handle: StoreHandle,
    readonly pk: number,
    readonly name: string,
  ) {}

  /** @internal Books come from `store.book(name)`. */
  static of(handle: StoreHandle, pk: number, name: string): Book {
    return new Book(handle, pk, name);
  }

  /**
   * Ingests files (paths), Node Readables or async iterables of Buffers. Each document is
   * all-or-nothing; a bad one comes back FAILED or REJECTED with its reason and leaves the book as it was.
   */
  ingest(inputs: readonly IngestInput[], options: IngestOptions = {}): Promise<IngestedDocument[]> {
    // The documents mark the accounts they touch; the next summary recomputes exactly those, once.
    return this.handle.run(() => ingest(this.db, this.pk, inputs, options, this.handle.pools));
  }

  /**
   * The Ocrolus book-summary object; `extraFields` (a list or a comma-separated string) adds the fields
   * asked for, `rules` replaces the shipped classification rules.
   */
  async summary(options: SummaryOptions = {}): Promise<BookSummary> {
    return this.summaryFor(await summaryRequest(options));
  }

  /** The summary as JSON text in pieces, account by account, for books too large to hold as one object. */
  async *summaryJson(options: SummaryOptions = {}): AsyncGenerator<string> {
    const request = await summaryRequest(options); // a usage error is thrown here, before any turn is taken
    yield* this.summaryJsonFor(request);
  }

  /** @internal The summary for a request read already (a batch reads its rules once for all its books). */
  summaryFor(request: SummaryRequest): Promise<BookSummary> {
    return this.read(() => bookSummary(this.db, { pk: this.pk, name: this.name }, request), request.rules);
  }

  /** @internal The streamed summary for a request read already. */
  summaryJsonFor(request: SummaryRequest): AsyncGenerator<string> {
    return this.stream(() => bookSummaryJson(this.db, { pk: this.pk, name: this.name }, request), request.rules);
  }

  /** The Ocrolus `/transaction` object, each row with its classification tags and lender under `rules`. */
  async transactions(options: ClassificationOptions = {}): Promise<TransactionsReport> {
    const rules = await loadRules(options.rules);
    return this.read(() => transactionsReport(this.db, this.pk, rules), rules);
  }

  /** The `/transaction` object as JSON text in pieces, for books too large to hold as one object. */
  async *transactionsJson(options: ClassificationOptions = {}): AsyncGenerator<string> {
    const rules = await loadRules(options.rules);
    yield* this.stream(() => transactionsReportJson(this.db, this.pk, rules), rules);
  }

  /** The Ocrolus `book/info` object. */
  info(): Promise<BookInfo> {
    return this.read(() => bookInfo(this.db, this.pk), null);
  }

  /** The `book/info` object as JSON text in pieces, account by account and document by document. */
  infoJson(): AsyncGenerator<string> {
    return this.stream(() => bookInfoJson(this.db, this.pk), null);
  }

  /**
   * A read in the store's turn, on one snapshot. With `figures` rules given, the figures and the
   * classification changed since they were computed are stored first when the store is free to write;
   * otherwise the read recomputes them in private.
   */
  private read<T>(work: () => Promise<T>, figures: Rules | null): Promise<T> {
    return this.handle.run(async () => {
      await this.storeDerived(figures);
      return readSnapshot(this.db, work);
    });
  }

  /** Streaming keeps the store's turn, and one snapshot, for as long as the caller reads. */
  private async *stream(pieces: () => AsyncGenerator<string>, figures: Rules | null): AsyncGenerator<string> {
    const release = await this.handle.acquire();
    let endSnapshot = () => {};
    try {
      await this.storeDerived(figures);
      endSnapshot = beginSnapshot(this.db);
      yield* pieces();
    } catch (error) {
      throw storeErrorOf(this.db.path, error) ?? error;
    } finally {
      endSnapshot();
      release();
    }
  }

  private get db(): StoreDatabase {
    return this.handle.db;
  }

  private async storeDerived(rules: Rules | null): Promise<void> {
    if (rules === null) return;
    await storeBookDerivedIfFree(this.db, this.pk, rules);
  }
}

/** What a summary call asks for, checked: an unknown extra field or a bad rules folder is a UsageError. */
export async function summaryRequest(options: SummaryOptions): Promise<SummaryRequest> {
  const extra = parseExtraFields(options.extraFields);
  return { extra, rules: await loadRules(options.rules) };
}
