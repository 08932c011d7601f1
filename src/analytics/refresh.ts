import type { Kysely, SelectQueryBuilder } from 'kysely';
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
 * Data derived from a book's rows and kept in the store (materialized figures, stored classification),
 * item by item: an account, or the book itself. Items are numbered by pk, in order.
 */
export interface Derived<Item extends { pk: number }> {
  /** The next stale items of the book (or books) after pk `after` (up to pk `upTo`), a step's worth at most. */
  stale(db: Kysely<Database>, books: Books, after: number, upTo?: number): Promise<Item[]>;
  /** The first of the stale items to recompute together, at least one. */
  step(db: Kysely<Database>, stale: readonly Item[]): Promise<Item[]>;
  /** Recomputes the items inside the caller's transaction. */
  recompute(db: Kysely<Database>, items: readonly Item[]): Promise<void>;
}

/**
 * The materialized figures. Every document that writes anything for an account moves
 * `bank_accounts.document_pk` to itself, in the same SQLite transaction as its rows; figures remember the
 * `document_pk` they were computed at. So staleness is exact and survives a crash between an ingest and
 * its refresh: whatever reads figures refreshes first, and a refresh after a refresh is a no-op.
 */
export const FIGURES: Derived<{ pk: number; document_pk: number }> = {
  stale: (db, books, after, upTo) =>
    db
      .selectFrom('bank_accounts as a')
      .leftJoin('account_figures as f', 'f.bank_account_pk', 'a.pk')
      .select(['a.pk', 'a.document_pk'])
      .$call((query) => ofBooks(query, books))
      .where((eb) => eb.or([eb('f.document_pk', 'is', null), eb('f.document_pk', '<>', eb.ref('a.document_pk'))]))
      .$call((query) => accountStep(query, after, upTo))
      .execute(),
  step: firstStep,
  recompute: recomputeAccounts,
};

/** One book (by pk), or a set of books whose derived data is brought up to date together. */
export type Books = number | readonly number[];

/**
 * Accounts (`bank_accounts as a`) of the books. One book's are walked along the primary key (see
 * `bookOf`); a set of books is looked up through its accounts' (book_pk, …) key.
 */
export function ofBooks<Query extends SelectQueryBuilder<Database & { a: Database['bank_accounts'] }, 'a', object>>(query: Query, books: Books): Query {
  return (typeof books === 'number' ? query.where(bookOf('a'), '=', books) : query.where('a.book_pk', 'in', books)) as Query;
}

/** Accounts (`bank_accounts as a`) after pk `after`, up to pk `upTo`, in pk order: a step's worth at most. */
export function accountStep<Query extends SelectQueryBuilder<Database & { a: Database['bank_accounts'] }, 'a', object>>(query: Query, after: number, upTo?: number): Query {
  return query
    .where('a.pk', '>', after)
    .$if(upTo !== undefined, (step) => step.where('a.pk', '<=', upTo!))
    .orderBy('a.pk')
    .limit(ACCOUNTS_PER_STEP) as Query;
}

/** Brings the book's materialized figures up to date, recomputing only the accounts that changed (see refreshDerived). */
export function refreshFigures(db: StoreDatabase, bookPk: number): Promise<number[]> {
  return refreshDerived(db, bookPk, FIGURES);
}

/**
 * Brings derived data of the book up to date, recomputing only the stale items; returns their pks.
 *
 * Inside a read snapshot the shared tables are not written: the stale items are recomputed into private
 * copies that last as long as the snapshot (store/figure-overlay.ts), so a read never needs the write
 * lock. Outside one, they are stored, each step in its own write transaction.
 */
export async function refreshDerived<Item extends { pk: number }>(db: StoreDatabase, bookPk: number, derived: Derived<Item>): Promise<number[]> {
  if (!inReadSnapshot(db)) return storeDerived(db, bookPk, derived, db.lockTimeoutMs);
  const recomputed: number[] = [];
  for (;;) {
    const stale = await derived.stale(db.kysely, bookPk, recomputed.at(-1) ?? 0);
    if (stale.length === 0) return recomputed;
    if (recomputed.length === 0) openFigureOverlay(db, bookPk);
    const step = await derived.step(db.kysely, stale);
    await derived.recompute(db.kysely, step);
    recomputed.push(...step.map((item) => item.pk));
  }
}

