import type { StoreDatabase } from './store-database.js';
import { atSnapshotEnd } from './read-snapshot.js';

/**
 * The derived tables, safe to recompute in private: materialized figures (migration 002) and stored
 * classification (migration 005), each with the column that says which book a row is of.
 */
const DERIVED_TABLES = [
  ['account_figures', 'bank_account_pk'],
  ['account_days', 'bank_account_pk'],
  ['figure_txns', 'bank_account_pk'],
  ['account_classes', 'bank_account_pk'],
  ['txn_classes', 'bank_account_pk'],
  ['interbank_txns', 'bank_account_pk'],
  ['book_interbank', 'book_pk'],
] as const;

/** The book whose overlay is open on a connection, for the current snapshot. */
const overlays = new WeakMap<StoreDatabase, number>();

/**
 * Private copies of the derived tables for one read snapshot, when the shared ones cannot be written
 * (a read-only store, or another connection holds the write lock): TEMP tables of the same names,
 * holding the book's rows. SQLite resolves an unqualified table name in `temp` before `main`, so
 * every figure query, writing or reading, uses the copies unchanged; a TEMP table lives in the
 * connection's own temporary database and needs no lock on the store. They go when the snapshot ends.
 * (PostgreSQL's `pg_temp` shadows the same way.)
 */
export function openFigureOverlay(db: StoreDatabase, bookPk: number): void {
  const openFor = overlays.get(db);
  if (openFor === bookPk) return;
  if (openFor !== undefined) throw new Error(`figure overlay: already open for book ${openFor}, not ${bookPk}`);
  if (!Number.isSafeInteger(bookPk)) throw new Error(`figure overlay: bad book pk ${bookPk}`);
  overlays.set(db, bookPk);
  atSnapshotEnd(db, () => closeFigureOverlay(db));
  for (const [table, owner] of DERIVED_TABLES) {
    const ofBook = owner === 'book_pk' ? `book_pk = ${bookPk}` : `bank_account_pk IN (SELECT pk FROM main.bank_accounts WHERE book_pk = ${bookPk})`;
    db.sqlite.exec(`CREATE TEMP TABLE ${table} AS SELECT * FROM main.${table} WHERE ${ofBook}`);
    for (const [index, columns] of indexesOf(db, table).entries()) {
      db.sqlite.exec(`CREATE INDEX temp.${table}_overlay_${index} ON ${table} (${columns.join(', ')})`);
    }
  }
}

function closeFigureOverlay(db: StoreDatabase): void {
  overlays.delete(db);
  for (const [table] of DERIVED_TABLES) db.sqlite.exec(`DROP TABLE IF EXISTS temp.${table}`);
}

/** The column lists of the shared table's keys and indexes, so lookups on the copies stay indexed. */
function indexesOf(db: StoreDatabase, table: string): string[][] {
  const primaryKey = (db.sqlite.pragma(`main.table_info(${table})`) as Array<{ name: string; pk: number }>)
    .filter((column) => column.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((column) => column.name);
  const others = (db.sqlite.pragma(`main.index_list(${table})`) as Array<{ name: string; origin: string }>)
    .filter((index) => index.origin !== 'pk')
    .map((index) => (db.sqlite.pragma(`main.index_info(${index.name})`) as Array<{ seqno: number; name: string }>)
      .sort((a, b) => a.seqno - b.seqno)
      .map((column) => column.name));
  return primaryKey.length > 0 ? [primaryKey, ...others] : others;
}
