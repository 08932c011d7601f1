import { DocumentFailed } from '../core/errors.js';
import { formatPath, type JsonPath } from './json/json-path.js';
import { parseExact } from './json/exact-numbers.js';
import type { ScanHandler, ValueKind, Visit } from './json/scanner.js';
import type { FormatName } from '../core/canonical.js';
import type { RawRecord, SourceEvent } from './source-events.js';
import { TransactionBatcher } from './transaction-batcher.js';

/** A streaming reader of one export format: a scanner handler that turns what it sees into events. */
export interface SourceReader extends ScanHandler {
  /** The members of a transaction the format's normalizer reads: what a 'pick' keeps. */
  readonly pickedKeys: readonly string[];
  /** The events produced since the last call, in order. */
  take(): SourceEvent[];
}

/** What every format reader shares: an event queue, a transaction batcher, and structural checks. */
export abstract class ReaderBase implements SourceReader {
  private events: SourceEvent[] = [];
  protected readonly transactions: TransactionBatcher;

  constructor(
    protected readonly file: string,
    format: FormatName,
    readonly pickedKeys: readonly string[] = [],
  ) {
    this.transactions = new TransactionBatcher(format, file, (event) => this.events.push(event));
  }

  abstract enter(path: JsonPath, kind: ValueKind, offset: number): Visit;
  abstract captured(path: JsonPath, text: string, offset: number): void;
  abstract left(path: JsonPath, offset: number): void;

  take(): SourceEvent[] {
    const taken = this.events;
    this.events = [];
    return taken;
  }

  protected emitRecord(record: RawRecord, path: string, offset: number): void {
    this.events.push({ kind: 'record', record, location: { file: this.file, path, offset } });
  }

  /** Descends into a container the format requires to be of `expected` kind. */
  protected descendInto(expected: 'object' | 'array', kind: ValueKind, path: JsonPath, offset: number): Visit {
    if (kind !== expected) this.fail(path, offset, `expected ${article(expected)}, found ${article(kind)}`);
    return 'descend';
  }

  protected parse(text: string): unknown {
    return parseExact(text);
  }

  protected fail(path: JsonPath | string, offset: number, problem: string): never {
    throw new DocumentFailed({ file: this.file, offset, path: typeof path === 'string' ? path : formatPath(path) }, problem);
  }
}

function article(kind: ValueKind): string {
  return kind === 'object' || kind === 'array' ? `an ${kind}` : `a ${kind}`;
}
