import type { FormatName } from '../core/canonical.js';
import type { IsoDate } from '../core/dates.js';

/** Where a record sits in its file, for error messages. */
export interface RecordLocation {
  readonly file: string;
  readonly offset: number;
  readonly path: string;
}

/** Context a Plaid account needs from around it in the file, as far as the reader has seen when the account ends. */
export interface PlaidAccountContext {
  readonly bankName: string | null;
  readonly institutionId: string | null;
  /**
   * The item names its institution after this account (Plaid writes `accounts` first): a
   * `plaid-institution` record follows, and applies to this account. The reader does not hold the account.
   */
  readonly institutionFollows: boolean;
  /**
   * Asset Report: the report's date. `deferred`: a date the document gives later, so the anchor is held
   * by the writer, not the reader: an `anchor-date` record (an Asset Report whose `date_generated` follows
   * its items), else the document's newest transaction date (/transactions/get, SPEC §2).
   */
  readonly balanceAsOf: IsoDate | 'deferred' | null;
}

/** Context a Finicity account needs from the other files of its bundle. */
export interface FinicityAccountContext {
  /** The institution's name, from the bundle's institutions. */
  readonly bankName: string | null;
  /** The customer's `firstName lastName`, from the bundle's customers. */
  readonly holderName: string | null;
  /** A Transactions report nests accounts in their institution: its id, when the account has none. */
  readonly institutionId: string | null;
}

/** A source record other than a transaction, parsed (money numbers kept as text), not yet normalized. */
export type RawRecord =
  | { readonly type: 'plaid-account'; readonly raw: unknown; readonly context: PlaidAccountContext }
  | { readonly type: 'statement-account'; readonly raw: unknown; readonly statementId: string }
  | { readonly type: 'finicity-account'; readonly raw: unknown; readonly context: FinicityAccountContext }
  /** A transactions page's `dailyBalances[]`, for the one account its transactions belong to. */
  | { readonly type: 'finicity-daily-balances'; readonly raw: unknown; readonly sourceAccountId: string }
  /** An item's institution, read after some of its accounts (those whose context said `institutionFollows`). */
  | { readonly type: 'plaid-institution'; readonly bankName: string | null; readonly institutionId: string | null }
  /** The date of the anchors deferred so far: an Asset Report's `date_generated`, read after its items (null: none). */
  | { readonly type: 'anchor-date'; readonly date: IsoDate | null }
  | { readonly type: 'warning'; readonly message: string };

/** What normalizing a Finicity batch needs from the rest of its bundle. */
export interface FinicityBatchContext {
  /** The batch's accounts whose amounts are turned around (credit cards, investments: SPEC §3); no others. */
  readonly reversedAccountIds: readonly string[];
  /** A Transactions report's rows carry no accountId: the account they are nested in. */
  readonly accountId: string | null;
}

/**
 * Raw transactions of one format, as the text of a JSON array whose amounts are already quoted
 * (exact-numbers.ts): one JSON.parse reads the whole batch.
 * Statement rows have no id of their own: `rowIds` gives them theirs.
 */
export interface TransactionBatch {
  readonly format: FormatName;
  readonly json: string;
  readonly count: number;
  readonly rowIds: readonly string[] | null;
  /** Finicity batches only. */
  readonly finicity?: FinicityBatchContext;
  /** Asset Report batches: the accounts the rows are listed under, from a row on (SPEC §2: rows are nested per account). */
  readonly listedUnder?: readonly ListedUnder[];
}

/** From row `from` of a batch on, rows must carry this `account_id`: the account they are listed under (null: unchecked). */
export interface ListedUnder {
  readonly from: number;
  readonly accountId: string | null;
}

/** Why a row listed under one account but naming another is rejected: it would be filed under an account of its own. */
export function misfiled(found: string, listed: string): string {
  return `the transaction's account_id ${found} is not the account it is listed under (account ${listed})`;
}

export type SourceEvent =
  | { readonly kind: 'transactions'; readonly batch: TransactionBatch; readonly locations: BatchLocations }
  | { readonly kind: 'record'; readonly record: RawRecord; readonly location: RecordLocation };

/**
 * Where each transaction of a batch sits, kept compactly: runs of consecutive elements of one
 * array, so that no path string is built unless an error needs one.
 */
export class BatchLocations {
  private runs: Array<{ start: number; arrayPath: string; firstIndex: number }> = [];
  private offsets: number[] = [];

  constructor(readonly file: string) {}

  /** Restores the methods of locations that crossed a thread (structured clone keeps only the fields). */
  static revive(cloned: BatchLocations): BatchLocations {
    const locations = new BatchLocations(cloned.file);
    locations.runs = cloned.runs;
    locations.offsets = cloned.offsets;
    return locations;
  }

  add(arrayPath: string, index: number, offset: number): void {
    const position = this.offsets.length;
    const last = this.runs.at(-1);
    if (last === undefined || last.arrayPath !== arrayPath || last.firstIndex + (position - last.start) !== index) {
      this.runs.push({ start: position, arrayPath, firstIndex: index });
    }
    this.offsets.push(offset);
  }

  get size(): number {
    return this.offsets.length;
  }

  at(position: number): RecordLocation {
    let run = this.runs[0]!;
    for (const candidate of this.runs) if (candidate.start <= position) run = candidate;
    const index = run.firstIndex + (position - run.start);
    return { file: this.file, offset: this.offsets[position]!, path: `${run.arrayPath}[${index}]` };
  }
}
