import { createHash } from 'node:crypto';
import type { FormatName } from '../core/canonical.js';
import { DocumentScope } from '../sources/document-scope.js';
import { FileScan } from '../sources/file-scan.js';
import type { InputFile } from '../sources/input.js';
import { BatchLocations, type SourceEvent } from '../sources/source-events.js';
import type { DocumentTotals } from '../store/document-writer.js';
import type { ReaderThread } from '../../workers/pool.js';
import { reviveIngestError, type FromReader, type ToReader } from '../../workers/read-protocol.js';

/** Turns a document's files into source events, and hashes every byte of them. */
export interface DocumentReader {
  /** One file's events, a chunk's worth at a time. Throws the document's IngestError. */
  read(file: InputFile): AsyncGenerator<SourceEvent[]>;
  /** The rest of a file into the hash only (a document that failed still gets its sha256). */
  skip(file: InputFile): Promise<void>;
  totals(): Promise<DocumentTotals>;
}

export function documentReader(format: FormatName | null, thread: ReaderThread | null): DocumentReader {
  return thread === null || format === null ? new InlineReader(format) : new ThreadedReader(format, thread);
}

/** Reads on the calling thread. */
class InlineReader implements DocumentReader {
  private readonly hash = createHash('sha256');
  private readonly scope = new DocumentScope();
  private bytes = 0;

  constructor(private readonly format: FormatName | null) {}

  async *read(file: InputFile): AsyncGenerator<SourceEvent[]> {
    const scan = new FileScan(this.format!, file.name, this.scope);
    for await (const chunk of file.chunks()) {
      this.count(chunk);
      yield scan.write(chunk);
    }
    yield scan.end();
  }

  async skip(file: InputFile): Promise<void> {
    for await (const chunk of file.rest()) this.count(chunk);
  }

  async totals(): Promise<DocumentTotals> {
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }

  private count(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.bytes += chunk.byteLength;
  }
}

/** Chunks a worker thread may hold before the main thread waits for its events: bounds memory. */
const CHUNKS_IN_FLIGHT = 2;

/** Reads on a pool thread: the main thread only forwards bytes and receives events. */
class ThreadedReader implements DocumentReader {
  private readonly inbox: FromReader[] = [];
  private wake: (() => void) | null = null;
  private broken: Error | null = null;

  constructor(
    private readonly format: FormatName,
    private readonly thread: ReaderThread,
  ) {
    thread.port.on('message', (message: FromReader) => this.deliver(message));
    thread.done.catch((error: Error) => {
      this.broken = error;
      this.wake?.();
    });
  }

  async *read(file: InputFile): AsyncGenerator<SourceEvent[]> {
    this.send({ t: 'open', format: this.format, file: file.name });
    yield await this.events();
    let inFlight = 0;
    for await (const chunk of file.chunks()) {
      this.send({ t: 'chunk', bytes: chunk });
      if (++inFlight > CHUNKS_IN_FLIGHT) {
        inFlight -= 1;
        yield await this.events();
      }
    }
    this.send({ t: 'end' });
    for (inFlight += 1; inFlight > 0; inFlight -= 1) yield await this.events();
  }

  async skip(file: InputFile): Promise<void> {
    for await (const chunk of file.rest()) this.send({ t: 'hash', bytes: chunk });
  }

  async totals(): Promise<DocumentTotals> {
    this.send({ t: 'digest' });
    for (;;) {
      const message = await this.next();
      if (message.t === 'digest') return { sha256: message.sha256, bytes: message.bytes };
    }
  }

  /** The next reply to a chunk: its events, or the document's failure thrown. */
  private async events(): Promise<SourceEvent[]> {
    const message = await this.next();
    switch (message.t) {
      case 'events':
        return message.events.map(revive);
      case 'failed':
        throw reviveIngestError(message.error);
      case 'crashed':
        throw new Error(`the reader thread failed: ${message.message}`);
      case 'digest':
        throw new Error('reader protocol: a digest arrived before the events');
    }
  }

  private async next(): Promise<FromReader> {
    while (this.inbox.length === 0) {
      if (this.broken !== null) throw this.broken;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    return this.inbox.shift()!;
  }

  private deliver(message: FromReader): void {
    this.inbox.push(message);
    this.wake?.();
    this.wake = null;
  }

  private send(message: ToReader): void {
    this.thread.port.postMessage(message);
  }
}

/** Events lose their classes' methods between threads. */
function revive(event: SourceEvent): SourceEvent {
  return event.kind === 'transactions' ? { ...event, locations: BatchLocations.revive(event.locations) } : event;
}
