import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../store/schema.js';
import { column, dialect } from '../dialect.js';
import { InterbankPairer, type InterbankRow } from './interbank-pairs.js';
import { PairCandidates } from './pair-candidates.js';
import { postedRowPages } from './row-pages.js';

/** Rows per INSERT into a scratch table. */
const WRITE_ROWS = 500;
/** Rows fetched per step of a stream. */
const STREAM_ROWS = 10_000;

const CANDIDATES = dialect.scratchTable('interbank_candidates');
const PAIRS = dialect.scratchTable('interbank_pairs');

/**
 * Pairs the book's interbank transfers anew (SPEC §4a) and stores both rows of every pair, marked as of
 * `dataVersion`. Two streaming passes over the book's posted rows find the rows that can pair at all
 * (pair-candidates.ts, fixed memory); only those are sorted by size, then date, and go through the pairer
 * (interbank-pairs.ts). Candidates and pairs are held as integers, and written to scratch tables.
 */
export async function pairInterbank(db: Kysely<Database>, bookPk: number, dataVersion: number): Promise<void> {
  const accounts = sql`SELECT pk FROM bank_accounts WHERE book_pk = ${bookPk}`;
  await sql`DELETE FROM interbank_txns WHERE bank_account_pk IN (${accounts})`.execute(db);
  const candidates = await candidateRows(db, bookPk);
  const pairs: number[] = [];
  if (candidates.length > 0) {
    await fillScratch(db, CANDIDATES, ['pk'], candidates, 1);
    const pairer = new InterbankPairer((withdrawal, deposit) => pairs.push(withdrawal.pk, deposit.pk));
    let size: number | null = null;
    for await (const row of sortedCandidates(db)) {
      if (row.size !== size && size !== null) pairer.endGroup();
      size = row.size;
      pairer.add(row);
    }
    pairer.endGroup();
    await sql`DROP TABLE ${CANDIDATES}`.execute(db);
  }
  await storePairs(db, pairs);
  // Not an upsert: a read snapshot's private copy of the table (store/figure-overlay.ts) has no unique key.
  await db.deleteFrom('book_interbank').where('book_pk', '=', bookPk).execute();
  await db.insertInto('book_interbank').values({ book_pk: bookPk, data_version: dataVersion }).execute();
}

/** The pks of the posted rows that may pair, in two passes (see PairCandidates). */
async function candidateRows(db: Kysely<Database>, bookPk: number): Promise<number[]> {
  const accounts = (await db.selectFrom('bank_accounts').select('pk').where('book_pk', '=', bookPk).execute()).map((account) => account.pk);
  const { rows: [counted] } = await sql<{ rows: number }>`
    SELECT count(*) AS rows FROM transactions WHERE bank_account_pk IN (SELECT pk FROM bank_accounts WHERE book_pk = ${bookPk})`.execute(db);
  const marks = new PairCandidates(counted?.rows ?? 0);
  const pages = () => postedRowPages(db, accounts, (query) => query.select(['pk', 'amount_cents', day]).where('amount_cents', '<>', 0));
  for await (const rows of pages()) for (const row of rows) marks.mark(row.amount_cents, row.day);
  const candidates: number[] = [];
  for await (const rows of pages()) for (const row of rows) if (marks.mayPair(row.amount_cents, row.day)) candidates.push(row.pk);
  return candidates;
}

const day = sql<number>`${dialect.dayNumber(column('txn_date'))}`.as('day');

/** The candidates with what pairing compares, by size then date. */
function sortedCandidates(db: Kysely<Database>): AsyncIterableIterator<InterbankRow & { size: number }> {
  return db
    .selectFrom(sql<{ pk: number }>`${CANDIDATES}`.as('c'))
    .innerJoin('transactions as t', 't.pk', 'c.pk')
    .innerJoin('bank_accounts as a', 'a.pk', 't.bank_account_pk')
    .select([
      't.pk',
      't.bank_account_pk as accountPk',
      'a.source_account_id as accountId',
      't.source_txn_id as txnId',
      sql<number>`${dialect.dayNumber(column('t.txn_date'))}`.as('day'),
      sql<boolean>`t.amount_cents > 0`.as('deposit'),
      sql<number>`abs(t.amount_cents)`.as('size'),
    ])
    .orderBy(sql`abs(t.amount_cents)`)
    .orderBy('t.txn_date')
    .stream(STREAM_ROWS);
}

/** Both rows of every pair into interbank_txns, through a scratch table of (withdrawal, deposit) pks. */
async function storePairs(db: Kysely<Database>, pairs: readonly number[]): Promise<void> {
  if (pairs.length === 0) return;
  await fillScratch(db, PAIRS, ['withdrawal_pk', 'deposit_pk'], pairs, 2);
  await sql`
    INSERT INTO interbank_txns (bank_account_pk, transaction_pk, txn_date, amount_cents, counterpart_pk, document_pk, source_txn_id, description, category)
    SELECT t.bank_account_pk, t.pk, t.txn_date, t.amount_cents, p.deposit_pk, t.document_pk, t.source_txn_id, t.description, t.category
    FROM ${PAIRS} AS p JOIN transactions AS t ON t.pk = p.withdrawal_pk
    UNION ALL
    SELECT t.bank_account_pk, t.pk, t.txn_date, t.amount_cents, p.withdrawal_pk, t.document_pk, t.source_txn_id, t.description, t.category
    FROM ${PAIRS} AS p JOIN transactions AS t ON t.pk = p.deposit_pk`.execute(db);
  await sql`DROP TABLE ${PAIRS}`.execute(db);
}

/** A scratch table of integer columns, filled from `values` (`columns.length` per row). */
async function fillScratch(db: Kysely<Database>, table: RawBuilder<unknown>, columns: readonly string[], values: readonly number[], width: number): Promise<void> {
  await sql`DROP TABLE IF EXISTS ${table}`.execute(db);
  await sql`CREATE TEMP TABLE ${table} (${sql.raw(columns.map((name) => `${name} INTEGER NOT NULL`).join(', '))})`.execute(db);
  for (let at = 0; at < values.length; at += width * WRITE_ROWS) {
    const rows = [];
    for (let row = at; row < Math.min(values.length, at + width * WRITE_ROWS); row += width) rows.push(sql`(${sql.join(values.slice(row, row + width))})`);
    await sql`INSERT INTO ${table} (${sql.raw(columns.join(', '))}) VALUES ${sql.join(rows)}`.execute(db);
  }
}
