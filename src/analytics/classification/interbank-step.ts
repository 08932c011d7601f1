import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { column, dialect } from '../dialect.js';
import { InterbankPairer, type InterbankRow } from './interbank-pairs.js';

/** Pairs per INSERT into the scratch table. */
const WRITE_PAIRS = 500;

const PAIRS = dialect.scratchTable('interbank_pairs');

/**
 * Pairs the book's interbank transfers anew (SPEC §4a) and stores both rows of every pair, marked as of
 * `dataVersion`. Rows stream from SQL by size, then date, through the pairer (interbank-pairs.ts); only
 * the pairs are held, as two integers each.
 */
export async function pairInterbank(db: Kysely<Database>, bookPk: number, dataVersion: number): Promise<void> {
  const accounts = db.selectFrom('bank_accounts').select('pk').where('book_pk', '=', bookPk);
  await db.deleteFrom('interbank_txns').where('bank_account_pk', 'in', accounts).execute();
  const pairs: number[] = [];
  const pairer = new InterbankPairer((withdrawal, deposit) => pairs.push(withdrawal.pk, deposit.pk));
  let size: number | null = null;
  for await (const row of bookRows(db, bookPk)) {
    if (row.size !== size && size !== null) pairer.endGroup();
    size = row.size;
    pairer.add(row);
  }
  pairer.endGroup();
  await storePairs(db, pairs);
  // Not an upsert: a read snapshot's private copy of the table (store/figure-overlay.ts) has no unique key.
  await db.deleteFrom('book_interbank').where('book_pk', '=', bookPk).execute();
  await db.insertInto('book_interbank').values({ book_pk: bookPk, data_version: dataVersion }).execute();
}

/** The book's posted rows of non-zero amount, by size then date. */
function bookRows(db: Kysely<Database>, bookPk: number): AsyncIterableIterator<InterbankRow & { size: number }> {
  return db
    .selectFrom('transactions as t')
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
    .where('t.book_pk', '=', bookPk)
    .where('t.status', '=', 'posted')
    .where('t.amount_cents', '<>', 0)
    .orderBy(sql`abs(t.amount_cents)`)
    .orderBy('t.txn_date')
    .stream(10_000) as AsyncIterableIterator<InterbankRow & { size: number }>;
}

/** Both rows of every pair into interbank_txns, through a scratch table of (withdrawal, deposit) pks. */
async function storePairs(db: Kysely<Database>, pairs: readonly number[]): Promise<void> {
  if (pairs.length === 0) return;
  await sql`DROP TABLE IF EXISTS ${PAIRS}`.execute(db);
  await sql`CREATE TEMP TABLE interbank_pairs (withdrawal_pk INTEGER NOT NULL, deposit_pk INTEGER NOT NULL)`.execute(db);
  for (let at = 0; at < pairs.length; at += 2 * WRITE_PAIRS) {
    const values = [];
    for (let pair = at; pair < Math.min(pairs.length, at + 2 * WRITE_PAIRS); pair += 2) values.push(sql`(${pairs[pair]}, ${pairs[pair + 1]})`);
    await sql`INSERT INTO ${PAIRS} (withdrawal_pk, deposit_pk) VALUES ${sql.join(values)}`.execute(db);
  }
  await sql`
    INSERT INTO interbank_txns (bank_account_pk, transaction_pk, txn_date, amount_cents, counterpart_pk)
    SELECT t.bank_account_pk, t.pk, t.txn_date, t.amount_cents, p.deposit_pk FROM ${PAIRS} AS p JOIN transactions AS t ON t.pk = p.withdrawal_pk
    UNION ALL
    SELECT t.bank_account_pk, t.pk, t.txn_date, t.amount_cents, p.withdrawal_pk FROM ${PAIRS} AS p JOIN transactions AS t ON t.pk = p.deposit_pk`.execute(db);
  await sql`DROP TABLE ${PAIRS}`.execute(db);
}
