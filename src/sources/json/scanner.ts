/**
 * The streaming, validating JSON scanner: the hot path of ingest.
 *
 * A byte-level state machine that checks the whole input against RFC 8259 while chunks stream in, keeps the JSON
 * path of the values the handler descends into, and hands the exact text of captured values to the handler (which
 * then runs native JSON.parse on them). Inside captured or skipped values nothing is decoded or tracked beyond a
 * one-byte-per-level bracket stack: that is where the speed comes from (see bench/scanner.ts).
 *
 * Decisions:
 * - Invalid UTF-8 is not detected: bytes >= 0x80 are accepted inside strings as they come (outside strings any such
 *   byte is a syntax error). Captured text is decoded with Buffer's UTF-8 decoder, which maps bad sequences to U+FFFD.
 * - A UTF-8 BOM is skipped at byte 0 only. Lone surrogate escapes ("\ud800") are accepted, as JSON.parse does.
 * - A number is complete only when the byte after it arrives, or at end(): a number that is the whole document, or
 *   that a chunk ends in, is captured then.
 * - Keys are decoded only in descended objects; memory holds the path, the bracket stack and the captured value or
 *   key in progress (its bytes from earlier chunks are copied, as the caller may reuse a chunk's memory).
 * - The error path is where the scanner was: inside a value, that value's path; expecting a member's ':' or value
 *   (after ':' in an object, after ',' in an array), that member's path (so `{"a":[1,2,}` fails at `a[2]`);
 *   expecting a key, a ',' or a closing bracket, the container's path. Inside a captured or skipped value paths
 *   are not tracked, so an error there carries the path of that captured or skipped value.
 * - After write() or end() has thrown (a syntax error or a handler's exception) the scanner rethrows that error.
 * - Option `quotedNumberKey` (bookstream passes `amount`): inside a captured value, a number that is the value of a
 *   member with that key is handed over quoted (`"amount":2307.21` as `"amount":"2307.21"`), so that JSON.parse of the
 *   captured text keeps its exact decimal text. The scanner walks those bytes anyway, which is cheaper than a regex
 *   pass over the text afterwards. A key written with escapes (`"\u0061mount"`) is decoded to be compared; a key split
 *   across two chunks is left to that regex (keyNumberPattern, which knows escaped spellings too), rarely.
 * - Limits (core/limits.ts), so that hostile input costs bounded memory and stack: nesting depth, the bytes of one
 *   captured value, the bytes of one key of a descended object. Past one the scan fails like a syntax error, at the
 *   offset where the value (or the container too many) starts. Skipped values are never held, so they have no size limit.
 * - Visit 'pick' (bookstream's transactions): a capture whose object keeps only the members named in `pickedKeys`.
 *   The direct members' keys are compared as bytes at their closing quote; a dropped member is still validated but
 *   cut out, with the comma and whitespace around it, by the same edit list that inserts the amount quotes
 *   (capture-edits.ts). The handler gets the value as `PickedValue`, which writes its edited bytes straight into the
 *   handler's buffer (no string per transaction).
 */
import { Buffer } from 'node:buffer';
import { MAX_DEPTH, MAX_KEY_BYTES, MAX_VALUE_BYTES } from '../../core/limits.js';
import { CaptureEdits, Insert, PickedValue } from './capture-edits.js';
import { keyNumberPattern } from './exact-numbers.js';
import { formatPath, type JsonPath } from './json-path.js';
import { KeySet } from './key-set.js';
import { MemberPicker } from './member-picker.js';

/** How the scanner treats a value the handler is told about. */
export type Visit = 'descend' | 'capture' | 'pick' | 'skip';
export type ValueKind = 'object' | 'array' | 'string' | 'number' | 'literal';