/**
 * Stores the derived data changed since it was computed, when that can be done right now: not on a
 * read-only store, not while another connection writes (it never waits), not when the disk is full.
 * What is not stored, the read that follows recomputes in private. An unchanged book costs one query.
 */
export function storeDerivedIfFree<Item extends { pk: number }>(db: StoreDatabase, bookPk: number, derived: Derived<Item>): Promise<void> {
  return storeAllDerivedIfFree(db, bookPk, [derived]);
}

/**
 * storeDerivedIfFree for several kinds of derived data, in order, in one write transaction while a step
 * of each holds all that is stale of it (a small book: one lock, one commit, instead of one per kind);
 * what is left of a larger book goes on step by step, as storeDerivedIfFree does.
 */
export async function storeAllDerivedIfFree(db: StoreDatabase, bookPk: Books, derived: ReadonlyArray<Derived<{ pk: number }>>): Promise<void> {
  if (db.readonlyReason !== null || !(await anyStale(db, bookPk, derived))) return;
  try {
    // Every kind is looked up again under the lock, and those with nothing stale are passed over.
    const unfinished = await writeTransaction(db, () => recomputeFirstSteps(db, bookPk, derived), 0);
    for (const kind of unfinished) await storeDerived(db, bookPk, kind, 0);
  } catch (error) {
    if (storeErrorOf(db.path, error) === null) throw error;
  }
}

/** Whether any kind has something stale: an unchanged book costs one query per kind, a changed one stops at the first. */
async function anyStale(db: StoreDatabase, books: Books, derived: ReadonlyArray<Derived<{ pk: number }>>): Promise<boolean> {
  for (const kind of derived) if ((await kind.stale(db.kysely, books, 0)).length > 0) return true;
  return false;
}

/** Recomputes the first step of each kind (inside the caller's transaction); returns the kinds that have more. */
async function recomputeFirstSteps(db: StoreDatabase, bookPk: Books, derived: ReadonlyArray<Derived<{ pk: number }>>): Promise<Array<Derived<{ pk: number }>>> {
  const unfinished: Array<Derived<{ pk: number }>> = [];
  for (const kind of derived) {
    // Read again under the lock: another connection may have stored them meanwhile.
    const stale = await kind.stale(db.kysely, bookPk, 0);
    if (stale.length === 0) continue;
    const step = await kind.step(db.kysely, stale);
    await kind.recompute(db.kysely, step);
    if (step.length < stale.length || stale.length >= ACCOUNTS_PER_STEP) unfinished.push(kind);
  }
  return unfinished;
}

/** storeDerivedIfFree for the materialized figures. */
export function storeFiguresIfFree(db: StoreDatabase, bookPk: number): Promise<void> {
  return storeDerivedIfFree(db, bookPk, FIGURES);
}

async function storeDerived<Item extends { pk: number }>(db: StoreDatabase, bookPk: Books, derived: Derived<Item>, waitMs: number): Promise<number[]> {
  const recomputed: number[] = [];
  for (;;) {
    const after = recomputed.at(-1) ?? 0;
    const stale = await derived.stale(db.kysely, bookPk, after);
    if (stale.length === 0) return recomputed;
    const step = await derived.step(db.kysely, stale);
    const last = step.at(-1)!.pk;
    await writeTransaction(
      db,
      async () => {
        // Read again under the lock: another connection may have stored them, or moved the items on, meanwhile.
        const current = await derived.stale(db.kysely, bookPk, after, last);
        if (current.length > 0) await derived.recompute(db.kysely, current);
      },
      waitMs,
    );
    recomputed.push(...step.map((item) => item.pk));
  }
}
