import { sql, type CreateTableBuilder, type Kysely } from 'kysely';

/**
 * Stored classification (SPEC §4a), derived data like the figures of migration 002, but kept apart from
 * them: it depends on the rules as well as on the rows, and changing the rules redoes it alone.
 * Also each day's count of withdrawals, for the monthly cash flow; the figures are recomputed for it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per account classified as of `document_pk`, under the rules whose fingerprint it names.
  await db.schema
    .createTable('account_classes')
    .addColumn('bank_account_pk', 'integer', (c) => c.primaryKey().references('bank_accounts.pk'))
    .addColumn('document_pk', 'integer', (c) => c.notNull())
    .addColumn('rules_fingerprint', 'text', (c) => c.notNull())
    .execute();

  // The posted rows whose description matched a term or an alias, or that are counted NSF fees: most rows
  // match nothing and have no row here. What the output lists show of a row is copied (listedCopy), so
  // figures and lists read these few rows and never the big table, where they lie scattered.
  await db.schema
    .createTable('txn_classes')
    .addColumn('bank_account_pk', 'integer', (c) => c.notNull().references('bank_accounts.pk'))
    .addColumn('transaction_pk', 'integer', (c) => c.notNull().references('transactions.pk'))
    .addColumn('txn_date', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addColumn('flags', 'integer', (c) => c.notNull())
    .addColumn('lender_kinds', 'integer', (c) => c.notNull())
    .addColumn('lender_index', 'integer', (c) => c.notNull())
    .$call(listedCopy)
    .addPrimaryKeyConstraint('txn_classes_key', ['bank_account_pk', 'transaction_pk'])
    .execute();

  // Interbank pairs are a book-level step over all its accounts, and do not depend on the rules: each
  // book's pairs are current while no account of it has moved past `data_version` (its newest document_pk).
  await db.schema
    .createTable('book_interbank')
    .addColumn('book_pk', 'integer', (c) => c.primaryKey().references('books.pk'))
    .addColumn('data_version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('interbank_txns')
    .addColumn('bank_account_pk', 'integer', (c) => c.notNull().references('bank_accounts.pk'))
    .addColumn('transaction_pk', 'integer', (c) => c.notNull().references('transactions.pk'))
    .addColumn('txn_date', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addColumn('counterpart_pk', 'integer', (c) => c.notNull())
    .$call(listedCopy)
    .addPrimaryKeyConstraint('interbank_txns_key', ['bank_account_pk', 'transaction_pk'])
    .execute();

  await db.schema.alterTable('account_days').addColumn('withdrawal_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // Figures computed before the column existed are stale: forgetting them makes the next read recompute them.
  await sql`DELETE FROM figure_txns`.execute(db);
  await sql`DELETE FROM account_days`.execute(db);
  await sql`DELETE FROM account_figures`.execute(db);
}

function listedCopy<Builder extends CreateTableBuilder<string, string>>(table: Builder): CreateTableBuilder<string, string> {
  return table
    .addColumn('document_pk', 'integer', (c) => c.notNull())
    .addColumn('source_txn_id', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('category', 'text');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('account_days').dropColumn('withdrawal_count').execute();
  for (const table of ['interbank_txns', 'book_interbank', 'txn_classes', 'account_classes']) await db.schema.dropTable(table).execute();
}
