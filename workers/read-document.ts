import { createHash } from 'node:crypto';
import type { MessagePort } from 'node:worker_threads';
import { IngestError } from '../src/core/errors.js';
import { DocumentScope } from '../src/sources/document-scope.js';
import { FileScan, toIngestError } from '../src/sources/file-scan.js';
import type { SourceEvent } from '../src/sources/source-events.js';
import { serializeIngestError, type FromReader, type ToReader } from './read-protocol.js';

/**
 * Reads one document on a worker thread: hashes every byte, scans each file, and sends back the
 * source events (transaction batches with their amounts quoted). Resolves after the digest.
 */
export function readDocument(port: MessagePort): Promise<void> {
  const hash = createHash('sha256');
  let bytes = 0;
  let scan: FileScan | null = null;
  const scope = new DocumentScope();
  let failed = false;
  const post = (message: FromReader): void => port.postMessage(message);

  const reply = (step: () => SourceEvent[]): void => {
    if (failed) return post({ t: 'events', events: [] });
    try {
      post({ t: 'events', events: step() });
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
          reply(() => {
            scan = new FileScan(message.format, message.file, scope);
            return [];
          });
          break;
        case 'chunk':
          hash.update(message.bytes);
          bytes += message.bytes.byteLength;
          reply(() => scan!.write(message.bytes));
          break;
        case 'end':
          reply(() => scan!.end());
          break;
        case 'hash':
          hash.update(message.bytes);
          bytes += message.bytes.byteLength;
          break;
        case 'digest':
          post({ t: 'digest', sha256: hash.digest('hex'), bytes });
          port.close();
          resolve();
          break;
      }
    });
  });
}

function failure(error: unknown, file: string): FromReader {
  try {
    const ingestError = error instanceof IngestError ? error : toIngestError(error, file);
    return { t: 'failed', error: serializeIngestError(ingestError) };
  } catch (bug) {
    return { t: 'crashed', message: (bug as Error).stack ?? String(bug) };
  }
}
