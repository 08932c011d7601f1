import type { FormatName } from '../core/canonical.js';
import { asciiJson, ByteBuffer } from './json/byte-buffer.js';
import type { PickedValue } from './json/capture-edits.js';
import { BatchLocations, type FinicityBatchContext, type ListedUnder, type SourceEvent } from './source-events.js';

/** Transactions per batch, and bytes per batch: big enough to amortize a worker hop, small enough to stay flat. */
const MAX_BATCH_ROWS = 2_000;
const MAX_BATCH_BYTES = 1 << 20;

/**
 * Gathers transactions' JSON into TransactionBatch events: one JSON array per batch, assembled as
 * bytes and decoded once. The JSON comes from FileScan's scanner, which quotes every `amount` number
 * (JsonScanner's quotedNumberKey), so whoever parses the batch keeps every amount's exact text.
 *
 * A batch's JSON is kept ASCII (a transaction with other characters has them \u-escaped): one 'é' in
 * a batch would otherwise make the whole batch a two-byte string, slower to decode and to parse, and
 * every string parsed out of it twice the size.
 */
export class TransactionBatcher {
  // Small to start with: a small document's rows fit in far less than a full batch, and many are read at once.
  private readonly json = new ByteBuffer(1 << 16, MAX_BATCH_BYTES + (1 << 16));
  private count = 0;
  private rowIds: string[] | null = null;
  private locations: BatchLocations;
  /** Set by the Finicity reader: a report account's id (its rows name none), for every batch flushed while it is set. */
  finicity: { readonly accountId: string | null } | undefined;
  /** The accounts with rows in this batch whose amounts are turned around: a batch carries only its own. */
  private reversedAccounts: Set<string> | null = null;
  /** Set by the Asset Report reader: the account the next rows are listed under (null: none to check them against). */
  private listed: string | null = null;
  private listedUnder: ListedUnder[] = [];

  constructor(
    private readonly format: FormatName,
    private readonly file: string,
    private readonly emit: (event: SourceEvent) => void,
  ) {
    this.locations = new BatchLocations(file);
  }

  /** A transaction the scanner picked. */
  addPicked(value: PickedValue, arrayPath: string, index: number, offset: number): void {
    this.json.pushByte(this.count === 0 ? 0x5b : 0x2c); // '[' or ','
    const start = this.json.length;
    value.writeTo(this.json);
    this.json.asciiJsonFrom(start);
    this.added(arrayPath, index, offset);
  }

  /** A transaction's JSON text. */
  add(text: string, arrayPath: string, index: number, offset: number, rowId?: string): void {
    if (rowId !== undefined) (this.rowIds ??= []).push(rowId);
    this.json.pushByte(this.count === 0 ? 0x5b : 0x2c);
    this.json.appendText(asciiJson(text));
    this.added(arrayPath, index, offset);
  }

  /** A Finicity row of this batch belongs to an account whose amounts are turned around (cards, investments). */
  noteReversed(accountId: string): void {
    (this.reversedAccounts ??= new Set()).add(accountId);
  }

  flush(): void {
    if (this.count === 0) return;
    this.json.pushByte(0x5d); // ']'
    const listedUnder = this.listedUnder.length === 0 ? undefined : this.listedUnder;
    const batch = { format: this.format, json: this.json.asciiText(), count: this.count, rowIds: this.rowIds, finicity: this.finicityContext(), listedUnder };
    this.emit({ kind: 'transactions', batch, locations: this.locations });
    this.json.clear();
    this.count = 0;
    this.rowIds = null;
    this.reversedAccounts = null;
    this.listedUnder = [];
    this.locations = new BatchLocations(this.file);
  }

  /** The rows added from now on are listed under this account: their account_id must be its (checked when normalized). */
  listUnder(accountId: string | null): void {
    this.listed = accountId;
  }

  private finicityContext(): FinicityBatchContext | undefined {
    if (this.finicity === undefined) return undefined;
    return { accountId: this.finicity.accountId, reversedAccountIds: [...(this.reversedAccounts ?? [])] };
  }

  private added(arrayPath: string, index: number, offset: number): void {
    if ((this.listedUnder.at(-1)?.accountId ?? null) !== this.listed) this.listedUnder.push({ from: this.count, accountId: this.listed });
    this.count += 1;
    this.locations.add(arrayPath, index, offset);
    if (this.count >= MAX_BATCH_ROWS || this.json.length >= MAX_BATCH_BYTES) this.flush();
  }
}
