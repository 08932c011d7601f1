import { UsageError } from '../core/errors.js';
import type { InputFile, IngestInput } from '../sources/input.js';
import { expandFolders } from '../sources/input-folders.js';
import type { StoreDatabase } from '../store/database.js';
import { DocumentWriter, recordFailedDocument, type DocumentHeader } from '../store/document-writer.js';
import { assertWritable } from '../store/write-lock.js';
import { checkPoolSize, DEFAULT_POOL_SIZE, inlineNormalizer } from '../../workers/pool.js';
import { planDocuments, type PlannedDocument, type PlannedFile } from './document-plan.js';
import { documentReader } from './document-reader.js';
import { documentName, ingestDocument, type DocumentSink } from './document-ingest.js';
import type { IngestOptions } from './ingest-options.js';
import type { IngestedDocument } from './ingested-document.js';
import { LockPatience } from './lock-patience.js';
import { StorePools } from './store-pools.js';
import { StreamedBody } from './streamed-body.js';
import { documentProblem } from './unexpected-failure.js';

/**
 * A document smaller than this is read on the calling thread when the caller did not choose a pool size: handing
 * it to a pool thread costs more than reading it (bench/README.md, small documents).
 */
const INLINE_DOCUMENT_BYTES = 1 << 20;

/**
 * Ingests inputs into a book, one document at a time, each all-or-nothing. A document that fails
 * or is rejected is recorded as such and does not stop the others. A folder stands for its JSON
 * files (input-folders.ts): a folder holding a Finicity bundle is one document.
 */
export async function ingest(
  db: StoreDatabase,
  bookPk: number,
  inputs: readonly IngestInput[],
  options: IngestOptions = {},
  /** The store's pools; without them, the call starts its own and stops them at its end. */
  pools?: StorePools,
): Promise<IngestedDocument[]> {
  checkInputs(inputs);
  checkThreadsOption('poolSize', options.poolSize);
  assertWritable(db);
  const callPools = pools ?? new StorePools();
  try {
    const plans = await planDocuments(await expandFolders(inputs), options);
    const sink = ownTransactions(db, bookPk);
    const documents: IngestedDocument[] = [];
    for (const plan of plans) documents.push(await ingestPlanned(sink, plan, callPools, options));
    return documents;
  } finally {
    if (pools === undefined) await callPools.close();
  }
}

/** Each document in a write transaction of its own, waiting for the lock as LockPatience allows. */
export function ownTransactions(db: StoreDatabase, bookPk: number): DocumentSink {
  const patience = new LockPatience(db);
  return {
    db,
    begin: (header) => patience.begin(() => DocumentWriter.begin(db, bookPk, header)),
    recordFailure: (header, error, totals) => patience.write(() => recordFailedDocument(db, bookPk, header, error, totals)),
    stopsAtStoreFailure: false,
  };
}

/** One planned document, streamed from its files (opened now, closed after it) into `sink`. */
export async function ingestPlanned(
  sink: DocumentSink,
  plan: PlannedDocument,
  pools: StorePools,
  options: Pick<IngestOptions, 'poolSize' | 'onProgress'>,
): Promise<IngestedDocument> {
  const header = headerOf(plan);
  const files: InputFile[] = [];
  let problem = plan.problem;
  try {
    for (const planned of plan.files) files.push(await planned.open());
  } catch (error) {
    problem ??= documentProblem(error, plan.files[files.length]?.name ?? header.name);
  }
  try {
    watchProgress(files, options.onProgress);
    const onThread = problem === null && readsOnThread(plan.files, options.poolSize);
    const pool = onThread ? pools.get(options.poolSize) : null;
    const reader = documentReader(plan.format, pool?.startReader() ?? null);
    return await ingestDocument(sink, header, problem, new StreamedBody(files, reader, pool?.normalizer ?? inlineNormalizer));
  } finally {
    await Promise.all(files.map((file) => file.close()));
  }
}

/** A chosen pool size is kept; by default a document read faster inline than on a thread is read inline. */
function readsOnThread(files: readonly PlannedFile[], poolSize: number | undefined): boolean {
  if (poolSize !== undefined) return poolSize > 0;
  const bytes = files.reduce((sum, file) => sum + (file.totalBytes ?? Infinity), 0);
  return DEFAULT_POOL_SIZE > 0 && bytes >= INLINE_DOCUMENT_BYTES;
}

/** A planned document's name and files, as its row keeps them. */
export function headerOf(plan: PlannedDocument): DocumentHeader {
  const names = plan.files.length > 0 ? plan.files.map((file) => file.name) : [plan.problem!.position.file];
  return { name: documentName(names), format: plan.format, files: names };
}

function watchProgress(files: readonly InputFile[], onProgress: IngestOptions['onProgress']): void {
  if (onProgress === undefined) return;
  for (const file of files) file.watch((bytesRead) => onProgress({ file: file.name, bytesRead, totalBytes: file.totalBytes }));
}

/** A number of threads asked for (`poolSize`, a batch's `jobs`), checked: a bad one is a UsageError naming the option. */
export function checkThreadsOption(option: string, threads: number | undefined): void {
  try {
    if (threads !== undefined) checkPoolSize(threads);
  } catch (error) {
    throw new UsageError(`${option}: ${(error as Error).message}`);
  }
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
