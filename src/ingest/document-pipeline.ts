import { createHash, type Hash } from 'node:crypto';
import gen from 'stream-chain/gen.js';
import { many } from 'stream-chain/defs.js';
import type { CanonicalRecord, CanonicalTransaction, FormatName } from '../core/canonical.js';
import { DocumentFailed } from '../core/errors.js';
import type { InputFile } from '../sources/input.js';
import { JsonScanner } from '../sources/json/scanner.js';
import { readerFor } from '../sources/readers.js';
import type { RecordLocation, SourceEvent } from '../sources/source-events.js';
import type { DocumentWriter } from '../store/document-writer.js';
import { FieldError } from '../../workers/field-error.js';
import { normalizeRecord } from '../../workers/normalize-record.js';
import type { Normalizer } from '../../workers/normalizer.js';
import { asIngestError } from './document-plan.js';
import { OrderedWindow } from './ordered-window.js';

export interface Progress {
  readonly file: string;
  readonly bytesRead: number;
  readonly totalBytes: number | null;
}

/** Normalized work, ready for the writer, in the order the source gave it. */
type Normalized = { readonly kind: 'transactions'; readonly rows: CanonicalTransaction[] } | { readonly kind: 'records'; readonly records: CanonicalRecord[] };

/**
 * Streams a document's files through three stages, composed with stream-chain's `gen`:
 * bytes → source events (scanner + format reader), events → canonical rows (the normalizer, up to
 * its concurrency ahead, results kept in order), rows → the document's single writer.
 */
export class DocumentPipeline {
  readonly hash: Hash = createHash('sha256');
  bytes = 0;

  constructor(
    private readonly format: FormatName,
    private readonly writer: DocumentWriter,
    private readonly normalizer: Normalizer,
    private readonly onProgress: ((progress: Progress) => void) | undefined,
  ) {}

  async run(files: readonly InputFile[]): Promise<void> {
    for (const file of files) await this.runFile(file);
  }

  private async runFile(file: InputFile): Promise<void> {
    const reader = readerFor(this.format, file.name);
    const scanner = new JsonScanner(reader);
    const window = new OrderedWindow<Normalized>(this.normalizer.concurrency);
    let fileBytes = 0;
    const scan = (chunk: Uint8Array) => {
      this.hash.update(chunk);
      fileBytes += chunk.byteLength;
      this.bytes += chunk.byteLength;
      this.onProgress?.({ file: file.name, bytesRead: fileBytes, totalBytes: file.totalBytes });
      scanner.write(chunk);
      return many(reader.take());
    };
    const normalize = async (event: SourceEvent) => many(await window.push(this.normalizeEvent(event)));
    const write = (work: Normalized) => this.write(work);
    try {
      const fromBytes = gen(scan, normalize, write);
      for await (const chunk of file.chunks()) for await (const _ of fromBytes(chunk)) void _;
      scanner.end();
      const fromEvents = gen(normalize, write);
      for (const event of reader.take()) for await (const _ of fromEvents(event)) void _;
      for (const work of await window.drain()) this.write(work);
    } catch (error) {
      await window.drain().catch(() => {});
      throw asIngestError(error, file.name);
    }
  }

  private async normalizeEvent(event: SourceEvent): Promise<Normalized> {
    if (event.kind === 'record') {
      return { kind: 'records', records: withLocation(event.location, () => normalizeRecord(event.record)) };
    }
    const result = await this.normalizer.normalize(event.batch);
    if (!result.ok) throw failure(event.locations.at(result.index), result.field, result.problem);
    return { kind: 'transactions', rows: result.rows };
  }

  private write(work: Normalized): void {
    if (work.kind === 'transactions') {
      this.writer.writeTransactions(work.rows);
      return;
    }
    for (const record of work.records) {
      switch (record.kind) {
        case 'account':
          this.writer.describeAccount(record.account);
          break;
        case 'balance':
          this.writer.writeBalancePoint(record.point);
          break;
        case 'balance-at-latest-transaction':
          this.writer.writeBalanceAtLatestTransaction(record.sourceAccountId, record.balance);
          break;
        case 'period':
          this.writer.writePeriod(record.period);
          break;
        case 'warning':
          this.writer.warn(record.message);
          break;
      }
    }
  }
}

function withLocation<T>(location: RecordLocation, normalize: () => T): T {
  try {
    return normalize();
  } catch (error) {
    if (error instanceof FieldError) throw failure(location, error.field, error.problem);
    throw error;
  }
}

function failure(location: RecordLocation, field: string, problem: string): DocumentFailed {
  const path = field === '' ? location.path : `${location.path}.${field}`;
  return new DocumentFailed({ file: location.file, offset: location.offset, path }, problem);
}
