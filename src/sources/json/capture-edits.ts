import type { Buffer } from 'node:buffer';
import type { ByteBuffer } from './byte-buffer.js';

/** What an edit puts in place of the bytes it covers. */
export const enum Insert {
  Nothing = 0,
  Comma = 1,
  Quote = 2,
}

const INSERT_TEXT = ['', ',', '"'];
const INSERT_BYTE = [-1, 0x2c, 0x22];

/**
 * The changes the scanner makes to one captured value, in input order: quotes around a number
 * (quotedNumberKey) and members cut out of a picked object. Each edit replaces the bytes [start, end)
 * (absolute offsets; start === end inserts) with a comma, a quote or nothing. Edits never overlap and
 * never cut a UTF-8 sequence: they sit on JSON punctuation.
 */
export class CaptureEdits {
  /** Flat triples: start, end, Insert. */
  private readonly edits: number[] = [];

  get isEmpty(): boolean {
    return this.edits.length === 0;
  }

  clear(): void {
    this.edits.length = 0;
  }

  replace(start: number, end: number, insert: Insert): void {
    if (start < end || insert !== Insert.Nothing) this.edits.push(start, end, insert);
  }

  /**
   * `text`, decoded from bytes[from, end) whose first byte is at absolute offset `start`, with the
   * edits applied; clears them. ASCII text (one character per byte) is cut as a string; other text
   * is decoded piece by piece.
   */
  applyToText(text: string, bytes: Buffer, from: number, end: number, start: number): string {
    const edits = this.edits;
    const shift = start - from; // bytes[k] is at absolute offset k + shift
    const ascii = text.length === end - from;
    let edited = '';
    let at = from;
    for (let k = 0; k < edits.length; k += 3) {
      const cut = edits[k]! - shift;
      edited += (ascii ? text.slice(at - from, cut - from) : bytes.toString('utf8', at, cut)) + INSERT_TEXT[edits[k + 2]!]!;
      at = edits[k + 1]! - shift;
    }
    edits.length = 0;
    return edited + (ascii ? text.slice(at - from) : bytes.toString('utf8', at, end));
  }

  /** bytes[from, end), whose first byte is at absolute offset `start`, with the edits applied, into `out`; clears them. */
  applyToBytes(bytes: Buffer, from: number, end: number, start: number, out: ByteBuffer): void {
    const edits = this.edits;
    const shift = start - from;
    let at = from;
    for (let k = 0; k < edits.length; k += 3) {
      out.append(bytes, at, edits[k]! - shift);
      const insert = edits[k + 2]!;
      if (insert !== Insert.Nothing) out.pushByte(INSERT_BYTE[insert]!);
      at = edits[k + 1]! - shift;
    }
    out.append(bytes, at, end);
    edits.length = 0;
  }
}

/**
 * A picked value, as the scanner hands it to ScanHandler.picked(): valid during that call only.
 * `writeTo` appends its bytes, edited, wherever the handler gathers them (no copy in between).
 */
export class PickedValue {
  private bytes: Buffer | null = null;
  private from = 0;
  private end = 0;
  private start = 0;
  /** The value as text instead, when the scanner had to edit it as text (a quoted key split across chunks). */
  private text: string | null = null;

  constructor(private readonly edits: CaptureEdits) {}

  /** The value is bytes[from, end), its first byte at absolute offset `start`, to be edited. */
  setBytes(bytes: Buffer, from: number, end: number, start: number): void {
    this.bytes = bytes;
    this.from = from;
    this.end = end;
    this.start = start;
    this.text = null;
  }

  /** The value is this text, already edited. */
  setText(text: string): void {
    this.bytes = null;
    this.text = text;
  }

  /** Appends the value's UTF-8 bytes to `out`. Once per pick: the edits are spent. */
  writeTo(out: ByteBuffer): void {
    if (this.text !== null) out.appendText(this.text);
    else this.edits.applyToBytes(this.bytes!, this.from, this.end, this.start, out);
    this.bytes = null;
    this.text = null;
  }
}
