import { createHash, type Hash } from 'node:crypto';
import type { SourceName } from '../core/canonical.js';
import { UsageError, type IngestError } from '../core/errors.js';
import type { IngestInput } from '../sources/input.js';
import type { StoreDatabase } from '../store/database.js';
import { DocumentWriter, recordFailedDocument, type DocumentHeader } from '../store/document-writer.js';
import type { DocumentRow } from '../store/schema.js';
import { createNormalizer, type Normalizer } from '../../workers/normalizer.js';
import { planDocuments, type PlannedDocument } from './document-plan.js';
import { DocumentPipeline, type Progress } from './document-pipeline.js';
import { documentFromRow, type IngestedDocument } from './ingested-document.js';

export interface IngestOptions {
  /** Restrict format detection to one aggregator (SPEC §6 `--source`). */
  readonly source?: SourceName;
  /** Worker threads that normalize transactions; 0 normalizes on the calling thread. */
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
  const normalizer = createNormalizer(options.poolSize);
  const plans = await planDocuments(inputs, options);
  const documents: IngestedDocument[] = [];
  try {
    for (const plan of plans) documents.push(await ingestDocument(db, bookPk, plan, normalizer, options));
  } finally {
    await Promise.all(plans.flatMap((plan) => plan.files.map((file) => file.close())));
    await normalizer.close();
  }
  return documents;
}

async function ingestDocument(
  db: StoreDatabase,
  bookPk: number,
  plan: PlannedDocument,
  normalizer: Normalizer,
  options: IngestOptions,
): Promise<IngestedDocument> {
  const names = plan.files.length > 0 ? plan.files.map((file) => file.name) : [plan.problem!.position.file];
  const header: DocumentHeader = { name: documentName(names), format: plan.format, files: names };
  if (plan.problem !== null) return recordFailure(db, bookPk, header, plan, plan.problem, { hash: createHash('sha256'), bytes: 0 });
  const writer = DocumentWriter.begin(db, bookPk, header);
  const pipeline = new DocumentPipeline(plan.format!, writer, normalizer, options.onProgress);
  try {
    await pipeline.run(plan.files);
  } catch (error) {
    writer.rollback();
    return recordFailure(db, bookPk, header, plan, error as IngestError, pipeline);
  }
  const outcome = writer.commit({ sha256: pipeline.hash.digest('hex'), bytes: pipeline.bytes });
  return documentFromRow(documentRow(db, outcome.pk), outcome.kind === 'duplicate' ? outcome.pk : null);
}

/** Records a failed document, keyed like any other by the sha256 of all its bytes. */
async function recordFailure(
  db: StoreDatabase,
  bookPk: number,
  header: DocumentHeader,
  plan: PlannedDocument,
  error: IngestError,
  pipeline: { hash: Hash; bytes: number },
): Promise<IngestedDocument> {
  for (const file of plan.files) {
    try {
      for await (const chunk of file.rest()) {
        pipeline.hash.update(chunk);
        pipeline.bytes += chunk.byteLength;
      }
    } catch {
      // An input that cannot be read to its end is hashed as far as it could be read.
    }
  }
  const pk = recordFailedDocument(db, bookPk, header, error, { sha256: pipeline.hash.digest('hex'), bytes: pipeline.bytes });
  return documentFromRow(documentRow(db, pk));
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
