import { sql } from 'kysely';
import type { StoreDatabase } from '../store/database.js';
import type { BankAccountRow } from '../store/schema.js';
import { bookOf, column, dialect } from './dialect.js';

/** An account with what its figures are read from: its materialized coverage, and how many days it covers. */
export type AccountWithCoverage = BankAccountRow & {
  readonly coverage_begin: string | null;
  readonly coverage_end: string | null;
  readonly first_txn_date: string | null;
  readonly last_txn_date: string | null;
  readonly opening_balance_cents: number | null;
  readonly days: number;
};

/** Accounts read per query. */
export const PAGE_SIZE = 256;
/**
 * What the accounts whose figures are read together may hold, in days of coverage plus listed
 * transactions: a few hundred small accounts, or one large account alone (its figures are one
 * account's, held as they always were).
 */
const CHUNK_COST = 50_000;

/**
 * The book's accounts in pk order, in chunks whose figures are read together (a few queries a chunk,
 * not a few per account), each chunk small enough to hold: a book of 200,000 accounts is never held whole.
 */
export async function* accountChunks(db: StoreDatabase, bookPk: number, recurring: boolean): AsyncGenerator<AccountWithCoverage[]> {
  const days = sql<number>`CASE WHEN f.coverage_begin IS NULL THEN 0
    ELSE ${dialect.dayNumber(column('f.coverage_end'))} - ${dialect.dayNumber(column('f.coverage_begin'))} + 1 END`;
  const page = (after: number): Promise<AccountWithCoverage[]> =>
    accountPage(db, bookPk, after)
      .selectAll('a')
      .select(['f.coverage_begin', 'f.coverage_end', 'f.first_txn_date', 'f.last_txn_date', 'f.opening_balance_cents', days.as('days')])
      .execute();
  for await (const accounts of pages(page)) {
    const listed = await listedCounts(db, accounts.map((account) => account.pk), recurring);
    let chunk: AccountWithCoverage[] = [];
    let cost = 0;
    for (const account of accounts) {
      const accountCost = account.days + (listed.get(account.pk) ?? 0);
      if (chunk.length > 0 && cost + accountCost > CHUNK_COST) {
        yield chunk;
        [chunk, cost] = [[], 0];
      }
      chunk.push(account);
      cost += accountCost;
    }
    if (chunk.length > 0) yield chunk;
  }
}

/** A page of the book's accounts after pk `after`, joined with their figures (a query to select from). */
export function accountPage(db: StoreDatabase, bookPk: number, after: number) {
  return db.kysely
    .selectFrom('bank_accounts as a')
    .innerJoin('account_figures as f', 'f.bank_account_pk', 'a.pk')
    .where(bookOf('a'), '=', bookPk)
    .where('a.pk', '>', after)
    .orderBy('a.pk')
    .limit(PAGE_SIZE);
}

/** Pages of rows in pk order, each fetched after the last row of the one before. */
export async function* pages<Row extends { pk: number }>(page: (after: number) => Promise<Row[]>): AsyncGenerator<Row[]> {
  for (let after = 0; ; ) {
    const rows = await page(after);
    if (rows.length > 0) yield rows;
    if (rows.length < PAGE_SIZE) return;
    after = rows.at(-1)!.pk;
  }
}

/**
 * How many transactions the summary holds for each account: its figure lists (the recurring groups only
 * when asked for) and its classified rows. (The lists of every deposit are streamed, not held.)
 */
async function listedCounts(db: StoreDatabase, accountPks: readonly number[], recurring: boolean): Promise<Map<number, number>> {
  const figures = db.kysely
    .selectFrom('figure_txns')
    .select((eb) => ['bank_account_pk', eb.fn.countAll<number>().as('count')])
    .where('bank_account_pk', 'in', accountPks)
    .$if(!recurring, (query) => query.where('figure', '<>', 'recurring'))
    .groupBy('bank_account_pk');
  const classified = (table: 'txn_classes' | 'interbank_txns') =>
    db.kysely.selectFrom(table).select((eb) => ['bank_account_pk', eb.fn.countAll<number>().as('count')]).where('bank_account_pk', 'in', accountPks).groupBy('bank_account_pk');
  const counts = new Map<number, number>();
  for (const query of [figures, classified('txn_classes'), classified('interbank_txns')]) {
    for (const row of await query.execute()) counts.set(row.bank_account_pk, (counts.get(row.bank_account_pk) ?? 0) + Number(row.count));
  }
  return counts;
}
