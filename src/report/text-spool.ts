import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Text held in memory at most (counted as V8 holds it, two bytes a character at worst); past it, the rest
 * goes to a temporary file. Large enough that an account of a few hundred thousand deposits never spills
 * (spilling costs about as much as reading the deposits again).
 */
const MEMORY_BYTES = 64 * 1024 * 1024;
/** Bytes read back at a time. */
const READ_BYTES = 1024 * 1024;

/**
 * Pieces of text written now and read back later, in order, with bounded memory: a JSON value that must
 * follow another one made from the same rows (the revenue list after the month calculation, from one read
 * of an account's deposits) waits here, in memory while small and in a temporary file past MEMORY_BYTES.
 */
export class TextSpool {
  private readonly held: string[] = [];
  private heldBytes = 0;
  private file: { readonly folder: string; readonly fd: number } | null = null;

  append(text: string): void {
    if (this.file === null && this.heldBytes + text.length * 2 <= MEMORY_BYTES) {
      this.held.push(text);
      this.heldBytes += text.length * 2;
      return;
    }
    if (this.file === null) {
      const folder = mkdtempSync(join(tmpdir(), 'bookstream-spool-'));
      this.file = { folder, fd: openSync(join(folder, 'text'), 'w+') };
      writeSync(this.file.fd, this.held.join(''));
      this.held.length = 0;
    }
    writeSync(this.file.fd, text);
  }

  /** The text appended, in pieces; the spool is empty (and its file gone) afterwards, or when the caller stops. */
  *drain(): Generator<string> {
    try {
      if (this.file === null) {
        yield* this.held;
        return;
      }
      const buffer = Buffer.alloc(READ_BYTES);
      let position = 0;
      let carry = Buffer.alloc(0);
      for (;;) {
        const read = readSync(this.file.fd, buffer, 0, READ_BYTES, position);
        if (read === 0) break;
        position += read;
        const bytes = Buffer.concat([carry, buffer.subarray(0, read)]);
        const whole = completeUtf8(bytes); // never cut a character in two
        yield bytes.toString('utf8', 0, whole);
        carry = Buffer.from(bytes.subarray(whole));
      }
      if (carry.length > 0) yield carry.toString('utf8');
    } finally {
      this.discard();
    }
  }

  private discard(): void {
    this.held.length = 0;
    this.heldBytes = 0;
    if (this.file !== null) {
      closeSync(this.file.fd);
      rmSync(this.file.folder, { recursive: true, force: true });
      this.file = null;
    }
  }
}

/** How many of `bytes` end on a character boundary of UTF-8. */
function completeUtf8(bytes: Buffer): number {
  let end = bytes.length;
  let back = 0;
  while (back < 4 && end - back - 1 >= 0 && (bytes[end - back - 1]! & 0xc0) === 0x80) back += 1;
  const lead = end - back - 1;
  if (lead < 0) return end;
  const byte = bytes[lead]!;
  const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
  return back + 1 >= length ? end : lead;
}