export interface ScanHandler {
  /**
   * A value starts at `path` (every value whose parent was descended into, and the root with path []).
   * 'descend' (objects/arrays; for a scalar it means the same as 'skip'): report its children too.
   * 'capture': validate it and hand its whole exact text to `captured` when it ends.
   * 'pick': like 'capture', but hands the value's bytes to `picked`, an object's keeping only its members whose key
   * is in `pickedKeys` (the rest are validated and cut out, so JSON.parse never builds them).
   * 'skip': validate it and keep nothing.
   * `path` is a live array owned by the scanner: copy it to keep it. `offset` = byte offset of its first byte.
   */
  enter(path: JsonPath, kind: ValueKind, offset: number): Visit;
  /** A captured value's exact text (UTF-8 decoded), which started at byte `offset`. */
  captured(path: JsonPath, text: string, offset: number): void;
  /**
   * A picked value, which started at byte `offset`: `value.writeTo(out)` appends its UTF-8 bytes, edited as 'pick'
   * says. `value` is valid during the call only.
   */
  picked?(path: JsonPath, value: PickedValue, offset: number): void;
  /** A descended object or array closed; `offset` is the byte offset of its closing bracket. Optional. */
  left?(path: JsonPath, offset: number): void;
}

export interface ScanOptions {
  /** Inside captured values, numbers that are the value of a member with this (escape-free) key are quoted. */
  readonly quotedNumberKey?: string;
  /** The members a 'pick' keeps (escape-free keys). A member whose key is split across two chunks, or escaped, is kept too. */
  readonly pickedKeys?: Iterable<string>;
  /** Defaults: MAX_DEPTH, MAX_VALUE_BYTES, MAX_KEY_BYTES. */
  readonly maxDepth?: number;
  readonly maxValueBytes?: number;
  readonly maxKeyBytes?: number;
}

export class JsonSyntaxError extends Error {
  override readonly name: string = 'JsonSyntaxError';
  /** Byte offset of the offending byte; the input length when the input ends too early. */
  readonly offset: number;
  /** formatPath() of where it happened (see the file comment for what the path means). */
  readonly path: string;
  readonly problem: string;

  constructor(problem: string, offset: number, path: string) {
    super(`${problem} at byte ${offset}${path ? ` (${path})` : ''}`);
    this.offset = offset;
    this.path = path;
    this.problem = problem;
  }
}

/** Valid JSON past one of the scanner's limits (depth, value or key size): it fails the same way. */
export class JsonLimitError extends JsonSyntaxError {
  override readonly name: string = 'JsonLimitError';
}

/** Scanner states. The order matters: run() and end() test ranges. */
const enum S {
  After, KeyOrEndObject, Key, KeyStr, Colon, ValueOrEndArray, Value, Str, // an object member, in order
  Esc, Hex,
  NumMinus, NumDot, NumE, NumESign, // a number cannot end here
  NumZero, NumInt, NumFrac, NumExp, // a number may end here
  Lit, Done, Start, Bom,
}
/** Container kinds on the bracket stack. */
const enum K { Object = 1, Array = 2 }

const TRUE = bytes('true');
const FALSE = bytes('false');
const NULL = bytes('null');
const BOM = bytes('\ufeff');
const SIMPLE_ESCAPE = byteSet((c) => '"\\/bfnrt'.includes(String.fromCharCode(c)));
const HEX_DIGIT = byteSet((c) => /[0-9a-fA-F]/.test(String.fromCharCode(c)));
const NO_BYTES = Buffer.alloc(0);

