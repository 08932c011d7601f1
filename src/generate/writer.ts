/** Writing generated text to files with back-pressure: the output is never held in memory. */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

const FLUSH_BYTES = 256 * 1024;

/**
 * Buffers small strings into large writes and waits for the file stream to drain (back-pressure).
 * Without a stream it only counts bytes: a dry run that measures how big an output would be.
 */
export class ChunkedWriter {
  bytes = 0;
  private pending: string[] = [];
  private pendingBytes = 0;
  constructor(
    private readonly out: WriteStream | null,
    /** Told the size of each chunk as it is written (progress). */
    private readonly onChunk?: (bytes: number) => void,
  ) {}

  async write(text: string): Promise<void> {
    const size = Buffer.byteLength(text);
    this.bytes += size;
    if (this.out === null) return;
    this.pending.push(text);
    this.pendingBytes += size;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.out === null || this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.onChunk?.(this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    if (this.out === null) return;
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }
}

/** Opens output files by path, or (dry run) counting writers that write nothing. */
export interface FileSink {
  readonly dryRun: boolean;
  open(path: string): ChunkedWriter;
}

/** Files on disk; `onChunk` hears of every chunk written to any of them. */
export function diskSink(onChunk?: (bytes: number) => void): FileSink {
  return { dryRun: false, open: (path) => new ChunkedWriter(createWriteStream(path), onChunk) };
}
export const COUNTING: FileSink = { dryRun: true, open: () => new ChunkedWriter(null) };

/** Writes a whole small file (an accounts or customer file) through the sink. */
export async function writeWhole(sink: FileSink, path: string, text: string): Promise<number> {
  const out = sink.open(path);
  await out.write(text);
  await out.close();
  return out.bytes;
}
