import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { DocumentFailed } from '../core/errors.js';

/** What `ingest` reads: a file path, a Node Readable, or any async iterable of byte chunks. */
export type IngestInput = string | AsyncIterable<Uint8Array | string>;

const READ_CHUNK_BYTES = 1 << 20;
/** How much of a file format detection looks at. */
const HEAD_BYTES = 64 * 1024;

/** One input, opened: its first bytes are read ahead for detection and replayed to the reader. */
export class InputFile {
  private readonly head: Uint8Array[] = [];
  private headBytes = 0;
  private ended = false;
  private consumed = false;
  private bytesRead = 0;
  private listener: ((bytesRead: number) => void) | null = null;

  private constructor(
    readonly name: string,
    readonly totalBytes: number | null,
    private readonly source: AsyncIterator<Uint8Array | string>,
    /** The chunks are buffers bookstream read the file into, nobody else's: they may be moved to another thread. */
    readonly ownsChunks: boolean,
  ) {}

  /** Opens a path (failing with the file's name when it cannot be read) or wraps a stream. */
  static async open(input: IngestInput, label: string): Promise<InputFile> {
    if (typeof input !== 'string') return new InputFile(label, null, input[Symbol.asyncIterator](), false);
    const size = await stat(input).then(
      (info) => (info.isFile() ? info.size : Promise.reject(new Error('not a regular file'))),
      (error: NodeJS.ErrnoException) => Promise.reject(new Error(error.code === 'ENOENT' ? 'no such file' : error.message)),
    ).catch((error: Error) => {
      throw new DocumentFailed({ file: input }, `cannot read the input: ${error.message}`);
    });
    // A small file is read into a buffer of its size, not 1 MiB: a batch opens thousands of them.
    const stream = createReadStream(input, { highWaterMark: Math.min(READ_CHUNK_BYTES, Math.max(size + 1, HEAD_BYTES)) });
    return new InputFile(input, size, stream[Symbol.asyncIterator](), true);
  }

  /**
   * The input's first 64 KiB (or the whole input, if smaller), read ahead and kept for `chunks`. Exactly
   * that much whatever the chunk size, so a file and a stream of the same bytes are detected alike; and a
   * 1 MiB first chunk is not scanned whole by cold code (~60 ms of a 200 MB ingest's start).
   */
  async peek(): Promise<{ head: Uint8Array; isWholeInput: boolean }> {
    while (!this.ended && this.headBytes < HEAD_BYTES) {
      const next = await this.readSource();
      if (next === null) this.ended = true;
      else {
        this.head.push(next);
        this.headBytes += next.byteLength;
      }
    }
    // The loop ends the input only while it holds less than HEAD_BYTES: `ended` alone says it is whole.
    return { head: Buffer.concat(this.head, Math.min(this.headBytes, HEAD_BYTES)), isWholeInput: this.ended };
  }

  /** Calls `listener` with the bytes handed out so far, on every chunk. */
  watch(listener: (bytesRead: number) => void): void {
    this.listener = listener;
  }

  /** Every byte of the input, from the start, once. */
  async *chunks(): AsyncGenerator<Uint8Array> {
    if (this.consumed) throw new Error(`${this.name} was already read`);
    this.consumed = true;
    for (const chunk of this.head.splice(0)) yield this.handOut(chunk);
    for (let next = this.ended ? null : await this.readSource(); next !== null; next = await this.readSource()) yield this.handOut(next);
  }

  /** Whatever `chunks` has not handed out yet (to finish the hash of a document that failed half-way). */
  async *rest(): AsyncGenerator<Uint8Array> {
    if (!this.consumed) {
      yield* this.chunks();
      return;
    }
    for (let next = this.ended ? null : await this.readSource(); next !== null; next = await this.readSource()) yield this.handOut(next);
  }

  /** Stops reading and releases the input. */
  async close(): Promise<void> {
    this.ended = true;
    await this.source.return?.();
  }

  private handOut(chunk: Uint8Array): Uint8Array {
    this.bytesRead += chunk.byteLength;
    this.listener?.(this.bytesRead);
    return chunk;
  }

  private async readSource(): Promise<Uint8Array | null> {
    try {
      const { value, done } = await this.source.next();
      if (done === true) return null;
      return typeof value === 'string' ? Buffer.from(value) : value;
    } catch (error) {
      throw new DocumentFailed({ file: this.name }, `reading the input failed: ${(error as Error).message}`);
    }
  }
}