export class JsonScanner {
  private readonly handler: ScanHandler;
  private state: S = S.Start;
  /** Absolute offset of the current chunk's first byte. */
  private base = 0;
  private chunk: Buffer = NO_BYTES;
  /** Bracket stack: the kinds of the open containers; `depth` of them are open. */
  private stack = new Uint8Array(64);
  private depth = 0;
  /** The kind of the innermost open container (0 at the top level). */
  private top = 0;
  /** The outermost `descendDepth` open containers are descended into; below them values are captured or skipped. */
  private descendDepth = 0;
  /** depth === descendDepth: the handler is told about the values here. */
  private tracked = true;
  /** One entry (key or index) per descended container. */
  private readonly path: (string | number)[] = [];
  /** The string state (Str or KeyStr) an escape returns to. */
  private stringState: S = S.Str;
  private hexLeft = 0;
  private literal: Uint8Array = TRUE;
  private literalPos = 0;
  private bomPos = 0;
  // The captured value in progress: its start, where it starts in this chunk, and its bytes from earlier chunks.
  private capturing = false;
  private captureStart = 0;
  private captureSeg = 0;
  private capturePieces: Buffer[] = [];
  // The key of a descended object in progress, likewise.
  private keyActive = false;
  private keySeg = 0;
  private keyPieces: Buffer[] = [];
  /** Absolute offset of the key's opening quote. */
  private keyOpen = 0;
  private failure: unknown = null;
  private ended = false;
  // quotedNumberKey: as a one-key set, where the current key of a captured object starts in this chunk (-1: unknown),
  // whether the last such key was it, and where a number to quote started (absolute; -1: none).
  private readonly quoteKey: KeySet | null;
  private readonly quoteKeyText: string | null;
  private keyStart = -1;
  /** The key of a captured object being scanned holds an escape: it is decoded to be compared with quoteKey. */
  private keyEscaped = false;
  private quoteNext = false;
  private quoteFrom = -1;
  /** The quotes and cuts to make to the capture in progress. */
  private readonly edits = new CaptureEdits();
  /** Whether the capture in progress is a 'pick'; which members of a picked object stay; the value handed over. */
  private picking = false;
  private readonly picker: MemberPicker;
  private readonly pickedValue = new PickedValue(this.edits);
  /** The capture has a quoted key split across chunks: its text goes through the regex instead. */
  private quoteByRegex = false;
  private readonly quoteRegex: RegExp | null;
  private readonly maxDepth: number;
  private readonly maxValueBytes: number;
  private readonly maxKeyBytes: number;

  constructor(handler: ScanHandler, options: ScanOptions = {}) {
    this.handler = handler;
    const key = options.quotedNumberKey;
    this.quoteKey = key === undefined ? null : new KeySet([key]);
    this.quoteKeyText = key ?? null;
    this.quoteRegex = key === undefined ? null : keyNumberPattern([key]);
    this.picker = new MemberPicker(new KeySet(options.pickedKeys ?? []), this.edits);
    this.maxDepth = options.maxDepth ?? MAX_DEPTH;
    this.maxValueBytes = options.maxValueBytes ?? MAX_VALUE_BYTES;
    this.maxKeyBytes = options.maxKeyBytes ?? MAX_KEY_BYTES;
  }

  /** Bytes consumed so far. */
  get bytesRead(): number {
    return this.base;
  }

  /** Feed the next chunk; calls the handler synchronously; throws JsonSyntaxError. Handler exceptions propagate. */
  write(chunk: Uint8Array): void {
    if (this.failure !== null) throw this.failure;
    if (this.ended) throw new Error('JsonScanner.write() called after end()');
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.chunk = buf;
    try {
      this.run(buf);
      this.holdUnfinished(buf);
    } catch (error) {
      this.failure = error;
      throw error;
    }
    this.captureSeg = 0;
    this.keySeg = 0;
    // A captured key goes on in the next chunk: the regex will look at this capture instead.
    if (this.capturing && this.quoteKey !== null && this.inKey(this.state)) this.quoteByRegex = true;
    this.keyStart = -1;
    this.base += buf.length;
    this.chunk = NO_BYTES;
  }

  /** Keeps copies of an unfinished capture or key (the caller may reuse the chunk's memory), within the limits. */
  private holdUnfinished(buf: Buffer): void {
    const end = this.base + buf.length;
    if (this.capturing) {
      this.checkValueSize(end);
      this.capturePieces.push(Buffer.from(buf.subarray(this.captureSeg)));
    }
    if (this.keyActive) {
      this.checkKeySize(end);
      this.keyPieces.push(Buffer.from(buf.subarray(this.keySeg)));
    }
  }

