import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { dialect } from './dialect.js';
import { createScratch, emptyScratch } from './scratch-tables.js';

/**
 * The accounts whose figures are being recomputed together, with the `document_pk` they are recomputed
 * at: a scratch table every materializer joins, so that each runs once over a set of accounts, not once
 * per account. Columns: pk, document_pk.
 */
export const RECOMPUTING = dialect.scratchTable('recomputing_accounts');

export async function stageRecomputing(db: Kysely<Database>, accounts: ReadonlyArray<{ pk: number; document_pk: number }>): Promise<void> {
  await createScratch(db, RECOMPUTING, sql`pk INTEGER PRIMARY KEY, document_pk INTEGER NOT NULL`);
  const rows = accounts.map((account) => sql`(${account.pk}, ${account.document_pk})`);
  await sql`INSERT INTO ${RECOMPUTING} (pk, document_pk) VALUES ${sql.join(rows)}`.execute(db);
}

export async function dropRecomputing(db: Kysely<Database>): Promise<void> {
  await emptyScratch(db, RECOMPUTING);
}
