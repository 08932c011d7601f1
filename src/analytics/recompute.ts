import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { COVERAGE, dropCoverage, stageCoverage } from './coverage.js';
import { dropDayBeforeCoverage, materializeDays, openingBalance } from './daily-balances.js';
import { materializeListedTransactions } from './listed-transactions.js';
import { dropPostedTransactions, stagePostedTransactions } from './posted-transactions.js';
import { dropRecomputing, RECOMPUTING, stageRecomputing } from './recomputing.js';
import { materializeRecurring } from './recurring.js';

/**
 * Transactions recomputed together at most (one account may have more, and goes alone): their windows
 * sort all of them at once, and past SQLite's cache a sort spills to disk and costs more per row
 * (5 accounts of 300,000 rows took 15.6 s together, 11.9 s one by one; bench/README.md).
 */
const ROWS_PER_STEP = 250_000;

/** The first of `accounts` (in order) whose transactions together stay within ROWS_PER_STEP; at least one. */
export async function firstStep<Account extends { pk: number }>(db: Kysely<Database>, accounts: readonly Account[]): Promise<Account[]> {
  const counts = await db
    .selectFrom('transactions')
    .select((eb) => ['bank_account_pk', eb.fn.countAll<number>().as('rows')])
    .where('bank_account_pk', 'in', accounts.map((account) => account.pk))
    .groupBy('bank_account_pk')
    .execute();
  const rows = new Map(counts.map((count) => [count.bank_account_pk, count.rows]));
  let [end, total] = [0, 0];
  while (end < accounts.length && (end === 0 || total + (rows.get(accounts[end]!.pk) ?? 0) <= ROWS_PER_STEP)) {
    total += rows.get(accounts[end]!.pk) ?? 0;
    end += 1;
  }
  return accounts.slice(0, end);
}

/**
 * Recomputes every figure of `accounts` (each at the `document_pk` given) inside the caller's
 * transaction. Each step is one statement over all of them, so a set of small accounts costs a few
 * statements, not a few per account.
 */
export async function recomputeAccounts(db: Kysely<Database>, accounts: ReadonlyArray<{ pk: number; document_pk: number }>): Promise<void> {
  await stageRecomputing(db, accounts);
  for (const table of ['figure_txns', 'account_days', 'account_figures'] as const) {
    await sql`DELETE FROM ${sql.table(table)} WHERE bank_account_pk IN (SELECT pk FROM ${RECOMPUTING})`.execute(db);
  }
  await stagePostedTransactions(db);
  await stageCoverage(db, accounts.length);
  await materializeDays(db);
  await materializeListedTransactions(db);
  await materializeRecurring(db);
  await sql`
    INSERT INTO account_figures (bank_account_pk, document_pk, coverage_begin, coverage_end, first_txn_date, last_txn_date,
                                 has_balances, opening_balance_cents)
    SELECT c.bank_account_pk, c.document_pk, c.coverage_begin, c.coverage_end, c.first_txn_date, c.last_txn_date,
           c.has_balances, ${openingBalance()}
    FROM ${COVERAGE} AS c`.execute(db);
  await dropDayBeforeCoverage(db);
  for (const drop of [dropCoverage, dropPostedTransactions, dropRecomputing]) await drop(db);
}