  /** The key in progress runs to absolute offset `end` (its closing quote, or the end of the chunk). */
  private checkKeySize(end: number): void {
    if (end - this.keyOpen - 1 <= this.maxKeyBytes) return;
    throw new JsonLimitError(`a key longer than ${this.maxKeyBytes} bytes (the limit)`, this.keyOpen, formatPath(this.path.slice(0, -1)));
  }

  /** The capture in progress runs to absolute offset `end`. */
  private checkValueSize(end: number): void {
    if (end - this.captureStart <= this.maxValueBytes) return;
    throw new JsonLimitError(`a value larger than ${this.maxValueBytes} bytes (the limit on one value a reader keeps)`, this.captureStart, formatPath(this.path));
  }

  /** No more input: throws JsonSyntaxError if the document is incomplete or there was no value at all. */
  end(): void {
    if (this.failure !== null) throw this.failure;
    this.ended = true;
    try {
      // A number is complete only when something follows it, or here.
      if (this.state >= S.NumZero && this.state <= S.NumExp) this.state = this.valueDone(0);
      if (this.state !== S.Done) throw this.fail(this.state, 0, this.endProblem());
    } catch (error) {
      this.failure = error;
      throw error;
    }
  }

  /**
   * The state machine over one chunk. One object member (',', key, ':', value start, a string value) is the common
   * case: its states are handled by the `if` blocks at the end of the loop, in order, so a member flows through them
   * without a new dispatch. `continue scan` re-dispatches; `break scan` ends the chunk.
   */
  private run(buf: Buffer): void {
    const n = buf.length;
    let i = 0;
    let state = this.state;
    let c = 0;
    scan: while (i < n) {
      if (state > S.Str) {
        switch (state) {
          case S.Esc:
            c = buf[i]!;
            if (c === 0x75) {
              this.hexLeft = 4;
              state = S.Hex;
            } else if (SIMPLE_ESCAPE[c] === 1) state = this.stringState;
            else throw this.fail(state, i, `invalid escape '\\${String.fromCharCode(c)}' in a string`);
            i++;
            continue scan;
          case S.Hex:
            c = buf[i]!;
            if (HEX_DIGIT[c] !== 1) throw this.fail(state, i, `unexpected ${describe(c)} in a \\u escape (expected a hex digit)`);
            i++;
            if (--this.hexLeft === 0) state = this.stringState;
            continue scan;
          case S.NumInt:
          case S.NumFrac:
          case S.NumExp:
            while (i < n && isDigit((c = buf[i]!))) i++;
            if (i === n) break scan;
            if (c === 0x2e && state === S.NumInt) state = S.NumDot;
            else if ((c | 0x20) === 0x65 && state !== S.NumExp) state = S.NumE;
            else {
              state = this.valueDone(i);
              continue scan;
            }
            i++;
            continue scan;
          case S.NumZero:
            c = buf[i]!;
            if (isDigit(c)) throw this.fail(state, i, 'leading zero in a number');
            if (c === 0x2e) state = S.NumDot;
            else if ((c | 0x20) === 0x65) state = S.NumE;
            else {
              state = this.valueDone(i);
              continue scan;
            }
            i++;
            continue scan;
          case S.NumMinus:
          case S.NumDot:
          case S.NumESign:
            c = buf[i]!;
            if (!isDigit(c)) throw this.fail(state, i, `unexpected ${describe(c)} in a number (expected a digit)`);
            state = state === S.NumMinus ? (c === 0x30 ? S.NumZero : S.NumInt) : state === S.NumDot ? S.NumFrac : S.NumExp;
            i++;
            continue scan;
          case S.NumE:
            c = buf[i]!;
            if (c === 0x2b || c === 0x2d) state = S.NumESign;
            else if (isDigit(c)) state = S.NumExp;
            else throw this.fail(state, i, `unexpected ${describe(c)} in a number's exponent (expected a digit or sign)`);
            i++;
            continue scan;
          case S.Lit: {
            const literal = this.literal;
            let p = this.literalPos;
            for (; i < n && p < literal.length; i++, p++) {
              if (buf[i] !== literal[p]) {
                throw this.fail(state, i, `unexpected ${describe(buf[i]!)} in the literal ${Buffer.from(literal).toString()}`);
              }
            }
            this.literalPos = p;
            if (p === literal.length) state = this.valueDone(i);
            continue scan;
          }
          case S.Done:
            i = skipWhitespace(buf, i, n);
            if (i < n) throw this.fail(state, i, 'unexpected data after the top-level value');
            continue scan;
          case S.Start:
            if (buf[i] === BOM[0]) {
              this.bomPos = 1;
              state = S.Bom;
              i++;
            } else state = S.Value;
            continue scan;
          case S.Bom:
            if (buf[i] !== BOM[this.bomPos]) throw this.fail(state, i, `unexpected ${describe(buf[i]!)} in a byte order mark`);
            i++;
            if (++this.bomPos === BOM.length) state = S.Value;
            continue scan;
        }
      }
      if (state === S.After) {
        if (i === n) break scan;
        if ((c = buf[i]!) <= 0x20) {
          i = skipWhitespace(buf, i, n);
          if (i === n) break scan;
          c = buf[i]!;
        }
        const inObject = this.top === K.Object;
        if (c !== 0x2c) {
          if (c !== (inObject ? 0x7d : 0x5d)) {
            throw this.fail(state, i, `unexpected ${describe(c)} after a value in ${inObject ? 'an object' : 'an array'}`);
          }
          state = this.close(i++);
          continue scan;
        }
        i++;
        if (inObject) state = S.Key;
        else {
          if (this.tracked) this.nextIndex();
          state = S.Value;
        }
      }
      if (state === S.Key || state === S.KeyOrEndObject) {
        if (i === n) break scan;
        if ((c = buf[i]!) <= 0x20) {
          i = skipWhitespace(buf, i, n);
          if (i === n) break scan;
          c = buf[i]!;
        }
        if (c !== 0x22) {
          if (c === 0x7d && state === S.KeyOrEndObject) {
            state = this.close(i++);
            continue scan;
          }
          throw this.fail(state, i, `unexpected ${describe(c)} after ${state === S.Key ? "','" : "'{'"} in an object`);
        }
        if (this.tracked) this.startKey(i);
        else {
          this.keyStart = i + 1;
          this.keyEscaped = false;
          if (this.depth === this.picker.depth) this.picker.keyOpened(this.base + i);
        }
        i++;
        state = S.KeyStr;
      }
      if (state === S.KeyStr) {
        while (i < n && ((c = buf[i]!) > 0x5c || (c >= 0x20 && c !== 0x22 && c !== 0x5c))) i++;
        if (i === n) break scan;
        if (c !== 0x22) {
          state = this.stringStop(state, c, i++);
          continue scan;
        }
        if (this.keyActive) this.finishKey(i);
        else if (this.capturing) this.capturedKey(buf, i);
        i++;
        state = S.Colon;
      }
      if (state === S.Colon) {
        if (i === n) break scan;
        if ((c = buf[i]!) <= 0x20) {
          i = skipWhitespace(buf, i, n);
          if (i === n) break scan;
          c = buf[i]!;
        }
        if (c !== 0x3a) throw this.fail(state, i, `unexpected ${describe(c)} after a key (expected ':')`);
        i++;
        state = S.Value;
      }
      if (state === S.Value || state === S.ValueOrEndArray) {
        if (i === n) break scan;
        if ((c = buf[i]!) <= 0x20) {
          i = skipWhitespace(buf, i, n);
          if (i === n) break scan;
          c = buf[i]!;
        }
        if (this.quoteNext) this.quoteNumberAt(c, i);
        if (c !== 0x22) {
          const length = wholeLiteralAt(buf, i, n);
          if (length > 0) {
            if (this.tracked) this.enter('literal', i);
            state = this.valueDone((i += length));
            continue scan;
          }
          const next = c === 0x5d && state === S.ValueOrEndArray ? this.close(i) : this.startValue(c, i);
          if (next < 0) throw this.fail(state, i, `unexpected ${describe(c)} ${this.whereValue(state)}`);
          state = next;
          i++;
          continue scan;
        }
        if (this.tracked) this.enter('string', i);
        i++;
        state = S.Str;
      }
      // state === S.Str
      while (i < n && ((c = buf[i]!) > 0x5c || (c >= 0x20 && c !== 0x22 && c !== 0x5c))) i++;
      if (i === n) break scan;
      if (c !== 0x22) state = this.stringStop(state, c, i++);
      else state = this.valueDone(++i);
    }
    this.state = state;
  }

