import { createHash } from 'node:crypto';
import type { FormatName } from '../core/canonical.js';
import { DocumentScope } from '../sources/document-scope.js';
import { FileScan } from '../sources/file-scan.js';
import type { InputFile } from '../sources/input.js';
import { BatchLocations } from '../sources/source-events.js';
import type { DocumentTotals } from '../store/document-writer.js';
import type { ReaderThread } from '../../workers/pool.js';
import { reviveIngestError, type FromReader, type ReadEvent, type ToReader } from '../../workers/read-protocol.js';

/** Turns a document's files into source events, and hashes every byte of them. */
export interface DocumentReader {
  /** One file's events, a chunk's worth at a time. Throws the document's IngestError. */
  read(file: InputFile): AsyncGenerator<ReadEvent[]>;
  /** The rest of a file into the hash only (a document that failed still gets its sha256). */
  skip(file: InputFile): Promise<void>;
  totals(): Promise<DocumentTotals>;
}

export function documentReader(format: FormatName | null, thread: ReaderThread | null): DocumentReader {
  return thread === null || format === null ? new InlineReader(format) : new ThreadedReader(format, thread);
}

/** The sha256 and length of a document's bytes, taken on the calling thread. */
class DocumentHash {
  private readonly hash = createHash('sha256');
  private bytes = 0;

  protected count(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.bytes += chunk.byteLength;
  }

  async skip(file: InputFile): Promise<void> {
    for await (const chunk of file.rest()) this.count(chunk);
  }

  protected digest(): DocumentTotals {
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }
}

/** Reads on the calling thread. */
class InlineReader extends DocumentHash implements DocumentReader {
  private readonly scope = new DocumentScope();

  constructor(private readonly format: FormatName | null) {
    super();
  }

  async *read(file: InputFile): AsyncGenerator<ReadEvent[]> {
    const scan = new FileScan(this.format!, file.name, this.scope);
    for await (const chunk of file.chunks()) {
      this.count(chunk);
      yield scan.write(chunk);
    }
    yield scan.end();
  }

  async totals(): Promise<DocumentTotals> {
    return this.digest();
  }
}

/**
 * Chunks (of 1 MiB) a worker thread may hold before the main thread waits for its events: bounds memory.
 * With 2 the threads ran nearly in lockstep and each waited on the other; 8 took 3-4 % off a 200 MB ingest
 * (alternating runs, bench/README.md) at no visible cost in peak RSS.
 */
const CHUNKS_IN_FLIGHT = 8;

/**
 * Reads on a pool thread, which scans (and, when the pool has no normalizing threads, normalizes);
 * the main thread hashes and forwards the bytes and receives the events.
 */
class ThreadedReader extends DocumentHash implements DocumentReader {
  private readonly inbox: FromReader[] = [];
  private wake: (() => void) | null = null;
  private broken: Error | null = null;

  constructor(
    private readonly format: FormatName,
    private readonly thread: ReaderThread,
  ) {
    super();
    thread.port.on('message', (message: FromReader) => this.deliver(message));
    thread.done.catch((error: Error) => {
      this.broken = error;
      this.wake?.();
    });
  }

  async *read(file: InputFile): AsyncGenerator<ReadEvent[]> {
    // The reply to `open` is awaited like a chunk's: meanwhile the thread may still be starting, and the
    // first chunks are read and hashed.
    this.send({ t: 'open', format: this.format, file: file.name, normalize: this.thread.normalizes });
    let inFlight = 1;
    for await (const chunk of file.chunks()) {
      this.count(chunk);
      this.sendChunk(chunk, file.ownsChunks);
      if (++inFlight > CHUNKS_IN_FLIGHT) {
        inFlight -= 1;
        yield await this.events();
      }
    }
    this.send({ t: 'end' });
    for (inFlight += 1; inFlight > 0; inFlight -= 1) yield await this.events();
  }

  /** Lets the reader thread go (replies still in flight after a failure are passed over). */
  async totals(): Promise<DocumentTotals> {
    this.send({ t: 'close' });
    for (;;) {
      const message = await this.next();
      if (message.t === 'closed') return this.digest();
    }
  }

  /** The next reply to a chunk: its events, or the document's failure thrown. */
  private async events(): Promise<ReadEvent[]> {
    const message = await this.next();
    switch (message.t) {
      case 'events':
        return message.events.map(revive);
      case 'failed':
        throw reviveIngestError(message.error);
      case 'crashed':
        throw new Error(`the reader thread failed: ${message.message}`);
      case 'closed':
        throw new Error('reader protocol: the reader closed before sending the events');
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

  /** A chunk of our own is moved to the thread, not copied (twice: out of this thread's memory, into the other's). */
  private sendChunk(bytes: Uint8Array, owned: boolean): void {
    const whole = owned && bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    this.thread.port.postMessage({ t: 'chunk', bytes } satisfies ToReader, whole ? [bytes.buffer as ArrayBuffer] : []);
  }
}

/** Events lose their classes' methods between threads. */
function revive(event: ReadEvent): ReadEvent {
  return event.kind === 'transactions' ? { ...event, locations: BatchLocations.revive(event.locations) } : event;
}
