/** What every format writer is given and gives back. */
import type { LedgerBook, LedgerRow } from './ledger.js';
import type { BookTally } from './manifest.js';
import type { Random } from './random.js';
import type { FileSink } from './writer.js';

export interface BookOutput {
  readonly book: LedgerBook;
  readonly tally: BookTally;
  readonly sink: FileSink;
  /** The file to write, or the folder (Finicity bundle, paged /transactions/get). */
  readonly path: string;
  /** The format's own draws (ids, owners), in writing order. */
  readonly random: Random;
}

export interface WrittenBook {
  readonly files: readonly string[];
  readonly bytes: number;
  readonly accountIds: readonly string[];
  /** Canonical balance per account at the end of the last day, in cents. */
  readonly endingCents: readonly number[];
}

export type FormatWriter = (output: BookOutput) => Promise<WrittenBook>;

/** Rows per page of /transactions/get and Finicity, as the format's own paging would cut them. */
export function pageCount(rows: number, pageRows: number): number {
  return Math.max(1, Math.ceil(rows / pageRows));
}

/** Every row of the book, day by day (ascending or newest first), each day's accounts in order. */
export function* rowsByDay(book: LedgerBook, newestFirst: boolean): Generator<LedgerRow> {
  const { firstDay, lastDay } = book.calendar;
  for (let i = 0; i <= lastDay - firstDay; i++) {
    const day = newestFirst ? lastDay - i : firstDay + i;
    for (let account = 0; account < book.accounts.length; account++) yield* book.rowsOn(account, day);
  }
}
