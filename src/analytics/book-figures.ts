import type { IsoDate } from '../core/dates.js';
import type { StoreDatabase } from '../store/database.js';
import type { BankAccountRow, TransactionRow } from '../store/schema.js';
import { activityOf, type Activity } from './activity.js';
import type { Coverage } from './coverage.js';
import { accountSeries, bookSeries, seriesFigures, type SeriesFigures } from './day-series.js';
import { listedTransactionsOf, type ListedTransactions } from './listed-transactions.js';
import { periodMismatches, periodsOf, type PeriodFigures, type PeriodMismatch } from './periods.js';
import { recurringGroupsOf } from './recurring.js';

export interface DateRange {
  readonly min: IsoDate | null;
  readonly max: IsoDate | null;
}

/** Every SPEC §4 figure of one account (keyword-driven figures excepted), in cents and ISO dates. */
export interface AccountFigures {
  readonly account: BankAccountRow;
  readonly coverage: Coverage | null;
  readonly series: SeriesFigures;
  readonly periods: readonly PeriodFigures[];
  readonly periodMismatches: readonly PeriodMismatch[];
  readonly listed: ListedTransactions;
  readonly activity: Activity;
  readonly txnDates: DateRange;
  /** Only when asked for: they can be long. */
  readonly recurringGroups: readonly TransactionRow[][] | null;
}

/** The book's own figures: its depository accounts' days, balances summed per day (SPEC §4 "Book level"). */
export interface BookLevelFigures {
  readonly series: SeriesFigures;
  /** The span of the depository accounts' posted transactions. */
  readonly txnDates: DateRange;
}

export interface FigureOptions {
  readonly recurring: boolean;
}

/** Accounts read per query: one page of rows is held at a time, so a book of 200,000 accounts never is. */
const PAGE_SIZE = 256;

/** The book-level figures, from the materialized tables (refreshFigures first). */
export async function bookLevelFigures(db: StoreDatabase, bookPk: number): Promise<BookLevelFigures> {
  const span = await db.kysely
    .selectFrom('bank_accounts as a')
    .innerJoin('account_figures as f', 'f.bank_account_pk', 'a.pk')
    .select((eb) => [eb.fn.min('f.first_txn_date').as('min'), eb.fn.max('f.last_txn_date').as('max')])
    .where('a.book_pk', '=', bookPk)
    .where('a.is_depository', '=', 1)
    .executeTakeFirstOrThrow();
  return { series: await seriesFigures(db.kysely, bookSeries(bookPk)), txnDates: { min: span.min, max: span.max } };
}

/** Every account's figures, in pk order, computed one at a time from the materialized tables (refreshFigures first). */
export async function* accountFigures(db: StoreDatabase, bookPk: number, options: FigureOptions): AsyncGenerator<AccountFigures> {
  const page = (after: number) =>
    db.kysely
      .selectFrom('bank_accounts as a')
      .innerJoin('account_figures as f', 'f.bank_account_pk', 'a.pk')
      .selectAll('a')
      .select(['f.coverage_begin', 'f.coverage_end', 'f.first_txn_date', 'f.last_txn_date', 'f.opening_balance_cents'])
      .where('a.book_pk', '=', bookPk)
      .where('a.pk', '>', after)
      .orderBy('a.pk')
      .limit(PAGE_SIZE)
      .execute();
  for await (const row of pages(page)) {
    const { coverage_begin, coverage_end, first_txn_date, last_txn_date, opening_balance_cents, ...account } = row;
    const coverage =
      coverage_begin === null || coverage_end === null
        ? null
        : { begin: coverage_begin, end: coverage_end, firstTxnDate: first_txn_date, lastTxnDate: last_txn_date };
    const series = await seriesFigures(db.kysely, accountSeries(account.pk));
    const periods = await periodsOf(db.kysely, account.pk, coverage, opening_balance_cents, series.dailyBalances);
    yield {
      account,
      coverage,
      series,
      periods,
      periodMismatches: periodMismatches(periods),
      listed: await listedTransactionsOf(db.kysely, account.pk),
      activity: activityOf(series.months),
      txnDates: { min: first_txn_date, max: last_txn_date },
      recurringGroups: options.recurring ? await recurringGroupsOf(db.kysely, account.pk) : null,
    };
  }
}

/** Why accounts have no figures, or no balance figures, in pk order (refreshFigures first). */
export async function* accountWarnings(db: StoreDatabase, bookPk: number): AsyncGenerator<string> {
  const page = (after: number) =>
    db.kysely
      .selectFrom('bank_accounts as a')
      .innerJoin('account_figures as f', 'f.bank_account_pk', 'a.pk')
      .select(['a.pk', 'a.source', 'a.source_account_id', 'a.is_depository', 'f.coverage_begin', 'f.has_balances'])
      .where('a.book_pk', '=', bookPk)
      .where('a.pk', '>', after)
      .orderBy('a.pk')
      .limit(PAGE_SIZE)
      .execute();
  for await (const account of pages(page)) {
    const warning = accountWarning(account, account.coverage_begin !== null, account.has_balances === 1);
    if (warning !== null) yield warning;
  }
}

/** The rows of every page, each page fetched after the last row of the one before. */
async function* pages<Row extends { pk: number }>(page: (after: number) => Promise<Row[]>): AsyncGenerator<Row> {
  for (let after = 0; ; ) {
    const rows = await page(after);
    yield* rows;
    if (rows.length < PAGE_SIZE) return;
    after = rows.at(-1)!.pk;
  }
}

function accountWarning(account: Pick<BankAccountRow, 'pk' | 'source' | 'source_account_id' | 'is_depository'>, covers: boolean, hasBalances: boolean): string | null {
  const label = `account ${account.pk} (${account.source} ${account.source_account_id})`;
  if (!covers) return `${label}: no posted transaction and no end-of-day balance, so it covers no day and has no figures`;
  if (hasBalances) return null;
  const bookNote = account.is_depository === 1 ? ", and it is left out of the book's balance figures" : '';
  return `${label}: no known balance (no current, historical, daily or statement balance), so its balance figures are null${bookNote}`;
}
