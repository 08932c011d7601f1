import { SOURCE_OF_FORMAT } from '../core/canonical.js';
import { createdFields } from '../core/dates.js';
import { describeUnexpected, DocumentFailed, IngestError, type InputPosition, type StoreError } from '../core/errors.js';
import type { StoreDatabase } from '../store/database.js';
import { documentRowOf, type CommitOutcome, type DocumentHeader, type DocumentTotals, type DocumentWriter } from '../store/document-writer.js';
import { storeErrorOf } from '../store/store-errors.js';
import { documentFromRow, type IngestedDocument } from './ingested-document.js';
import { unexpectedFailure } from './unexpected-failure.js';

/** Where a call's documents go: how a document's writer is opened, and how a failure is kept. */
export interface DocumentSink {
  readonly db: StoreDatabase;
  /** The writer of a document: in a transaction of its own (waiting for the lock), or in a batch's savepoint. */
  begin(header: DocumentHeader): Promise<DocumentWriter>;
  /** Keeps the row of a document that failed or was rejected; its pk. */
  recordFailure(header: DocumentHeader, error: IngestError, totals: DocumentTotals): Promise<number>;
  /**
   * A failure of the store itself (full, busy, I/O): an ingest records it on the document and goes on to the
   * next; a batch stops, since every later book would fail alike, and a re-run finishes them.
   */
  readonly stopsAtStoreFailure: boolean;
}

/** A document's content, as its writer takes it. */
export interface DocumentBody {
  /** Writes every row of the document into the open writer; throws the document's failure. */
  writeInto(writer: DocumentWriter): Promise<void>;
  /** The sha256 and length of the bytes written (once writeInto has returned). */
  totals(): Promise<DocumentTotals>;
  /** After a failure: the sha256 of all of the document's bytes, the rest read into the hash only. */
  hashAll(): Promise<DocumentTotals>;
}

/**
 * One document, all-or-nothing: written and committed, or recorded as FAILED/REJECTED with its reason
 * (`problem` when it is known before any row is written), keyed like any other by the sha256 of all its bytes.
 */
export async function ingestDocument(
  sink: DocumentSink,
  header: DocumentHeader,
  problem: IngestError | null,
  body: DocumentBody,
): Promise<IngestedDocument> {
  if (problem !== null) return recordFailure(sink, header, problem, await body.hashAll());
  let writer: DocumentWriter | null = null;
  let totals: DocumentTotals | null = null;
  let outcome: CommitOutcome;
  try {
    writer = await sink.begin(header);
    await body.writeInto(writer);
    totals = await body.totals();
    outcome = writer.commit(totals); // the book-level limits are checked here
  } catch (error) {
    writer?.rollback();
    const failure = documentFailure(sink.db, header, error);
    if (failure instanceof NotStored && sink.stopsAtStoreFailure) throw failure.storeError;
    return recordFailure(sink, header, failure, totals ?? (await body.hashAll()));
  }
  return documentFromRow(documentRowOf(sink.db, outcome.pk), outcome.kind === 'duplicate' ? outcome.pk : null);
}

/**
 * Why a document failed, as its FAILED reason. A failure of the store (full, busy, read-only, …)
 * says so with the db path; anything else ingest did not plan for keeps its real class and message.
 */
function documentFailure(db: StoreDatabase, header: DocumentHeader, error: unknown): IngestError {
  if (error instanceof IngestError) return error;
  const storeError = storeErrorOf(db.path, error);
  if (storeError !== null) return new NotStored({ file: header.name }, storeError);
  return unexpectedFailure(header.name, error);
}

/** A document the store could not take: FAILED, and the StoreError that says why. */
class NotStored extends DocumentFailed {
  constructor(
    position: InputPosition,
    readonly storeError: StoreError,
  ) {
    super(position, `cannot store the document: ${storeError.message}`);
  }
}

/** Records a failed document. When the store cannot take even that row, the document still comes back, with pk null and the reason why. */
async function recordFailure(sink: DocumentSink, header: DocumentHeader, error: IngestError, totals: DocumentTotals): Promise<IngestedDocument> {
  let pk: number;
  try {
    pk = await sink.recordFailure(header, error, totals);
  } catch (recordError) {
    const storeError = storeErrorOf(sink.db.path, recordError);
    if (storeError !== null && sink.stopsAtStoreFailure) throw storeError;
    const sameCause = storeError !== null && error instanceof NotStored && error.storeError.kind === storeError.kind;
    const why = sameCause ? ' either' : `: ${storeError?.message ?? `unexpected error: ${describeUnexpected(recordError)}`}`;
    return unrecordedDocument(header, error, totals, `this failure is not recorded in the store${why}`);
  }
  return documentFromRow(documentRowOf(sink.db, pk));
}

/** A failed document that has no row: what its row would have held, and why it is not there. */
function unrecordedDocument(header: DocumentHeader, error: IngestError, totals: DocumentTotals, why: string): IngestedDocument {
  return {
    pk: null,
    name: header.name,
    status: error.status,
    format: header.format,
    source: header.format === null ? null : SOURCE_OF_FORMAT[header.format],
    sha256: totals.sha256,
    files: [...header.files],
    pages: header.files.length,
    bytes: totals.bytes,
    reason: `${error.message}; ${why}`,
    error_offset: error.position.offset ?? null,
    error_path: error.position.path ?? null,
    warnings: [],
    txn_count: 0,
    ...createdFields(new Date().toISOString()),
    duplicate_of: null,
  };
}

/** A document's name: its file, or its first file and how many more. */
export function documentName(files: readonly string[]): string {
  return files.length === 1 ? files[0]! : `${files[0]} (+${files.length - 1} more)`;
}