  /** A byte `c` at chunk index `i` stopped the scan of a string body in `state`; it is not '"'. Returns the next state. */
  private stringStop(state: S, c: number, i: number): S {
    if (c !== 0x5c) throw this.fail(state, i, `control character ${hex(c)} in a string (it must be escaped)`);
    if (state === S.KeyStr) {
      this.picker.keyHasEscape();
      this.keyEscaped = true;
    }
    this.stringState = state;
    return S.Esc;
  }

  /**
   * The first byte `c` of a value other than a string at chunk index `i`: returns the next state, or -1 if no value
   * starts with `c`.
   */
  private startValue(c: number, i: number): number {
    const tracked = this.tracked;
    switch (c) {
      case 0x7b:
        this.checkDepth(i);
        this.open(K.Object, tracked && this.enter('object', i) === 'descend');
        return S.KeyOrEndObject;
      case 0x5b:
        this.checkDepth(i);
        this.open(K.Array, tracked && this.enter('array', i) === 'descend');
        return S.ValueOrEndArray;
      case 0x74:
      case 0x66:
      case 0x6e:
        if (tracked) this.enter('literal', i);
        this.literal = c === 0x74 ? TRUE : c === 0x66 ? FALSE : NULL;
        this.literalPos = 1;
        return S.Lit;
      default:
        if (c !== 0x2d && !isDigit(c)) return -1;
        if (tracked) this.enter('number', i);
        return c === 0x2d ? S.NumMinus : c === 0x30 ? S.NumZero : S.NumInt;
    }
  }

