import { sql, type Kysely } from 'kysely';

/** Books, documents, accounts, transactions, balance points and statement periods (SPEC §1). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('books')
    .addColumn('pk', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
    .execute();

  await db.schema
    .createTable('documents')
    .addColumn('pk', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('book_pk', 'integer', (c) => c.notNull().references('books.pk'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('format', 'text')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('files', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('error_offset', 'bigint')
    .addColumn('error_path', 'text')
    .addColumn('warnings', 'text', (c) => c.notNull())
    .addColumn('txn_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
    .execute();
  await db.schema.createIndex('documents_by_book_sha256').on('documents').columns(['book_pk', 'sha256']).execute();

  await db.schema
    .createTable('bank_accounts')
    .addColumn('pk', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('book_pk', 'integer', (c) => c.notNull().references('books.pk'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_account_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('official_name', 'text')
    .addColumn('account_type', 'text')
    .addColumn('account_subtype', 'text')
    .addColumn('is_depository', 'integer', (c) => c.notNull())
    .addColumn('account_number', 'text')
    .addColumn('bank_name', 'text')
    .addColumn('institution_id', 'text')
    .addColumn('currency', 'text')
    .addColumn('holder_name', 'text')
    .addColumn('holder_address_1', 'text')
    .addColumn('holder_city', 'text')
    .addColumn('holder_state', 'text')
    .addColumn('holder_zip', 'text')
    .addColumn('holder_country', 'text')
    .addColumn('document_pk', 'integer', (c) => c.notNull().references('documents.pk'))
    .addUniqueConstraint('bank_accounts_key', ['book_pk', 'source', 'source_account_id'])
    .execute();

  // The unique key doubles as the per-account index every analytics query ranges over, so the
  // bulk load maintains just this one index (secondary indexes cut insert speed 3-6x).
  // No AUTOINCREMENT on the hot table: its sqlite_sequence bookkeeping cost 1.2-1.6x per insert
  // here, and transactions are never deleted, so a plain integer key never reuses a pk.
  await db.schema
    .createTable('transactions')
    .addColumn('pk', 'integer', (c) => c.primaryKey())
    .addColumn('book_pk', 'integer', (c) => c.notNull().references('books.pk'))
    .addColumn('bank_account_pk', 'integer', (c) => c.notNull().references('bank_accounts.pk'))
    .addColumn('document_pk', 'integer', (c) => c.notNull().references('documents.pk'))
    .addColumn('source_txn_id', 'text', (c) => c.notNull())
    .addColumn('txn_date', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull())
    .addColumn('amount_text', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('merchant_name', 'text')
    .addUniqueConstraint('transactions_key', ['bank_account_pk', 'source_txn_id'])
    .execute();

  await db.schema
    .createTable('balance_points')
    .addColumn('pk', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('bank_account_pk', 'integer', (c) => c.notNull().references('bank_accounts.pk'))
    .addColumn('document_pk', 'integer', (c) => c.notNull().references('documents.pk'))
    .addColumn('balance_date', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('balance_cents', 'bigint', (c) => c.notNull())
    .addColumn('balance_text', 'text', (c) => c.notNull())
    .addUniqueConstraint('balance_points_key', ['bank_account_pk', 'balance_date', 'kind'])
    .execute();

  await db.schema
    .createTable('statement_periods')
    .addColumn('pk', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('bank_account_pk', 'integer', (c) => c.notNull().references('bank_accounts.pk'))
    .addColumn('document_pk', 'integer', (c) => c.notNull().references('documents.pk'))
    .addColumn('statement_id', 'text', (c) => c.notNull())
    .addColumn('begin_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('begin_balance_cents', 'bigint', (c) => c.notNull())
    .addColumn('begin_balance_text', 'text', (c) => c.notNull())
    .addColumn('end_balance_cents', 'bigint', (c) => c.notNull())
    .addColumn('end_balance_text', 'text', (c) => c.notNull())
    .addUniqueConstraint('statement_periods_key', ['bank_account_pk', 'begin_date', 'end_date'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['statement_periods', 'balance_points', 'transactions', 'bank_accounts', 'documents', 'books']) {
    await db.schema.dropTable(table).execute();
  }
}
