import { Buffer, isAscii } from 'node:buffer';

/** Below this many bytes a copy runs as a loop: cheaper than the view that a native copy needs. */
const LOOP_COPY_BYTES = 64;

/**
 * A growable run of bytes, reused: picked transactions are batched here, so that a batch is decoded
 * to text once instead of once per transaction.
 */
export class ByteBuffer {
  private bytes: Buffer;
  private used = 0;

  /**
   * Starts at `capacity` bytes and grows as needed; after a clear it keeps up to `keptCapacity`, so a
   * buffer that batches large files grows once, and one that reads a small file never holds more than it used.
   */
  constructor(
    private readonly capacity = 1 << 16,
    private readonly keptCapacity = 4 * capacity,
  ) {
    this.bytes = Buffer.allocUnsafe(capacity);
  }

  get length(): number {
    return this.used;
  }

  /** Empties the buffer; memory that one huge value made it take is given back. */
  clear(): void {
    this.used = 0;
    if (this.bytes.length > this.keptCapacity) this.bytes = Buffer.allocUnsafe(this.capacity);
  }

  pushByte(byte: number): void {
    this.reserve(1)[this.used++] = byte;
  }

  /** Appends source[start, end). */
  append(source: Uint8Array, start: number, end: number): void {
    const length = end - start;
    const bytes = this.reserve(length);
    let at = this.used;
    if (length < LOOP_COPY_BYTES) for (let k = start; k < end; k++) bytes[at++] = source[k]!;
    else bytes.set(source.subarray(start, end), at);
    this.used += length;
  }

  appendText(text: string): void {
    this.reserve(Buffer.byteLength(text));
    this.used += this.bytes.write(text, this.used);
  }

  /**
   * Makes the JSON from `start` on ASCII, by writing its other characters as \u escapes, which JSON.parse
   * reads back as the same characters. Outside strings JSON has only ASCII, so only strings change.
   */
  asciiJsonFrom(start: number): void {
    if (isAscii(this.bytes.subarray(start, this.used))) return;
    const json = this.bytes.toString('utf8', start, this.used);
    this.used = start;
    this.appendText(asciiJson(json));
  }

  /** The bytes so far, decoded as UTF-8. */
  text(): string {
    return this.bytes.toString('utf8', 0, this.used);
  }

  /** The bytes so far, which must be ASCII, as text: a one-byte string, the fastest kind for JSON.parse to read. */
  asciiText(): string {
    return this.bytes.toString('latin1', 0, this.used);
  }

  private reserve(length: number): Buffer {
    if (this.used + length > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + length));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    return this.bytes;
  }
}

/** JSON text with every non-ASCII character (UTF-16 unit) written as a \u escape. */
export function asciiJson(json: string): string {
  return json.replace(/[^\x00-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
