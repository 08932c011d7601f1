import type { FormatName } from '../src/core/canonical.js';
import { DocumentFailed, DocumentRejected, type IngestError } from '../src/core/errors.js';
import type { SourceEvent } from '../src/sources/source-events.js';

/**
 * Messages between the ingest (main thread) and a document reader on a worker thread. Every
 * `chunk` and `end` gets exactly one reply, which is how the main thread bounds what is in flight.
 */
export type ToReader =
  | { readonly t: 'open'; readonly format: FormatName; readonly file: string }
  | { readonly t: 'chunk'; readonly bytes: Uint8Array }
  | { readonly t: 'end' }
  /** Bytes for the hash only: the rest of a document that already failed. No reply. */
  | { readonly t: 'hash'; readonly bytes: Uint8Array }
  | { readonly t: 'digest' };

export type FromReader =
  | { readonly t: 'events'; readonly events: SourceEvent[] }
  | { readonly t: 'failed'; readonly error: SerializedIngestError }
  | { readonly t: 'crashed'; readonly message: string }
  | { readonly t: 'digest'; readonly sha256: string; readonly bytes: number };

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
