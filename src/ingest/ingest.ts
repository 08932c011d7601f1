import { SOURCE_OF_FORMAT, type SourceName } from '../core/canonical.js';
import { describeUnexpected, DocumentFailed, IngestError, UsageError, type InputPosition, type StoreError } from '../core/errors.js';
import type { IngestInput } from '../sources/input.js';
import type { StoreDatabase } from '../store/database.js';
import {
  DocumentWriter, recordFailedDocument, type CommitOutcome, type DocumentHeader, type DocumentTotals,
} from '../store/document-writer.js';
import { storeErrorOf } from '../store/store-errors.js';
import { assertWritable } from '../store/write-lock.js';
import type { DocumentRow } from '../store/schema.js';
import { WorkerPool } from '../../workers/pool.js';
import { planDocuments, type PlannedDocument } from './document-plan.js';
import { DocumentPipeline, type Progress } from './document-pipeline.js';
import { documentReader, type DocumentReader } from './document-reader.js';
import { documentFromRow, type IngestedDocument } from './ingested-document.js';
import { LockPatience } from './lock-patience.js';

export interface IngestOptions {
  /** Restrict format detection to one aggregator (SPEC §6 `--source`). */
  readonly source?: SourceName;
  /** Worker threads: 0 runs everything on the calling thread; see WorkerPool. */
  readonly poolSize?: number;
  /** A label for stream inputs, used in document names and error messages. */
  readonly name?: string;
  /** Called for every chunk read (at most 1 MiB apart for files). */
  readonly onProgress?: (progress: Progress) => void;
}

/**
 * Ingests inputs into a book, one document at a time, each all-or-nothing. A document that fails
 * or is rejected is recorded as such and does not stop the others.
 */
export async function ingest(
  db: StoreDatabase,
  bookPk: number,
  inputs: readonly IngestInput[],
  options: IngestOptions = {},
): Promise<IngestedDocument[]> {
  checkInputs(inputs);
  assertWritable(db);
  const pool = WorkerPool.create(options.poolSize);
  const plans = await planDocuments(inputs, options);
  const call: IngestCall = { db, bookPk, pool, patience: new LockPatience(db) };
  const documents: IngestedDocument[] = [];
  try {
    for (const plan of plans) {
      watchProgress(plan, options.onProgress);
      documents.push(await ingestDocument(call, plan));
    }
  } finally {
    await Promise.all(plans.flatMap((plan) => plan.files.map((file) => file.close())));
    await pool.close();
  }
  return documents;
}

/** What the documents of one call share. */
interface IngestCall {
  readonly db: StoreDatabase;
  readonly bookPk: number;
  readonly pool: WorkerPool;
  readonly patience: LockPatience;
}

async function ingestDocument(call: IngestCall, plan: PlannedDocument): Promise<IngestedDocument> {
  const { db, bookPk, pool } = call;
  const names = plan.files.length > 0 ? plan.files.map((file) => file.name) : [plan.problem!.position.file];
  const header: DocumentHeader = { name: documentName(names), format: plan.format, files: names };
  const reader = documentReader(plan.format, plan.problem === null ? pool.startReader() : null);
  if (plan.problem !== null) return recordFailure(call, header, plan, plan.problem, reader, null);
  let writer: DocumentWriter | null = null;
  let totals: DocumentTotals | null = null;
  let outcome: CommitOutcome;
  try {
    writer = await call.patience.begin(() => DocumentWriter.begin(db, bookPk, header));
    await new DocumentPipeline(reader, writer, pool.normalizer).run(plan.files);
    totals = await reader.totals();
    outcome = writer.commit(totals); // the book-level limits are checked here
  } catch (error) {
    writer?.rollback();
    return recordFailure(call, header, plan, documentFailure(db, header, error), reader, totals);
  }
  return documentFromRow(documentRow(db, outcome.pk), outcome.kind === 'duplicate' ? outcome.pk : null);
}

/**
 * Why a document failed, as its FAILED reason. A failure of the store (full, busy, read-only, …)
 * says so with the db path; anything else ingest did not plan for keeps its real class and message.
 */
function documentFailure(db: StoreDatabase, header: DocumentHeader, error: unknown): IngestError {
  if (error instanceof IngestError) return error;
  const storeError = storeErrorOf(db.path, error);
  if (storeError !== null) return new NotStored({ file: header.name }, storeError);
  return new DocumentFailed({ file: header.name }, `unexpected error: ${describeUnexpected(error)}`);
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

/**
 * Records a failed document, keyed like any other by the sha256 of all its bytes. When the store
 * cannot take even that row, the document still comes back, with pk null and the reason why.
 */
async function recordFailure(
  call: IngestCall,
  header: DocumentHeader,
  plan: PlannedDocument,
  error: IngestError,
  reader: DocumentReader,
  totalsSoFar: DocumentTotals | null,
): Promise<IngestedDocument> {
  const { db, bookPk } = call;
  const totals = totalsSoFar ?? (await hashToTheEnd(plan, reader));
  let pk: number;
  try {
    pk = await call.patience.write(() => recordFailedDocument(db, bookPk, header, error, totals));
  } catch (recordError) {
    const storeError = storeErrorOf(db.path, recordError);
    const sameCause = storeError !== null && error instanceof NotStored && error.storeError.kind === storeError.kind;
    const why = sameCause ? ' either' : `: ${storeError?.message ?? `unexpected error: ${describeUnexpected(recordError)}`}`;
    return unrecordedDocument(header, error, totals, `this failure is not recorded in the store${why}`);
  }
  return documentFromRow(documentRow(db, pk));
}

async function hashToTheEnd(plan: PlannedDocument, reader: DocumentReader): Promise<DocumentTotals> {
  for (const file of plan.files) {
    // An input that cannot be read to its end is hashed as far as it could be read.
    await reader.skip(file).catch(() => {});
  }
  return reader.totals();
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
    bytes: totals.bytes,
    reason: `${error.message}; ${why}`,
    error_offset: error.position.offset ?? null,
    error_path: error.position.path ?? null,
    warnings: [],
    txn_count: 0,
    // The form SQLite's CURRENT_TIMESTAMP gives the recorded ones (UTC).
    created: new Date().toISOString().slice(0, 19).replace('T', ' '),
    duplicate_of: null,
  };
}

function watchProgress(plan: PlannedDocument, onProgress: IngestOptions['onProgress']): void {
  if (onProgress === undefined) return;
  for (const file of plan.files) file.watch((bytesRead) => onProgress({ file: file.name, bytesRead, totalBytes: file.totalBytes }));
}

function documentRow(db: StoreDatabase, pk: number): DocumentRow {
  return db.sqlite.prepare('SELECT * FROM documents WHERE pk = ?').get(pk) as DocumentRow;
}

function documentName(files: readonly string[]): string {
  return files.length === 1 ? files[0]! : `${files[0]} (+${files.length - 1} more)`;
}

function checkInputs(inputs: readonly IngestInput[]): void {
  if (!Array.isArray(inputs) || inputs.length === 0) throw new UsageError('ingest needs at least one input');
  for (const [index, input] of inputs.entries()) {
    const isStream = typeof input === 'object' && input !== null && Symbol.asyncIterator in input;
    if (typeof input !== 'string' && !isStream) {
      throw new UsageError(`input ${index + 1} is neither a path, a Readable nor an async iterable of Buffers`);
    }
  }
}
