import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { column, dialect } from '../dialect.js';
import { InterbankPairer, PAIR_DAYS, type InterbankRow } from './interbank-pairs.js';
import { PairCandidates } from './pair-candidates.js';
import { forEachPackedInteger, postedRowWalks, rowsAfter, type PostedRowWalk } from './posted-row-walks.js';
import { createScratch, emptyScratch, insertIntegers } from '../scratch-tables.js';

/** Candidates read per page: one await per page, not per row. */
const PAGE_ROWS = 20_000;

/** The keys of the rows that may pair (see PairCandidates). */
const KEYS = dialect.scratchTable('interbank_keys');
/** The rows whose key is among them, in table order. */
const FOUND = dialect.scratchTable('interbank_found');
/** Those with a row of the other side of their size at most 3 days away, in the order the pairer takes them. */
const CANDIDATES = dialect.scratchTable('interbank_candidates');
/** Both rows of every pair, each with its counterpart. */
const PAIRS = dialect.scratchTable('interbank_pairs');

const day = sql<number>`${dialect.dayNumber(column('txn_date'))}`;

/**
 * Pairs the book's interbank transfers anew (SPEC §4a) and stores both rows of every pair, marked as of
 * `dataVersion`. Almost all of a book's rows cannot pair, and reading rows into JavaScript is what costs:
 * so one pass reads a single integer key per row (packed), the keys that may pair are found in fixed memory
 * (pair-candidates.ts), and SQL itself picks out the rows with those keys, sorts them and drops those with no
 * row of the other side near. Only the few left are read, a page at a time, and go through the pairer
 * (interbank-pairs.ts).
 */
export async function pairInterbank(db: Kysely<Database>, bookPk: number, dataVersion: number): Promise<void> {
  const accounts = sql`SELECT pk FROM bank_accounts WHERE book_pk = ${bookPk}`;
  await sql`DELETE FROM interbank_txns WHERE bank_account_pk IN (${accounts})`.execute(db);
  const { walks, rowsAtMost } = await postedRowWalks(db, bookPk);
  if (walks.length > 0 && (await findCandidates(db, walks, new PairCandidates(rowsAtMost)))) {
    await pairCandidates(db);
    await storePairs(db);
  }
  // Not an upsert: a read snapshot's private copy of the table (store/figure-overlay.ts) has no unique key.
  await db.deleteFrom('book_interbank').where('book_pk', '=', bookPk).execute();
  await db.insertInto('book_interbank').values({ book_pk: bookPk, data_version: dataVersion }).execute();
}

/**
 * Fills CANDIDATES: the book's rows that may pair, with what pairing compares, by size then day. False,
 * and nothing more is done, when no key may pair (a small book's rows mostly have no partner at all).
 */
async function findCandidates(db: Kysely<Database>, walks: readonly PostedRowWalk[], candidates: PairCandidates): Promise<boolean> {
  const key = candidates.keyOf(sql`amount_cents`, day);
  for (const walk of walks) await forEachPackedInteger(db, walk, key, (value) => candidates.mark(value));
  const batches = candidates.candidateKeys();
  let batch = batches.next();
  if (batch.done === true) return false;

  await createScratch(db, KEYS, sql`key INTEGER PRIMARY KEY`);
  for (; batch.done !== true; batch = batches.next()) await insertIntegers(db, KEYS, ['key'], batch.value);

  await createScratch(db, FOUND, sql`pk INTEGER NOT NULL, account_pk INTEGER NOT NULL, txn_id TEXT NOT NULL, day INTEGER NOT NULL, size INTEGER NOT NULL, deposit INTEGER NOT NULL`);
  for (const walk of walks) {
    await sql`
      INSERT INTO ${FOUND} (pk, account_pk, txn_id, day, size, deposit)
      SELECT pk, bank_account_pk, source_txn_id, ${day}, abs(amount_cents), amount_cents > 0 FROM transactions
      WHERE ${rowsAfter(walk)} AND ${key} IN (SELECT key FROM ${KEYS})`.execute(db);
  }
  await emptyScratch(db, KEYS);

  await createScratch(db, CANDIDATES, sql`at INTEGER PRIMARY KEY, pk INTEGER NOT NULL, account_pk INTEGER NOT NULL, account_id TEXT NOT NULL, txn_id TEXT NOT NULL, day INTEGER NOT NULL, size INTEGER NOT NULL, deposit INTEGER NOT NULL`);
  const days = sql.lit(PAIR_DAYS);
  await sql`
    INSERT INTO ${CANDIDATES} (pk, account_pk, account_id, txn_id, day, size, deposit)
    SELECT pk, account_pk, (SELECT source_account_id FROM bank_accounts WHERE pk = f.account_pk), txn_id, day, size, deposit
    FROM (
      SELECT *, sum(deposit) OVER near AS deposits_near, count(*) OVER near AS rows_near FROM ${FOUND}
      WINDOW near AS (PARTITION BY size ORDER BY day RANGE BETWEEN ${days} PRECEDING AND ${days} FOLLOWING)
    ) AS f
    WHERE CASE WHEN deposit = 1 THEN rows_near > deposits_near ELSE deposits_near > 0 END
    ORDER BY size, day`.execute(db);
  await emptyScratch(db, FOUND);
  return true;
}

/** Reads CANDIDATES in order through the pairer, writing the pairs to PAIRS as they come. */
async function pairCandidates(db: Kysely<Database>): Promise<void> {
  await createScratch(db, PAIRS, sql`pk INTEGER PRIMARY KEY, counterpart_pk INTEGER NOT NULL`);
  const pairs: number[] = [];
  const pairer = new InterbankPairer((withdrawal, deposit) => pairs.push(withdrawal.pk, deposit.pk, deposit.pk, withdrawal.pk));
  let size: number | null = null;
  for (let after = 0; ; ) {
    const rows = await sql<InterbankRow & { at: number; size: number }>`
      SELECT at, pk, account_pk AS "accountPk", account_id AS "accountId", txn_id AS "txnId", day, size, deposit
      FROM ${CANDIDATES} WHERE at > ${after} ORDER BY at LIMIT ${PAGE_ROWS}`.execute(db);
    for (const row of rows.rows) {
      if (row.size !== size && size !== null) pairer.endGroup();
      size = row.size;
      pairer.add(row);
    }
    if (rows.rows.length < PAGE_ROWS) break;
    after = rows.rows.at(-1)!.at;
    await insertIntegers(db, PAIRS, ['pk', 'counterpart_pk'], pairs.splice(0));
  }
  pairer.endGroup();
  await insertIntegers(db, PAIRS, ['pk', 'counterpart_pk'], pairs);
  await emptyScratch(db, CANDIDATES);
}

/** Both rows of every pair into interbank_txns, with the columns the lists show copied. */
async function storePairs(db: Kysely<Database>): Promise<void> {
  await sql`
    INSERT INTO interbank_txns (bank_account_pk, transaction_pk, txn_date, amount_cents, counterpart_pk, document_pk, source_txn_id, description, category)
    SELECT t.bank_account_pk, t.pk, t.txn_date, t.amount_cents, p.counterpart_pk, t.document_pk, t.source_txn_id, t.description, t.category
    FROM ${PAIRS} AS p JOIN transactions AS t ON t.pk = p.pk`.execute(db);
  await emptyScratch(db, PAIRS);
}