  /** Asks the handler about a value starting at chunk index `i`, and starts capturing it if asked to. */
  private enter(kind: ValueKind, i: number): Visit {
    const visit = this.handler.enter(this.path, kind, this.base + i);
    if (visit === 'capture' || visit === 'pick') {
      this.capturing = true;
      this.captureStart = this.base + i;
      this.captureSeg = i;
      if (visit === 'pick') this.startPick(kind, this.base + i);
    } else if (visit !== 'descend' && visit !== 'skip') {
      throw new TypeError(`ScanHandler.enter() returned ${String(visit)}, not 'descend', 'capture', 'pick' or 'skip'`);
    }
    return visit;
  }

  /** A picked value starts at absolute offset `start`; an object's members are one level below the current depth. */
  private startPick(kind: ValueKind, start: number): void {
    if (this.handler.picked === undefined) throw new TypeError("ScanHandler.enter() returned 'pick' but the handler has no picked()");
    this.picking = true;
    if (kind === 'object') this.picker.start(this.depth + 1, start);
  }

  /** A container opens at chunk index `i`: one level too many fails here, before any stack grows with it. */
  private checkDepth(i: number): void {
    if (this.depth < this.maxDepth) return;
    throw new JsonLimitError(`nesting deeper than ${this.maxDepth} levels (the limit)`, this.base + i, formatPath(this.errorPath(S.Value)));
  }

  /** The closing quote of a key inside a capture, at chunk index `end`. */
  private capturedKey(buf: Buffer, end: number): void {
    if (this.depth === this.picker.depth) this.picker.keyClosed(buf, this.keyStart, end);
    // A number inside a dropped member is not quoted: the member is cut out.
    if (this.quoteKey !== null && this.picker.kept) this.quoteNext = this.keyStart >= 0 && this.isQuoteKey(buf, this.keyStart, end);
  }

