import type { MessagePort } from 'node:worker_threads';
import { IngestError } from '../src/core/errors.js';
import { DocumentScope } from '../src/sources/document-scope.js';
import { FileScan, toIngestError } from '../src/sources/file-scan.js';
import type { SourceEvent } from '../src/sources/source-events.js';
import { batchFailure, serializeIngestError, type FromReader, type ReadEvent, type ToReader } from './read-protocol.js';
import { normalizeToColumns } from './transaction-columns.js';

/**
 * Reads one document on a worker thread: scans each file and sends back the source events, with
 * transaction batches normalized here too when asked (`open.normalize`). Resolves on `close`.
 */
export function readDocument(port: MessagePort): Promise<void> {
  let scan: FileScan | null = null;
  let normalize = false;
  const scope = new DocumentScope();
  let failed = false;
  const post = (message: FromReader): void => port.postMessage(message);

  const reply = (step: () => SourceEvent[]): void => {
    if (failed) return post({ t: 'events', events: [] });
    try {
      const events = step();
      post({ t: 'events', events: normalize ? events.map(normalized) : events });
    } catch (error) {
      failed = true;
      post(failure(error, scan === null ? '' : 'the file being read'));
    }
  };

  return new Promise((resolve) => {
    port.on('message', (message: ToReader) => {
      switch (message.t) {
        case 'open':
          failed = false;
          normalize = message.normalize;
          reply(() => {
            scan = new FileScan(message.format, message.file, scope);
            return [];
          });
          break;
        case 'chunk':
          reply(() => scan!.write(message.bytes));
          break;
        case 'end':
          reply(() => scan!.end());
          break;
        case 'close':
          post({ t: 'closed' });
          port.close();
          resolve();
          break;
      }
    });
  });
}

/** A transaction batch as normalized rows; throws the document's failure if a row cannot be read. */
export function normalized(event: SourceEvent): ReadEvent {
  if (event.kind !== 'transactions') return event;
  const result = normalizeToColumns(event.batch);
  if (!result.ok) throw batchFailure(event.locations, result);
  return { kind: 'rows', columns: result.columns };
}

function failure(error: unknown, file: string): FromReader {
  try {
    const ingestError = error instanceof IngestError ? error : toIngestError(error, file);
    return { t: 'failed', error: serializeIngestError(ingestError) };
  } catch (bug) {
    return { t: 'crashed', message: (bug as Error).stack ?? String(bug) };
  }
}
