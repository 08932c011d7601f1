import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { column, dialect } from './dialect.js';
import { RECOMPUTING } from './recomputing.js';
import { createScratch, emptyScratch } from './scratch-tables.js';

/**
 * The posted transactions of the accounts being recomputed, copied once into a scratch table that
 * every materializer reads: one pass over the big table instead of one per figure, each row's day
 * number computed once, and pending or shadow rows gone before any figure sees them (SPEC §2: only
 * posted rows enter analytics). Columns: bank_account_pk, pk, txn_date, day_number, amount_cents.
 */
export const POSTED = dialect.scratchTable('posted_txns');

export async function stagePostedTransactions(db: Kysely<Database>): Promise<void> {
  await createScratch(db, POSTED, sql`bank_account_pk INTEGER, pk INTEGER, txn_date TEXT, day_number INTEGER, amount_cents INTEGER`);
  await sql`
    INSERT INTO ${POSTED} (bank_account_pk, pk, txn_date, day_number, amount_cents)
    SELECT bank_account_pk, pk, txn_date, ${dialect.dayNumber(column('txn_date'))} AS day_number, amount_cents
    FROM transactions WHERE bank_account_pk IN (SELECT pk FROM ${RECOMPUTING}) AND status = 'posted'`.execute(db);
}

export async function dropPostedTransactions(db: Kysely<Database>): Promise<void> {
  await emptyScratch(db, POSTED);
}
