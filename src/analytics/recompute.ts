import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { COVERAGE, dropCoverage, stageCoverage } from './coverage.js';
import { dropTimeline, materializeDays, openingBalance } from './daily-balances.js';
import { materializeListedTransactions } from './listed-transactions.js';
import { dropPostedTransactions, stagePostedTransactions } from './posted-transactions.js';
import { dropRecomputing, RECOMPUTING, stageRecomputing } from './recomputing.js';
import { materializeRecurring } from './recurring.js';

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
  await stageCoverage(db);
  await materializeDays(db);
  await materializeListedTransactions(db);
  await materializeRecurring(db);
  await sql`
    INSERT INTO account_figures (bank_account_pk, document_pk, coverage_begin, coverage_end, first_txn_date, last_txn_date,
                                 has_balances, opening_balance_cents)
    SELECT c.bank_account_pk, c.document_pk, c.coverage_begin, c.coverage_end, c.first_txn_date, c.last_txn_date,
           c.has_balances, ${openingBalance()}
    FROM ${COVERAGE} AS c`.execute(db);
  for (const drop of [dropTimeline, dropCoverage, dropPostedTransactions, dropRecomputing]) await drop(db);
}