  /** Whether the key bytes[start, end) of this chunk is quotedNumberKey, escaped spellings included. */
  private isQuoteKey(buf: Buffer, start: number, end: number): boolean {
    if (!this.keyEscaped) return this.quoteKey!.has(buf, start, end);
    // Already validated, so JSON.parse can only succeed (rare: keys are seldom escaped).
    return JSON.parse(`"${buf.toString('utf8', start, end)}"`) === this.quoteKeyText;
  }

  private open(kind: K, descend: boolean): void {
    const depth = this.depth;
    if (depth === this.stack.length) {
      const bigger = new Uint8Array(depth * 2);
      bigger.set(this.stack);
      this.stack = bigger;
    }
    this.stack[depth] = kind;
    this.depth = depth + 1;
    this.top = kind;
    if (descend) {
      this.descendDepth = depth + 1;
      this.path.push(kind === K.Object ? '' : 0);
    } else this.tracked = false;
  }

  /** The closing bracket at chunk index `i` (already matched to the open container); returns the next state. */
  private close(i: number): S {
    const depth = --this.depth;
    this.top = depth === 0 ? 0 : this.stack[depth - 1]!;
    if (depth < this.descendDepth) {
      this.descendDepth = depth;
      this.path.pop();
      this.handler.left?.(this.path, this.base + i);
    } else this.tracked = depth === this.descendDepth;
    return this.valueDone(i + 1);
  }

  /** A value ended just before chunk index `end`; returns the next state. */
  private valueDone(end: number): S {
    if (this.quoteFrom >= 0) {
      this.edits.replace(this.quoteFrom, this.quoteFrom, Insert.Quote);
      this.edits.replace(this.base + end, this.base + end, Insert.Quote);
      this.quoteFrom = -1;
    }
    if (this.depth === this.picker.depth) this.picker.valueEnded(this.base + end);
    if (this.capturing && this.tracked) this.emitCapture(end);
    return this.depth === 0 ? S.Done : S.After;
  }

  private emitCapture(end: number): void {
    this.checkValueSize(this.base + end);
    if (this.picker.depth !== 0) this.picker.finish(this.base + end - 1);
    let bytes: Buffer;
    let from = this.captureSeg;
    if (this.capturePieces.length === 0) bytes = this.chunk;
    else {
      this.capturePieces.push(this.chunk.subarray(this.captureSeg, end));
      bytes = Buffer.concat(this.capturePieces);
      this.capturePieces = [];
      from = 0;
      end = bytes.length;
    }
    this.capturing = false;
    if (this.picking) this.emitPicked(bytes, from, end);
    else this.handler.captured(this.path, this.capturedText(bytes, from, end), this.captureStart);
  }

  private emitPicked(bytes: Buffer, from: number, end: number): void {
    this.picking = false;
    const value = this.pickedValue;
    if (this.quoteByRegex) value.setText(this.capturedText(bytes, from, end));
    else value.setBytes(bytes, from, end, this.captureStart);
    this.handler.picked!(this.path, value, this.captureStart);
    this.edits.clear(); // in case the handler did not write the value
  }

  /** The capture's text, edited. */
  private capturedText(bytes: Buffer, from: number, end: number): string {
    let text = bytes.toString('utf8', from, end);
    if (!this.edits.isEmpty) text = this.edits.applyToText(text, bytes, from, end, this.captureStart);
    if (this.quoteByRegex) text = text.replace(this.quoteRegex!, '$1"$2"');
    this.quoteByRegex = false;
    return text;
  }

  /** The value of a quotedNumberKey member starts with byte `c` at chunk index `i`: if it is a number, quote it. */
  private quoteNumberAt(c: number, i: number): void {
    this.quoteNext = false;
    if (c === 0x2d || isDigit(c)) this.quoteFrom = this.base + i;
  }

