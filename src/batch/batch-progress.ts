import type { IngestedDocument } from '../ingest/ingested-document.js';
import type { BatchUnit } from './batch-inputs.js';

/** How far a batch has come. */
export interface BatchProgress {
  /** Books finished: ingested now, found done by an earlier run, or passed over. */
  readonly books: number;
  /** Of those ingested or found done, the books whose document failed or was rejected. */
  readonly failed: number;
  /** Input files finished, of all the batch lists (a Finicity bundle is several files, one book). */
  readonly files: number;
  readonly totalFiles: number;
  /** Bytes of the input files finished. */
  readonly bytes: number;
  /** Since the batch began. */
  readonly elapsedMs: number;
}

export class BatchCounter {
  private readonly started = Date.now();
  private books = 0;
  private failed = 0;
  private files = 0;
  private bytes = 0;

  constructor(
    private readonly totalFiles: number,
    private readonly onProgress: ((progress: BatchProgress) => void) | undefined,
  ) {}

  finished(document: IngestedDocument, unit: BatchUnit): void {
    if (document.status !== 'VERIFICATION_COMPLETE') this.failed += 1;
    this.count(unit);
  }

  passedOver(unit: BatchUnit): void {
    this.count(unit);
  }

  private count(unit: BatchUnit): void {
    this.books += 1;
    this.files += Math.max(unit.plan.files.length, 1);
    this.bytes += unit.bytes;
    const { books, failed, files, totalFiles, bytes } = this;
    this.onProgress?.({ books, failed, files, totalFiles, bytes, elapsedMs: Date.now() - this.started });
  }
}
