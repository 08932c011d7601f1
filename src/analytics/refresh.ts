import type { Kysely } from 'kysely';
import type { StoreDatabase } from '../store/database.js';
import { openFigureOverlay } from '../store/figure-overlay.js';
import { inReadSnapshot } from '../store/read-snapshot.js';
import type { Database } from '../store/schema.js';
import { storeErrorOf } from '../store/store-errors.js';
import { writeTransaction } from '../store/write-lock.js';
import { bookOf } from './dialect.js';
import { firstStep, recomputeAccounts } from './recompute.js';

/** Stale accounts recomputed together at most, in one transaction (a few statements for all of them; see firstStep). */
const ACCOUNTS_PER_STEP = 500;

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
 * the write lock. Outside one, they are stored, each step of accounts in its own write transaction.
 */
export async function refreshFigures(db: StoreDatabase, bookPk: number): Promise<number[]> {
  if (!inReadSnapshot(db)) return storeFigures(db, bookPk, db.lockTimeoutMs);
  const recomputed: number[] = [];
  for (;;) {
    const stale = await staleAccounts(db.kysely, bookPk, recomputed.at(-1) ?? 0);
    if (stale.length === 0) return recomputed;
    if (recomputed.length === 0) openFigureOverlay(db, bookPk);
    const step = await firstStep(db.kysely, stale);
    await recomputeAccounts(db.kysely, step);
    recomputed.push(...step.map((account) => account.pk));
  }
}

/**
 * Stores the figures of the accounts changed since they were computed, when that can be done right
 * now: not on a read-only store, not while another connection writes (it never waits), not when the
 * disk is full. What is not stored, the read that follows recomputes in private. An unchanged book
 * costs one query and writes nothing.
 */
export async function storeFiguresIfFree(db: StoreDatabase, bookPk: number): Promise<void> {
  if (db.readonlyReason !== null || (await staleAccounts(db.kysely, bookPk, 0)).length === 0) return;
  await storeFigures(db, bookPk, 0).catch((error: unknown) => {
    if (storeErrorOf(db.path, error) === null) throw error;
  });
}

async function storeFigures(db: StoreDatabase, bookPk: number, waitMs: number): Promise<number[]> {
  const recomputed: number[] = [];
  for (;;) {
    const after = recomputed.at(-1) ?? 0;
    const stale = await staleAccounts(db.kysely, bookPk, after);
    if (stale.length === 0) return recomputed;
    const step = await firstStep(db.kysely, stale);
    const last = step.at(-1)!.pk;
    await writeTransaction(
      db,
      async () => {
        // Read again under the lock: another connection may have stored them, or moved the accounts on, meanwhile.
        const current = await staleAccounts(db.kysely, bookPk, after, last);
        if (current.length > 0) await recomputeAccounts(db.kysely, current);
      },
      waitMs,
    );
    recomputed.push(...step.map((account) => account.pk));
  }
}

/** The next stale accounts after pk `after` (up to pk `upTo`), at most ACCOUNTS_PER_STEP of them. */
async function staleAccounts(db: Kysely<Database>, bookPk: number, after: number, upTo?: number): Promise<Array<{ pk: number; document_pk: number }>> {
  return db
    .selectFrom('bank_accounts as a')
    .leftJoin('account_figures as f', 'f.bank_account_pk', 'a.pk')
    .select(['a.pk', 'a.document_pk'])
    .where(bookOf('a'), '=', bookPk)
    .where((eb) => eb.or([eb('f.document_pk', 'is', null), eb('f.document_pk', '<>', eb.ref('a.document_pk'))]))
    .where('a.pk', '>', after)
    .$if(upTo !== undefined, (query) => query.where('a.pk', '<=', upTo!))
    .orderBy('a.pk')
    .limit(ACCOUNTS_PER_STEP)
    .execute();
}
