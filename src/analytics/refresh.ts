import type { Kysely } from 'kysely';
import type { StoreDatabase } from '../store/database.js';
import type { Database } from '../store/schema.js';
import { bookOf } from './dialect.js';
import { recomputeAccounts } from './recompute.js';

/** Stale accounts recomputed together, in one transaction (a few statements for all of them). */
const ACCOUNTS_PER_STEP = 500;

/**
 * Brings the book's materialized figures up to date, recomputing only the accounts that changed.
 *
 * Every document that writes anything for an account moves `bank_accounts.document_pk` to itself,
 * in the same SQLite transaction as its rows; figures remember the `document_pk` they were computed
 * at. So staleness is exact and survives a crash between an ingest and its refresh: whatever reads
 * figures refreshes first, and a refresh after a refresh is a no-op. Returns the accounts recomputed.
 */
export async function refreshFigures(db: StoreDatabase, bookPk: number): Promise<number[]> {
  const recomputed: number[] = [];
  for (;;) {
    const stale = await staleAccounts(db.kysely, bookPk, recomputed.at(-1) ?? 0);
    if (stale.length === 0) return recomputed;
    await db.kysely.transaction().execute((trx) => recomputeAccounts(trx, stale));
    recomputed.push(...stale.map((account) => account.pk));
  }
}

/** The next stale accounts after pk `after`, at most ACCOUNTS_PER_STEP of them. */
async function staleAccounts(db: Kysely<Database>, bookPk: number, after: number): Promise<Array<{ pk: number; document_pk: number }>> {
  return db
    .selectFrom('bank_accounts as a')
    .leftJoin('account_figures as f', 'f.bank_account_pk', 'a.pk')
    .select(['a.pk', 'a.document_pk'])
    .where(bookOf('a'), '=', bookPk)
    .where((eb) => eb.or([eb('f.document_pk', 'is', null), eb('f.document_pk', '<>', eb.ref('a.document_pk'))]))
    .where('a.pk', '>', after)
    .orderBy('a.pk')
    .limit(ACCOUNTS_PER_STEP)
    .execute();
}
