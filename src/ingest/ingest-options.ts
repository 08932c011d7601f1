// Apart from ingest.ts, whose functions take the store's connection: the public API exports these options, and
// their declaration must not bring the engine's types to a consumer.
import type { SourceName } from '../core/canonical.js';

/** How far the reading of one file of an ingest has come. */
export interface Progress {
  readonly file: string;
  readonly bytesRead: number;
  /** The file's size; null for a stream. */
  readonly totalBytes: number | null;
}

export interface IngestOptions {
  /** Restrict format detection to one aggregator (SPEC §6 `--source`). */
  readonly source?: SourceName;
  /** Worker threads: 0 runs everything on the calling thread; see WorkerPool. Default: 1, and small inputs inline. */
  readonly poolSize?: number;
  /** A label for stream inputs, used in document names and error messages. */
  readonly name?: string;
  /** Called for every chunk read (at most 1 MiB apart for files). */
  readonly onProgress?: (progress: Progress) => void;
}
