import type { Kysely } from 'kysely';
import type { StoreDatabase } from '../store/database.js';
import { openFigureOverlay } from '../store/figure-overlay.js';
import { inReadSnapshot } from '../store/read-snapshot.js';
import type { Database } from '../store/schema.js';
import { storeErrorOf } from '../store/store-errors.js';
import { writeTransaction } from '../store/write-lock.js';
import { coverageOf } from './coverage.js';
import { materializeDays } from './daily-balances.js';
import { materializeListedTransactions } from './listed-transactions.js';
import { dropPostedTransactions, stagePostedTransactions } from './posted-transactions.js';
import { materializeRecurring } from './recurring.js';

/**
 * Brings the book's materialized figures up to date, recomputing only the accounts that changed.
 *
 * Every document that writes anything for an account moves `bank_accounts.document_pk` to itself,
 * in the same SQLite transaction as its rows; figures remember the `document_pk` they were computed
 * at. So staleness is exact and survives a crash between an ingest and its refresh: whatever reads
 * figures refreshes first, and a refresh after a refresh is a no-op. Returns the accounts recomputed.
 *
 * Inside a read snapshot the shared figures are not written: the stale accounts are recomputed into
 * private copies that last as long as the snapshot (store/figure-overlay.ts), so a read never needs
 * the write lock. Outside one, they are stored, each account in its own write transaction.
 */
export async function refreshFigures(db: StoreDatabase, bookPk: number): Promise<number[]> {
  if (!inReadSnapshot(db)) return storeFigures(db, bookPk, db.lockTimeoutMs);
  const stale = await staleAccounts(db.kysely, bookPk);
  if (stale.length > 0) openFigureOverlay(db, bookPk);
  for (const account of stale) await recompute(db.kysely, account.pk, account.document_pk);
  return stale.map((account) => account.pk);
}

/**
 * Stores the figures of the accounts changed since they were computed, when that can be done right
 * now: not on a read-only store, not while another connection writes (it never waits), not when the
 * disk is full. What is not stored, the read that follows recomputes in private. An unchanged book
 * costs one query and writes nothing.
 */
export async function storeFiguresIfFree(db: StoreDatabase, bookPk: number): Promise<void> {
  if (db.readonlyReason !== null || (await staleAccounts(db.kysely, bookPk)).length === 0) return;
  await storeFigures(db, bookPk, 0).catch((error: unknown) => {
    if (storeErrorOf(db.path, error) === null) throw error;
  });
}

async function storeFigures(db: StoreDatabase, bookPk: number, waitMs: number): Promise<number[]> {
  const stale = await staleAccounts(db.kysely, bookPk);
  for (const { pk } of stale) {
    await writeTransaction(
      db,
      async () => {
        // Read again under the lock: another connection may have stored them, or moved the account on, meanwhile.
        const [current] = await staleAccounts(db.kysely, bookPk, pk);
        if (current !== undefined) await recompute(db.kysely, pk, current.document_pk);
      },
      waitMs,
    );
  }
  return stale.map((account) => account.pk);
}

async function staleAccounts(db: Kysely<Database>, bookPk: number, accountPk?: number): Promise<Array<{ pk: number; document_pk: number }>> {
  return db
    .selectFrom('bank_accounts as a')
    .leftJoin('account_figures as f', 'f.bank_account_pk', 'a.pk')
    .select(['a.pk', 'a.document_pk'])
    .where('a.book_pk', '=', bookPk)
    .$if(accountPk !== undefined, (query) => query.where('a.pk', '=', accountPk!))
    .where((eb) => eb.or([eb('f.document_pk', 'is', null), eb('f.document_pk', '<>', eb.ref('a.document_pk'))]))
    .orderBy('a.pk')
    .execute();
}

async function recompute(db: Kysely<Database>, accountPk: number, documentPk: number): Promise<void> {
  for (const table of ['figure_txns', 'account_days', 'account_figures'] as const) {
    await db.deleteFrom(table).where('bank_account_pk', '=', accountPk).execute();
  }
  await stagePostedTransactions(db, accountPk);
  const coverage = await coverageOf(db, accountPk);
  const hasBalances = await db
    .selectFrom('balance_points')
    .select('pk')
    .where('bank_account_pk', '=', accountPk)
    .limit(1)
    .executeTakeFirst();
  const openingBalance = coverage === null ? null : await materializeDays(db, accountPk, coverage);
  await materializeListedTransactions(db, accountPk);
  await materializeRecurring(db, accountPk);
  await dropPostedTransactions(db);
  await db
    .insertInto('account_figures')
    .values({
      bank_account_pk: accountPk,
      document_pk: documentPk,
      coverage_begin: coverage?.begin ?? null,
      coverage_end: coverage?.end ?? null,
      first_txn_date: coverage?.firstTxnDate ?? null,
      last_txn_date: coverage?.lastTxnDate ?? null,
      has_balances: hasBalances === undefined ? 0 : 1,
      opening_balance_cents: openingBalance,
    })
    .execute();
}
