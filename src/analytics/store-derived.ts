import type { Rules } from '../rules/rules.js';
import type { StoreDatabase } from '../store/database.js';
import { classificationKinds } from './classification/refresh-classification.js';
import { FIGURES, storeAllDerivedIfFree } from './refresh.js';

/** Books brought up to date together at most: their pks are one IN list of each staleness query. */
const BOOKS_PER_ROUND = 500;

/**
 * Stores the book's figures and its classification under `rules` when the store is free to be written
 * (storeFiguresIfFree, then storeClassificationIfFree), in one write transaction when the book is small.
 */
export function storeBookDerivedIfFree(db: StoreDatabase, bookPk: number, rules: Rules): Promise<void> {
  return storeAllDerivedIfFree(db, bookPk, [FIGURES, ...classificationKinds(rules)]);
}

/**
 * storeBookDerivedIfFree for many books at once, as a batch that has just committed many small books
 * wants: the stale accounts of all of them are recomputed together (each figure one statement over up to
 * 500 accounts, whatever books they belong to; an account's figures do not depend on the others in its
 * step) and classified together, and each book's interbank pairs are made anew, within that book only
 * (SPEC §4a). When a first step of each covers everything (50 small books), that is one write
 * transaction. Like the one-book form it never waits for the lock: when the store is read-only, busy or
 * full it stores nothing, and each book's next read computes what it needs in private.
 */
export async function storeDerivedForBooks(db: StoreDatabase, bookPks: readonly number[], rules: Rules): Promise<void> {
  const books = [...new Set(bookPks)].sort((a, b) => a - b);
  for (let at = 0; at < books.length; at += BOOKS_PER_ROUND) {
    await storeAllDerivedIfFree(db, books.slice(at, at + BOOKS_PER_ROUND), [FIGURES, ...classificationKinds(rules)]);
  }
}
