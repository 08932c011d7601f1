import { open, type FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';

/** A result line begins with its input, its status and its absolute path (api/batch-lines.ts): enough to resume by. */
const LINE_HEAD = /^\{"input":"(?:[^"\\]|\\.)*","status":"([A-Z_]+)","path":("(?:[^"\\]|\\.)*")/;
/** Of each line only this much is kept while the file is read back: a line holds a whole summary. */
const HEAD_BYTES = 16 * 1024;
const READ_BYTES = 1 << 20;
const WRITE_BYTES = 64 * 1024;

/**
 * The results of `bookstream batch --out`: one NDJSON line per book, appended as each book commits. Opened
 * again by a re-run, it says which inputs have their line already (they are passed over), and a last line
 * cut short by a killed run is cut off, so that every book ends with exactly one whole line.
 */
export class ResultsFile {
  private pending: Array<string | Uint8Array> = [];
  private pendingBytes = 0;

  private constructor(
    private readonly path: string,
    private readonly file: FileHandle,
    /** Input (absolute path) → whether its book's document was ingested. */
    private readonly lines: ReadonlyMap<string, boolean>,
  ) {}

  /** Opens (or creates) the file, reads back the lines it has, and cuts off a line left half-written. */
  static async open(path: string): Promise<ResultsFile> {
    const file = await open(path, 'a+').catch((error: Error) => {
      throw new UsageError(`${path}: cannot open the results file (${error.message})`);
    });
    try {
      const { lines, wholeBytes } = await readLines(path, file);
      await file.truncate(wholeBytes);
      return new ResultsFile(path, file, lines);
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /** Whether the input (any spelling of its path) has its line already. */
  has(input: string): boolean {
    return this.lines.has(resolve(input));
  }

  /** Whether the input's line says its document failed or was rejected. */
  failed(input: string): boolean {
    return this.lines.get(resolve(input)) === false;
  }

  /** Appends one line, given in pieces; it is written through before this returns. */
  async append(pieces: AsyncIterable<string | Uint8Array>): Promise<void> {
    for await (const piece of pieces) {
      this.pending.push(piece);
      this.pendingBytes += typeof piece === 'string' ? piece.length : piece.byteLength;
      if (this.pendingBytes >= WRITE_BYTES) await this.flush();
    }
    await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    await this.file.close();
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const pieces = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    const text = pieces.every((piece) => typeof piece === 'string') ? pieces.join('') : Buffer.concat(pieces.map(utf8));
    await this.file.appendFile(text);
  }
}

/** The inputs of the file's whole lines, and where the last whole line ends. */
async function readLines(path: string, file: FileHandle): Promise<{ lines: Map<string, boolean>; wholeBytes: number }> {
  const lines = new Map<string, boolean>();
  const buffer = Buffer.alloc(READ_BYTES);
  // A line's head is kept as bytes and decoded once: a character cut by a read would decode wrong.
  let head: Buffer[] = [];
  let headBytes = 0;
  const keep = (from: number, to: number): void => {
    const end = Math.min(to, from + HEAD_BYTES - headBytes);
    if (end <= from) return;
    head.push(Buffer.from(buffer.subarray(from, end)));
    headBytes += end - from;
  };
  let position = 0;
  let wholeBytes = 0;
  let lineNumber = 0;
  for (;;) {
    const { bytesRead } = await file.read(buffer, 0, READ_BYTES, position);
    if (bytesRead === 0) break;
    let start = 0;
    for (let end = buffer.indexOf(10, start); end !== -1 && end < bytesRead; end = buffer.indexOf(10, start)) {
      keep(start, end);
      lineNumber += 1;
      noteLine(path, lineNumber, Buffer.concat(head).toString('utf8'), lines);
      wholeBytes = position + end + 1;
      head = [];
      headBytes = 0;
      start = end + 1;
    }
    keep(start, bytesRead);
    position += bytesRead;
  }
  return { lines, wholeBytes };
}

function noteLine(path: string, lineNumber: number, head: string, lines: Map<string, boolean>): void {
  const match = LINE_HEAD.exec(head);
  if (match === null) {
    throw new UsageError(`${path}: line ${lineNumber} is not a bookstream batch result; give --out a results file of bookstream's, or a new one`);
  }
  lines.set(JSON.parse(match[2]!) as string, match[1] === 'VERIFICATION_COMPLETE');
}

function utf8(piece: string | Uint8Array): Uint8Array {
  return typeof piece === 'string' ? Buffer.from(piece) : piece;
}
