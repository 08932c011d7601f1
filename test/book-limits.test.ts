/**
 * The running bounds behind the book-level limits (store/book-limits.ts): a store made before them gets them
 * from its rows when it is opened, and an ingest moves them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import * as initial from '../src/store/migrations/001-initial.js';
import * as figures from '../src/store/migrations/002-figures.js';
import { openDatabase } from '../src/store/database.js';
import { makeTempDir, removeTempDir } from './fixtures/make-inputs.js';

test('a store made before the limits gets its bounds from its rows when opened', async () => {
  const dir = await makeTempDir();
  try {
    const path = join(dir, 'legacy.db');
    await legacyStore(path, (sqlite) => {
      sqlite.exec(`
        INSERT INTO books (pk, name) VALUES (1, 'old');
        INSERT INTO documents (pk, book_pk, name, status, sha256, files, bytes, warnings, txn_count)
          VALUES (1, 1, 'd', 'VERIFICATION_COMPLETE', 'x', '[]', 0, '[]', 3);
        INSERT INTO bank_accounts (pk, book_pk, source, source_account_id, is_depository, document_pk) VALUES (1, 1, 'PLAID', 'a', 1, 1);
        INSERT INTO transactions (pk, book_pk, bank_account_pk, document_pk, source_txn_id, txn_date, amount_cents, amount_text, description, status)
          VALUES (1, 1, 1, 1, 't1', '2023-02-01', -500, '-5', '', 'posted'),
                 (2, 1, 1, 1, 't2', '2023-01-15', 250, '2.5', '', 'posted'),
                 (3, 1, 1, 1, 't3', '2022-12-01', 100, '1', '', 'pending');
        INSERT INTO balance_points (bank_account_pk, document_pk, balance_date, kind, rank, balance_cents, balance_text)
          VALUES (1, 1, '2023-03-01', 'end_of_day', 3, -1000, '-10'), (1, 1, '2024-01-01', 'anchor', 1, 70, '0.7');`);
    });
    const db = await openDatabase(path);
    try {
      // Posted dates 2023-01-15 and 2023-02-01 and the end-of-day point 2023-03-01; the pending row and the anchor
      // do not count. Money: |-500| + 250 + 100 (every row, pending too) + |-1000| + 70 = 1920 cents.
      assert.deepEqual(db.sqlite.prepare('SELECT dated_from, dated_to FROM bank_accounts').get(), { dated_from: '2023-01-15', dated_to: '2023-03-01' });
      assert.deepEqual(db.sqlite.prepare('SELECT money_cents FROM books').get(), { money_cents: 1920 });
    } finally {
      await db.close();
    }
  } finally {
    await removeTempDir(dir);
  }
});

/** A store at schema 002, as bookstream made them before migration 003; `fill` writes its rows. */
async function legacyStore(path: string, fill: (sqlite: SqliteDatabase.Database) => void): Promise<void> {
  const sqlite = new SqliteDatabase(path);
  const kysely = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
  const provider = { getMigrations: async (): Promise<Record<string, Migration>> => ({ '001-initial': initial, '002-figures': figures }) };
  const { error } = await new Migrator({ db: kysely, provider }).migrateToLatest();
  assert.equal(error, undefined);
  fill(sqlite);
  await kysely.destroy();
}