  /** The opening quote at chunk index `i` of a key of a descended object: the key is kept for the path. */
  private startKey(i: number): void {
    this.keyActive = true;
    this.keyOpen = this.base + i;
    this.keySeg = i + 1;
  }

  /** The closing quote of a tracked key at chunk index `end`: decode the key into the path. */
  private finishKey(end: number): void {
    this.checkKeySize(this.base + end);
    let raw: string;
    if (this.keyPieces.length === 0) raw = this.chunk.toString('utf8', this.keySeg, end);
    else {
      this.keyPieces.push(this.chunk.subarray(this.keySeg, end));
      raw = Buffer.concat(this.keyPieces).toString('utf8');
      this.keyPieces = [];
    }
    this.keyActive = false;
    // Already validated, so JSON.parse can only succeed; it is needed only for keys with escapes.
    this.path[this.path.length - 1] = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
  }

  private nextIndex(): void {
    const last = this.path.length - 1;
    this.path[last] = (this.path[last] as number) + 1;
  }

  private fail(state: S, i: number, problem: string): JsonSyntaxError {
    return new JsonSyntaxError(problem, this.base + i, formatPath(this.errorPath(state)));
  }

  private errorPath(state: S): JsonPath {
    if (!this.tracked) return this.path; // inside a captured or skipped container
    const betweenMembers = state <= S.Key || state === S.ValueOrEndArray || this.inKey(state);
    return betweenMembers ? this.path.slice(0, -1) : this.path;
  }

  /** In a key's text, an escape in it included. */
  private inKey(state: S): boolean {
    return state === S.KeyStr || ((state === S.Esc || state === S.Hex) && this.stringState === S.KeyStr);
  }

  private whereValue(state: S): string {
    if (state === S.ValueOrEndArray) return "after '[' in an array";
    if (this.depth === 0) return 'where a value should start';
    return this.top === K.Object ? "after ':' in an object" : "after ',' in an array";
  }

  private endProblem(): string {
    const state = this.state;
    if (state === S.Start) return 'empty input';
    if (state === S.Bom) return 'input ends inside a byte order mark';
    if (state === S.Value && this.depth === 0) return 'input ends before any value';
    if (state === S.Str || state === S.KeyStr || state === S.Esc || state === S.Hex) return 'input ends inside a string';
    if (state >= S.NumMinus && state <= S.NumExp) return 'input ends inside a number';
    if (state === S.Lit) return `input ends inside the literal ${Buffer.from(this.literal).toString()}`;
    return `input ends inside ${this.top === K.Object ? 'an object' : 'an array'}`;
  }
}

function skipWhitespace(buf: Buffer, i: number, n: number): number {
  while (i < n) {
    const c = buf[i]!;
    if (c > 0x20 || (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09)) break;
    i++;
  }
  return i;
}

/** The length of true, false or null if one is wholly in the chunk at `i`, else 0 (the Lit state deals with it). */
function wholeLiteralAt(buf: Buffer, i: number, n: number): number {
  switch (buf[i]) {
    case 0x6e:
      return i + 3 < n && buf[i + 1] === 0x75 && buf[i + 2] === 0x6c && buf[i + 3] === 0x6c ? 4 : 0;
    case 0x74:
      return i + 3 < n && buf[i + 1] === 0x72 && buf[i + 2] === 0x75 && buf[i + 3] === 0x65 ? 4 : 0;
    case 0x66:
      return i + 4 < n && buf[i + 1] === 0x61 && buf[i + 2] === 0x6c && buf[i + 3] === 0x73 && buf[i + 4] === 0x65 ? 5 : 0;
    default:
      return 0;
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function describe(c: number): string {
  return c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte ${hex(c)}`;
}

function hex(c: number): string {
  return `0x${c.toString(16).toUpperCase().padStart(2, '0')}`;
}

function bytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

function byteSet(member: (c: number) => boolean): Uint8Array {
  const set = new Uint8Array(256);
  for (let c = 0; c < 256; c++) set[c] = member(c) ? 1 : 0;
  return set;
}
