import type { FormatName } from '../core/canonical.js';
import { DocumentFailed, DocumentRejected, type IngestError } from '../core/errors.js';
import type { DocumentScope } from './document-scope.js';
import { JsonScanner, JsonSyntaxError } from './json/scanner.js';
import { readerFor } from './readers.js';
import type { SourceReader } from './reader-base.js';
import type { SourceEvent } from './source-events.js';

/** One file being read: bytes in, source events out. The same on the main thread or a worker. */
export class FileScan {
  private readonly reader: SourceReader;
  private readonly scanner: JsonScanner;

  /** `scope`: what the readers of one document's files share (a Finicity bundle's accounts). */
  constructor(format: FormatName, private readonly file: string, scope?: DocumentScope) {
    this.reader = readerFor(format, file, scope);
    // Transactions carry their money as `amount` (Plaid and Finicity): quoted while scanned, exact through JSON.parse.
    this.scanner = new JsonScanner(this.reader, { quotedNumberKey: 'amount', pickedKeys: this.reader.pickedKeys });
  }

  /** The events the chunk completed. Throws an IngestError naming the file. */
  write(chunk: Uint8Array): SourceEvent[] {
    this.guard(() => this.scanner.write(chunk));
    return this.reader.take();
  }

  /** The input has ended: the last events, or why the document is incomplete. */
  end(): SourceEvent[] {
    this.guard(() => this.scanner.end());
    return this.reader.take();
  }

  private guard(scan: () => void): void {
    try {
      scan();
    } catch (error) {
      throw toIngestError(error, this.file);
    }
  }
}

/** Turns what reading can throw into the document's failure; anything else is a bug and stays thrown. */
export function toIngestError(error: unknown, file: string): IngestError {
  if (!isReadingFailure(error)) throw error;
  return error instanceof JsonSyntaxError ? new DocumentFailed({ file, offset: error.offset, path: error.path }, error.problem) : error;
}

/** Whether reading threw what it throws about an input (toIngestError takes it), not a bug. */
export function isReadingFailure(error: unknown): error is IngestError | JsonSyntaxError {
  return error instanceof DocumentFailed || error instanceof DocumentRejected || error instanceof JsonSyntaxError;
}
