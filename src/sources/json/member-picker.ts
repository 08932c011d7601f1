import type { Buffer } from 'node:buffer';
import { Insert, type CaptureEdits } from './capture-edits.js';
import type { KeySet } from './key-set.js';

/**
 * Which members of a picked object stay: the scanner reports the object's direct members (their keys'
 * quotes, their values' ends) and the picker turns the dropped ones into cuts in the capture's edits.
 * Offsets are absolute. A cut runs from the end of the last kept member (or the '{') to the next kept
 * key (or the '}'), so the commas and whitespace of dropped members go with them.
 */
export class MemberPicker {
  /** The depth of a picked object's members while one is scanned; 0 otherwise. */
  depth = 0;
  /** Whether the current member is kept (always, outside a picked object). */
  kept = true;
  private memberStart = 0;
  private keyEscaped = false;
  private keptEnd = 0;
  private keptAny = false;

  constructor(
    private readonly keys: KeySet,
    private readonly edits: CaptureEdits,
  ) {}

  /** A picked object opens with its '{' at `open`; its members sit at `depth`. */
  start(depth: number, open: number): void {
    this.depth = depth;
    this.keptEnd = open + 1;
    this.keptAny = false;
  }

  /** A member's key opens with its quote at `offset`. */
  keyOpened(offset: number): void {
    this.memberStart = offset;
    this.keyEscaped = false;
  }

  /** The key holds an escape: it cannot be matched as bytes. */
  keyHasEscape(): void {
    this.keyEscaped = true;
  }

  /**
   * The member's key is bytes[keyStart, keyEnd) of the current chunk (keyStart < 0: it began in an earlier
   * chunk). A key split across chunks or holding an escape is kept: a member too many is harmless, one too
   * few is not.
   */
  keyClosed(bytes: Buffer, keyStart: number, keyEnd: number): void {
    this.kept = keyStart < 0 || this.keyEscaped || this.keys.has(bytes, keyStart, keyEnd);
    if (!this.kept) return;
    // Between two kept members a lone ',' stays as it is: runs of kept members are copied in one piece.
    if (this.keptAny && this.memberStart === this.keptEnd + 1) return;
    this.edits.replace(this.keptEnd, this.memberStart, this.keptAny ? Insert.Comma : Insert.Nothing);
  }

  /** The member's value ended just before `end`. */
  valueEnded(end: number): void {
    if (!this.kept) return;
    this.keptEnd = end;
    this.keptAny = true;
  }

  /** The picked object closes with its '}' at `close`: cut whatever follows the last kept member. */
  finish(close: number): void {
    this.edits.replace(this.keptEnd, close, Insert.Nothing);
    this.depth = 0;
    this.kept = true;
  }
}
