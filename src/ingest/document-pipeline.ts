import gen from 'stream-chain/gen.js';
import { many } from 'stream-chain/defs.js';
import type { CanonicalRecord, CanonicalTransaction } from '../core/canonical.js';
import { toIngestError } from '../sources/file-scan.js';
import type { InputFile } from '../sources/input.js';
import type { RecordLocation } from '../sources/source-events.js';
import type { DocumentWriter } from '../store/document-writer.js';
import { FieldError } from '../../workers/field-error.js';
import { normalizeRecord } from '../../workers/normalize-record.js';
import type { Normalizer } from '../../workers/pool.js';
import { batchFailure, fieldFailure, type ReadEvent } from '../../workers/read-protocol.js';
import { fromColumns } from '../../workers/transaction-columns.js';
import type { DocumentReader } from './document-reader.js';
import { OrderedWindow } from './ordered-window.js';

// Where the command line's progress bar has always found it.
export type { Progress } from './ingest-options.js';

/** Normalized work, ready for the writer, in the order the source gave it. */
type Normalized =
  | { readonly kind: 'transactions'; readonly rows: CanonicalTransaction[] }
  | { readonly kind: 'records'; readonly records: CanonicalRecord[] };

/**
 * A document's files flow through three stages: the reader turns bytes into source events (on
 * this thread or a pool thread), then `gen(normalize, write)` from stream-chain turns each event into
 * canonical rows (up to the normalizer's concurrency ahead, results kept in order) and hands
 * them to the document's single writer. A reader thread may have normalized the transactions already.
 */
export class DocumentPipeline {
  constructor(
    private readonly writer: DocumentWriter,
    private readonly normalizer: Normalizer,
  ) {}

  /** Reads each file with `reader` and writes what it yields. */
  async run(reader: DocumentReader, files: readonly InputFile[]): Promise<void> {
    for (const file of files) await this.runEvents(file.name, reader.read(file));
  }

  /** Writes one file's events, read already (on a pool thread, for a small document) or as they are read. */
  async runEvents(file: string, chunks: AsyncIterable<ReadEvent[]> | Iterable<ReadEvent[]>): Promise<void> {
    const window = new OrderedWindow<Normalized>(this.normalizer.concurrency);
    const normalize = async (event: ReadEvent) => many(await window.push(this.normalize(event)));
    const write = (work: Normalized) => this.write(work);
    const step = gen(normalize, write);
    try {
      for await (const events of chunks) {
        for (const event of events) for await (const _ of step(event)) void _;
      }
      for (const work of await window.drain()) this.write(work);
    } catch (error) {
      await window.drain().catch(() => {});
      throw toIngestError(error, file);
    }
  }

  private async normalize(event: ReadEvent): Promise<Normalized> {
    if (event.kind === 'rows') return { kind: 'transactions', rows: fromColumns(event.columns) };
    if (event.kind === 'record') {
      return { kind: 'records', records: withLocation(event.location, () => normalizeRecord(event.record)) };
    }
    const result = await this.normalizer.normalize(event.batch);
    if (!result.ok) throw batchFailure(event.locations, result);
    return { kind: 'transactions', rows: result.rows };
  }

  private write(work: Normalized): void {
    if (work.kind === 'transactions') {
      this.writer.writeTransactions(work.rows);
      return;
    }
    for (const record of work.records) writeRecord(this.writer, record);
  }
}

type RecordWrites = { readonly [Kind in CanonicalRecord['kind']]: (writer: DocumentWriter, record: Extract<CanonicalRecord, { kind: Kind }>) => void };

/** What the writer does with each kind of canonical record. */
const RECORD_WRITES: RecordWrites = {
  account: (writer, record) => writer.describeAccount(record.account),
  balance: (writer, record) => writer.writeBalancePoint(record.point),
  'deferred-anchor': (writer, record) => writer.writeDeferredAnchor(record.sourceAccountId, record.balance),
  'anchor-date': (writer, record) => writer.dateDeferredAnchors(record.date),
  'institution-follows': (writer, record) => writer.awaitInstitution(record.sourceAccountId),
  institution: (writer, record) => writer.applyInstitution(record.bankName, record.institutionId),
  period: (writer, record) => writer.writePeriod(record.period),
  warning: (writer, record) => writer.warn(record.message),
};

function writeRecord(writer: DocumentWriter, record: CanonicalRecord): void {
  (RECORD_WRITES[record.kind] as (writer: DocumentWriter, record: CanonicalRecord) => void)(writer, record);
}

function withLocation<T>(location: RecordLocation, normalize: () => T): T {
  try {
    return normalize();
  } catch (error) {
    if (error instanceof FieldError) throw fieldFailure(location, error.field, error.problem);
    throw error;
  }
}
