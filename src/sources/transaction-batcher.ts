import type { FormatName } from '../core/canonical.js';
import { BatchLocations, type FinicityBatchContext, type SourceEvent } from './source-events.js';

/** Transactions per batch, and text per batch: big enough to amortize a worker hop, small enough to stay flat. */
const MAX_BATCH_ROWS = 2_000;
const MAX_BATCH_CHARS = 1 << 20;

/**
 * Gathers captured transaction texts into TransactionBatch events. The texts come from FileScan's
 * scanner, which quotes every `amount` number as it captures (JsonScanner's quotedNumberKey), so
 * whoever parses the batch keeps every amount's exact text.
 */
export class TransactionBatcher {
  private texts: string[] = [];
  private chars = 0;
  private rowIds: string[] | null = null;
  private locations: BatchLocations;
  /** Set by the Finicity reader; travels with every batch flushed while it is set. */
  finicity: FinicityBatchContext | undefined;

  constructor(
    private readonly format: FormatName,
    private readonly file: string,
    private readonly emit: (event: SourceEvent) => void,
  ) {
    this.locations = new BatchLocations(file);
  }

  add(text: string, arrayPath: string, index: number, offset: number, rowId?: string): void {
    if (rowId !== undefined) (this.rowIds ??= []).push(rowId);
    this.texts.push(text);
    this.chars += text.length;
    this.locations.add(arrayPath, index, offset);
    if (this.texts.length >= MAX_BATCH_ROWS || this.chars >= MAX_BATCH_CHARS) this.flush();
  }

  flush(): void {
    if (this.texts.length === 0) return;
    const batch = { format: this.format, json: `[${this.texts.join(',')}]`, count: this.texts.length, rowIds: this.rowIds, finicity: this.finicity };
    this.emit({ kind: 'transactions', batch, locations: this.locations });
    this.texts = [];
    this.chars = 0;
    this.rowIds = null;
    this.locations = new BatchLocations(this.file);
  }
}
