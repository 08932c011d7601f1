import { createHash } from 'node:crypto';
import type { FormatName } from '../src/core/canonical.js';
import { IngestError } from '../src/core/errors.js';
import { DocumentScope } from '../src/sources/document-scope.js';
import { FileScan } from '../src/sources/file-scan.js';
import { InputFile } from '../src/sources/input.js';
import { normalized } from './read-document.js';
import { serializeIngestError, type ReadEvent, type SerializedIngestError } from './read-protocol.js';

/** A small document to read whole on a pool thread: its format and its files' paths, in reading order. */
export interface PrepareTask {
  readonly format: FormatName;
  readonly files: readonly string[];
}

/**
 * A small document read whole: each file's events, transactions already normalized, and the sha256 of
 * every byte; or why it cannot be ingested, with the sha256 of all its bytes still. The writer applies it
 * later, on the main thread, so that several documents are read at once while one writer writes.
 */
export type PreparedDocument =
  | { readonly ok: true; readonly files: ReadEvent[][]; readonly totals: ReadTotals }
  | { readonly ok: false; readonly error: SerializedIngestError; readonly totals: ReadTotals };

/** The sha256 (hex) and length of every byte of the document's files. */
export interface ReadTotals {
  readonly sha256: string;
  readonly bytes: number;
}

export async function prepareDocument(task: PrepareTask): Promise<PreparedDocument> {
  const hash = createHash('sha256');
  let bytes = 0;
  const scope = new DocumentScope();
  const files: ReadEvent[][] = [];
  let failure: IngestError | null = null;
  for (const path of task.files) {
    const events: ReadEvent[] = [];
    let scan = failure === null ? new FileScan(task.format, path, scope) : null;
    const scanned = (step: () => ReturnType<FileScan['write']>): void => {
      try {
        for (const event of step()) events.push(normalized(event));
      } catch (error) {
        failure = asIngestError(error);
        scan = null;
      }
    };
    try {
      const file = await InputFile.open(path, path);
      for await (const chunk of file.chunks()) {
        hash.update(chunk);
        bytes += chunk.byteLength;
        if (scan !== null) scanned(() => scan!.write(chunk));
      }
      if (scan !== null) scanned(() => scan!.end());
    } catch (error) {
      // The file could not be read (to its end): the document fails, hashed as far as it could be read.
      failure ??= asIngestError(error);
    }
    files.push(events);
  }
  const totals = { sha256: hash.digest('hex'), bytes };
  return failure === null ? { ok: true, files, totals } : { ok: false, error: serializeIngestError(failure), totals };
}

/** Reading throws IngestErrors; anything else is a bug, and travels as one (the main thread fails the document with it). */
function asIngestError(error: unknown): IngestError {
  if (error instanceof IngestError) return error;
  throw error;
}
