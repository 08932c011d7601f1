import type { FormatName } from '../src/core/canonical.js';
import { DocumentFailed, DocumentRejected, type IngestError } from '../src/core/errors.js';
import type { BatchLocations, RecordLocation, SourceEvent } from '../src/sources/source-events.js';
import type { NormalizedBatch } from './normalize-batch.js';
import type { TransactionColumns } from './transaction-columns.js';

/**
 * Messages between the ingest (main thread) and a document reader on a worker thread. Every
 * `chunk` and `end` gets exactly one reply, which is how the main thread bounds what is in flight.
 * The main thread hashes the bytes itself: that balances the two threads' work (bench/README.md).
 */
export type ToReader =
  /** `normalize`: the reader also normalizes transaction batches, sending `rows` events instead. */
  | { readonly t: 'open'; readonly format: FormatName; readonly file: string; readonly normalize: boolean }
  | { readonly t: 'chunk'; readonly bytes: Uint8Array }
  | { readonly t: 'end' }
  | { readonly t: 'close' };

/** What a reader thread sends back: source events, transaction batches maybe already normalized. */
export type ReadEvent = SourceEvent | { readonly kind: 'rows'; readonly columns: TransactionColumns };

export type FromReader =
  | { readonly t: 'events'; readonly events: ReadEvent[] }
  | { readonly t: 'failed'; readonly error: SerializedIngestError }
  | { readonly t: 'crashed'; readonly message: string }
  | { readonly t: 'closed' };

/** An IngestError as data: a thrown Error loses its class and fields on the way between threads. */
export interface SerializedIngestError {
  readonly status: IngestError['status'];
  readonly file: string;
  readonly offset: number | undefined;
  readonly path: string | undefined;
  readonly problem: string;
}

export function serializeIngestError(error: IngestError): SerializedIngestError {
  const { file, offset, path } = error.position;
  return { status: error.status, file, offset, path, problem: error.problem };
}

export function reviveIngestError({ status, file, offset, path, problem }: SerializedIngestError): IngestError {
  const position = { file, ...(offset === undefined ? {} : { offset }), ...(path === undefined ? {} : { path }) };
  return status === 'FAILED' ? new DocumentFailed(position, problem) : new DocumentRejected(position, problem);
}

/** The row of a batch that could not be normalized, placed in its file. */
export function batchFailure(locations: BatchLocations, result: Extract<NormalizedBatch, { ok: false }>): IngestError {
  return fieldFailure(locations.at(result.index), result.field, result.problem, result.rejected === true);
}

/**
 * A field of the record at `location` that could not be read (a FieldError, placed in its file), or that was read
 * but is not acceptable (`rejected`).
 */
export function fieldFailure(location: RecordLocation, field: string, problem: string, rejected = false): IngestError {
  // A field is a key (`.ending`) or, for a record that is a list, an index (`[0].ending`).
  const path = field === '' || field.startsWith('[') ? `${location.path}${field}` : `${location.path}.${field}`;
  const position = { file: location.file, offset: location.offset, path };
  return rejected ? new DocumentRejected(position, problem) : new DocumentFailed(position, problem);
}
